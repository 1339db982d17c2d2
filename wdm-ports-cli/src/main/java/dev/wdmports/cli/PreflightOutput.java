package dev.wdmports.cli;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.wdmports.core.Flow;
import dev.wdmports.core.graph.Availability;
import dev.wdmports.core.graph.OperationStatus;
import dev.wdmports.probe.PreflightReport;
import dev.wdmports.probe.ProbeResult;
import java.io.PrintWriter;
import java.util.List;

/** Renders a preflight report as text, JSON or JUnit XML. */
final class PreflightOutput {
  enum Format {
    TEXT,
    JSON,
    JUNIT
  }

  private static final String NOT_FROM_HERE =
      "needs flows that start on other hosts; check them there";

  private PreflightOutput() {}

  static void print(PreflightReport report, Format format, PrintWriter out) {
    switch (format) {
      case JSON -> out.println(Json.write(json(report)));
      case JUNIT -> out.print(junit(report));
      case TEXT -> out.print(text(report));
    }
    out.flush();
  }

  private static String target(PreflightReport.FlowCheck c) {
    return c.result()
        .map(r -> r.target().host())
        .orElse(c.flow().toAddress().map(Object::toString).orElse(""));
  }

  static ObjectNode json(PreflightReport report) {
    ObjectNode root = Json.object();
    root.put("from", report.from());
    ArrayNode flows = root.putArray("flows");
    for (PreflightReport.FlowCheck c : report.flows()) {
      Flow f = c.flow();
      ObjectNode o = flows.addObject();
      o.put("rule", f.rule().orElse(""));
      o.put("from", f.from());
      o.put("to", f.to());
      o.put("host", target(c));
      o.put("port", f.port());
      o.put("transport", f.transport().id());
      o.put("checker", c.checker());
      o.put("status", c.status());
      if (c.result().isPresent()) {
        o.put("latencyMs", c.result().get().latency().toMillis());
        o.put("detail", c.result().get().detail());
      } else {
        o.putNull("latencyMs");
        o.put("detail", c.note());
      }
    }
    ArrayNode ops = root.putArray("operations");
    for (OperationStatus s : report.operations()) {
      ObjectNode o = ops.addObject();
      o.put("id", s.operation().id());
      o.put("available", s.available());
      o.put("availability", s.availability().name());
      o.put("local", report.localOperations().contains(s.operation().id()));
      ArrayNode by = o.putArray("blockedBy");
      s.blockedBy().stream().map(Flow::id).distinct().forEach(by::add);
      o.put("reason", report.explain(s));
    }
    root.put("passed", report.passed());
    ObjectNode summary = root.putObject("summary");
    summary.put("total", report.summary().total());
    ObjectNode by = summary.putObject("byStatus");
    report.summary().byStatus().forEach((k, v) -> by.put(k.name(), v));
    summary.put("elapsedMs", report.summary().elapsed().toMillis());
    return root;
  }

  static String text(PreflightReport report) {
    StringBuilder sb = new StringBuilder();
    sb.append("Preflight from ").append(report.from()).append("\n\n");
    TextTable flows = new TextTable("FLOW", "RULE", "CHECKER", "STATUS", "LATENCY", "DETAIL");
    for (PreflightReport.FlowCheck c : report.flows()) {
      String latency = c.result().map(r -> r.latency().toMillis() + " ms").orElse("");
      String detail = c.result().map(ProbeResult::detail).orElse(c.note());
      flows.row(
          c.flow().id(), c.flow().rule().orElse(""), c.checker(), c.status(), latency, detail);
    }
    sb.append(flows.text()).append('\n');
    TextTable ops = new TextTable("OPERATION", "STATUS", "BECAUSE");
    for (OperationStatus s : report.operations()) {
      String why = Reasons.because(report.explain(s));
      if (s.availability() == Availability.UNKNOWN
          && !report.localOperations().contains(s.operation().id())) {
        why = NOT_FROM_HERE;
      }
      ops.row(s.operation().id(), s.availability().name(), why);
    }
    sb.append(ops.text()).append('\n');
    List<String> broken =
        report.operations().stream()
            .filter(s -> s.availability() == Availability.BROKEN)
            .map(s -> s.operation().id())
            .toList();
    long unknown =
        report.operations().stream().filter(s -> s.availability() == Availability.UNKNOWN).count();
    if (report.passed()) {
      sb.append("PASSED: no operation is broken by what this host can reach")
          .append(
              unknown == 0
                  ? ""
                  : "; "
                      + unknown
                      + (unknown == 1 ? " operation is" : " operations are")
                      + " UNKNOWN (not verified from here)")
          .append(".\n");
    } else {
      sb.append("FAILED: ")
          .append(
              broken.isEmpty()
                  ? "an operation that needs only this host's flows is not available"
                  : "broken: " + String.join(", ", broken))
          .append('\n');
    }
    return sb.toString();
  }

  /**
   * JUnit XML: a case per flow and per operation. What was not verified is skipped (a flow not
   * probed, a probe that could not decide, an operation that needs flows from other hosts), or a
   * failure where it makes the preflight fail (an operation that needs only this host's flows).
   */
  static String junit(PreflightReport report) {
    JUnitXml x = new JUnitXml().suite("wdm-ports preflight flows from " + report.from());
    for (PreflightReport.FlowCheck c : report.flows()) {
      double secs = c.result().map(r -> r.latency().toMillis() / 1000.0).orElse(0.0);
      String name = c.flow() + " [" + c.checker() + "]";
      String detail = c.result().map(ProbeResult::detail).orElse(c.note());
      switch (c.verdict()) {
        case OPEN -> x.pass(name, "flows", secs);
        case BLOCKED -> x.fail(name, "flows", secs, c.status() + ": " + detail, null);
        case UNKNOWN -> x.skip(name, "flows", secs, c.status() + ", not verified: " + detail);
        case NOT_CHECKED -> x.skip(name, "flows", secs, "NOT_CHECKED: " + detail);
      }
    }
    x.suite("wdm-ports preflight operations");
    for (OperationStatus s : report.operations()) {
      String id = s.operation().id();
      boolean local = report.localOperations().contains(id);
      switch (s.availability()) {
        case AVAILABLE, DEGRADED -> x.pass(id, "operations", 0);
        case BROKEN -> x.fail(id, "operations", 0, id + ": " + report.explain(s), null);
        case UNKNOWN -> {
          if (local) {
            x.fail(id, "operations", 0, id + ": " + report.explain(s), null);
          } else {
            x.skip(id, "operations", 0, id + ": " + NOT_FROM_HERE + "; " + report.explain(s));
          }
        }
      }
    }
    return x.write();
  }
}
