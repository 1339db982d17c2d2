package dev.wdmports.core.firewall;

/** How the rules of a {@link FirewallPolicy} combine into a decision. */
public enum Semantics {
  /**
   * iptables and nftables: ordered rules in chains, the first rule that matches decides; {@code
   * JUMP}/{@code GOTO}/{@code RETURN} move between chains; a base chain without a deciding rule
   * applies its policy. Several base chains on one hook (nftables) are traversed in priority order:
   * an accept ends only the current base chain, a drop or reject is final.
   */
  FIRST_MATCH,
  /**
   * Windows Firewall and AWS security groups: rule order does not matter; a matching block rule
   * wins over any allow rule, a matching allow rule lets the flow through, otherwise the default of
   * the direction applies. Disabled rules are ignored.
   */
  BLOCK_WINS
}
