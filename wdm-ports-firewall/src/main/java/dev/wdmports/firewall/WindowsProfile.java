package dev.wdmports.firewall;

import java.util.Locale;

/**
 * A Windows Firewall network profile.
 *
 * @since 0.1.0
 */
public enum WindowsProfile {
  /** The network of an Active Directory domain the host is joined to. */
  DOMAIN,
  /** A network the user marked private. */
  PRIVATE,
  /** Any other network. */
  PUBLIC;

  /**
   * Returns the name as Windows writes it ({@code Domain}, {@code Private}, {@code Public}).
   *
   * @return the display name
   */
  public String displayName() {
    String n = name();
    return n.charAt(0) + n.substring(1).toLowerCase(Locale.ROOT);
  }
}
