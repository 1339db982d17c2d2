package dev.wdmports.test;

import static dev.wdmports.test.error.ShouldAllow.shouldAllow;
import static dev.wdmports.test.error.ShouldBlock.shouldBlock;
import static dev.wdmports.test.error.ShouldKeepAvailable.shouldKeepAvailable;
import static java.util.Objects.requireNonNull;

import dev.wdmports.core.Flow;
import dev.wdmports.core.deploy.Deployment;
import dev.wdmports.core.graph.FlowVerdict;
import dev.wdmports.core.graph.OperationStatus;
import dev.wdmports.core.report.Direction;
import dev.wdmports.core.report.FlowCheck;
import dev.wdmports.core.report.HostReport;
import dev.wdmports.firewall.FirewallPolicy;
import dev.wdmports.firewall.HostCheck;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import org.assertj.core.api.AssertionErrorCollector;
import org.jspecify.annotations.Nullable;

/**
 * Assertions on a {@link FirewallPolicy}; get one from {@link WdmAssertions#assertThat(
 * FirewallPolicy)}. Given flows are evaluated inbound unless {@link #outbound()} or {@link
 * #asSeenBy(String)} says otherwise. A failure lists every offending flow with its decision and the
 * rule and line that decided it. Not thread-safe.
 *
 * @since 0.1.0
 */
public class FirewallPolicyAssert extends WdmAssert<FirewallPolicyAssert, FirewallPolicy> {
  private Function<Flow, Direction> directions = f -> Direction.IN;
  private String scope = "inbound";

  /**
   * Creates the assertion; prefer {@link WdmAssertions#assertThat(FirewallPolicy)}.
   *
   * @param actual the policy under test
   */
  public FirewallPolicyAssert(FirewallPolicy actual) {
    this(actual, null);
  }

  /** A soft assertion of {@link WdmSoftAssertions} when {@code collector} is not null. */
  FirewallPolicyAssert(FirewallPolicy actual, @Nullable AssertionErrorCollector collector) {
    super(actual, FirewallPolicyAssert.class, collector);
  }

  /**
   * Evaluates the flows given to {@link #allows} and {@link #blocks} inbound (the default).
   *
   * @return this assertion
   */
  public FirewallPolicyAssert inbound() {
    directions = f -> Direction.IN;
    scope = "inbound";
    return myself;
  }

  /**
   * Evaluates the flows given to {@link #allows} and {@link #blocks} outbound.
   *
   * @return this assertion
   */
  public FirewallPolicyAssert outbound() {
    directions = f -> Direction.OUT;
    scope = "outbound";
    return myself;
  }

  /**
   * Evaluates each flow given to {@link #allows} and {@link #blocks} as the host sees it: inbound
   * when it ends at the host, outbound when it starts there.
   *
   * @param host the host's name or address as the flows write it
   * @return this assertion
   * @throws NullPointerException if host is null
   */
  public FirewallPolicyAssert asSeenBy(String host) {
    directions = HostCheck.asSeenBy(requireNonNull(host, "host"));
    scope = "as seen by " + host;
    return myself;
  }

  /**
   * Verifies that the policy allows every flow.
   *
   * @param flows the flows, e.g. {@code Flow.parse("10.10.0.20->10.10.0.5:443/tcp")}
   * @return this assertion
   * @throws IllegalArgumentException if no flow is given, or a flow does not touch the host of
   *     {@link #asSeenBy(String)}
   */
  public FirewallPolicyAssert allows(Flow... flows) {
    List<Flow> list = Operations.flows(flows, "flows");
    isNotNull();
    List<FlowCheck> checked = HostCheck.check(actual, list, directions);
    List<FlowCheck> failing = failing(checked, FlowVerdict.OPEN);
    if (!failing.isEmpty()) {
      throwAssertionError(
          shouldAllow(actual.sourceName(), givenFlows(list), failing, checked.size()));
    }
    return myself;
  }

  /**
   * Verifies that the policy denies every flow. A flow whose decision is unknown is not blocked.
   *
   * @param flows the flows
   * @return this assertion
   * @throws IllegalArgumentException if no flow is given, or a flow does not touch the host of
   *     {@link #asSeenBy(String)}
   */
  public FirewallPolicyAssert blocks(Flow... flows) {
    List<Flow> list = Operations.flows(flows, "flows");
    isNotNull();
    List<FlowCheck> checked = HostCheck.check(actual, list, directions);
    List<FlowCheck> failing = failing(checked, FlowVerdict.BLOCKED);
    if (!failing.isEmpty()) {
      throwAssertionError(
          shouldBlock(actual.sourceName(), givenFlows(list), failing, checked.size()));
    }
    return myself;
  }

  /**
   * Verifies that the policy, as the firewall of a host, allows every flow the deployment needs
   * that host to take part in (inbound to it and outbound from it).
   *
   * @param deployment the deployment
   * @param host a host of the deployment
   * @return this assertion
   * @throws IllegalArgumentException if the deployment has no such host
   */
  public FirewallPolicyAssert allowsEveryFlowOf(Deployment deployment, String host) {
    requireNonNull(deployment, "deployment");
    requireNonNull(host, "host");
    isNotNull();
    HostReport check = HostCheck.of(actual, deployment, host);
    List<FlowCheck> failing = failing(check.flows(), FlowVerdict.OPEN);
    if (!failing.isEmpty()) {
      throwAssertionError(
          shouldAllow(
              actual.sourceName(),
              "every flow of host " + host + " in deployment " + deployment.name(),
              failing,
              check.flows().size()));
    }
    return myself;
  }

  /**
   * Verifies that, with the policy as the firewall of a host, the operations still work (they are
   * available or degraded). Flows that do not touch the host are not known here, so an operation
   * that needs them is {@code UNKNOWN} and fails this assertion.
   *
   * @param deployment the deployment
   * @param host a host of the deployment
   * @param operationIds the operations, e.g. {@code "reboot"}
   * @return this assertion
   * @throws IllegalArgumentException if no operation is named, an operation is not in the catalog,
   *     or the deployment has no such host
   */
  public FirewallPolicyAssert keepsAvailable(
      Deployment deployment, String host, String... operationIds) {
    requireNonNull(deployment, "deployment");
    requireNonNull(host, "host");
    List<String> ids = Operations.ids(operationIds);
    isNotNull();
    HostReport check = HostCheck.of(actual, deployment, host);
    List<String> explanations = new ArrayList<>();
    for (String id : ids) {
      OperationStatus status = Operations.find(check.operations(), id);
      if (!status.available()) {
        explanations.add(id + ": " + check.explain(status));
      }
    }
    if (!explanations.isEmpty()) {
      throwAssertionError(
          shouldKeepAvailable(
              "policy "
                  + actual.sourceName()
                  + " of host "
                  + host
                  + " in deployment "
                  + deployment.name(),
              ids,
              explanations));
    }
    return myself;
  }

  private String givenFlows(List<Flow> flows) {
    return (flows.size() == 1 ? "the given flow " : "every given flow ") + scope;
  }

  private static List<FlowCheck> failing(List<FlowCheck> checked, FlowVerdict wanted) {
    return checked.stream().filter(c -> c.verdict() != wanted).toList();
  }
}
