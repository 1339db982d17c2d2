package dev.wdmports.core.graph;

import java.util.List;

/**
 * The dependency graph as plain nodes and edges, for rendering or JSON.
 *
 * @param nodes the nodes, operations first
 * @param edges the edges
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
   * @param kind {@code operation}, {@code choice}, {@code rule} or {@code flow}
   * @param label a short human label
   */
  public record Node(String id, String kind, String label) {}

  /**
   * An edge.
   *
   * @param from the source node id
   * @param to the target node id
   * @param kind {@code requires} (operation to rule or choice), {@code alternative} (choice to
   *     rule) or {@code flow} (rule to one of its flows)
   */
  public record Edge(String from, String to, String kind) {}
}
