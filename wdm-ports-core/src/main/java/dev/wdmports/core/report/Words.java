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

  /** The probe status of a flow, or {@code NOT_CHECKED}. */
  static String status(FlowCheck c) {
    return c.probeStatus().map(Enum::name).orElse(FlowVerdict.NOT_CHECKED.name());
  }

  /** The checker that probed a flow or would have; empty for a firewall's decision. */
  static String checker(FlowCheck c) {
    if (c.evidence() instanceof Evidence.Probed p) {
      return p.checker();
    }
    return c.evidence() instanceof Evidence.NotChecked n ? n.checker() : "";
  }

  /** What the probe saw, or why the flow was not probed. */
  static String detail(FlowCheck c) {
    if (c.evidence() instanceof Evidence.Probed p) {
      return p.detail();
    }
    return c.evidence() instanceof Evidence.NotChecked n ? n.reason() : "";
  }
}
