package dev.wdmports.core;

import java.util.Locale;

/**
 * Which of the designated HTTP and HTTPS ports the web channel between WDM components needs.
 *
 * <p>The seed says: "if port 80 (or the designated HTTP port), or port 443 (or the designated HTTPS
 * port) is closed, WDM will be unable to push". Read literally, a push needs both, so {@link
 * #HTTP_AND_HTTPS} is the default. A deployment that uses only secure communication picks {@link
 * #HTTPS}; one that accepts either picks {@link #HTTP_OR_HTTPS}.
 */
public enum SecurityMode {
  /** Only the designated HTTP port is used. */
  HTTP,
  /** Only the designated HTTPS port is used. */
  HTTPS,
  /** Both ports are needed (the seed's reading; the default). */
  HTTP_AND_HTTPS,
  /** Either port suffices. */
  HTTP_OR_HTTPS;

  /** The default mode, the seed's reading. */
  public static final SecurityMode DEFAULT = HTTP_AND_HTTPS;

  /**
   * Returns the id used in files: {@code http}, {@code https}, {@code http-and-https}, {@code
   * http-or-https}.
   *
   * @return the id
   */
  public String id() {
    return name().toLowerCase(Locale.ROOT).replace('_', '-');
  }

  /**
   * Parses an id.
   *
   * @param text the id
   * @return the mode
   * @throws IllegalArgumentException naming the accepted ids
   */
  public static SecurityMode parse(String text) {
    for (SecurityMode m : values()) {
      if (m.id().equals(text)) {
        return m;
      }
    }
    throw new IllegalArgumentException(
        "security mode \""
            + text
            + "\" is not known: use http, https, http-and-https or http-or-https");
  }
}
