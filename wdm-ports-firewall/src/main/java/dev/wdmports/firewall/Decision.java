package dev.wdmports.firewall;

import dev.wdmports.core.graph.FlowVerdict;

/**
 * What a firewall policy does with a flow. Maps onto the report's vocabulary with {@link
 * #verdict()}: {@code ALLOW} → open, {@code DENY} → blocked, {@code UNKNOWN} → cannot tell (the
 * warnings say why).
 *
 * @since 0.1.0
 */
public enum Decision {
  /** Every connection of the flow gets through. */
  ALLOW,
  /** No connection of the flow gets through. */
  DENY,
  /**
   * The policy holds something the model does not understand, or the flow is only partly let
   * through.
   */
  UNKNOWN;

  /**
   * Maps the decision to the verdict rolled up into operations.
   *
   * @return {@code OPEN} for allow, {@code BLOCKED} for deny, {@code UNKNOWN} for unknown
   */
  public FlowVerdict verdict() {
    return switch (this) {
      case ALLOW -> FlowVerdict.OPEN;
      case DENY -> FlowVerdict.BLOCKED;
      case UNKNOWN -> FlowVerdict.UNKNOWN;
    };
  }
}
