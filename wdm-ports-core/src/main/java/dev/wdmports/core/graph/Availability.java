package dev.wdmports.core.graph;

/**
 * Whether an operation can work, given what is known of its flows.
 *
 * @since 0.1.0
 */
public enum Availability {
  /** Every requirement holds. */
  AVAILABLE,
  /** Every requirement holds, but some alternative is blocked: one more failure may break it. */
  DEGRADED,
  /**
   * A requirement cannot hold: a flow it needs is blocked, or no host runs a component it needs.
   */
  BROKEN,
  /** Nothing is blocked, but some needed flow is unknown or was not checked. */
  UNKNOWN;

  /**
   * Tells whether the operation works.
   *
   * @return true for {@link #AVAILABLE} and {@link #DEGRADED}
   */
  public boolean works() {
    return this == AVAILABLE || this == DEGRADED;
  }
}
