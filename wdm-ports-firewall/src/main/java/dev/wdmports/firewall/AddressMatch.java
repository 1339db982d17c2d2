package dev.wdmports.firewall;

import static java.util.Objects.requireNonNull;

import dev.wdmports.core.Cidr;
import java.util.List;
import java.util.stream.Collectors;

/**
 * A rule's match on a source or destination address: a set of IPv4 and IPv6 networks, optionally
 * negated. An empty, non-negated set matches any address.
 *
 * <pre>{@code
 * AddressMatch lan = AddressMatch.of(Cidr.parse("10.0.0.0/8"));
 * AddressMatch notLan = AddressMatch.not(Cidr.parse("10.0.0.0/8"));
 * }</pre>
 *
 * @param networks the networks; empty means any address (when not negated)
 * @param negated true for {@code ! -s ...}: matches addresses outside every network
 * @since 0.1.0
 */
public record AddressMatch(List<Cidr> networks, boolean negated) {
  private static final AddressMatch ANY = new AddressMatch(List.of(), false);

  /**
   * Validates the match.
   *
   * @throws IllegalArgumentException if an empty set is negated (it would match nothing)
   */
  public AddressMatch {
    networks = List.copyOf(requireNonNull(networks, "networks"));
    if (negated && networks.isEmpty()) {
      throw new IllegalArgumentException(
          "a negated address match needs at least one network: give the networks to exclude");
    }
  }

  /**
   * Returns the match of any address.
   *
   * @return the match that every address passes
   */
  public static AddressMatch any() {
    return ANY;
  }

  /**
   * Returns the match of addresses in any of the networks.
   *
   * @param networks one or more networks
   * @return the match
   */
  public static AddressMatch of(Cidr... networks) {
    return new AddressMatch(List.of(networks), false);
  }

  /**
   * Returns the match of addresses outside all of the networks.
   *
   * @param networks one or more networks
   * @return the negated match
   */
  public static AddressMatch not(Cidr... networks) {
    return new AddressMatch(List.of(networks), true);
  }

  /**
   * Tells whether this match accepts every address.
   *
   * @return true for {@link #any()}
   */
  public boolean isAny() {
    return networks.isEmpty();
  }

  @Override
  public String toString() {
    if (isAny()) {
      return "any";
    }
    String s = networks.stream().map(Cidr::toString).collect(Collectors.joining(","));
    return negated ? "!" + s : s;
  }
}
