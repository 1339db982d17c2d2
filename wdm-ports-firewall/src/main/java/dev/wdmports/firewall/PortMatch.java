package dev.wdmports.firewall;

import static java.util.Objects.requireNonNull;

import dev.wdmports.core.PortRange;
import dev.wdmports.core.PortSet;

/**
 * A rule's match on a source or destination port: a set of ports, optionally negated.
 *
 * <pre>{@code
 * PortMatch web = PortMatch.of(PortSet.parse("80,443"));
 * PortMatch notSsh = PortMatch.not(PortSet.of(22));
 * }</pre>
 *
 * @param ports the ports
 * @param negated true for {@code ! --dport ...}
 * @since 0.1.0
 */
public record PortMatch(PortSet ports, boolean negated) {
  private static final PortMatch ANY = new PortMatch(PortSet.of(PortRange.ALL), false);

  /**
   * Validates the match.
   *
   * @throws IllegalArgumentException if the set is empty
   */
  public PortMatch {
    requireNonNull(ports, "ports");
    if (ports.isEmpty()) {
      throw new IllegalArgumentException("a port match needs at least one port");
    }
  }

  /**
   * Returns the match of every port.
   *
   * @return the match 1..65535
   */
  public static PortMatch any() {
    return ANY;
  }

  /**
   * Returns the match of the given ports.
   *
   * @param ports the ports
   * @return the match
   */
  public static PortMatch of(PortSet ports) {
    return new PortMatch(ports, false);
  }

  /**
   * Returns the match of every port except the given ones.
   *
   * @param ports the ports to exclude
   * @return the negated match
   */
  public static PortMatch not(PortSet ports) {
    return new PortMatch(ports, true);
  }

  /**
   * Tells whether a port passes the match.
   *
   * @param port a port
   * @return true if it is in the set (outside it, when negated)
   */
  public boolean matches(int port) {
    return ports.contains(port) != negated;
  }

  /**
   * Returns the ports that pass, negation applied.
   *
   * @return the effective set
   */
  public PortSet effective() {
    if (!negated) {
      return ports;
    }
    java.util.List<PortRange> out = new java.util.ArrayList<>();
    int next = PortRange.MIN_PORT;
    for (PortRange r : ports.ranges()) {
      if (r.first() > next) {
        out.add(PortRange.between(next, r.first() - 1));
      }
      next = r.last() + 1;
    }
    if (next <= PortRange.MAX_PORT) {
      out.add(PortRange.between(next, PortRange.MAX_PORT));
    }
    return new PortSet(out);
  }

  /**
   * Tells whether every port passes.
   *
   * @return true when the effective set is 1..65535
   */
  public boolean isAny() {
    return effective().size() == PortRange.ALL.size();
  }

  @Override
  public String toString() {
    return isAny() ? "any" : (negated ? "!" : "") + ports;
  }
}
