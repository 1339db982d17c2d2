package dev.wdmports.core;

import static java.util.Objects.requireNonNull;

import com.google.common.net.InetAddresses;
import dev.wdmports.core.internal.Messages;
import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.util.Arrays;

/**
 * An IPv4 or IPv6 network: an address and a prefix length. A single address is a {@code /32} or
 * {@code /128}. Parsing never resolves names. An IPv4-mapped address ({@code ::ffff:10.0.0.5}) is
 * an IPv6 address, with prefix lengths up to 128; it never contains an IPv4 address.
 *
 * <pre>{@code
 * Cidr devices = Cidr.parse("10.0.1.0/24");
 * boolean in = devices.contains(Cidr.parse("10.0.1.7")); // true
 * }</pre>
 *
 * @param network the network address; host bits are cleared on construction
 * @param prefixLength 0..32 for IPv4, 0..128 for IPv6
 * @since 0.1.0
 */
public record Cidr(InetAddress network, int prefixLength) {
  /**
   * Validates the prefix and clears host bits.
   *
   * @throws IllegalArgumentException if the prefix is out of range for the address family
   */
  public Cidr {
    requireNonNull(network, "network");
    int bits = network.getAddress().length * 8;
    if (prefixLength < 0 || prefixLength > bits) {
      throw new IllegalArgumentException(
          "prefix length /"
              + prefixLength
              + " is out of range 0.."
              + bits
              + " for "
              + InetAddresses.toAddrString(network));
    }
    network = mask(network, prefixLength);
  }

  private static InetAddress mask(InetAddress address, int prefix) {
    byte[] b = address.getAddress();
    for (int i = 0; i < b.length; i++) {
      int keep = Math.max(0, Math.min(8, prefix - i * 8));
      b[i] &= (byte) (0xff << (8 - keep));
    }
    return address(b);
  }

  /**
   * Makes an address of 4 or 16 bytes. Sixteen bytes stay an IPv6 address even when they are an
   * IPv4-mapped one ({@code ::ffff:a.b.c.d}): {@link InetAddress#getByAddress(byte[])} would turn
   * those into IPv4, and a packet from such an address is an IPv6 packet.
   */
  private static InetAddress address(byte[] b) {
    try {
      return b.length == 16 ? Inet6Address.getByAddress(null, b, -1) : InetAddress.getByAddress(b);
    } catch (java.net.UnknownHostException e) {
      throw new AssertionError(e);
    }
  }

  /**
   * Parses {@code 10.0.0.5}, {@code 10.0.0.0/24}, {@code ::1} or {@code 2001:db8::/32}.
   *
   * @param text the address or network
   * @return the network
   * @throws InvalidInputException naming the text if it is not an IP address or CIDR
   */
  public static Cidr parse(String text) {
    requireNonNull(text, "text");
    try {
      return parseText(text);
    } catch (IllegalArgumentException e) {
      throw new InvalidInputException(Messages.of(e), e);
    }
  }

  /** As {@link #parse}, for constructors: an IllegalArgumentException. */
  static Cidr parseText(String text) {
    String t = text.trim();
    int slash = t.indexOf('/');
    String addr = slash < 0 ? t : t.substring(0, slash);
    if (addr.startsWith("[") && addr.endsWith("]")) {
      addr = addr.substring(1, addr.length() - 1);
    }
    if (!InetAddresses.isInetAddress(addr)) {
      throw new IllegalArgumentException(
          "address \""
              + text
              + "\" is not an IP address or CIDR: use e.g. 10.0.0.5, 10.0.0.0/24 or 2001:db8::/32");
    }
    InetAddress ip = InetAddresses.forString(addr);
    if (ip instanceof Inet4Address && addr.indexOf(':') >= 0) {
      // Guava (like the JDK) folds ::ffff:a.b.c.d into IPv4; it is an IPv6 address.
      byte[] mapped = new byte[16];
      mapped[10] = (byte) 0xff;
      mapped[11] = (byte) 0xff;
      System.arraycopy(ip.getAddress(), 0, mapped, 12, 4);
      ip = address(mapped);
    }
    int bits = ip.getAddress().length * 8;
    if (slash < 0) {
      return new Cidr(ip, bits);
    }
    String p = t.substring(slash + 1);
    if (p.isEmpty() || p.length() > 3 || !p.chars().allMatch(Character::isDigit)) {
      throw new IllegalArgumentException(
          "address \"" + text + "\" has a bad prefix length \"" + p + "\": use /0../" + bits);
    }
    int prefix = Integer.parseInt(p);
    if (prefix > bits) {
      throw new IllegalArgumentException(
          "address \"" + text + "\" has prefix length /" + prefix + ", out of range 0.." + bits);
    }
    return new Cidr(ip, prefix);
  }

  /**
   * Tells whether this is an IPv4 network.
   *
   * @return true for IPv4, false for IPv6
   */
  public boolean isIpv4() {
    return network instanceof Inet4Address;
  }

  /**
   * Tells whether this is a single address.
   *
   * @return true for a {@code /32} (IPv4) or {@code /128} (IPv6)
   */
  public boolean isHost() {
    return prefixLength == network.getAddress().length * 8;
  }

  /**
   * Tells whether an address lies in this network. Addresses of the other family never do.
   *
   * @param address an address
   * @return true if it matches the prefix
   */
  public boolean contains(InetAddress address) {
    byte[] a = address.getAddress();
    byte[] n = network.getAddress();
    if (a.length != n.length) {
      return false;
    }
    return Arrays.equals(mask(address, prefixLength).getAddress(), n);
  }

  /**
   * Tells whether every address of another network lies in this one.
   *
   * @param other a network
   * @return true if {@code other} is inside this network
   */
  public boolean contains(Cidr other) {
    return other.prefixLength >= prefixLength && contains(other.network);
  }

  /**
   * Tells whether two networks share an address.
   *
   * @param other a network
   * @return true if one contains the other
   */
  public boolean overlaps(Cidr other) {
    return contains(other) || other.contains(this);
  }

  /** Returns {@code 10.0.0.5} for a single address, else {@code 10.0.0.0/24}. */
  @Override
  public String toString() {
    String a = InetAddresses.toAddrString(network);
    byte[] b = network.getAddress();
    if (b.length == 16 && a.startsWith("::ffff:") && (b[10] & b[11] & 0xff) == 0xff) {
      a =
          "::ffff:"
              + (b[12] & 0xff)
              + "."
              + (b[13] & 0xff)
              + "."
              + (b[14] & 0xff)
              + "."
              + (b[15] & 0xff);
    }
    return isHost() ? a : a + "/" + prefixLength;
  }
}
