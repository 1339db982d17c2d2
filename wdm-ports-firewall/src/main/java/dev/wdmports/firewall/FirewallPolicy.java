package dev.wdmports.firewall;

import dev.wdmports.core.Flow;
import dev.wdmports.core.PortRange;
import dev.wdmports.core.report.Direction;
import java.util.List;
import java.util.Optional;

/**
 * A firewall configuration that answers "would this flow get through?". It is one of two models: a
 * {@link ChainPolicy} (iptables, nftables: chains of ordered rules, the first match decides) or a
 * {@link RulePolicy} (Windows Firewall, AWS security groups: flat rules, a block wins).
 *
 * <pre>{@code
 * FirewallPolicy policy = PolicyFormat.IPTABLES_SAVE.parse(Files.readString(path), "rules.v4");
 * Evaluation v = policy.evaluate(Flow.parse("10.0.0.20->10.0.0.5:443/tcp"), Direction.IN);
 * System.out.println(v.decision() + " by line " + v.line() + " via " + v.path());
 * if (policy instanceof RulePolicy windows) {
 *   v = windows.withProfile(WindowsProfile.DOMAIN).evaluate(flow, Direction.IN);
 * }
 * }</pre>
 *
 * <p>What both models share is here: evaluation, the source name and notes, the interface and the
 * ephemeral source ports a flow is assumed to use. What only one model has is on it: chains and
 * address families on {@link ChainPolicy}; Windows profiles, the per-direction defaults and the
 * flat rules on {@link RulePolicy}.
 *
 * <p><b>What a flow is.</b> A flow is the first packet of a new connection ({@code ct state new})
 * from a source port in {@link #ephemeralPorts()} (default 1024-65535) to its destination port. It
 * has no interface unless {@link #withInterface} names one: a rule on {@code lo} never matches a
 * flow between non-loopback addresses, any other interface match makes the verdict {@code UNKNOWN}.
 * Only this first packet is judged: a ruleset that accepts it but drops the connection's later
 * packets (no {@code ct state established accept} before a drop that catches them) breaks a flow
 * the verdict allows. Address matches of one family never match a flow of the other.
 *
 * <p><b>Partial matches.</b> A flow whose source or destination is a CIDR (a fleet of devices) is
 * split where a rule matches only part of it; each part is followed through the chains. The verdict
 * is {@code ALLOW} or {@code DENY} only if every part ends the same way, else {@code UNKNOWN} with
 * a warning naming the rule that splits the flow and where each part ends. The same holds for a
 * rule on source ports that match only some ephemeral ports. A host known only by name matches no
 * address match: such rules make the verdict {@code UNKNOWN}.
 *
 * <p><b>Unknown constructs.</b> A rule with a match the model does not understand ({@link
 * Rule#unknown()}, an unusual connection state) makes the verdict {@code UNKNOWN} for every flow
 * that reaches it and passes its understood matches; the warning names the rule's line. When every
 * unknown part of the rule is a {@link UnknownMatch#condition() condition} (a set lookup, a match
 * module), the flow is followed both ways, as if the rule matched and as if it did not; if both end
 * the same, that is the verdict, with a warning naming the rule.
 *
 * <p>Instances are immutable and thread-safe; rules are indexed when the policy is built, so
 * evaluation visits only the rules that can match.
 *
 * @since 0.1.0
 */
public sealed interface FirewallPolicy permits ChainPolicy, RulePolicy {

  /**
   * Evaluates a flow as the host in the given direction sees it.
   *
   * @param flow the flow; its addresses decide address matches
   * @param direction {@code IN} when this host is the flow's destination, {@code OUT} when it is
   *     the source
   * @return the verdict with the deciding rule, the path and warnings
   */
  Evaluation evaluate(Flow flow, Direction direction);

  /**
   * Returns a copy that assumes flows arrive on (inbound) or leave by (outbound) the named
   * interface, so rules on interfaces decide.
   *
   * @param name the interface name, e.g. {@code eth0}
   * @return the copy, of the same model
   * @throws IllegalArgumentException if the name is blank
   */
  FirewallPolicy withInterface(String name);

  /**
   * Returns the name of the input the policy was read from.
   *
   * @return e.g. {@code rules.v4}; {@code policy} by default
   */
  String sourceName();

  /**
   * Returns what the parser skipped or assumed, e.g. {@code line 3: table nat skipped}.
   *
   * @return the notes
   */
  List<String> notes();

  /**
   * Returns the interface flows are assumed to use.
   *
   * @return the interface, if one was set
   */
  Optional<String> interfaceName();

  /**
   * Returns the source ports a flow may use.
   *
   * @return the range; default 1024-65535
   */
  PortRange ephemeralPorts();
}
