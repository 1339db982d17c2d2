package dev.wdmports.core;

import dev.wdmports.core.internal.EnumIds;

/**
 * Which of the designated HTTP and HTTPS ports the web channel between WDM components needs.
 *
 * <p>The seed says: "if port 80 (or the designated HTTP port), or port 443 (or the designated HTTPS
 * port) is closed, WDM will be unable to push". Read literally, a push needs both, so {@link
 * #HTTP_AND_HTTPS} is the default. A deployment that uses only secure communication picks {@link
 * #HTTPS}; one that accepts either picks {@link #HTTP_OR_HTTPS}.
 *
 * <p>The mode decides which rules of the web channel (the rules on the designated HTTP port and
 * those on the designated HTTPS port) a deployment needs at all ({@link #usesHttp()}, {@link
 * #usesHttps()}) and whether the two sides are alternatives ({@link #sidesAreAlternatives()}).
 * Rules off the web channel, such as the agent wake-up on TCP 80, are needed in every mode.
 *
 * <table>
 *   <caption>Which web-channel rules each mode needs</caption>
 *   <tr><th>mode</th><th>HTTP rules</th><th>HTTPS rules</th></tr>
 *   <tr><td>{@code http}</td><td>required</td><td>not needed</td></tr>
 *   <tr><td>{@code https}</td><td>not needed</td><td>required</td></tr>
 *   <tr><td>{@code http-and-https}</td><td>required</td><td>required</td></tr>
 *   <tr><td>{@code http-or-https}</td><td colspan="2">either one of each pair</td></tr>
 * </table>
 *
 * @since 0.1.0
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
   * Tells whether the rules on the designated HTTP port are needed in this mode (alone or as an
   * alternative).
   *
   * @return false only for {@link #HTTPS}
   */
  public boolean usesHttp() {
    return switch (this) {
      case HTTP, HTTP_AND_HTTPS, HTTP_OR_HTTPS -> true;
      case HTTPS -> false;
    };
  }

  /**
   * Tells whether the rules on the designated HTTPS port are needed in this mode (alone or as an
   * alternative).
   *
   * @return false only for {@link #HTTP}
   */
  public boolean usesHttps() {
    return switch (this) {
      case HTTPS, HTTP_AND_HTTPS, HTTP_OR_HTTPS -> true;
      case HTTP -> false;
    };
  }

  /**
   * Tells whether an HTTP rule and the HTTPS rule between the same components are alternatives
   * (either one suffices) rather than each required.
   *
   * @return true only for {@link #HTTP_OR_HTTPS}
   */
  public boolean sidesAreAlternatives() {
    return switch (this) {
      case HTTP_OR_HTTPS -> true;
      case HTTP, HTTPS, HTTP_AND_HTTPS -> false;
    };
  }

  /**
   * Returns the id used in files: {@code http}, {@code https}, {@code http-and-https}, {@code
   * http-or-https}.
   *
   * @return the id
   */
  public String id() {
    return EnumIds.id(this);
  }

  /**
   * Parses an id.
   *
   * @param text the id, in any case
   * @return the mode
   * @throws InvalidInputException naming the accepted ids
   */
  public static SecurityMode parse(String text) {
    return EnumIds.parse(SecurityMode.class, text, "security mode");
  }
}
