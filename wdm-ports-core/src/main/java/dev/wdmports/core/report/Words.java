package dev.wdmports.core.report;

import dev.wdmports.core.graph.FlowVerdict;

/** The words the renderers use for a flow's verdict and evidence. */
final class Words {
  private Words() {}

  /**
   * A firewall's word for a verdict, as its JSON and tables have always said it: {@code ALLOW},
   * {@code DENY}, {@code UNKNOWN}.
   */
  static String decision(FlowVerdict v) {
    return switch (v) {
      case OPEN -> "ALLOW";
      case BLOCKED -> "DENY";
      case UNKNOWN -> "UNKNOWN";
      case NOT_CHECKED -> "NOT_CHECKED";
    };
  }

  /**
   * The probe status of a flow, or {@code NOT_CHECKED}; for a swept device network the one status
   * every probed device has, or {@code MIXED}.
   */
  static String status(FlowCheck c) {
    if (c.evidence() instanceof Evidence.Swept s) {
      return s.byStatus().size() == 1 && s.probed() == s.devices()
          ? s.byStatus().keySet().iterator().next().name()
          : s.probed() == 0 ? FlowVerdict.NOT_CHECKED.name() : "MIXED";
    }
    return c.probeStatus().map(Enum::name).orElse(FlowVerdict.NOT_CHECKED.name());
  }

  /** A count with thousands separators, the same in every locale: {@code 4,096}. */
  static String count(long n) {
    return String.format(java.util.Locale.ROOT, "%,d", n);
  }

  /** {@code (a, b, c and 4 more ranges)}, or empty for no range. */
  static String ranges(java.util.List<String> ranges) {
    return ranges(ranges, ", ");
  }

  /** {@code (a; b; c and 4 more ranges)} with a separator, or empty for no range. */
  static String ranges(java.util.List<String> ranges, String separator) {
    if (ranges.isEmpty()) {
      return "";
    }
    int shown = Math.min(3, ranges.size());
    String list = String.join(separator, ranges.subList(0, shown));
    int more = ranges.size() - shown;
    return " ("
        + list
        + (more == 0 ? "" : " and " + more + " more range" + (more == 1 ? "" : "s"))
        + ")";
  }

  /** The checker that probed a flow or would have; empty for a firewall's decision. */
  static String checker(FlowCheck c) {
    if (c.evidence() instanceof Evidence.Probed p) {
      return p.checker();
    }
    if (c.evidence() instanceof Evidence.Swept s) {
      return s.checker();
    }
    return c.evidence() instanceof Evidence.NotChecked n ? n.checker() : "";
  }

  /** What the probe saw, or why the flow was not probed. */
  static String detail(FlowCheck c) {
    if (c.evidence() instanceof Evidence.Probed p) {
      return p.detail();
    }
    if (c.evidence() instanceof Evidence.Swept s) {
      return s.describe()
          + (s.seed().isPresent() ? "; a sample, --seed " + s.seed().getAsLong() : "");
    }
    return c.evidence() instanceof Evidence.NotChecked n ? n.reason() : "";
  }
}
