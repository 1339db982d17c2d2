package dev.wdmports.firewall;

import static java.util.Objects.requireNonNull;

import java.util.List;
import java.util.Optional;

/**
 * What a policy does with one flow, and why.
 *
 * <pre>{@code
 * Evaluation v = policy.evaluate(Flow.parse("10.0.0.20->10.0.0.5:443/tcp"), Direction.IN);
 * if (v.decision() == Decision.DENY) {
 *   System.out.println("blocked by line " + v.line() + ": " + v.ruleText());
 * }
 * }</pre>
 *
 * @param decision allow, deny or unknown
 * @param rule the deciding rule; empty when a chain policy or a default decided
 * @param path the chains traversed in order (for Windows, the profiles evaluated)
 * @param warnings why the verdict may be wrong or is unknown, each naming a line when one is known
 * @since 0.1.0
 */
public record Evaluation(
    Decision decision, Optional<Rule> rule, List<String> path, List<String> warnings) {
  /**
   * Validates the verdict.
   *
   * @throws NullPointerException if a part is null
   */
  public Evaluation {
    requireNonNull(decision, "decision");
    requireNonNull(rule, "rule");
    path = List.copyOf(path);
    warnings = List.copyOf(warnings);
  }

  /**
   * Returns the deciding rule's source line.
   *
   * @return the line, or 0 when a policy or default decided or the line is not known
   */
  public int line() {
    return rule.map(Rule::line).orElse(0);
  }

  /**
   * Returns the deciding rule's text.
   *
   * @return the text, or empty when a policy or default decided
   */
  public Optional<String> ruleText() {
    return rule.map(Rule::text);
  }

  /**
   * Tells whether the flow gets through.
   *
   * @return true for {@link Decision#ALLOW}
   */
  public boolean allowed() {
    return decision == Decision.ALLOW;
  }
}
