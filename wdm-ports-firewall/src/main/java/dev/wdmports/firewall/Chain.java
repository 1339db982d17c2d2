package dev.wdmports.firewall;

import static java.util.Objects.requireNonNull;

import java.util.List;
import java.util.Optional;

/**
 * A chain of ordered rules. A base chain is attached to a {@link Hook} with a priority and a
 * policy; a user chain is only reached by {@code JUMP}/{@code GOTO}.
 *
 * <pre>{@code
 * Chain input = Chain.base("filter", "INPUT", IpFamily.IPV4, Hook.INPUT, 0, Action.DROP, rules);
 * Chain wdm = Chain.user("filter", "WDM", IpFamily.IPV4, wdmRules);
 * }</pre>
 *
 * @param table the table the chain belongs to; jumps stay within a table
 * @param name the chain's name, unique within its table
 * @param family the addresses the chain sees
 * @param hook where a base chain is attached; empty for a user chain
 * @param priority the base chain's priority; lower runs first (iptables filter: 0)
 * @param policy what a base chain does with a packet no rule decides: {@code ACCEPT} or {@code
 *     DROP}; {@code RETURN} for a user chain
 * @param rules the rules in order
 * @since 0.1.0
 */
public record Chain(
    String table,
    String name,
    IpFamily family,
    Optional<Hook> hook,
    int priority,
    Action policy,
    List<Rule> rules) {

  /**
   * Validates the chain.
   *
   * @throws IllegalArgumentException if the name is blank or the policy does not fit the kind
   */
  public Chain {
    requireNonNull(table, "table");
    requireNonNull(name, "name");
    requireNonNull(family, "family");
    requireNonNull(hook, "hook");
    requireNonNull(policy, "policy");
    rules = List.copyOf(rules);
    if (name.isBlank()) {
      throw new IllegalArgumentException("chain name is blank: give e.g. INPUT");
    }
    if (hook.isPresent() && !policy.equals(Action.ACCEPT) && !policy.equals(Action.DROP)) {
      throw new IllegalArgumentException(
          "base chain " + name + " has policy " + policy + ": use ACCEPT or DROP");
    }
    if (hook.isEmpty() && !policy.equals(Action.RETURN)) {
      throw new IllegalArgumentException(
          "user chain " + name + " has policy " + policy + ": user chains return (RETURN)");
    }
  }

  /**
   * Creates a base chain.
   *
   * @param table the table
   * @param name the name
   * @param family the family
   * @param hook the hook
   * @param priority the priority
   * @param policy {@code ACCEPT} or {@code DROP}
   * @param rules the rules
   * @return the chain
   */
  public static Chain base(
      String table,
      String name,
      IpFamily family,
      Hook hook,
      int priority,
      Action policy,
      List<Rule> rules) {
    return new Chain(table, name, family, Optional.of(hook), priority, policy, rules);
  }

  /**
   * Creates a user chain.
   *
   * @param table the table
   * @param name the name
   * @param family the family
   * @param rules the rules
   * @return the chain
   */
  public static Chain user(String table, String name, IpFamily family, List<Rule> rules) {
    return new Chain(table, name, family, Optional.empty(), 0, Action.RETURN, rules);
  }

  /**
   * Tells whether this is a base chain.
   *
   * @return true if it is attached to a hook
   */
  public boolean isBase() {
    return hook.isPresent();
  }
}
