package dev.wdmports.core;

import dev.wdmports.core.internal.EnumIds;

/**
 * The transport a port belongs to. Every row of the WDM guide's Table 4 is TCP.
 *
 * @since 0.1.0
 */
public enum Transport {
  /** TCP. */
  TCP,
  /** UDP. */
  UDP;

  /**
   * Returns the lower-case name used in files and on the command line ({@code tcp}, {@code udp}).
   *
   * @return the id
   */
  public String id() {
    return EnumIds.id(this);
  }

  /**
   * Parses {@code tcp} or {@code udp}, in any case.
   *
   * @param text the name
   * @return the transport
   * @throws InvalidInputException if the text is neither
   */
  public static Transport parse(String text) {
    return EnumIds.parse(Transport.class, text, "transport");
  }
}
