package dev.wdmports.core;

import static java.util.Objects.requireNonNull;

import com.google.common.net.InetAddresses;
import com.google.common.net.InternetDomainName;
import dev.wdmports.core.internal.Messages;
import java.util.Optional;

/**
 * Where a host of a deployment is: an IP address, a network in CIDR form (a fleet of devices), or a
 * DNS name. Nothing is resolved on construction.
 *
 * <pre>{@code
 * Address server = Address.parse("10.0.0.5");
 * Address devices = Address.parse("10.0.1.0/24");
 * Address db = Address.parse("db.example.com");
 * }</pre>
 *
 * @param text the address as written
 * @since 0.1.0
 */
public record Address(String text) {
  /**
   * Validates the address.
   *
   * @throws IllegalArgumentException if it is neither an IP address, a CIDR nor a DNS name
   */
  public Address {
    requireNonNull(text, "text");
    text = text.trim();
    if (looksNumeric(text) || !isName(text)) {
      try {
        text = Cidr.parseText(text).toString();
      } catch (IllegalArgumentException e) {
        if (looksNumeric(text)) {
          throw e;
        }
        throw new IllegalArgumentException(
            "address \""
                + text
                + "\" is not an IP address, CIDR or DNS name: use e.g. 10.0.0.5, 10.0.1.0/24 or"
                + " wdm.example.com",
            e);
      }
    }
  }

  /**
   * Parses an address.
   *
   * @param text an IP address, a CIDR or a DNS name
   * @return the address
   * @throws InvalidInputException naming the text if it is none of these
   */
  public static Address parse(String text) {
    requireNonNull(text, "text");
    try {
      return new Address(text);
    } catch (IllegalArgumentException e) {
      throw new InvalidInputException(Messages.of(e), e);
    }
  }

  private static boolean looksNumeric(String t) {
    return t.contains("/")
        || t.contains(":")
        || t.chars().allMatch(c -> c == '.' || Character.isDigit(c));
  }

  private static boolean isName(String t) {
    return t.equals("localhost")
        || (!InetAddresses.isInetAddress(t)
            && InternetDomainName.isValid(t)
            && !lastLabelNumeric(t));
  }

  private static boolean lastLabelNumeric(String t) {
    String s = t.endsWith(".") ? t.substring(0, t.length() - 1) : t;
    String last = s.substring(s.lastIndexOf('.') + 1);
    return !last.isEmpty() && last.chars().allMatch(Character::isDigit);
  }

  /**
   * Returns the network, when the address is an IP address or a CIDR.
   *
   * @return the network; empty for a DNS name
   */
  public Optional<Cidr> cidr() {
    return isDnsName() ? Optional.empty() : Optional.of(Cidr.parseText(text));
  }

  /**
   * Tells whether the address is a DNS name.
   *
   * @return true for a name, false for an IP address or CIDR
   */
  public boolean isDnsName() {
    return !looksNumeric(text) && isName(text);
  }

  @Override
  public String toString() {
    return text;
  }
}
