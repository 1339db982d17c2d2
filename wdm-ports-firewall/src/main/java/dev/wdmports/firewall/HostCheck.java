package dev.wdmports.firewall;

import static java.util.Objects.requireNonNull;

import dev.wdmports.core.Address;
import dev.wdmports.core.Flow;
import dev.wdmports.core.deploy.Deployment;
import dev.wdmports.core.graph.DependencyGraph;
import dev.wdmports.core.graph.FlowVerdict;
import dev.wdmports.core.graph.OperationStatus;
import dev.wdmports.core.report.DecidingRule;
import dev.wdmports.core.report.Direction;
import dev.wdmports.core.report.Evidence;
import dev.wdmports.core.report.FlowCheck;
import dev.wdmports.core.report.HostReport;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;

/**
 * Checks a host's firewall policy against flows and writes the result as the one report model
 * ({@link HostReport}): every flow the host takes part in, evaluated in its direction (inbound to
 * the host, outbound from it), with the deciding rule as its evidence, rolled up into operations.
 *
 * <pre>{@code
 * Deployment site = Deployments.read(Path.of("site.yaml"), Catalogs.wdm());
 * FirewallPolicy rules = PolicyFormat.IPTABLES_SAVE.read(Path.of("wdm-server.rules"));
 * HostReport check = HostCheck.of(rules, site, "wdm-server");
 * for (OperationStatus op : check.operations()) {
 *   System.out.println(op.operation().id() + ": " + check.explain(op));
 * }
 * // reboot: broken, because admin->wdm-server:443/tcp (gui-to-web-service-https) is denied by
 * //   line 12 (-A INPUT -p tcp --dport 443 -j DROP)
 *
 * // Flows without a deployment:
 * List<FlowCheck> verdicts =
 *     HostCheck.check(rules, List.of(Flow.parse("10.0.0.20->10.0.0.5:443/tcp")), f -> Direction.IN);
 * }</pre>
 *
 * <p>Flows that do not touch the host are not checked here; operations that need them are {@code
 * UNKNOWN} unless a checked flow breaks them. Stateless and thread-safe.
 *
 * @since 0.1.0
 */
public final class HostCheck {
  private HostCheck() {}

  /**
   * Checks a host's policy against the flows of a deployment.
   *
   * <p>A flow that is denied but whose alternative is allowed (the other port under security
   * http-or-https, a redundant host) is {@linkplain HostReport#coveredFlows() covered}: the report
   * still {@linkplain HostReport#passed() passes}.
   *
   * @param policy the host's firewall policy
   * @param deployment the deployment
   * @param host a host of the deployment
   * @return the report, of kind {@link HostReport.Kind#FIREWALL_CHECK}: one flow per flow of the
   *     host in deployment order, every operation of the catalog in catalog order
   * @throws dev.wdmports.core.InvalidInputException if the deployment has no such host
   */
  public static HostReport of(FirewallPolicy policy, Deployment deployment, String host) {
    requireNonNull(policy, "policy");
    requireNonNull(deployment, "deployment");
    requireNonNull(host, "host");
    List<Flow> flows = deployment.flowsOf(host);
    List<FlowCheck> checked = check(policy, flows, asSeenBy(host));
    Map<String, FlowVerdict> verdicts = new HashMap<>();
    Set<Flow> allowed = new HashSet<>();
    for (FlowCheck c : checked) {
      // Flows of several rules may share a connection id; the strictest verdict wins.
      verdicts.merge(c.flow().id(), c.verdict(), FlowVerdict::stricter);
      if (c.verdict() == FlowVerdict.OPEN) {
        allowed.add(c.flow());
      }
    }
    List<OperationStatus> ops = DependencyGraph.of(deployment).availability(verdicts);
    Set<String> unmet = new HashSet<>();
    deployment.unmet(flows, allowed::contains).forEach(f -> unmet.add(f.id()));
    Set<String> covered = new HashSet<>();
    for (FlowCheck c : checked) {
      if (c.verdict() != FlowVerdict.OPEN && !unmet.contains(c.flow().id())) {
        covered.add(c.flow().id());
      }
    }
    return HostReport.ofFirewall(host, checked, ops, covered);
  }

  /**
   * Evaluates each flow in the direction the rule gives it.
   *
   * @param policy the host's policy
   * @param flows the flows, in the order the result keeps
   * @param directionRule which way each flow crosses the host, e.g. {@link #asSeenBy}
   * @return one check per flow, in order, with the deciding rule as its {@link Evidence.Decided}
   * @throws IllegalArgumentException if the rule rejects a flow (e.g. it does not touch the host)
   */
  public static List<FlowCheck> check(
      FirewallPolicy policy, List<Flow> flows, Function<Flow, Direction> directionRule) {
    requireNonNull(policy, "policy");
    requireNonNull(flows, "flows");
    requireNonNull(directionRule, "directionRule");
    List<FlowCheck> out = new ArrayList<>(flows.size());
    for (Flow f : flows) {
      Direction d = requireNonNull(directionRule.apply(f), "direction of " + f);
      out.add(check(policy, f, d));
    }
    return List.copyOf(out);
  }

  /**
   * Evaluates one flow.
   *
   * @param policy the host's policy
   * @param flow the flow
   * @param direction which way it crosses the host
   * @return the check: the decision's {@link Decision#verdict()}, the deciding rule as evidence
   */
  public static FlowCheck check(FirewallPolicy policy, Flow flow, Direction direction) {
    requireNonNull(policy, "policy");
    requireNonNull(flow, "flow");
    requireNonNull(direction, "direction");
    Evaluation v = policy.evaluate(flow, direction);
    Optional<DecidingRule> rule =
        v.rule().map(r -> new DecidingRule(r.location(), r.line(), r.text(), r.label()));
    return new FlowCheck(
        flow,
        direction,
        v.decision().verdict(),
        new Evidence.Decided(rule, v.path(), v.warnings()));
  }

  /**
   * Returns the direction rule of a host: flows to it are inbound, flows from it outbound. A host
   * matches by name ({@link Flow#from()}/{@link Flow#to()}) or by address text.
   *
   * @param host the host's name or address as the flows write it
   * @return the rule; it throws {@link IllegalArgumentException} for a flow that neither starts nor
   *     ends at the host
   */
  public static Function<Flow, Direction> asSeenBy(String host) {
    requireNonNull(host, "host");
    String h = host.trim();
    return f -> {
      if (is(h, f.to(), f.toAddress())) {
        return Direction.IN;
      }
      if (is(h, f.from(), f.fromAddress())) {
        return Direction.OUT;
      }
      throw new IllegalArgumentException(
          "flow "
              + f.id()
              + " neither starts nor ends at host "
              + h
              + ": check only the flows of that host, or pass another direction rule");
    };
  }

  private static boolean is(String host, String name, Optional<Address> address) {
    return name.equals(host) || address.map(a -> a.text().equals(host)).orElse(false);
  }
}
