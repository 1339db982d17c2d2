package dev.wdmports.core.report;

import dev.wdmports.core.graph.FlowVerdict;
import dev.wdmports.core.graph.OperationStatus;

/**
 * {@link ReportFormat#JUNIT}: a case per flow and per operation. What was not verified is skipped
 * (a flow not checked, a probe that could not decide, a flow an alternative stands in for, an
 * operation that needs flows from other hosts); it is a failure only where the check fails on it.
 */
final class JUnitReport {
  private JUnitReport() {}

  static String write(HostReport r) {
    JUnitXml x = new JUnitXml();
    switch (r.kind()) {
      case FIREWALL_CHECK -> firewallFlows(x.suite("wdm-ports firewall flows"), r);
      case PREFLIGHT -> preflightFlows(x.suite("wdm-ports preflight flows from " + r.host()), r);
      case IMPACT -> {}
    }
    if (!r.operations().isEmpty()) {
      String suite =
          switch (r.kind()) {
            case FIREWALL_CHECK -> "wdm-ports firewall operations";
            case PREFLIGHT -> "wdm-ports preflight operations";
            case IMPACT -> "wdm-ports impact operations";
          };
      operations(x.suite(suite), r);
    }
    return x.write();
  }

  /**
   * A flow not allowed whose alternative is allowed is skipped, neither a pass nor a failure, as
   * the check does not fail on it.
   */
  private static void firewallFlows(JUnitXml x, HostReport r) {
    for (FlowCheck c : r.flows()) {
      Evidence.Decided d = Tables.decided(c);
      String name = c.flow().toString();
      String decided = Words.decision(c.verdict()) + " by " + d.describe();
      if (c.verdict() == FlowVerdict.OPEN) {
        x.pass(name, "firewall", 0);
      } else if (!r.fails(c)) {
        x.skip(
            name,
            "firewall",
            0,
            decided
                + ", but an allowed alternative stands in for it (security http-or-https or a"
                + " redundant host)");
      } else {
        x.fail(name, "firewall", 0, decided, String.join("\n", d.warnings()));
      }
    }
  }

  private static void preflightFlows(JUnitXml x, HostReport r) {
    for (FlowCheck c : r.flows()) {
      double secs =
          c.evidence() instanceof Evidence.Probed p ? p.latency().toMillis() / 1000.0 : 0.0;
      String name = c.flow() + " [" + Words.checker(c) + "]";
      String detail = Words.detail(c);
      String status = Words.status(c);
      switch (c.verdict()) {
        case OPEN -> x.pass(name, "flows", secs);
        case BLOCKED -> x.fail(name, "flows", secs, status + ": " + detail, null);
        case UNKNOWN -> x.skip(name, "flows", secs, status + ", not verified: " + detail);
        case NOT_CHECKED -> x.skip(name, "flows", secs, "NOT_CHECKED: " + detail);
      }
    }
  }

  /**
   * Broken operations fail; unknown ones are skipped, unless a preflight needs them from this host
   * alone (then the preflight fails on them).
   */
  private static void operations(JUnitXml x, HostReport r) {
    for (OperationStatus s : r.operations()) {
      String id = s.operation().id();
      String why = id + ": " + r.explain(s);
      switch (s.availability()) {
        case AVAILABLE, DEGRADED -> x.pass(id, "operations", 0);
        case BROKEN -> x.fail(id, "operations", 0, why, null);
        case UNKNOWN -> {
          if (r.kind() != HostReport.Kind.PREFLIGHT) {
            x.skip(id, "operations", 0, why);
          } else if (r.local(s)) {
            x.fail(id, "operations", 0, why, null);
          } else {
            x.skip(id, "operations", 0, id + ": " + Tables.NOT_FROM_HERE + "; " + r.explain(s));
          }
        }
      }
    }
  }
}
