package dev.wdmports.probe;

import static java.util.Objects.requireNonNull;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * What a probe saw, bounded in size: named facts such as the banner or status line, TLS facts, and
 * how many bytes were read from the peer.
 *
 * <pre>{@code
 * String banner = result.evidence().facts().getOrDefault(Evidence.BANNER, "");
 * long read = result.evidence().bytesRead();
 * }</pre>
 *
 * <p>At most {@value #MAX_FACTS} facts are kept, each value cut to {@value #MAX_VALUE_LENGTH}
 * characters; non-printable characters are escaped ({@code \r}, {@code \n}, {@code \x07}).
 *
 * @param facts named facts, in the order the checker added them
 * @param tls the TLS facts, for checkers that speak TLS
 * @param bytesRead how many bytes the probe read from the peer (raw, before TLS decryption)
 * @since 0.1.0
 */
public record Evidence(Map<String, String> facts, Optional<TlsFacts> tls, long bytesRead) {
  /** The largest number of facts kept. */
  public static final int MAX_FACTS = 32;

  /** The longest fact value kept, in characters. */
  public static final int MAX_VALUE_LENGTH = 512;

  /** The first line or greeting the peer sent (FTP {@code 220}, RFB version, ...). */
  public static final String BANNER = "banner";

  /** The HTTP status line. */
  public static final String STATUS_LINE = "statusLine";

  /** The protocol version the peer announced (RFB {@code 003.008}, TDS {@code 15.0.2000.0}). */
  public static final String VERSION = "version";

  private static final Evidence NONE = new Evidence(Map.of(), Optional.empty(), 0);

  /**
   * Bounds and copies the facts.
   *
   * @throws IllegalArgumentException if {@code bytesRead} is negative
   */
  public Evidence {
    requireNonNull(facts, "facts");
    requireNonNull(tls, "tls");
    if (bytesRead < 0) {
      throw new IllegalArgumentException("bytesRead " + bytesRead + " is negative");
    }
    Map<String, String> copy = new LinkedHashMap<>();
    for (Map.Entry<String, String> e : facts.entrySet()) {
      if (copy.size() == MAX_FACTS) {
        break;
      }
      copy.put(
          truncate(requireNonNull(e.getKey(), "fact name"), 64),
          truncate(requireNonNull(e.getValue(), "fact value"), MAX_VALUE_LENGTH));
    }
    facts = Collections.unmodifiableMap(copy);
  }

  /**
   * Returns evidence with nothing in it.
   *
   * @return empty evidence
   */
  public static Evidence none() {
    return NONE;
  }

  /**
   * Makes text safe to show: escapes control characters, and cuts it to a length.
   *
   * @param text any text
   * @param max the longest result, at least 4
   * @return the escaped text, ending in {@code ...} when it was cut
   */
  static String truncate(String text, int max) {
    if (text.length() <= max && printable(text)) {
      return text; // the usual case, and a sweep makes one result per port
    }
    StringBuilder sb = new StringBuilder(Math.min(text.length(), max) + 8);
    for (int i = 0; i < text.length() && sb.length() <= max; i++) {
      char c = text.charAt(i);
      if (c == '\r') {
        sb.append("\\r");
      } else if (c == '\n') {
        sb.append("\\n");
      } else if (c == '\t') {
        sb.append("\\t");
      } else if (c < 0x20 || c == 0x7f) {
        sb.append(String.format(Locale.ROOT, "\\x%02x", (int) c));
      } else {
        sb.append(c);
      }
    }
    if (sb.length() > max) {
      sb.setLength(max - 3);
      sb.append("...");
    }
    return sb.toString();
  }

  private static boolean printable(String text) {
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      if (c < 0x20 || c == 0x7f) {
        return false;
      }
    }
    return true;
  }
}
