package dev.wdmports.firewall;

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
 * for (OperationStatus op : check.operations()) {
 *   System.out.println(op.operation().id() + ": " + check.explain(op));
 * }
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
   * Says why an operation has its status, with the deciding rules. The text does not start with the
   * operation's id: print it next to the id, e.g. {@code op.operation().id() + ": " +
   * check.explain(op)}. Examples: {@code available}; {@code broken, because
   * admin->wdm-server:443/tcp (gui-to-web-service-https) is denied by line 12 (-A INPUT ...)};
   * {@code available, but degraded, because ... is denied by line 12 (...)}; for {@code UNKNOWN},
   * the flows whose verdict is not known.
   *
   * @param status one of {@link #operations()}
   * @return the explanation, without the operation's id
   */
  public String explain(OperationStatus status) {
    if (status.availability() == Availability.UNKNOWN && !status.unknown().isEmpty()) {
      return explainUnknown(status);
    }
    if (status.availability() == Availability.DEGRADED && !status.blockedBy().isEmpty()) {
      return "available, but degraded, because " + deniedBy(status.blockedBy());
    }
    if (status.availability() != Availability.BROKEN || status.blockedBy().isEmpty()) {
      String reason = status.reason();
      String id = status.operation().id() + ": ";
      return reason.startsWith(id) ? reason.substring(id.length()) : reason;
    }
    return "broken, because " + deniedBy(status.blockedBy());
  }

  private String deniedBy(List<Flow> blocked) {
    StringBuilder sb = new StringBuilder();
    for (int i = 0; i < blocked.size(); i++) {
      Flow f = blocked.get(i);
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
   * Explains an unknown operation flow by flow: each unknown verdict with the rule, its line and
   * what was not understood; each flow this host does not see as not checked here.
   */
  private String explainUnknown(OperationStatus status) {
    // Flows unknown for the same reason are named together, the reason once.
    Map<String, List<String>> byReason = new java.util.LinkedHashMap<>();
    java.util.Set<String> seen = new java.util.HashSet<>();
    for (Flow f : status.unknown()) {
      if (!seen.add(f.id())) {
        continue;
      }
      java.util.Optional<CheckedFlow> c =
          flows.stream()
              .filter(x -> x.flow().id().equals(f.id()) && x.decision() == Decision.UNKNOWN)
              .findFirst();
      String reason;
      if (c.isEmpty()) {
        reason = " not checked here (they do not touch " + host + ")";
      } else {
        Verdict v = c.get().verdict();
        String prefix = v.rule().map(r -> r.location() + ": ").orElse("");
        List<String> why =
            v.warnings().stream()
                .map(
                    w ->
                        !prefix.isEmpty() && w.startsWith(prefix)
                            ? w.substring(prefix.length())
                            : w)
                .toList();
        reason =
            " unknown"
                + (v.rule().isPresent() ? " at " + decidedBy(c.get()) : "")
                + (why.isEmpty() ? "" : ": " + String.join("; ", why));
      }
      byReason.computeIfAbsent(reason, k -> new java.util.ArrayList<>()).add(f.toString());
    }
    StringBuilder sb = new StringBuilder("unknown, because ");
    boolean first = true;
    for (Map.Entry<String, List<String>> e : byReason.entrySet()) {
      boolean one = e.getValue().size() == 1;
      sb.append(first ? "" : "; ")
          .append(String.join(", ", e.getValue()))
          .append(one ? " is" : " are")
          .append(one ? e.getKey().replace("(they do not", "(it does not") : e.getKey());
      first = false;
    }
    return sb.toString();
  }

  /**
   * Counts the host's flows that are not allowed, denied and unknown apart, e.g. {@code 2 of 12
   * flows are denied, 3 unknown.}
   *
   * @return the summary; {@code Every flow is allowed.} when every flow is
   */
  public String summary() {
    return summary(flows);
  }

  /**
   * Counts checked flows that are not allowed, denied and unknown apart: {@code Every flow is
   * allowed.}, {@code 2 of 12 flows are denied.}, {@code 3 of 12 flows are unknown.} or {@code 2 of
   * 12 flows are denied, 3 unknown.} An unknown flow is neither allowed nor denied.
   *
   * @param checked the checked flows
   * @return the summary
   */
  public static String summary(List<CheckedFlow> checked) {
    long denied = checked.stream().filter(c -> c.decision() == Decision.DENY).count();
    long unknown = checked.stream().filter(c -> c.decision() == Decision.UNKNOWN).count();
    String of = " of " + checked.size() + (checked.size() == 1 ? " flow is " : " flows are ");
    if (denied == 0 && unknown == 0) {
      return "Every flow is allowed.";
    }
    if (unknown == 0) {
      return denied + of + "denied.";
    }
    if (denied == 0) {
      return unknown + of + "unknown.";
    }
    return denied + of + "denied, " + unknown + " unknown.";
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
