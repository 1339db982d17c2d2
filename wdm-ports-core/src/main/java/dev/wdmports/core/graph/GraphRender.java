package dev.wdmports.core.graph;

import java.util.HashMap;
import java.util.Map;

/** DOT and Mermaid renderings of a {@link GraphView}. */
final class GraphRender {
  private GraphRender() {}

  static String dot(GraphView view, String name) {
    StringBuilder sb = new StringBuilder();
    sb.append("digraph ").append(quote(name)).append(" {\n");
    sb.append("  rankdir=LR;\n");
    sb.append("  node [fontname=\"Helvetica\", fontsize=10];\n");
    sb.append("  edge [fontname=\"Helvetica\", fontsize=9];\n");
    for (GraphView.Node n : view.nodes()) {
      String style =
          switch (n.kind()) {
            case OPERATION -> "shape=box, style=\"rounded,filled\", fillcolor=\"#dbeafe\"";
            case CHOICE -> "shape=diamond, style=filled, fillcolor=\"#fef3c7\"";
            case RULE -> "shape=ellipse";
            case FLOW -> "shape=note, style=filled, fillcolor=\"#f3f4f6\"";
          };
      sb.append("  ").append(quote(n.id())).append(" [label=").append(quote(n.label()));
      sb.append(", ").append(style).append("];\n");
    }
    for (GraphView.Edge e : view.edges()) {
      sb.append("  ").append(quote(e.from())).append(" -> ").append(quote(e.to()));
      if (e.kind() == GraphView.EdgeKind.ALTERNATIVE) {
        sb.append(" [style=dashed, label=\"or\"]");
      }
      sb.append(";\n");
    }
    return sb.append("}\n").toString();
  }

  static String mermaid(GraphView view) {
    Map<String, String> ids = new HashMap<>();
    StringBuilder sb = new StringBuilder("flowchart LR\n");
    for (GraphView.Node n : view.nodes()) {
      String id = "n" + ids.size();
      ids.put(n.id(), id);
      String label = "\"" + n.label().replace("\"", "#quot;") + "\"";
      String shape =
          switch (n.kind()) {
            case OPERATION -> "(" + label + ")";
            case CHOICE -> "{" + label + "}";
            case RULE -> "([" + label + "])";
            case FLOW -> "[" + label + "]";
          };
      sb.append("  ").append(id).append(shape).append('\n');
    }
    for (GraphView.Edge e : view.edges()) {
      String arrow = e.kind() == GraphView.EdgeKind.ALTERNATIVE ? " -.->|or| " : " --> ";
      sb.append("  ").append(ids.get(e.from())).append(arrow).append(ids.get(e.to())).append('\n');
    }
    return sb.toString();
  }

  private static String quote(String s) {
    return "\"" + s.replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
  }
}
