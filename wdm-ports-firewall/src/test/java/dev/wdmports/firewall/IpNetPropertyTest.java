package dev.wdmports.firewall;

import static org.assertj.core.api.Assertions.assertThat;

import dev.wdmports.core.Address;
import dev.wdmports.core.Cidr;
import java.math.BigInteger;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Random;
import java.util.stream.LongStream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** Property: the compact networks agree with {@link Cidr}, for IPv4 and IPv6, every prefix. */
class IpNetPropertyTest {
  static LongStream seeds() {
    long base = Long.getLong("wdm.seed", 9090L);
    return LongStream.range(base, base + 50);
  }

  private static Cidr random(Random r, boolean v6, byte[] near) {
    byte[] b = near.clone();
    int len = b.length;
    // flip a few low bits so that networks overlap often
    int flips = r.nextInt(3);
    for (int i = 0; i < flips; i++) {
      int bit = r.nextInt(len * 8);
      b[bit / 8] ^= (byte) (1 << (7 - bit % 8));
    }
    try {
      return new Cidr(InetAddress.getByAddress(b), r.nextInt(len * 8 + 1));
    } catch (UnknownHostException e) {
      throw new AssertionError(e);
    }
  }

  @ParameterizedTest(name = "seed {0}")
  @MethodSource("seeds")
  void containsAndCover_agreeWithCidr(long seed) {
    Random r = new Random(seed);
    for (int round = 0; round < 200; round++) {
      boolean v6 = r.nextBoolean();
      byte[] base = new byte[v6 ? 16 : 4];
      r.nextBytes(base);
      Cidr a = random(r, v6, base);
      Cidr b = random(r, v6, base);
      String why = "seed " + seed + ": " + a + " vs " + b;
      assertThat(IpNet.of(a).contains(IpNet.of(b))).as(why).isEqualTo(a.contains(b));
      assertThat(IpNet.of(Address.parse(a.toString())).contains(IpNet.of(b)))
          .as(why)
          .isEqualTo(a.contains(b));
      // cover: compare with counting addresses of b inside the union of a set of networks
      Cidr[] nets = {a, random(r, v6, base), random(r, v6, base)};
      IpNet[] compact = new IpNet[nets.length];
      for (int i = 0; i < nets.length; i++) {
        compact[i] = IpNet.of(nets[i]);
      }
      IpNet.Coverage expected = referenceCover(nets, b);
      assertThat(IpNet.cover(compact, IpNet.of(b))).as(why + " cover").isEqualTo(expected);
    }
  }

  /** NONE, SOME or ALL by interval arithmetic on the address integers. */
  private static IpNet.Coverage referenceCover(Cidr[] nets, Cidr flow) {
    BigInteger[] f = range(flow);
    BigInteger covered = BigInteger.ZERO;
    // nested-or-disjoint: unite intervals clipped to the flow
    java.util.List<BigInteger[]> parts = new java.util.ArrayList<>();
    for (Cidr n : nets) {
      BigInteger[] x = range(n);
      BigInteger lo = x[0].max(f[0]);
      BigInteger hi = x[1].min(f[1]);
      if (lo.compareTo(hi) <= 0) {
        parts.add(new BigInteger[] {lo, hi});
      }
    }
    parts.sort((p, q) -> p[0].compareTo(q[0]));
    BigInteger end = f[0].subtract(BigInteger.ONE);
    for (BigInteger[] p : parts) {
      BigInteger lo = p[0].max(end.add(BigInteger.ONE));
      if (lo.compareTo(p[1]) <= 0) {
        covered = covered.add(p[1].subtract(lo).add(BigInteger.ONE));
      }
      end = end.max(p[1]);
    }
    BigInteger size = f[1].subtract(f[0]).add(BigInteger.ONE);
    return covered.signum() == 0
        ? IpNet.Coverage.NONE
        : covered.equals(size) ? IpNet.Coverage.ALL : IpNet.Coverage.SOME;
  }

  private static BigInteger[] range(Cidr c) {
    BigInteger lo = new BigInteger(1, c.network().getAddress());
    int bits = c.network().getAddress().length * 8;
    BigInteger size = BigInteger.ONE.shiftLeft(bits - c.prefixLength());
    return new BigInteger[] {lo, lo.add(size).subtract(BigInteger.ONE)};
  }
}
