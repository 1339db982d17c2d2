package dev.wdmports.firewall;

import dev.wdmports.core.Flow;
import dev.wdmports.core.report.Direction;
import dev.wdmports.firewall.format.IpSets;
import dev.wdmports.firewall.format.PolicyFormat;

/**
 * Test access to what is not API: the chain model behind a format, and the naive evaluator that the
 * indexed one is compared with.
 */
public final class TestPolicies {
  private TestPolicies() {}

  /** {@code iptables-save} text read as the chain policy it is. */
  public static ChainPolicy iptablesSave(String text, String source) {
    return (ChainPolicy) PolicyFormat.IPTABLES_SAVE.parse(text, source);
  }

  /** {@code iptables-save} text whose rules refer to ipset sets, read as a chain policy. */
  public static ChainPolicy iptablesSave(String text, String source, IpSets ipsets) {
    return (ChainPolicy) PolicyFormat.IPTABLES_SAVE.parse(text, source, ipsets);
  }

  /** {@code nft -j list ruleset} text read as the chain policy it is. */
  public static ChainPolicy nftJson(String text, String source) {
    return (ChainPolicy) PolicyFormat.NFT_JSON.parse(text, source);
  }

  /** The verdict of a scan of every rule in order, without the index. */
  public static Evaluation naive(FirewallPolicy policy, Flow flow, Direction direction) {
    // A rule policy has no index: its evaluate already scans every rule.
    return policy instanceof ChainPolicy chains
        ? chains.evaluateNaively(flow, direction)
        : policy.evaluate(flow, direction);
  }
}
