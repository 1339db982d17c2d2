package dev.wdmports.probe.internal;

import static java.util.Objects.requireNonNull;

import dev.wdmports.core.Cidr;
import dev.wdmports.core.InvalidInputException;
import java.math.BigInteger;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * A contiguous span of IPv4 or IPv6 addresses, {@code first..last} inclusive, as numbers: the unit
 * that probe targets expand, exclude, sample and collapse into. Never holds its addresses.
 *
 * @param v6 whether the addresses are IPv6 (128 bits) rather than IPv4 (32 bits)
 * @param first the first address as an unsigned number
 * @param last the last address, at least {@code first}
 */
public record IpSpan(boolean v6, BigInteger first, BigInteger last) {
  private static final BigInteger V4_MAX = BigInteger.ONE.shiftLeft(32).subtract(BigInteger.ONE);
  private static final BigInteger V6_MAX = BigInteger.ONE.shiftLeft(128).subtract(BigInteger.ONE);

  /** The end of the short range form {@code 10.10.8.10-20}: a last octet, in decimal. */
  private static final Pattern LAST_OCTET = Pattern.compile("[0-9]{1,3}");

  /** Validates the bounds. */
  public IpSpan {
    requireNonNull(first, "first");
    requireNonNull(last, "last");
    BigInteger max = v6 ? V6_MAX : V4_MAX;
    if (first.signum() < 0 || last.compareTo(max) > 0 || first.compareTo(last) > 0) {
      throw new IllegalArgumentException("span " + first + ".." + last + " is not in order");
    }
  }

  /**
   * Parses a CIDR ({@code 10.0.0.0/24}), a range ({@code 10.0.0.10-10.0.1.20}, both ends of one
   * family, first not after last; or {@code 10.0.0.10-20}, an IPv4 address and the last octet of
   * the range's end) or one address; a DNS name is not a span.
   *
   * @param text the text, IPv6 without brackets
   * @return the span, or empty when the text is neither (a DNS name, say)
   * @throws InvalidInputException when the text is a range or CIDR with a fault: naming it and the
   *     fix
   */
  public static Optional<IpSpan> parse(String text) {
    String t = text.trim();
    int dash = t.indexOf('-');
    if (dash > 0) {
      Optional<InetAddress> a = address(t.substring(0, dash));
      String end = t.substring(dash + 1).trim();
      if (a.isPresent() && a.get().getAddress().length == 4 && LAST_OCTET.matcher(end).matches()) {
        return Optional.of(lastOctetRange(t, a.get(), Integer.parseInt(end)));
      }
      Optional<InetAddress> b = address(end);
      if (a.isEmpty() || b.isEmpty()) {
        if (a.isPresent() || b.isPresent()) {
          throw new InvalidInputException(
              "range \""
                  + t
                  + "\" needs an IP address at both ends, or a last octet after an IPv4 one:"
                  + " write e.g. 10.10.8.10-10.10.9.20 or 10.10.8.10-20");
        }
        return Optional.empty(); // a DNS name with a hyphen
      }
      boolean v6 = a.get().getAddress().length == 16;
      if (v6 != (b.get().getAddress().length == 16)) {
        throw new InvalidInputException(
            "range \"" + t + "\" mixes IPv4 and IPv6: give both ends in one family");
      }
      BigInteger first = number(a.get());
      BigInteger last = number(b.get());
      if (first.compareTo(last) > 0) {
        throw new InvalidInputException(
            "range \"" + t + "\" ends before it starts: write the lower address first");
      }
      return Optional.of(new IpSpan(v6, first, last));
    }
    boolean slash = t.indexOf('/') >= 0;
    if (!slash && address(t).isEmpty()) {
      return Optional.empty();
    }
    Cidr c = Cidr.parse(t); // a bad prefix or address with a slash: its message names it
    return Optional.of(of(c));
  }

  /**
   * The short form {@code 10.10.8.10-20}, as nmap writes it: from the address to the one whose last
   * octet is {@code end}.
   */
  private static IpSpan lastOctetRange(String text, InetAddress from, int end) {
    if (end > 255) {
      throw new InvalidInputException(
          "range \""
              + text
              + "\" ends at octet "
              + end
              + ", over 255: write e.g. 10.10.8.10-254, or both addresses");
    }
    BigInteger first = number(from);
    BigInteger last = first.andNot(BigInteger.valueOf(0xff)).or(BigInteger.valueOf(end));
    if (first.compareTo(last) > 0) {
      throw new InvalidInputException(
          "range \"" + text + "\" ends before it starts: write the lower address first");
    }
    return new IpSpan(false, first, last);
  }

  /**
   * Returns the span of a network.
   *
   * @param c the network
   * @return its addresses, network and broadcast address included
   */
  public static IpSpan of(Cidr c) {
    BigInteger first = number(c.network());
    int bits = c.isIpv4() ? 32 : 128;
    BigInteger size = BigInteger.ONE.shiftLeft(bits - c.prefixLength());
    return new IpSpan(!c.isIpv4(), first, first.add(size).subtract(BigInteger.ONE));
  }

  private static Optional<InetAddress> address(String s) {
    String a = s.trim();
    if (a.isEmpty() || a.indexOf('/') >= 0) {
      return Optional.empty();
    }
    try {
      Cidr c = Cidr.parse(a);
      return c.isHost() ? Optional.of(c.network()) : Optional.empty();
    } catch (InvalidInputException e) {
      return Optional.empty();
    }
  }

  /**
   * Returns an address as an unsigned number.
   *
   * @param a the address
   * @return its bits
   */
  public static BigInteger number(InetAddress a) {
    return new BigInteger(1, a.getAddress());
  }

  /**
   * Returns how many addresses the span has.
   *
   * @return {@code last - first + 1}
   */
  public BigInteger size() {
    return last.subtract(first).add(BigInteger.ONE);
  }

  /**
   * Returns the text of the address at an offset from the first: {@code 10.0.0.5}, {@code
   * 2001:db8::5} (compressed, as {@link Cidr#toString()}).
   *
   * @param offset 0 for the first address
   * @return the address
   */
  public String addressAt(long offset) {
    if (!v6) {
      long v = first.longValue() + offset;
      return ((v >>> 24) & 0xff)
          + "."
          + ((v >>> 16) & 0xff)
          + "."
          + ((v >>> 8) & 0xff)
          + "."
          + (v & 0xff);
    }
    return text(true, first.add(BigInteger.valueOf(offset)));
  }

  /**
   * Returns the text of an address given as a number.
   *
   * @param v6 the family
   * @param n the address
   * @return {@code 10.0.0.5} or {@code 2001:db8::5}
   */
  public static String text(boolean v6, BigInteger n) {
    byte[] raw = n.toByteArray();
    byte[] b = new byte[v6 ? 16 : 4];
    int copy = Math.min(raw.length, b.length);
    System.arraycopy(raw, raw.length - copy, b, b.length - copy, copy);
    try {
      InetAddress a =
          v6 ? java.net.Inet6Address.getByAddress(null, b, -1) : InetAddress.getByAddress(b);
      return new Cidr(a, b.length * 8).toString();
    } catch (UnknownHostException e) {
      throw new AssertionError(e);
    }
  }

  /**
   * Returns the span as the user reads it: one address ({@code 10.0.0.5}), a CIDR when the span is
   * exactly one network ({@code 10.10.12.0/22}), else {@code first-last}.
   *
   * @return the text
   */
  @Override
  public String toString() {
    String a = text(v6, first);
    if (first.equals(last)) {
      return a;
    }
    BigInteger size = size();
    int hostBits = size.bitLength() - 1;
    boolean power = size.bitCount() == 1;
    boolean aligned = first.getLowestSetBit() >= hostBits || first.signum() == 0;
    if (power && aligned) {
      return a + "/" + ((v6 ? 128 : 32) - hostBits);
    }
    return a + "-" + text(v6, last);
  }

  /**
   * Removes other spans from spans of one family: what is left, in ascending order, disjoint. Spans
   * of the other family are ignored.
   *
   * @param spans the spans, in any order, possibly overlapping
   * @param removed the spans to take out
   * @return the rest, sorted and merged
   */
  public static List<IpSpan> subtract(List<IpSpan> spans, List<IpSpan> removed) {
    List<IpSpan> out = new ArrayList<>();
    for (IpSpan s : merge(spans)) {
      List<IpSpan> rest = List.of(s);
      for (IpSpan r : removed) {
        if (r.v6 != s.v6) {
          continue;
        }
        List<IpSpan> next = new ArrayList<>();
        for (IpSpan p : rest) {
          if (r.last.compareTo(p.first) < 0 || r.first.compareTo(p.last) > 0) {
            next.add(p);
            continue;
          }
          if (r.first.compareTo(p.first) > 0) {
            next.add(new IpSpan(p.v6, p.first, r.first.subtract(BigInteger.ONE)));
          }
          if (r.last.compareTo(p.last) < 0) {
            next.add(new IpSpan(p.v6, r.last.add(BigInteger.ONE), p.last));
          }
        }
        rest = next;
      }
      out.addAll(rest);
    }
    return out;
  }

  /**
   * Sorts spans and joins those that overlap or touch.
   *
   * @param spans spans of one family
   * @return disjoint spans, ascending
   */
  public static List<IpSpan> merge(List<IpSpan> spans) {
    List<IpSpan> sorted = new ArrayList<>(spans);
    sorted.sort(Comparator.comparing(IpSpan::first));
    List<IpSpan> out = new ArrayList<>();
    for (IpSpan s : sorted) {
      if (!out.isEmpty()) {
        IpSpan prev = out.get(out.size() - 1);
        if (prev.v6 == s.v6 && prev.last.add(BigInteger.ONE).compareTo(s.first) >= 0) {
          if (s.last.compareTo(prev.last) > 0) {
            out.set(out.size() - 1, new IpSpan(s.v6, prev.first, s.last));
          }
          continue;
        }
      }
      out.add(s);
    }
    return out;
  }
}
