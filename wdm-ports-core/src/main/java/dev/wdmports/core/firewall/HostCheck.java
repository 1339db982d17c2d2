package dev.wdmports.core.firewall;

import static java.util.Objects.requireNonNull;

import dev.wdmports.core.Flow;
import dev.wdmports.core.deploy.Deployment;
import dev.wdmports.core.graph.Availability;
import dev.wdmports.core.graph.DependencyGraph;
import dev.wdmports.core.graph.FlowVerdict;
import dev.wdmports.core.graph.OperationStatus;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * One host's firewall policy checked against a deployment: every flow the host takes part in,
 * evaluated in its direction (inbound to the host, outbound from it), rolled up into operations.
 *
 * <pre>{@code
 * Deployment site = Deployments.read(Path.of("site.yaml"), Catalogs.wdm());
 * FirewallPolicy rules = PolicyFormat.IPTABLES_SAVE.read(Path.of("wdm-server.rules"));
 * HostCheck check = HostCheck.of(rules, site, "wdm-server");
 * check.operations().forEach(op -> System.out.println(check.explain(op)));
 * // reboot: broken, because admin->wdm-server:443/tcp (gui-to-web-service-https) is denied by
 * //   line 12 (-A INPUT -p tcp --dport 443 -j DROP)
 * }</pre>
 *
 * <p>Flows that do not touch the host are not checked here; operations that need them are {@code
 * UNKNOWN} unless a checked flow breaks them.
 *
 * @param host the host whose policy was checked
 * @param flows one entry per flow of the host, in deployment order
 * @param operations every operation of the catalog, in catalog order
 */
public record HostCheck(String host, List<CheckedFlow> flows, List<OperationStatus> operations) {
  /** Copies the lists. */
  public HostCheck {
    requireNonNull(host, "host");
    flows = List.copyOf(flows);
    operations = List.copyOf(operations);
  }

  /**
   * Checks a host's policy against the flows of a deployment.
   *
   * @param policy the host's firewall policy
   * @param deployment the deployment
   * @param host a host of the deployment
   * @return the check
   * @throws dev.wdmports.core.InvalidInputException if the deployment has no such host
   */
  public static HostCheck of(FirewallPolicy policy, Deployment deployment, String host) {
    requireNonNull(policy, "policy");
    List<Flow> flows = deployment.flowsOf(host);
    List<CheckedFlow> checked = FirewallCheck.check(policy, flows, FirewallCheck.asSeenBy(host));
    Map<String, FlowVerdict> verdicts = new HashMap<>();
    for (CheckedFlow c : checked) {
      // Flows of several rules may share a connection id; the strictest verdict wins.
      verdicts.merge(c.flow().id(), verdict(c.decision()), HostCheck::stricter);
    }
    List<OperationStatus> ops = DependencyGraph.of(deployment).availability(verdicts);
    return new HostCheck(host, checked, ops);
  }

  /**
   * Maps a firewall decision to the verdict rolled up into operations.
   *
   * @param d a decision
   * @return {@code OPEN} for allow, {@code BLOCKED} for deny, {@code UNKNOWN} otherwise
   */
  public static FlowVerdict verdict(Decision d) {
    return switch (d) {
      case ALLOW -> FlowVerdict.OPEN;
      case DENY -> FlowVerdict.BLOCKED;
      case UNKNOWN -> FlowVerdict.UNKNOWN;
    };
  }

  private static FlowVerdict stricter(FlowVerdict a, FlowVerdict b) {
    if (a == FlowVerdict.BLOCKED || b == FlowVerdict.BLOCKED) {
      return FlowVerdict.BLOCKED;
    }
    return a == FlowVerdict.OPEN ? b : a;
  }

  /**
   * Tells whether every flow of the host is allowed.
   *
   * @return true if every verdict is {@link Decision#ALLOW}
   */
  public boolean allAllowed() {
    return flows.stream().allMatch(f -> f.decision() == Decision.ALLOW);
  }

  /**
   * Explains an operation's status with the deciding rules, e.g. {@code reboot: broken, because
   * admin->wdm-server:443/tcp (gui-to-web-service-https) is denied by line 12 (-A INPUT ...)}.
   *
   * @param status one of {@link #operations()}
   * @return the explanation
   */
  public String explain(OperationStatus status) {
    if (status.availability() != Availability.BROKEN || status.blockedBy().isEmpty()) {
      return status.reason();
    }
    StringBuilder sb = new StringBuilder(status.operation().id()).append(": broken, because ");
    for (int i = 0; i < status.blockedBy().size(); i++) {
      Flow f = status.blockedBy().get(i);
      sb.append(i == 0 ? "" : "; ").append(f).append(" is denied by ");
      sb.append(
          flows.stream()
              .filter(c -> c.flow().id().equals(f.id()) && c.decision() == Decision.DENY)
              .findFirst()
              .map(HostCheck::decidedBy)
              .orElse("the policy"));
    }
    return sb.toString();
  }

  /**
   * Describes what decided a flow: the rule with its line and text, or the chain's policy.
   *
   * @param c a checked flow
   * @return e.g. {@code line 12 (-A INPUT -p tcp --dport 443 -j DROP)} or {@code the default
   *     policy}
   */
  public static String decidedBy(CheckedFlow c) {
    return c.verdict()
        .rule()
        .map(r -> r.location() + (r.line() > 0 && !labelNamesText(r) ? " (" + r.text() + ")" : ""))
        .orElse(
            "the default policy"
                + (c.verdict().path().isEmpty()
                    ? ""
                    : " of " + String.join(" -> ", c.verdict().path())));
  }

  /** A Windows rule's label already names it; its text ("Rule Name: ...") would repeat it. */
  private static boolean labelNamesText(Rule r) {
    String name = r.text().replaceFirst("^Rule Name:\\s*", "").trim();
    return r.label().map(l -> l.contains(name)).orElse(false);
  }
}
