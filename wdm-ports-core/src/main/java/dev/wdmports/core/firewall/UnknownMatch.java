package dev.wdmports.core.firewall;

import static java.util.Objects.requireNonNull;

/**
 * A part of a rule the model does not understand, kept as written ({@code -m recent --rcheck},
 * {@code meta mark 0x1}, a Windows {@code Program}). A flow that reaches a rule with an unknown
 * match, and passes its understood matches, gets an {@code UNKNOWN} verdict.
 *
 * @param text the construct as written in the source
 */
public record UnknownMatch(String text) {
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

  @Override
  public String toString() {
    return text;
  }
}
