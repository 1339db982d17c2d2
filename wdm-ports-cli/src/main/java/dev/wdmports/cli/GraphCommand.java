package dev.wdmports.cli;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.wdmports.core.graph.DependencyGraph;
import dev.wdmports.core.graph.GraphView;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code wdm-ports graph}: prints the push-operation dependency graph. */
@Command(
    name = "graph",
    mixinStandardHelpOptions = true,
    header = "Print the push-operation dependency graph.",
    description =
        "Print the push-operation dependency graph: operations, the rules they need (with alternatives) and the deployment's flows. Render DOT with: wdm-ports graph | dot -Tsvg")
final class GraphCommand implements Callable<Integer> {
  /** What the graph document is written as: a graph, not a report. */
  enum GraphFormat {
    DOT,
    MERMAID,
    JSON
  }

  @Spec picocli.CommandLine.Model.CommandSpec spec;

  @Mixin CommonOptions options;

  @Option(
      names = "--format",
      defaultValue = "dot",
      description = "dot, mermaid or json (default: ${DEFAULT-VALUE}).")
  GraphFormat format;

  @Override
  public Integer call() {
    DependencyGraph g = DependencyGraph.of(options.deployment());
    var out = spec.commandLine().getOut();
    switch (format) {
      case DOT -> out.print(g.toDot());
      case MERMAID -> out.print(g.toMermaid());
      case JSON -> out.println(Json.write(json(g.view())));
    }
    out.flush();
    return WdmPortsCli.OK;
  }

  private static ObjectNode json(GraphView view) {
    ObjectNode root = Json.object();
    ArrayNode nodes = root.putArray("nodes");
    for (GraphView.Node n : view.nodes()) {
      nodes.addObject().put("id", n.id()).put("kind", n.kind().id()).put("label", n.label());
    }
    ArrayNode edges = root.putArray("edges");
    for (GraphView.Edge e : view.edges()) {
      edges.addObject().put("from", e.from()).put("to", e.to()).put("kind", e.kind().id());
    }
    return root;
  }
}
