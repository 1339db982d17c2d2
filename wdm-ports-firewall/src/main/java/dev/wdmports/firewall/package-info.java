/**
 * Would the firewall let a flow through? A {@link dev.wdmports.firewall.FirewallPolicy} read from
 * iptables, nftables, Windows Firewall or AWS security groups evaluates each {@link
 * dev.wdmports.core.Flow} to a {@link dev.wdmports.firewall.Evaluation}: allow, deny or unknown,
 * with the deciding rule and its line, the chains traversed and warnings.
 *
 * <pre>{@code
 * FirewallPolicy policy = PolicyFormat.NFT_JSON.read(Path.of("ruleset.json"));
 * List<FlowCheck> verdicts = HostCheck.check(policy, flows, HostCheck.asSeenBy("wdm-server"));
 * }</pre>
 *
 * <p>A policy is a {@link dev.wdmports.firewall.ChainPolicy} (iptables, nftables: first match
 * through chains) or a {@link dev.wdmports.firewall.RulePolicy} (Windows Firewall, AWS security
 * groups: a block wins).
 *
 * <p>Parsers and generators are in {@link dev.wdmports.firewall.format}.
 */
@NullMarked
package dev.wdmports.firewall;

import org.jspecify.annotations.NullMarked;
