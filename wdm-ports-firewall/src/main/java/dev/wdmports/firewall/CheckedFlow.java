package dev.wdmports.firewall;

import static java.util.Objects.requireNonNull;

import dev.wdmports.core.Flow;

/**
 * A flow with the direction it was evaluated in and its verdict.
 *
 * @param flow the flow
 * @param direction the direction on the host whose policy decided
 * @param verdict the verdict
 */
public record CheckedFlow(Flow flow, Direction direction, Verdict verdict) {
  /**
   * Validates the record.
   *
   * @throws NullPointerException if a part is null
   */
  public CheckedFlow {
    requireNonNull(flow, "flow");
    requireNonNull(direction, "direction");
    requireNonNull(verdict, "verdict");
  }

  /**
   * Returns the verdict's decision.
   *
   * @return allow, deny or unknown
   */
  public Decision decision() {
    return verdict.decision();
  }
}
