package dev.wdmports.firewall;

/**
 * The address family a chain applies to.
 *
 * @since 0.1.0
 */
public enum IpFamily {
  /** IPv4 only (iptables, nftables {@code ip} tables). */
  IPV4,
  /** IPv6 only (ip6tables, nftables {@code ip6} tables). */
  IPV6,
  /** Both (nftables {@code inet} tables, Windows Firewall, AWS security groups). */
  ANY;

  /**
   * Tells whether traffic of a family is seen by a chain of this family.
   *
   * @param family {@link #IPV4} or {@link #IPV6}
   * @return true if this is {@link #ANY} or the same family
   */
  public boolean covers(IpFamily family) {
    return this == ANY || this == family;
  }
}
