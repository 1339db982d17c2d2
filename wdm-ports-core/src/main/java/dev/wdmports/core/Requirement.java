package dev.wdmports.core;

import static java.util.Objects.requireNonNull;

import java.util.List;

/**
 * One thing an {@link Operation} needs. An operation needs all of its requirements (AND); a
 * requirement may offer alternatives (OR).
 *
 * <pre>{@code
 * Requirement db = new Requirement.AllFlowsOf("web-service-to-database");
 * Requirement ftp = new Requirement.AnyOf(List.of("web-agent-to-master-repository-ftp",
 *     "web-agent-to-remote-repository-ftp"));
 * Requirement web = new Requirement.Channel("web-agent-to-web-service-http",
 *     "web-agent-to-web-service-https");
 * }</pre>
 *
 * @since 0.1.0
 */
public sealed interface Requirement {
  /**
   * Returns the ids of the rules this requirement refers to.
   *
   * @return rule ids, in order
   */
  List<String> ruleIds();

  /**
   * Every flow of one port rule: the operation needs them all (a port rule placed on several hosts
   * has a flow per pair of hosts).
   *
   * @param rule the rule id
   * @since 0.1.0
   */
  record AllFlowsOf(String rule) implements Requirement {
    /** Validates the id. */
    public AllFlowsOf {
      Ids.check("rule", rule);
    }

    @Override
    public List<String> ruleIds() {
      return List.of(rule);
    }
  }

  /**
   * The flows of any one of the rules.
   *
   * @param rules two or more rule ids
   * @since 0.1.0
   */
  record AnyOf(List<String> rules) implements Requirement {
    /**
     * Validates the alternatives.
     *
     * @throws IllegalArgumentException if fewer than two or repeated
     */
    public AnyOf {
      rules = List.copyOf(requireNonNull(rules, "rules"));
      if (rules.size() < 2) {
        throw new IllegalArgumentException(
            "anyOf needs at least two rules, got " + rules + ": use rule for a single one");
      }
      rules.forEach(r -> Ids.check("rule", r));
      if (rules.stream().distinct().count() != rules.size()) {
        throw new IllegalArgumentException("anyOf " + rules + " repeats a rule: list each once");
      }
    }

    @Override
    public List<String> ruleIds() {
      return rules;
    }
  }

  /**
   * The web channel between two components: the HTTP rule, the HTTPS rule, or both, as the
   * deployment's {@link SecurityMode} says.
   *
   * @param http the id of the rule over the designated HTTP port
   * @param https the id of the rule over the designated HTTPS port
   * @since 0.1.0
   */
  record Channel(String http, String https) implements Requirement {
    /**
     * Validates the ids.
     *
     * @throws IllegalArgumentException if an id is invalid or both are the same
     */
    public Channel {
      Ids.check("rule", http);
      Ids.check("rule", https);
      if (http.equals(https)) {
        throw new IllegalArgumentException(
            "channel names rule " + http + " for both http and https: give two different rules");
      }
    }

    @Override
    public List<String> ruleIds() {
      return List.of(http, https);
    }
  }
}
