package dev.wdmports.firewall;

import dev.wdmports.core.WdmPortsException;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * A policy's chains do not fit together: a jump to a chain that does not exist, or a loop between
 * chains. Parsers turn it into an {@link dev.wdmports.core.InvalidInputException} that names the
 * line of {@link #rule()}.
 *
 * @since 0.1.0
 */
public final class PolicyException extends WdmPortsException {
  private static final long serialVersionUID = 1L;

  private final transient @Nullable Rule rule;
  private final String detail;

  /**
   * Creates the exception.
   *
   * @param rule the rule at fault, or {@code null}
   * @param detail what is wrong and how to fix it, without the location
   */
  public PolicyException(@Nullable Rule rule, String detail) {
    super(rule == null ? detail : rule.location() + ": " + detail);
    this.rule = rule;
    this.detail = detail;
  }

  /**
   * Returns the rule at fault.
   *
   * @return the rule, when one is at fault
   */
  public Optional<Rule> rule() {
    return Optional.ofNullable(rule);
  }

  /**
   * Returns the message without the rule's location.
   *
   * @return what is wrong
   */
  public String detail() {
    return detail;
  }
}
