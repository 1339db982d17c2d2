package dev.wdmports.firewall;

import static java.util.Objects.requireNonNull;

import java.util.Optional;

/**
 * Where a {@link Rule} was read from: its text, line, label and comment, for messages.
 *
 * <pre>{@code
 * Origin o = new Origin("-A INPUT -p tcp --dport 22 -j ACCEPT", 7, Optional.empty(),
 *     Optional.of("ssh"));
 * o.location(); // "line 7"
 * }</pre>
 *
 * @param text the rule as written in the source
 * @param line the 1-based source line, 0 when unknown
 * @param label where else the rule is, e.g. {@code chain input handle 4}, or its Windows name
 * @param comment the rule's comment ({@code -m comment}, nftables {@code comment}), if any
 * @since 0.1.0
 */
public record Origin(String text, int line, Optional<String> label, Optional<String> comment) {

  /**
   * Validates the origin.
   *
   * @throws IllegalArgumentException if the line is negative
   */
  public Origin {
    requireNonNull(text, "text");
    requireNonNull(label, "label");
    requireNonNull(comment, "comment");
    if (line < 0) {
      throw new IllegalArgumentException("line " + line + " is negative: use 0 when unknown");
    }
  }

  /**
   * Describes where the rule is, for messages: {@code line 12}, or the label when there is no line,
   * or both.
   *
   * @return the location
   */
  public String location() {
    if (line > 0) {
      return label.map(l -> "line " + line + " (" + l + ")").orElse("line " + line);
    }
    return label.orElse("rule \"" + text + "\"");
  }
}
