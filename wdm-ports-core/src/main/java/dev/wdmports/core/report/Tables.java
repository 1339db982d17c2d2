package dev.wdmports.core.report;

import dev.wdmports.core.graph.Availability;
import dev.wdmports.core.graph.OperationStatus;
import dev.wdmports.core.internal.TextTable;
import java.util.List;

/** The tables of {@link ReportFormat#TEXT} and {@link ReportFormat#MARKDOWN}. */
final class Tables {
  /** A preflight's UNKNOWN operation that needs flows from other hosts is not a failure here. */
  static final String NOT_FROM_HERE = "needs flows that start on other hosts; check them there";

  private Tables() {}

  static String text(HostReport r) {
    StringBuilder sb = new StringBuilder();
    switch (r.kind()) {
      case FIREWALL_CHECK -> {
        // The flow table stands alone when no deployment was given (flows on the command line).
        sb.append(flows(r).text());
        if (!r.operations().isEmpty()) {
          sb.append('\n').append(operations(r).text());
        }
      }
      case PREFLIGHT ->
          sb.append(heading(r))
              .append("\n\n")
              .append(flows(r).text())
              .append('\n')
              .append(operations(r).text());
      case IMPACT -> sb.append(heading(r)).append("\n\n").append(operations(r).text());
    }
    return sb.append('\n').append(outcome(r)).append('\n').toString();
  }

  static String markdown(HostReport r) {
    StringBuilder sb = new StringBuilder("# ").append(heading(r)).append("\n\n");
    if (r.kind() != HostReport.Kind.IMPACT) {
      sb.append("## Flows\n\n").append(flows(r).markdown()).append('\n');
    }
    if (!r.operations().isEmpty()) {
      sb.append("## Operations\n\n").append(operations(r).markdown()).append('\n');
    }
    return sb.append(outcome(r)).append('\n').toString();
  }

  private static String heading(HostReport r) {
    return switch (r.kind()) {
      case FIREWALL_CHECK ->
          r.host().isEmpty() ? "Firewall check" : "Firewall check of " + r.host();
      case PREFLIGHT -> "Preflight from " + r.host();
      case IMPACT -> "Closed: " + String.join(",", r.closed());
    };
  }

  private static TextTable flows(HostReport r) {
    if (r.kind() == HostReport.Kind.FIREWALL_CHECK) {
      TextTable t = new TextTable("FLOW", "DIR", "VERDICT", "DECIDED BY");
      for (FlowCheck c : r.flows()) {
        Evidence.Decided d = decided(c);
        t.row(c.flow().toString(), c.direction(), Words.decision(c.verdict()), d.describe());
        for (String w : d.warnings()) {
          t.row("", "", "", "warning: " + w);
        }
      }
      return t;
    }
    TextTable t = new TextTable("FLOW", "RULE", "CHECKER", "STATUS", "LATENCY", "DETAIL");
    for (FlowCheck c : r.flows()) {
      t.row(
          c.flow().id(),
          c.flow().rule().orElse(""),
          Words.checker(c),
          Words.status(c),
          c.evidence() instanceof Evidence.Probed p ? p.latency().toMillis() + " ms" : "",
          Words.detail(c));
    }
    return t;
  }

  /** The one {@code OPERATION STATUS BECAUSE} table. */
  private static TextTable operations(HostReport r) {
    TextTable t = new TextTable("OPERATION", "STATUS", "BECAUSE");
    for (OperationStatus s : r.operations()) {
      // A breakdown by device says "broken for 1,024 of 4,096 devices ...": all of it is the why.
      String why = r.devicesOf(s.operation().id()).isEmpty() ? because(r.explain(s)) : r.explain(s);
      if (r.devicesOf(s.operation().id()).isEmpty()
          && r.kind() == HostReport.Kind.PREFLIGHT
          && s.availability() == Availability.UNKNOWN
          && !r.local(s)) {
        why = NOT_FROM_HERE;
      }
      t.row(s.operation().id(), s.availability().name(), why);
    }
    return t;
  }

  /**
   * What the BECAUSE column shows: the part of an explanation after "because " (or after "degraded:
   * "); empty for an operation that is simply available.
   */
  static String because(String explanation) {
    int because = explanation.indexOf("because ");
    if (because >= 0) {
      return explanation.substring(because + "because ".length());
    }
    int degraded = explanation.indexOf("degraded: ");
    return degraded >= 0 ? explanation.substring(degraded + "degraded: ".length()) : "";
  }

  /** The last line: whether the check passed, and why not. */
  private static String outcome(HostReport r) {
    return switch (r.kind()) {
      case FIREWALL_CHECK ->
          r.summary()
              + (r.passed() && !r.allOpen()
                  ? "\nEach flow that is not allowed has an allowed alternative (the other port"
                      + " under security http-or-https, or a redundant host)."
                  : "");
      case PREFLIGHT -> preflightOutcome(r);
      case IMPACT -> {
        long broken = r.operations().stream().filter(s -> !s.available()).count();
        yield broken == 0
            ? "No operation breaks."
            : broken + " of " + r.operations().size() + " operations break.";
      }
    };
  }

  private static String preflightOutcome(HostReport r) {
    List<String> broken =
        r.operations().stream()
            .filter(s -> s.availability() == Availability.BROKEN)
            .map(s -> s.operation().id())
            .toList();
    long unknown =
        r.operations().stream().filter(s -> s.availability() == Availability.UNKNOWN).count();
    if (r.passed()) {
      return "PASSED: no operation is broken by what this host can reach"
          + (unknown == 0
              ? ""
              : "; "
                  + unknown
                  + (unknown == 1 ? " operation is" : " operations are")
                  + " UNKNOWN (not verified from here)")
          + ".";
    }
    return "FAILED: "
        + (broken.isEmpty()
            ? "an operation that needs only this host's flows is not available"
            : "broken: " + String.join(", ", broken));
  }

  static Evidence.Decided decided(FlowCheck c) {
    if (c.evidence() instanceof Evidence.Decided d) {
      return d;
    }
    throw new IllegalArgumentException(
        "flow "
            + c.flow().id()
            + " of a firewall check has "
            + c.evidence()
            + ": a firewall check's flows are decided by rules");
  }
}
