package dev.wdmports.firewall;

/** What a rule does with a packet it matches. */
public enum Action {
  /**
   * Let the packet through (in nftables: through this base chain; later base chains still see it).
   */
  ACCEPT,
  /** Discard the packet silently. Final. */
  DROP,
  /** Discard the packet and tell the sender (TCP reset, ICMP unreachable). Final. */
  REJECT,
  /** Continue in the target chain, then come back after this rule. */
  JUMP,
  /** Continue in the target chain and do not come back to this one. */
  GOTO,
  /** Leave this chain: back to the caller, or the chain's policy in a base chain. */
  RETURN,
  /** A non-terminating rule (a {@code LOG} target, a rule without verdict): evaluation goes on. */
  CONTINUE
}
