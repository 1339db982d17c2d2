package dev.wdmports.probe;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.wdmports.core.Transport;
import dev.wdmports.core.report.ProbeStatus;
import dev.wdmports.probe.spi.CheckContext;
import dev.wdmports.probe.spi.HandshakeChecker;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.BrokenBarrierException;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Function;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class ProberTest {

  /** A checker that runs a function, for engine tests without network. */
  static HandshakeChecker checker(String id, Function<CheckContext, ProbeResult> body) {
    return new HandshakeChecker() {
      @Override
      public String id() {
        return id;
      }

      @Override
      public Transport transport() {
        return Transport.TCP;
      }

      @Override
      public ProbeResult check(ProbeTarget target, CheckContext ctx) {
        return body.apply(ctx);
      }
    };
  }

  static Prober prober(HandshakeChecker... checkers) {
    CheckerRegistry.Builder r = CheckerRegistry.defaults().toBuilder();
    for (HandshakeChecker c : checkers) {
      r.register(c);
    }
    return Prober.builder().registry(r.build()).timeout(Duration.ofSeconds(5)).build();
  }

  static List<ProbeTarget> targets(String checker, int n) {
    return IntStream.rangeClosed(1, n)
        .mapToObj(p -> ProbeTarget.of("127.0.0.1", p, checker))
        .toList();
  }

  /** Waits until the context's deadline or a latch opens, whichever comes first. */
  static boolean awaitLatch(CountDownLatch latch, CheckContext ctx) {
    try {
      return latch.await(Math.max(1, ctx.remainingMillis()), TimeUnit.MILLISECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    }
  }

  @Test
  void run_keepsInputOrder_whatever_theCompletionOrder() {
    CountDownLatch lastDone = new CountDownLatch(1);
    List<Integer> completion = Collections.synchronizedList(new ArrayList<>());
    HandshakeChecker order =
        checker(
            "order",
            ctx -> {
              int port = ctx.target().port();
              if (port == 5) {
                completion.add(port);
                lastDone.countDown();
              } else {
                awaitLatch(lastDone, ctx); // everything else finishes after port 5
                completion.add(port);
              }
              return ctx.result(ProbeStatus.OPEN).detail("port " + port).build();
            });
    ProbeReport report = prober(order).toBuilder().concurrency(8).build().run(targets("order", 5));
    assertThat(report.results()).extracting(r -> r.target().port()).containsExactly(1, 2, 3, 4, 5);
    assertThat(completion.get(0)).isEqualTo(5);
    assertThat(report.summary().total()).isEqualTo(5);
    assertThat(report.summary().count(ProbeStatus.OPEN)).isEqualTo(5);
    assertThat(report.allOpen()).isTrue();
  }

  @Test
  void run_neverExceedsConcurrency() {
    AtomicInteger inFlight = new AtomicInteger();
    AtomicInteger max = new AtomicInteger();
    CyclicBarrier four = new CyclicBarrier(4);
    HandshakeChecker gate =
        checker(
            "gate",
            ctx -> {
              max.accumulateAndGet(inFlight.incrementAndGet(), Math::max);
              try {
                four.await(ctx.remainingMillis(), TimeUnit.MILLISECONDS);
                return ctx.result(ProbeStatus.OPEN).build();
              } catch (InterruptedException | BrokenBarrierException | TimeoutException e) {
                return ctx.result(ProbeStatus.TIMEOUT).build();
              } finally {
                inFlight.decrementAndGet();
              }
            });
    ProbeReport report = prober(gate).toBuilder().concurrency(4).build().run(targets("gate", 16));
    assertThat(report.summary().count(ProbeStatus.OPEN)).isEqualTo(16);
    assertThat(max.get()).isEqualTo(4);
  }

  @Test
  void run_stopsAtOverallDeadline_andReportsTargetsNotProbed() {
    HandshakeChecker waits =
        checker(
            "waits",
            ctx -> {
              awaitLatch(new CountDownLatch(1), ctx);
              return ctx.result(ProbeStatus.TIMEOUT)
                  .detail("waited " + ctx.remainingMillis())
                  .build();
            });
    ProbeReport report =
        prober(waits).toBuilder()
            .concurrency(2)
            .overallTimeout(Duration.ofMillis(200))
            .build()
            .run(targets("waits", 10));
    assertThat(report.summary().deadlineReached()).isTrue();
    assertThat(report.summary().cancelled()).isFalse();
    assertThat(report.results().get(0).status()).isEqualTo(ProbeStatus.TIMEOUT);
    assertThat(report.results().get(9).status()).isEqualTo(ProbeStatus.ERROR);
    assertThat(report.results().get(9).detail())
        .isEqualTo("not probed: the overall deadline passed");
    assertThat(report.summary().elapsed()).isLessThan(Duration.ofSeconds(5));
  }

  @ParameterizedTest(name = "http scanner {0}")
  @ValueSource(booleans = {true, false})
  void cancel_closesSocketsInFlight_andReportsTheRest(boolean httpScanner) throws Exception {
    try (TestServer silent = TestServer.start("silent", TestServer::drain)) {
      Prober p =
          Prober.builder()
              .concurrency(2)
              .timeout(Duration.ofSeconds(60))
              .httpScanner(httpScanner)
              .build();
      List<ProbeTarget> t = Collections.nCopies(10, silent.target("http"));
      ProbeRun run = p.start(t, ProbeListener.none());
      CheckerFixtures.waitFor(() -> silent.accepted.get() >= 2);
      run.cancel();
      ProbeReport report = run.await();
      assertThat(report.summary().cancelled()).isTrue();
      assertThat(report.results())
          .allSatisfy(r -> assertThat(r.status()).isEqualTo(ProbeStatus.ERROR));
      assertThat(report.results().get(0).detail()).startsWith("cancelled");
      assertThat(report.results().get(1).detail()).startsWith("cancelled");
      assertThat(report.results().get(9).detail()).isEqualTo("not probed: the run was cancelled");
      assertThat(run.isDone()).isTrue();
      assertThat(run.completion().get().summary().total()).isEqualTo(10);
    }
  }

  @Test
  void run_cancels_whenCallingThreadIsInterrupted() throws Exception {
    try (TestServer silent = TestServer.start("silent", TestServer::drain)) {
      Prober p = Prober.builder().concurrency(1).timeout(Duration.ofSeconds(60)).build();
      AtomicReference<ProbeReport> report = new AtomicReference<>();
      AtomicReference<Boolean> flag = new AtomicReference<>();
      Thread caller =
          new Thread(
              () -> {
                report.set(p.run(Collections.nCopies(3, silent.target("vnc"))));
                flag.set(Thread.currentThread().isInterrupted());
              });
      caller.start();
      CheckerFixtures.waitFor(() -> silent.accepted.get() >= 1);
      caller.interrupt();
      caller.join(10_000);
      assertThat(report.get().summary().cancelled()).isTrue();
      assertThat(flag.get()).isTrue();
    }
  }

  @Test
  void listener_getsStartedEachResultAndFinished_inThatOrder() {
    List<String> events = Collections.synchronizedList(new ArrayList<>());
    ProbeListener l =
        new ProbeListener() {
          @Override
          public void started(int total) {
            events.add("started " + total);
          }

          @Override
          public void result(ProbeResult r) {
            events.add("result " + r.target().port());
            if (r.target().port() == 2) {
              throw new IllegalStateException("a broken listener must not break the run");
            }
          }

          @Override
          public void finished(ProbeSummary s) {
            events.add("finished " + s.total());
          }
        };
    HandshakeChecker ok = checker("ok", ctx -> ctx.result(ProbeStatus.OPEN).build());
    ProbeReport report = prober(ok).run(targets("ok", 3), l);
    assertThat(report.summary().count(ProbeStatus.OPEN)).isEqualTo(3);
    assertThat(events).hasSize(5).startsWith("started 3").endsWith("finished 3");
    assertThat(events.subList(1, 4)).containsExactlyInAnyOrder("result 1", "result 2", "result 3");
  }

  @Test
  void run_turnsCheckerBugsIntoErrors() {
    HandshakeChecker throwing =
        checker(
            "throwing",
            ctx -> {
              throw new IllegalStateException("bug");
            });
    HandshakeChecker silentNull = checker("nothing", ctx -> null);
    Prober p = prober(throwing, silentNull);
    ProbeResult a = p.probe(ProbeTarget.of("127.0.0.1", 1, "throwing"));
    assertThat(a.status()).isEqualTo(ProbeStatus.ERROR);
    assertThat(a.detail()).contains("failed: java.lang.IllegalStateException: bug");
    ProbeResult b = p.probe(ProbeTarget.of("127.0.0.1", 1, "nothing"));
    assertThat(b.status()).isEqualTo(ProbeStatus.ERROR);
    assertThat(b.detail()).endsWith("returned no result");
  }

  @Test
  void tcpSweep_findsTheOneOpenPort_andRefusesTheRest() throws Exception {
    try (ServerSocket open = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
      int port = open.getLocalPort();
      int from = Math.max(1, port - 500);
      int to = Math.min(65535, port + 500);
      List<ProbeTarget> t = ProbeTarget.parse("127.0.0.1:" + from + "-" + to + "/tcp");
      AtomicInteger seen = new AtomicInteger();
      ProbeReport report =
          Prober.builder()
              .maxInFlightConnects(64)
              .build()
              .run(
                  t,
                  new ProbeListener() {
                    @Override
                    public void result(ProbeResult r) {
                      seen.incrementAndGet();
                    }
                  });
      assertThat(seen.get()).isEqualTo(t.size());
      assertThat(report.summary().count(ProbeStatus.OPEN)).isGreaterThanOrEqualTo(1);
      assertThat(report.results().get(port - from).status()).isEqualTo(ProbeStatus.OPEN);
      assertThat(report.results().get(port - from).timings().connect()).isPositive();
      assertThat(report.results())
          .filteredOn(r -> r.status() != ProbeStatus.OPEN)
          .allSatisfy(r -> assertThat(r.status()).isEqualTo(ProbeStatus.REFUSED));
    }
  }

  @Test
  void rateLimit_stillProbesEveryTarget() {
    HandshakeChecker ok = checker("ok", ctx -> ctx.result(ProbeStatus.OPEN).build());
    ProbeReport report = prober(ok).toBuilder().ratePerSecond(500).build().run(targets("ok", 10));
    assertThat(report.summary().count(ProbeStatus.OPEN)).isEqualTo(10);
  }

  @Test
  void rateLimit_appliesToTheConnectScannerToo() {
    ProbeReport report =
        Prober.builder().ratePerSecond(400).build().run(ProbeTarget.parse("127.0.0.1:1-20/tcp"));
    assertThat(report.results()).hasSize(20);
    assertThat(report.results())
        .allSatisfy(r -> assertThat(r.status()).isIn(ProbeStatus.REFUSED, ProbeStatus.OPEN));
  }

  @Test
  void cancel_stopsATcpSweep_andStillReportsEveryTarget() {
    List<ProbeTarget> all = ProbeTarget.parse("127.0.0.1:1-65535/tcp");
    ProbeRun run = Prober.builder().ratePerSecond(5000).build().start(all, ProbeListener.none());
    run.cancel();
    ProbeReport report = run.await();
    assertThat(report.summary().cancelled()).isTrue();
    assertThat(report.results()).hasSize(65535).doesNotContainNull();
    assertThat(report.results().get(65534).detail()).isEqualTo("not probed: the run was cancelled");
  }

  @Test
  void mixedTargets_keepInputOrder_acrossScannerAndThreadPool() throws Exception {
    try (TestServer vnc =
        TestServer.start(
            "vnc",
            s -> {
              s.getOutputStream()
                  .write("RFB 003.008\n".getBytes(java.nio.charset.StandardCharsets.US_ASCII));
              TestServer.drain(s);
            })) {
      List<ProbeTarget> t =
          List.of(
              vnc.target("vnc"),
              vnc.target("tcp"),
              ProbeTarget.of("no-such-host.invalid", 1, "tcp"),
              vnc.target("vnc"));
      ProbeReport r = Prober.builder().build().run(t);
      assertThat(r.results())
          .extracting(ProbeResult::status)
          .containsExactly(
              ProbeStatus.OPEN, ProbeStatus.OPEN, ProbeStatus.UNRESOLVED, ProbeStatus.OPEN);
      assertThat(r.results()).extracting(ProbeResult::target).containsExactlyElementsOf(t);
    }
  }

  @Test
  void builder_rejectsOutOfRangeSettings_withTheValue() {
    Prober.Builder b = Prober.builder();
    assertThatThrownBy(() -> b.concurrency(0)).hasMessage("concurrency 0 is out of range 1..1024");
    assertThatThrownBy(() -> b.concurrency(5000))
        .hasMessage("concurrency 5000 is out of range 1..1024");
    assertThatThrownBy(() -> b.maxInFlightConnects(0))
        .hasMessage("maxInFlightConnects 0 is out of range 1..16384");
    assertThatThrownBy(() -> b.timeout(Duration.ZERO))
        .hasMessage("timeout PT0S is out of range 1ms..1h: use e.g. Duration.ofSeconds(2)");
    assertThatThrownBy(() -> b.overallTimeout(Duration.ofHours(2)))
        .hasMessageStartingWith("overallTimeout PT2H is out of range");
    assertThatThrownBy(() -> b.ratePerSecond(-1))
        .hasMessage("ratePerSecond -1.0 must be 0 (no limit) or a positive number");
    assertThatThrownBy(() -> b.maxBytesPerProbe(10))
        .hasMessage("maxBytesPerProbe 10 is out of range 64..16777216");
  }

  @Test
  void toBuilder_keepsEverySetting() {
    Prober p =
        Prober.builder()
            .concurrency(7)
            .timeout(Duration.ofMillis(700))
            .overallTimeout(Duration.ofSeconds(9))
            .build();
    Prober q = p.toBuilder().build();
    assertThat(q.concurrency()).isEqualTo(7);
    assertThat(q.timeout()).isEqualTo(Duration.ofMillis(700));
    assertThat(q.overallTimeout()).contains(Duration.ofSeconds(9));
    assertThat(q.registry()).isSameAs(p.registry());
  }

  @Test
  void deadlines_comeFromTheInjectedTicker() {
    AtomicInteger reads = new AtomicInteger();
    // Every read advances a fake clock by 100 ms: a 2 s probe expires after ~20 reads, at once.
    dev.wdmports.probe.spi.Ticker fake = () -> reads.incrementAndGet() * 100_000_000L;
    HandshakeChecker spin =
        checker(
            "spin",
            ctx -> {
              int polls = 0;
              while (!ctx.isExpired()) {
                polls++;
              }
              return ctx.result(ProbeStatus.TIMEOUT).detail("polls " + polls).build();
            });
    ProbeResult r =
        prober(spin).toBuilder()
            .ticker(fake)
            .timeout(Duration.ofSeconds(2))
            .build()
            .probe(ProbeTarget.of("127.0.0.1", 1, "spin"));
    assertThat(r.status()).isEqualTo(ProbeStatus.TIMEOUT);
    // ~20 reads of the fake clock, where the real clock would allow millions of polls in 2 s
    assertThat(Integer.parseInt(r.detail().substring("polls ".length()))).isBetween(1, 25);
    assertThat(r.latency()).isBetween(Duration.ofSeconds(1), Duration.ofSeconds(3));
  }

  @Test
  void run_ofNoTargets_returnsEmptyReport() {
    ProbeReport r = Prober.builder().build().run(List.of());
    assertThat(r.results()).isEmpty();
    assertThat(r.summary().total()).isZero();
    assertThat(r.summary().byStatus()).isEmpty();
  }

  @ParameterizedTest
  @ValueSource(ints = {1, 4})
  void httpProbesAndOtherHandshakes_shareTheConcurrency(int concurrency) throws Exception {
    AtomicInteger now = new AtomicInteger();
    AtomicInteger max = new AtomicInteger();
    // Counted strictly inside each probe's time in flight: from the server's accept to just
    // before it answers, and over a checker's whole check.
    try (TestServer http =
        TestServer.start(
            "shared-http",
            s -> {
              max.accumulateAndGet(now.incrementAndGet(), Math::max);
              s.getInputStream().read(new byte[512]);
              now.decrementAndGet();
              s.getOutputStream().write("HTTP/1.0 200 OK\r\n\r\n".getBytes());
            })) {
      HandshakeChecker other =
          checker(
              "other",
              ctx -> {
                max.accumulateAndGet(now.incrementAndGet(), Math::max);
                Thread.yield();
                now.decrementAndGet();
                return ctx.result(ProbeStatus.OPEN).detail("ok").build();
              });
      Prober p = prober(other).toBuilder().concurrency(concurrency).build();
      List<ProbeTarget> targets = new ArrayList<>();
      for (int i = 0; i < 40; i++) {
        targets.add(http.target("http"));
        targets.add(ProbeTarget.of("127.0.0.1", 1 + i, "other"));
      }

      ProbeReport report = p.run(targets);

      assertThat(report.results()).allMatch(r -> r.status() == ProbeStatus.OPEN);
      assertThat(max.get()).isBetween(1, concurrency);
    }
  }

  @Test
  void probeHere_runsTheCheckerOnTheCallingThread_andGivesTheResultOfProbe() {
    java.util.concurrent.atomic.AtomicReference<Thread> ranOn =
        new java.util.concurrent.atomic.AtomicReference<>();
    HandshakeChecker here =
        checker(
            "here",
            ctx -> {
              ranOn.set(Thread.currentThread());
              return ctx.result(ProbeStatus.OPEN).detail("port " + ctx.target().port()).build();
            });
    Prober p = prober(here);
    ProbeTarget t = ProbeTarget.of("127.0.0.1", 7, "here");
    ProbeResult inline = p.probeHere(t);
    assertThat(ranOn.get()).isSameAs(Thread.currentThread());
    ProbeResult run = p.probe(t);
    assertThat(ranOn.get()).isNotSameAs(Thread.currentThread());
    assertThat(inline.status()).isEqualTo(run.status()).isEqualTo(ProbeStatus.OPEN);
    assertThat(inline.detail()).isEqualTo(run.detail()).isEqualTo("port 7");
  }

  @Test
  void probeHere_probesHttpAndTcpWithoutTheScanners_asTheScannersDo() throws Exception {
    int port;
    try (java.net.ServerSocket free = new java.net.ServerSocket(0)) {
      port = free.getLocalPort(); // closed again at once: nothing listens there
    }
    Prober p = Prober.builder().timeout(Duration.ofSeconds(2)).build();
    for (String checker : List.of("tcp", "http")) {
      ProbeTarget t = ProbeTarget.of("127.0.0.1", port, checker);
      assertThat(p.probeHere(t).status()).as(checker).isEqualTo(ProbeStatus.REFUSED);
      assertThat(p.probe(t).status()).as(checker).isEqualTo(ProbeStatus.REFUSED);
    }
  }
}
