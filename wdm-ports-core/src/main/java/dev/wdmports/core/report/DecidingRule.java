package dev.wdmports.core.report;

import static java.util.Objects.requireNonNull;

import java.util.Optional;

/**
 * The firewall rule that decided a flow, as the report shows it: where it is, its text and label.
 * The firewall module builds it from its own rule type, so the report model needs no firewall
 * types.
 *
 * @param location where the rule is, e.g. {@code line 12} or {@code rule "WDM HTTPS"}
 * @param line the 1-based source line, 0 when unknown
 * @param text the rule as written, e.g. {@code -A INPUT -p tcp --dport 443 -j DROP}
 * @param label the rule's name, if it has one (Windows Firewall display names, nft comments)
 * @since 0.1.0
 */
public record DecidingRule(String location, int line, String text, Optional<String> label) {
  /**
   * Validates the rule.
   *
   * @throws NullPointerException if a part is null
   * @throws IllegalArgumentException if the line is negative
   */
  public DecidingRule {
    requireNonNull(location, "location");
    requireNonNull(text, "text");
    requireNonNull(label, "label");
    if (line < 0) {
      throw new IllegalArgumentException("line " + line + " is negative: use 0 when unknown");
    }
  }

  /**
   * Describes the rule for an explanation: its location, followed by its text in parentheses when
   * the text is from a known line and the label does not already name it.
   *
   * @return e.g. {@code line 12 (-A INPUT -p tcp --dport 443 -j DROP)}
   */
  public String describe() {
    return location + (line > 0 && !labelNamesText() ? " (" + text + ")" : "");
  }

  /** A Windows rule's label already names it; its text ("Rule Name: ...") would repeat it. */
  private boolean labelNamesText() {
    String name = text.replaceFirst("^Rule Name:\\s*", "").trim();
    return label.map(l -> l.contains(name)).orElse(false);
  }
}
