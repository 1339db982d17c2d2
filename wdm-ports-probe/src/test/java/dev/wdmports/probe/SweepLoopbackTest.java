package dev.wdmports.probe;

import static org.assertj.core.api.Assertions.assertThat;

import dev.wdmports.core.report.ProbeStatus;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * A sweep over a real network: on Linux all of 127.0.0.0/8 is local, so listeners on 127.0.10.0 ..
 * 127.0.10.7 make a /24 with eight open addresses and 248 that refuse.
 */
class SweepLoopbackTest {
  private static final List<ServerSocket> listeners = new ArrayList<>();
  private static int port;

  @BeforeAll
  static void listen() throws IOException {
    for (int attempt = 0; attempt < 20 && listeners.size() < 8; attempt++) {
      closeAll();
      try (ServerSocket probe = new ServerSocket()) {
        probe.bind(new InetSocketAddress(InetAddress.getByName("127.0.10.0"), 0));
        port = probe.getLocalPort();
      }
      try {
        for (int i = 0; i < 8; i++) {
          ServerSocket s = new ServerSocket();
          s.bind(new InetSocketAddress(InetAddress.getByName("127.0.10." + i), port), 64);
          listeners.add(s);
        }
      } catch (IOException taken) {
        // another process took the port on one of the addresses: try another port
      }
    }
    assertThat(listeners).as("listeners on 127.0.10.0..7:" + port).hasSize(8);
  }

  @AfterAll
  static void closeAll() throws IOException {
    for (ServerSocket s : listeners) {
      s.close();
    }
    listeners.clear();
  }

  private static Prober prober() {
    return Prober.builder().timeout(Duration.ofSeconds(2)).build();
  }

  @Test
  void slash24_collapsesIntoTheOpenSlash29_andOneRefusedRange() {
    AtomicInteger told = new AtomicInteger();
    ProbeListener counting =
        new ProbeListener() {
          @Override
          public void result(ProbeResult r) {
            told.incrementAndGet();
          }
        };
    ProbeAggregate a =
        prober().sweep(ProbeTargets.parse("127.0.10.0/24:" + port + "/tcp"), counting);
    assertThat(a.total()).isEqualTo(256);
    assertThat(a.notProbed()).isZero();
    assertThat(told).hasValue(256);
    ProbeAggregate.Group g = a.groups().get(0);
    assertThat(g.port()).isEqualTo(port);
    assertThat(g.ranges())
        .extracting(r -> r.text() + " " + r.status())
        .containsExactly("127.0.10.0/29 OPEN", "127.0.10.8-127.0.10.255 REFUSED");
    assertThat(a.count(ProbeStatus.OPEN)).isEqualTo(8);
    assertThat(a.count(ProbeStatus.REFUSED)).isEqualTo(248);
    assertThat(a.allOpen()).isFalse();
  }

  @Test
  void rangesSpanRuns_whenTheSweepIsCutIntoSmallRuns() {
    ProbeAggregate a =
        prober()
            .sweep(ProbeTargets.parse("127.0.10.0/28:" + port + "/tcp"), ProbeListener.none(), 3);
    assertThat(a.groups().get(0).ranges())
        .extracting(r -> r.text() + " " + r.status())
        .containsExactly("127.0.10.0/29 OPEN", "127.0.10.8/29 REFUSED");
  }

  @Test
  void allOpen_onlyWhenEveryAddressIsOpen_andExclusionsAreNotProbed() {
    ProbeTargets open =
        ProbeTargets.parse("127.0.10.0/28:" + port + "/tcp").excluding(List.of("127.0.10.8/29"));
    ProbeAggregate a = prober().sweep(open, ProbeListener.none());
    assertThat(a.total()).isEqualTo(8);
    assertThat(a.allOpen()).isTrue();
  }

  @Test
  void overlappingRuns_tellTheListenerEveryResultOnce_withCallsThatNeverOverlap() {
    AtomicInteger started = new AtomicInteger();
    AtomicInteger finished = new AtomicInteger();
    AtomicInteger results = new AtomicInteger();
    AtomicInteger inside = new AtomicInteger();
    AtomicInteger overlaps = new AtomicInteger();
    ProbeListener l =
        new ProbeListener() {
          private void enter() {
            if (inside.incrementAndGet() != 1) {
              overlaps.incrementAndGet();
            }
            Thread.yield();
            inside.decrementAndGet();
          }

          @Override
          public void started(int total) {
            enter();
            started.incrementAndGet();
          }

          @Override
          public void result(ProbeResult r) {
            enter();
            results.incrementAndGet();
          }

          @Override
          public void finished(ProbeSummary summary) {
            enter();
            finished.incrementAndGet();
          }
        };
    ProbeAggregate a = prober().sweep(ProbeTargets.parse("127.0.10.0/24:" + port + "/tcp"), l, 16);
    assertThat(results).hasValue(256);
    assertThat(started).hasValue(16);
    assertThat(finished).hasValue(16);
    assertThat(overlaps).hasValue(0);
    assertThat(a.groups().get(0).ranges())
        .extracting(r -> r.text() + " " + r.status())
        .containsExactly("127.0.10.0/29 OPEN", "127.0.10.8-127.0.10.255 REFUSED");
  }

  @Test
  void sweepOfMixedCheckers_keepsProbeOrder_acrossOverlappingRuns() {
    // The listeners never answer HTTP: the http probes of the open addresses wait out 300 ms.
    ProbeTargets t =
        ProbeTargets.parse(
            List.of("127.0.10.0/28:" + port + "/tcp", "127.0.10.0/28:" + port + "/http"));
    ProbeAggregate a =
        prober().toBuilder()
            .timeout(Duration.ofMillis(300))
            .build()
            .sweep(t, ProbeListener.none(), 5);
    assertThat(a.total()).isEqualTo(32);
    assertThat(a.notProbed()).isZero();
    assertThat(a.groups()).hasSize(2);
    for (ProbeAggregate.Group g : a.groups()) {
      assertThat(g.ranges()).hasSize(2);
      assertThat(g.ranges().get(0).text()).isEqualTo("127.0.10.0/29");
      assertThat(g.ranges().get(1).text() + " " + g.ranges().get(1).status())
          .isEqualTo("127.0.10.8/29 REFUSED");
    }
  }

  @Test
  void interruptedSweep_startsNoFurtherRun_reportsTheRestNotProbed_andKeepsTheFlag() {
    Thread.currentThread().interrupt();
    ProbeAggregate a;
    try {
      a =
          prober()
              .sweep(
                  ProbeTargets.parse("127.0.10.0/24:" + port + "/tcp"), ProbeListener.none(), 16);
    } finally {
      assertThat(Thread.interrupted()).as("interrupt flag kept").isTrue();
    }
    assertThat(a.total()).isEqualTo(256);
    assertThat(a.notProbed()).isEqualTo(240);
  }

  @Test
  void overallDeadline_endsTheSweep_andCountsWhatWasNeverStarted() {
    // Each reading 10 ms later: a 1 s overall timeout ends the sweep within the first runs.
    ProbeAggregate a = sweepWithTicks(10_000_000L, Duration.ofSeconds(1));
    assertThat(a.deadlineReached()).isTrue();
    assertThat(a.notProbed()).isPositive();
    long decided = a.byStatus().values().stream().mapToLong(Long::longValue).sum();
    assertThat(decided + a.notProbed()).isEqualTo(256);
  }

  @Test
  void overallDeadline_withUnderAMillisecondLeft_endsTheSweep_insteadOfFailing() {
    // Each reading 0.3 ms later: the second run would be given under 1 ms, which no prober takes.
    ProbeAggregate a = sweepWithTicks(300_000L, Duration.ofMillis(1));
    assertThat(a.deadlineReached()).isTrue();
    long decided = a.byStatus().values().stream().mapToLong(Long::longValue).sum();
    assertThat(decided + a.notProbed()).isEqualTo(256);
  }

  /** A /24 swept in runs of 16 on a ticker that moves {@code tick} ns at every reading. */
  private ProbeAggregate sweepWithTicks(long tick, Duration overall) {
    java.util.concurrent.atomic.AtomicLong now = new java.util.concurrent.atomic.AtomicLong();
    return prober().toBuilder()
        .ticker(() -> now.getAndAdd(tick))
        .overallTimeout(overall)
        .build()
        .sweep(ProbeTargets.parse("127.0.10.0/24:" + port + "/tcp"), ProbeListener.none(), 16);
  }
}
