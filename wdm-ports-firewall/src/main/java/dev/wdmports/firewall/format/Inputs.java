package dev.wdmports.firewall.format;

import dev.wdmports.core.Cidr;
import dev.wdmports.core.DocumentFormat;
import dev.wdmports.core.InvalidInputException;
import dev.wdmports.core.PortRange;
import dev.wdmports.core.PortSet;
import dev.wdmports.core.internal.Node;
import dev.wdmports.core.internal.TreeReader;
import dev.wdmports.firewall.FirewallPolicy;
import dev.wdmports.firewall.PolicyException;
import java.math.BigInteger;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;

/** Shared helpers of the parsers: the JSON reader, errors with locations, addresses, ports. */
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
  static <P extends FirewallPolicy> P build(String source, Supplier<P> build) {
    try {
      return build.get();
    } catch (PolicyException e) {
      int line = e.rule().map(r -> r.line()).orElse(0);
      throw error(source, line, 0, e.detail(), e);
    }
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
      // Sixteen bytes stay IPv6 even when IPv4-mapped (getByAddress would make them IPv4).
      return len == 16 ? Inet6Address.getByAddress(null, b, -1) : InetAddress.getByAddress(b);
    } catch (UnknownHostException e) {
      throw new AssertionError(e);
    }
  }

  /**
   * Parses {@code 80}, {@code 1000:2000} (iptables) or {@code 1000-2000}, and lists of them, as the
   * kernel compares them: port 0 is a valid number but no flow has it, so it is left out, and a
   * reversed range ({@code 60000:29}, which old iptables versions loaded and the kernel keeps)
   * matches no port. The set is therefore empty when no port 1..65535 can match.
   *
   * @throws IllegalArgumentException naming a part that is not a port number 0..65535
   */
  static PortSet ports(String text) {
    List<PortRange> out = new ArrayList<>();
    for (String part : text.split(",", -1)) {
      String p = part.trim();
      int colon = p.indexOf(':');
      if (colon < 0) {
        colon = p.indexOf('-', 1);
      }
      int first;
      int last;
      if (colon >= 0) {
        String a = p.substring(0, colon);
        String b = p.substring(colon + 1);
        first = a.isEmpty() ? 0 : wirePort(a);
        last = b.isEmpty() ? PortRange.MAX_PORT : wirePort(b);
      } else {
        first = wirePort(p);
        last = first;
      }
      first = Math.max(first, PortRange.MIN_PORT);
      if (first <= last) {
        out.add(PortRange.between(first, last));
      }
    }
    return out.isEmpty() ? PortSet.empty() : new PortSet(out);
  }

  /** A port number as a packet carries it: 0..65535. */
  static int wirePort(String s) {
    String t = s.trim();
    if (!t.isEmpty() && t.length() <= 5 && t.chars().allMatch(c -> c >= '0' && c <= '9')) {
      int v = Integer.parseInt(t);
      if (v == 0) {
        return 0;
      }
    }
    return PortRange.parsePort(t);
  }

  /**
   * The address match for {@code addr/mask}, {@code addr/len}, {@code addr} or {@code first-last},
   * and the networks of a non-contiguous mask ({@code 10.0.12.0/255.0.255.0}, which iptables-save
   * prints as it is): those are not modelled, so the match is widened to the mask's leading ones
   * and {@link #nonContiguous} is set to say why.
   */
  static final class Networks {
    final List<Cidr> networks;
    final @Nullable String nonContiguous;

    private Networks(List<Cidr> networks, @Nullable String nonContiguous) {
      this.networks = networks;
      this.nonContiguous = nonContiguous;
    }

    static Networks parse(String text) {
      String t = text.trim();
      int slash = t.indexOf('/');
      if (slash > 0 && t.indexOf('.', slash) > 0 || slash > 0 && t.indexOf(':', slash) > 0) {
        Cidr addr = Cidr.parse(t.substring(0, slash));
        Cidr mask = Cidr.parse(t.substring(slash + 1));
        if (addr.isIpv4() != mask.isIpv4()) {
          throw new IllegalArgumentException(
              "address \""
                  + text
                  + "\" joins an address and a netmask of different families: use e.g."
                  + " 10.0.0.0/255.255.255.0 or a prefix such as /24");
        }
        int prefix = contiguousPrefix(mask);
        if (prefix >= 0) {
          return new Networks(List.of(new Cidr(addr.network(), prefix)), null);
        }
        return new Networks(
            List.of(new Cidr(addr.network(), leadingOnes(mask))),
            "netmask " + t.substring(slash + 1));
      }
      return new Networks(networks(t), null);
    }
  }

  /** Parses an address, a CIDR, {@code addr/netmask} or {@code first-last} into networks. */
  static List<Cidr> networks(String text) {
    String t = text.trim();
    int slash = t.indexOf('/');
    if (slash > 0 && t.indexOf('.', slash) > 0) {
      Cidr addr = Cidr.parse(t.substring(0, slash));
      Cidr mask = Cidr.parse(t.substring(slash + 1));
      int prefix = contiguousPrefix(mask);
      if (prefix < 0) {
        throw new IllegalArgumentException(
            "address \"" + text + "\" has a non-contiguous netmask: use a prefix such as /24");
      }
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

  /** The prefix length of a netmask, or -1 when its ones are not contiguous. */
  private static int contiguousPrefix(Cidr mask) {
    byte[] b = mask.network().getAddress();
    BigInteger v = new BigInteger(1, b);
    int bits = b.length * 8;
    int ones = v.bitCount();
    BigInteger expect =
        BigInteger.ONE.shiftLeft(bits).subtract(BigInteger.ONE.shiftLeft(bits - ones));
    return v.equals(expect) ? ones : -1;
  }

  /** The number of leading one bits of a netmask. */
  private static int leadingOnes(Cidr mask) {
    byte[] b = mask.network().getAddress();
    int n = 0;
    for (byte x : b) {
      int v = x & 0xff;
      if (v == 0xff) {
        n += 8;
        continue;
      }
      n += Integer.numberOfLeadingZeros(~v & 0xff) - 24;
      break;
    }
    return n;
  }

  /**
   * Reads a JSON export through the one located-tree reader ({@link TreeReader}): every value knows
   * its line, column and JSON pointer, and a malformed, truncated or empty document is refused with
   * the messages catalogs and deployments give.
   *
   * @throws InvalidInputException with {@code source:line:column: what} for any of those faults
   */
  static Node json(String content, String source, PolicyFormat format) {
    // Text held in memory is already in memory: no size limit beyond the reader's own ones.
    return new TreeReader(Long.MAX_VALUE, format.expected())
        .parse(content, source, DocumentFormat.JSON);
  }
}
