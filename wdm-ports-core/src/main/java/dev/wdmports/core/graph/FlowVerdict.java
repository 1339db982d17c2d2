package dev.wdmports.core.graph;

/**
 * What is known of one flow: the currency in which probes and firewall checks report, and which
 * {@link DependencyGraph#availability} rolls up into operations.
 *
 * @since 0.1.0
 */
public enum FlowVerdict {
  /** The flow gets through (a handshake succeeded, or the firewall allows it). */
  OPEN,
  /** The flow does not get through (refused, filtered, denied). */
  BLOCKED,
  /** The flow was checked, but the check could not decide. */
  UNKNOWN,
  /** The flow was not checked (for example, it starts on another host). */
  NOT_CHECKED;

  /**
   * Returns the stricter of two verdicts on one connection (flows of several rules may share one):
   * {@code BLOCKED} wins, {@code OPEN} yields to anything else.
   *
   * @param other the other verdict
   * @return the stricter verdict
   */
  public FlowVerdict stricter(FlowVerdict other) {
    if (this == BLOCKED || other == BLOCKED) {
      return BLOCKED;
    }
    return this == OPEN ? other : this;
  }
}
