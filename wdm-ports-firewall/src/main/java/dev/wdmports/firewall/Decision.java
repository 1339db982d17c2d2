package dev.wdmports.firewall;

/**
 * What a firewall policy does with a flow. Maps onto the report's vocabulary as {@code ALLOW} →
 * open, {@code DENY} → blocked, {@code UNKNOWN} → cannot tell (the warnings say why).
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
  UNKNOWN
}
