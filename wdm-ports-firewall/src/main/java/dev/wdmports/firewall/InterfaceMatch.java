package dev.wdmports.firewall;

import static java.util.Objects.requireNonNull;

/**
 * A rule's match on the interface a packet arrives on or leaves by ({@code -i}/{@code -o}, {@code
 * iifname}/{@code oifname}). A trailing {@code +} (iptables) or {@code *} (nftables) matches every
 * name with that prefix.
 *
 * @param name the interface name or pattern
 * @param negated true for {@code ! -i ...}
 * @since 0.1.0
 */
public record InterfaceMatch(String name, boolean negated) {
  /**
   * Validates the match.
   *
   * @throws IllegalArgumentException if the name is blank
   */
  public InterfaceMatch {
    requireNonNull(name, "name");
    if (name.isBlank()) {
      throw new IllegalArgumentException("interface name is blank: give e.g. eth0 or eth+");
    }
  }

  /**
   * Tells whether an interface name passes the match.
   *
   * @param iface the interface name
   * @return true if it matches (does not match, when negated)
   */
  public boolean matches(String iface) {
    boolean m;
    if (name.endsWith("+") || name.endsWith("*")) {
      m = iface.startsWith(name.substring(0, name.length() - 1));
    } else {
      m = iface.equals(name);
    }
    return m != negated;
  }

  /**
   * Tells whether the match names the loopback interface {@code lo}.
   *
   * @return true for {@code lo}
   */
  public boolean isLoopback() {
    return name.equals("lo");
  }

  @Override
  public String toString() {
    return (negated ? "!" : "") + name;
  }
}
