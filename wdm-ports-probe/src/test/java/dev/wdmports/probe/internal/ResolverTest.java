package dev.wdmports.probe.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

class ResolverTest {
  private final AtomicLong now = new AtomicLong(1_000);
  private final AtomicInteger lookUps = new AtomicInteger();

  private static InetAddress ip(String literal) {
    try {
      return InetAddress.getByName(literal);
    } catch (UnknownHostException e) {
      throw new AssertionError(e);
    }
  }

  /** A resolver whose look-ups take 5 ms on the test's ticker. */
  private Resolver resolver(InetAddress... answer) {
    return new Resolver(
        now::get,
        host -> {
          lookUps.incrementAndGet();
          now.addAndGet(5_000_000);
          if (answer.length == 0) {
            throw new UnknownHostException(host + ": Name or service not known");
          }
          return answer;
        });
  }

  @Test
  void literal_resolvesInZero_andOnce() {
    Resolver r = resolver(ip("127.0.0.1"));
    Resolver.Lookup first = r.resolve("127.0.0.1", now.get());
    Resolver.Lookup second = r.resolve("127.0.0.1", now.get());
    assertThat(first.spent()).isZero();
    assertThat(first.free()).isFalse();
    assertThat(second.spent()).isZero();
    assertThat(second.free()).isTrue();
    assertThat(first.res().address()).isEqualTo(ip("127.0.0.1"));
    assertThat(lookUps).hasValue(1);
  }

  @Test
  void name_theProbeThatLooksUpPaysTheLookUp_laterProbesNothing() {
    Resolver r = resolver(ip("10.0.0.5"));
    Resolver.Lookup first = r.resolve("wdm.example", now.get());
    Resolver.Lookup second = r.resolve("wdm.example", now.get());
    assertThat(first.spent()).isEqualTo(Duration.ofMillis(5));
    assertThat(second.spent()).isZero();
    assertThat(second.free()).isTrue();
    assertThat(r.resolved("wdm.example").address()).isEqualTo(ip("10.0.0.5"));
    assertThat(lookUps).hasValue(1);
  }

  @Test
  void name_thatDoesNotResolve_saysSo_andIsNotLookedUpAgain() {
    Resolver r = resolver();
    Resolver.Lookup first = r.resolve("nowhere.example", now.get());
    r.resolve("nowhere.example", now.get());
    assertThat(first.res().address()).isNull();
    assertThat(first.res().error()).isEqualTo("host name nowhere.example does not resolve");
    assertThat(first.spent()).isEqualTo(Duration.ofMillis(5));
    assertThat(lookUps).hasValue(1);
  }

  @Test
  void severalAddresses_theFirstIsProbed_allAreDescribed() {
    Resolver r = resolver(ip("10.0.0.5"), ip("10.0.0.6"));
    Resolver.Resolution res = r.resolve("wdm.example", now.get()).res();
    assertThat(res.address()).isEqualTo(ip("10.0.0.5"));
    assertThat(res.several()).isTrue();
    assertThat(res.describe()).isEqualTo("10.0.0.5,10.0.0.6 (probed the first)");
    assertThat(resolver(ip("10.0.0.5")).resolve("a.example", 0).res().several()).isFalse();
  }

  @Test
  void resolved_ofAHostNoProbeResolved_isAnError() {
    assertThatThrownBy(() -> resolver(ip("10.0.0.5")).resolved("wdm.example"))
        .isInstanceOf(IllegalStateException.class)
        .hasMessage("host wdm.example was not resolved in this run");
  }

  @Test
  void aProbeThatFindsTheLookUpUnderWay_paysItsWait() throws Exception {
    CountDownLatch inDns = new CountDownLatch(1);
    CountDownLatch release = new CountDownLatch(1);
    Resolver r =
        new Resolver(
            now::get,
            host -> {
              inDns.countDown();
              try {
                release.await();
              } catch (InterruptedException e) {
                throw new UnknownHostException("interrupted");
              }
              return new InetAddress[] {ip("10.0.0.5")};
            });
    Thread first = new Thread(() -> r.resolve("wdm.example", now.get()));
    first.start();
    inDns.await();
    long start = now.get();
    AtomicReference<Resolver.Lookup> seen = new AtomicReference<>();
    Thread second = new Thread(() -> seen.set(r.resolve("wdm.example", start)));
    second.start();
    while (second.getState() != Thread.State.WAITING) {
      Thread.onSpinWait(); // until it waits for the look-up under way
    }
    now.addAndGet(7_000_000);
    release.countDown();
    first.join();
    second.join();
    assertThat(seen.get().spent()).isEqualTo(Duration.ofMillis(7));
    assertThat(seen.get().free()).isFalse();
  }
}
