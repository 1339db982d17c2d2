package dev.wdmports.firewall;

import dev.wdmports.core.Address;
import dev.wdmports.core.Cidr;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.List;
import org.jspecify.annotations.Nullable;

/** A compact IPv4/IPv6 network for fast matching: the bits in two longs. */
final class IpNet {
  /** How much of a flow's network a set of networks covers. */
  enum Coverage {
    /** No address of it. */
    NONE,
    /** Some addresses of it, not all. */
    SOME,
    /** Every address of it. */
    ALL
  }

  final boolean v6;
  final long hi;
  final long lo;
  final int prefix;

  private IpNet(boolean v6, long hi, long lo, int prefix) {
    this.v6 = v6;
    this.prefix = prefix;
    int bits = v6 ? 128 : 32;
    long[] m = masks(v6, prefix);
    this.hi = hi & m[0];
    this.lo = lo & m[1];
    assert prefix <= bits;
  }

  private static long[] masks(boolean v6, int prefix) {
    if (!v6) {
      long m = prefix == 0 ? 0 : (0xffffffffL << (32 - prefix)) & 0xffffffffL;
      return new long[] {0, m};
    }
    long mh = prefix >= 64 ? -1L : prefix == 0 ? 0 : -1L << (64 - prefix);
    long ml = prefix <= 64 ? 0 : prefix >= 128 ? -1L : -1L << (128 - prefix);
    return new long[] {mh, ml};
  }

  static IpNet of(Cidr cidr) {
    byte[] b = cidr.network().getAddress();
    long hi = 0;
    long lo = 0;
    if (b.length == 4) {
      for (byte x : b) {
        lo = (lo << 8) | (x & 0xff);
      }
      return new IpNet(false, 0, lo, cidr.prefixLength());
    }
    for (int i = 0; i < 8; i++) {
      hi = (hi << 8) | (b[i] & 0xff);
    }
    for (int i = 8; i < 16; i++) {
      lo = (lo << 8) | (b[i] & 0xff);
    }
    return new IpNet(true, hi, lo, cidr.prefixLength());
  }

  /** Returns the network of an address, or null for a DNS name; IPv4 text is parsed directly. */
  static @Nullable IpNet of(Address address) {
    IpNet fast = parseIpv4(address.text());
    if (fast != null) {
      return fast;
    }
    return address.isDnsName() ? null : of(address.cidr().orElseThrow());
  }

  private static @Nullable IpNet parseIpv4(String s) {
    long v = 0;
    int octet = -1;
    int dots = 0;
    int prefix = 32;
    int n = s.length();
    for (int i = 0; i < n; i++) {
      char c = s.charAt(i);
      if (c >= '0' && c <= '9') {
        octet = (octet < 0 ? 0 : octet * 10) + (c - '0');
        if (octet > 255) {
          return null;
        }
      } else if (c == '.' && octet >= 0 && dots < 3) {
        v = (v << 8) | octet;
        octet = -1;
        dots++;
      } else if (c == '/' && octet >= 0 && dots == 3) {
        String p = s.substring(i + 1);
        if (p.isEmpty() || p.length() > 2 || !p.chars().allMatch(Character::isDigit)) {
          return null;
        }
        prefix = Integer.parseInt(p);
        if (prefix > 32) {
          return null;
        }
        n = i;
        break;
      } else {
        return null;
      }
    }
    if (dots != 3 || octet < 0) {
      return null;
    }
    v = (v << 8) | octet;
    return new IpNet(false, 0, v, prefix);
  }

  IpFamily family() {
    return v6 ? IpFamily.IPV6 : IpFamily.IPV4;
  }

  boolean contains(IpNet o) {
    if (o.v6 != v6 || o.prefix < prefix) {
      return false;
    }
    long[] m = masks(v6, prefix);
    return (o.hi & m[0]) == hi && (o.lo & m[1]) == lo;
  }

  boolean isLoopback() {
    return v6 ? hi == 0 && lo == 1 && prefix == 128 : (lo >>> 24) == 127 && prefix >= 8;
  }

  /** How much of {@code flow} the union of {@code nets} covers. */
  static Coverage cover(IpNet[] nets, IpNet flow) {
    boolean inside = false;
    for (IpNet n : nets) {
      if (n.contains(flow)) {
        return Coverage.ALL;
      }
      if (flow.contains(n)) {
        inside = true;
      }
    }
    if (!inside) {
      return Coverage.NONE;
    }
    // Networks are nested or disjoint: sum the sizes of the maximal ones inside the flow's.
    List<IpNet> maximal = new ArrayList<>();
    for (int i = 0; i < nets.length; i++) {
      IpNet n = nets[i];
      if (!flow.contains(n)) {
        continue;
      }
      boolean covered = false;
      for (int j = 0; j < nets.length && !covered; j++) {
        IpNet m = nets[j];
        covered = j != i && flow.contains(m) && m.contains(n) && (!n.contains(m) || j < i);
      }
      if (!covered) {
        maximal.add(n);
      }
    }
    int bits = flow.v6 ? 128 : 32;
    BigInteger sum = BigInteger.ZERO;
    for (IpNet n : maximal) {
      sum = sum.add(BigInteger.ONE.shiftLeft(bits - n.prefix));
    }
    return sum.equals(BigInteger.ONE.shiftLeft(bits - flow.prefix)) ? Coverage.ALL : Coverage.SOME;
  }
}
