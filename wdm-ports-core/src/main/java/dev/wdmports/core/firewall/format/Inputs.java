package dev.wdmports.core.firewall.format;

import dev.wdmports.core.Cidr;
import dev.wdmports.core.InvalidInputException;
import dev.wdmports.core.PortRange;
import dev.wdmports.core.PortSet;
import dev.wdmports.core.firewall.FirewallPolicy;
import dev.wdmports.core.firewall.PolicyException;
import java.math.BigInteger;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;

/** Shared helpers of the parsers: errors with locations, addresses, ports. */
final class Inputs {
  private Inputs() {}

  static InvalidInputException error(String source, int line, int column, String detail) {
    return new InvalidInputException(source, line, column, null, detail, null);
  }

  static InvalidInputException error(
      String source, int line, int column, String detail, Throwable cause) {
    return new InvalidInputException(source, line, column, null, detail, cause);
  }

  /** Builds a policy, turning chain errors into input errors at the rule's line. */
  static FirewallPolicy build(String source, Supplier<FirewallPolicy> build) {
    try {
      return build.get();
    } catch (PolicyException e) {
      int line = e.rule().map(r -> r.line()).orElse(0);
      throw error(source, line, 0, e.detail(), e);
    }
  }

  /** Parses an address, a CIDR, {@code addr/netmask} or {@code first-last} into networks. */
  static List<Cidr> networks(String text) {
    String t = text.trim();
    int slash = t.indexOf('/');
    if (slash > 0 && t.indexOf('.', slash) > 0) {
      Cidr addr = Cidr.parse(t.substring(0, slash));
      Cidr mask = Cidr.parse(t.substring(slash + 1));
      int prefix = prefixOf(mask, text);
      return List.of(new Cidr(addr.network(), prefix));
    }
    int dash = t.indexOf('-');
    if (dash > 0 && slash < 0) {
      Cidr a = Cidr.parse(t.substring(0, dash));
      Cidr b = Cidr.parse(t.substring(dash + 1));
      return range(a, b, text);
    }
    return List.of(Cidr.parse(t));
  }

  private static int prefixOf(Cidr mask, String text) {
    byte[] b = mask.network().getAddress();
    BigInteger v = new BigInteger(1, b);
    int bits = b.length * 8;
    int ones = v.bitCount();
    BigInteger expect =
        BigInteger.ONE.shiftLeft(bits).subtract(BigInteger.ONE.shiftLeft(bits - ones));
    if (!v.equals(expect)) {
      throw new IllegalArgumentException(
          "address \"" + text + "\" has a non-contiguous netmask: use a prefix such as /24");
    }
    return ones;
  }

  /** The smallest list of networks that covers first..last exactly. */
  static List<Cidr> range(Cidr first, Cidr last, String text) {
    byte[] fa = first.network().getAddress();
    byte[] la = last.network().getAddress();
    if (fa.length != la.length || !first.isHost() || !last.isHost()) {
      throw new IllegalArgumentException(
          "address range \"" + text + "\" must join two addresses of one family");
    }
    BigInteger lo = new BigInteger(1, fa);
    BigInteger hi = new BigInteger(1, la);
    if (lo.compareTo(hi) > 0) {
      throw new IllegalArgumentException(
          "address range \"" + text + "\" is reversed: write the lower address first");
    }
    int bits = fa.length * 8;
    List<Cidr> out = new ArrayList<>();
    while (lo.compareTo(hi) <= 0) {
      int size = lo.signum() == 0 ? bits : lo.getLowestSetBit();
      while (size > 0
          && lo.add(BigInteger.ONE.shiftLeft(size)).subtract(BigInteger.ONE).compareTo(hi) > 0) {
        size--;
      }
      out.add(new Cidr(toAddress(lo, fa.length), bits - size));
      lo = lo.add(BigInteger.ONE.shiftLeft(size));
    }
    return out;
  }

  private static InetAddress toAddress(BigInteger v, int len) {
    byte[] raw = v.toByteArray();
    byte[] b = new byte[len];
    for (int i = 0; i < Math.min(len, raw.length); i++) {
      b[len - 1 - i] = raw[raw.length - 1 - i];
    }
    try {
      return InetAddress.getByAddress(b);
    } catch (UnknownHostException e) {
      throw new AssertionError(e);
    }
  }

  /** Parses {@code 80}, {@code 1000:2000} (iptables) or {@code 1000-2000}, and lists of them. */
  static PortSet ports(String text) {
    List<PortRange> out = new ArrayList<>();
    for (String part : text.split(",", -1)) {
      String p = part.trim();
      int colon = p.indexOf(':');
      if (colon >= 0) {
        String a = p.substring(0, colon);
        String b = p.substring(colon + 1);
        out.add(
            PortRange.between(
                a.isEmpty() ? PortRange.MIN_PORT : port(a),
                b.isEmpty() ? PortRange.MAX_PORT : port(b)));
      } else {
        out.add(PortRange.parse(p));
      }
    }
    return new PortSet(out);
  }

  private static int port(String s) {
    // iptables accepts port 0 in ranges ("0:1023"); treat it as 1.
    return s.trim().equals("0") ? PortRange.MIN_PORT : PortRange.parsePort(s);
  }

  /** A Jackson parse failure as a located error: truncated, or malformed with Jackson's reason. */
  static InvalidInputException malformedJson(
      String source, com.fasterxml.jackson.core.JsonProcessingException e) {
    com.fasterxml.jackson.core.JsonLocation loc = e.getLocation();
    String msg = e.getOriginalMessage();
    String detail =
        msg.contains("end-of-input")
            ? "the JSON ends early: the file is truncated"
            : "malformed JSON: " + msg;
    return error(
        source, loc == null ? 0 : loc.getLineNr(), loc == null ? 0 : loc.getColumnNr(), detail, e);
  }
}
