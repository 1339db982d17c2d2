package dev.wdmports.cli;

import dev.wdmports.core.graph.OperationStatus;

/** The CLI's reading of operation explanations (which never start with the operation's id). */
final class Reasons {
  private Reasons() {}

  /**
   * {@link OperationStatus#reason()} without the leading {@code id: }, as the reports' {@code
   * explain} methods give it.
   */
  static String withoutId(OperationStatus s) {
    String reason = s.reason();
    String id = s.operation().id() + ": ";
    return reason.startsWith(id) ? reason.substring(id.length()) : reason;
  }

  /**
   * What a table's BECAUSE column shows: the part of an explanation after "because " (or after
   * "degraded: "), e.g. {@code admin->wdm-server:443/tcp (gui-to-web-service-https) is REFUSED};
   * empty for an operation that is simply available.
   */
  static String because(String explanation) {
    int because = explanation.indexOf("because ");
    if (because >= 0) {
      return explanation.substring(because + "because ".length());
    }
    int degraded = explanation.indexOf("degraded: ");
    return degraded >= 0 ? explanation.substring(degraded + "degraded: ".length()) : "";
  }
}
