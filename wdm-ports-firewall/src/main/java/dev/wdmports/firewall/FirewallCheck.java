package dev.wdmports.firewall;

import static java.util.Objects.requireNonNull;

import dev.wdmports.core.Address;
import dev.wdmports.core.Flow;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;

/**
 * Evaluates many flows against one host's firewall policy.
 *
 * <pre>{@code
 * FirewallPolicy policy = PolicyFormat.IPTABLES_SAVE.read(Path.of("server.rules"));
 * List<CheckedFlow> verdicts =
 *     FirewallCheck.check(policy, deployment.flows(), FirewallCheck.asSeenBy("wdm-server"));
 * verdicts.stream()
 *     .filter(v -> v.decision() != Decision.ALLOW)
 *     .forEach(v -> System.out.println(v.flow() + ": " + v.verdict().warnings()));
 * }</pre>
 *
 * <p>Stateless and thread-safe.
 */
public final class FirewallCheck {
  private FirewallCheck() {}

  /**
   * Evaluates each flow in the direction the rule gives it.
   *
   * @param policy the host's policy
   * @param flows the flows, in the order the result keeps
   * @param directionRule which way each flow crosses the host, e.g. {@link #asSeenBy}
   * @return one verdict per flow, in order
   * @throws IllegalArgumentException if the rule rejects a flow (e.g. it does not touch the host)
   */
  public static List<CheckedFlow> check(
      FirewallPolicy policy, List<Flow> flows, Function<Flow, Direction> directionRule) {
    requireNonNull(policy, "policy");
    requireNonNull(flows, "flows");
    requireNonNull(directionRule, "directionRule");
    List<CheckedFlow> out = new ArrayList<>(flows.size());
    for (Flow f : flows) {
      Direction d = requireNonNull(directionRule.apply(f), "direction of " + f);
      out.add(new CheckedFlow(f, d, policy.evaluate(f, d)));
    }
    return List.copyOf(out);
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
