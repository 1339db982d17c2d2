package dev.wdmports.core.graph;

import static java.util.Objects.requireNonNull;

import dev.wdmports.core.internal.EnumIds;
import java.util.List;

/**
 * The dependency graph as plain nodes and edges, for rendering or JSON.
 *
 * @param nodes the nodes, operations first
 * @param edges the edges
 * @since 0.1.0
 */
public record GraphView(List<Node> nodes, List<Edge> edges) {
  /** Copies the lists. */
  public GraphView {
    nodes = List.copyOf(nodes);
    edges = List.copyOf(edges);
  }

  /**
   * A node.
   *
   * @param id a unique id, prefixed by its kind: {@code operation:reboot}, {@code
   *     rule:gui-to-database}, {@code choice:reboot/1}, {@code flow:gui->database:1433/tcp}
   * @param kind what the node is
   * @param label a short human label
   * @since 0.1.0
   */
  public record Node(String id, NodeKind kind, String label) {
    /** Checks for nulls. */
    public Node {
      requireNonNull(id, "id");
      requireNonNull(kind, "kind");
      requireNonNull(label, "label");
    }
  }

  /**
   * An edge.
   *
   * @param from the source node id
   * @param to the target node id
   * @param kind what the edge means
   * @since 0.1.0
   */
  public record Edge(String from, String to, EdgeKind kind) {
    /** Checks for nulls. */
    public Edge {
      requireNonNull(from, "from");
      requireNonNull(to, "to");
      requireNonNull(kind, "kind");
    }
  }

  /**
   * What a node is; {@link #id()} is its spelling in the graph's JSON.
   *
   * @since 0.1.0
   */
  public enum NodeKind {
    /** An operation, such as {@code reboot}. */
    OPERATION,
    /** A choice between alternative rules ("any of"). */
    CHOICE,
    /** A port rule of the catalog. */
    RULE,
    /** A flow of a deployment, for a rule placed on hosts. */
    FLOW;

    /**
     * Returns the lower-case id, e.g. {@code operation}.
     *
     * @return the id
     */
    public String id() {
      return EnumIds.id(this);
    }
  }

  /**
   * What an edge means; {@link #id()} is its spelling in the graph's JSON.
   *
   * @since 0.1.0
   */
  public enum EdgeKind {
    /** An operation needs a rule or a choice. */
    REQUIRES,
    /** A choice is satisfied by this rule, or by another. */
    ALTERNATIVE,
    /** A rule has this flow. */
    FLOW;

    /**
     * Returns the lower-case id, e.g. {@code requires}.
     *
     * @return the id
     */
    public String id() {
      return EnumIds.id(this);
    }
  }
}
