package dev.wdmports.firewall;

import static java.util.Objects.requireNonNull;

/**
 * A part of a rule the model does not understand, kept as written ({@code -m recent --rcheck},
 * {@code meta mark 0x1}, a Windows {@code Program}). A flow that reaches a rule with an unknown
 * match, and passes its understood matches, gets an {@code UNKNOWN} verdict, unless every unknown
 * part of the rule is a {@link #condition()} and the flow ends the same way whether the rule
 * matches or not.
 *
 * @param text the construct as written in the source
 * @param condition true when the construct only decides whether the rule matches (an unresolved set
 *     lookup, a match module), so the rule does what its action says when it matches; false when it
 *     may also change what the rule does (an unknown target or statement)
 * @since 0.1.0
 */
public record UnknownMatch(String text, boolean condition) {
  /**
   * Validates the match.
   *
   * @throws IllegalArgumentException if the text is blank
   */
  public UnknownMatch {
    requireNonNull(text, "text");
    if (text.isBlank()) {
      throw new IllegalArgumentException("an unknown match needs its source text");
    }
  }

  /**
   * Creates an unknown construct that may change what the rule does, not only whether it matches.
   *
   * @param text the construct as written in the source
   * @throws IllegalArgumentException if the text is blank
   */
  public UnknownMatch(String text) {
    this(text, false);
  }

  @Override
  public String toString() {
    return text;
  }
}
