package dev.wdmports.probe.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.wdmports.core.Transport;
import dev.wdmports.core.report.ProbeStatus;
import dev.wdmports.probe.ProbeListener;
import dev.wdmports.probe.ProbeReport;
import dev.wdmports.probe.ProbeResult;
import dev.wdmports.probe.ProbeTarget;
import dev.wdmports.probe.spi.CheckContext;
import dev.wdmports.probe.spi.HandshakeChecker;
import dev.wdmports.probe.spi.Ticker;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.BiFunction;
import org.junit.jupiter.api.Test;

/** The scheduler on an injected ticker, with checkers that touch no network. */
class SchedulerTest {
  private static final long SECOND = 1_000_000_000L;

  /** A checker that answers as told, and remembers the contexts it got. */
  private static final class FakeChecker implements HandshakeChecker {
    final BiFunction<ProbeTarget, CheckContext, ProbeResult> answer;
    final ConcurrentLinkedQueue<CheckContext> seen = new ConcurrentLinkedQueue<>();

    FakeChecker(BiFunction<ProbeTarget, CheckContext, ProbeResult> answer) {
      this.answer = answer;
    }

    @Override
    public String id() {
      return "fake";
    }

    @Override
    public Transport transport() {
      return Transport.TCP;
    }

    @Override
    public ProbeResult check(ProbeTarget target, CheckContext ctx) {
      seen.add(ctx);
      return answer.apply(target, ctx);
    }
  }

  private static final FakeChecker OPEN =
      new FakeChecker((t, ctx) -> ctx.result(ProbeStatus.OPEN).detail("fine").build());

  private static Scheduler.Settings settings(
      Ticker ticker, Duration timeout, Duration overall, int concurrency) {
    return new Scheduler.Settings(
        concurrency, 16, timeout, Optional.ofNullable(overall), 0, 4096, ticker, true, true);
  }

  private static List<ProbeTarget> targets(int n, String checker) {
    List<ProbeTarget> t = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      t.add(ProbeTarget.of("127.0.0.1", 1000 + i, checker));
    }
    return t;
  }

  private static ProbeReport run(Scheduler.Settings s, HandshakeChecker c, List<ProbeTarget> t) {
    Scheduler scheduler = new Scheduler(s, id -> c, t, ProbeListener.none());
    scheduler.start();
    return scheduler.report().join();
  }

  @Test
  void constructor_startsNoThread_andStartTwiceIsAnError() {
    Scheduler s =
        new Scheduler(
            settings(() -> 0, Duration.ofSeconds(2), null, 4),
            id -> OPEN,
            targets(3, "fake"),
            ProbeListener.none());
    assertThat(s.report()).isNotDone();
    s.start();
    assertThat(s.report().join().results()).hasSize(3);
    assertThatThrownBy(s::start)
        .isInstanceOf(IllegalStateException.class)
        .hasMessageEndingWith("is started already");
  }

  @Test
  void eachProbesDeadline_isItsTimeout_cutToTheOverallDeadline() {
    FakeChecker c = new FakeChecker(OPEN.answer);
    run(settings(() -> 7, Duration.ofSeconds(2), Duration.ofSeconds(10), 2), c, targets(2, "x"));
    assertThat(c.seen).allSatisfy(ctx -> assertThat(ctx.deadlineNanos()).isEqualTo(7 + 2 * SECOND));
    assertThat(c.seen).allSatisfy(ctx -> assertThat(ctx.maxBytes()).isEqualTo(4096));

    FakeChecker d = new FakeChecker(OPEN.answer);
    run(settings(() -> 7, Duration.ofSeconds(2), Duration.ofSeconds(1), 2), d, targets(2, "x"));
    assertThat(d.seen).allSatisfy(ctx -> assertThat(ctx.deadlineNanos()).isEqualTo(7 + SECOND));
  }

  @Test
  void pastTheOverallDeadline_nothingIsProbed_andTheReportSaysWhy() {
    AtomicLong now = new AtomicLong();
    Ticker jumpy = () -> now.getAndAdd(3600 * SECOND); // each reading an hour later
    FakeChecker c = new FakeChecker(OPEN.answer);
    List<ProbeTarget> t = new ArrayList<>(targets(3, "fake"));
    t.add(ProbeTarget.of("127.0.0.1", 9, "tcp"));
    Scheduler s =
        new Scheduler(
            settings(jumpy, Duration.ofSeconds(2), Duration.ofSeconds(1), 4),
            id -> id.equals("tcp") ? new TcpChecker() : c,
            t,
            ProbeListener.none());
    s.start();
    ProbeReport report = s.report().join();
    assertThat(c.seen).isEmpty();
    assertThat(report.results())
        .allSatisfy(
            r -> {
              assertThat(r.status()).isEqualTo(ProbeStatus.ERROR);
              assertThat(r.detail()).isEqualTo("not probed: the overall deadline passed");
              assertThat(r.cancelled()).isFalse();
            });
    assertThat(report.summary().deadlineReached()).isTrue();
    assertThat(report.summary().cancelled()).isFalse();
  }

  @Test
  void cancelledBeforeStart_nothingIsProbed_everyResultIsCancelled() {
    FakeChecker c = new FakeChecker(OPEN.answer);
    Scheduler s =
        new Scheduler(
            settings(() -> 0, Duration.ofSeconds(2), null, 4),
            id -> c,
            targets(5, "fake"),
            ProbeListener.none());
    s.cancel();
    s.start();
    ProbeReport report = s.report().join();
    assertThat(c.seen).isEmpty();
    assertThat(report.results())
        .allSatisfy(
            r -> {
              assertThat(r.detail()).isEqualTo("not probed: the run was cancelled");
              assertThat(r.cancelled()).isTrue();
            });
    assertThat(report.summary().cancelled()).isTrue();
  }

  @Test
  void aCheckerThatSeesItsProbeCancelled_isReportedCancelled_once() {
    FakeChecker ignoring =
        new FakeChecker(
            (t, ctx) -> {
              ctx.cancel();
              return ctx.result(ProbeStatus.OPEN).detail("went on regardless").build();
            });
    ProbeResult r =
        run(settings(() -> 0, Duration.ofSeconds(2), null, 1), ignoring, targets(1, "x"))
            .results()
            .get(0);
    assertThat(r.status()).isEqualTo(ProbeStatus.ERROR);
    assertThat(r.detail()).isEqualTo("cancelled: went on regardless");
    assertThat(r.cancelled()).isTrue();

    FakeChecker saying =
        new FakeChecker(
            (t, ctx) -> {
              ctx.cancel();
              return ctx.result(ProbeStatus.ERROR).detail("gave up").cancelled(true).build();
            });
    r =
        run(settings(() -> 0, Duration.ofSeconds(2), null, 1), saying, targets(1, "x"))
            .results()
            .get(0);
    assertThat(r.detail()).isEqualTo("gave up");
    assertThat(r.cancelled()).isTrue();
  }

  @Test
  void aCheckerThatFailsOrReturnsNothing_isAnErrorNamingIt() {
    FakeChecker nothing = new FakeChecker((t, ctx) -> null);
    ProbeResult r =
        run(settings(() -> 0, Duration.ofSeconds(2), null, 1), nothing, targets(1, "x"))
            .results()
            .get(0);
    assertThat(r.status()).isEqualTo(ProbeStatus.ERROR);
    assertThat(r.detail())
        .isEqualTo("checker " + FakeChecker.class.getName() + " returned no result");

    FakeChecker throwing =
        new FakeChecker(
            (t, ctx) -> {
              throw new IllegalStateException("boom");
            });
    r =
        run(settings(() -> 0, Duration.ofSeconds(2), null, 1), throwing, targets(1, "x"))
            .results()
            .get(0);
    assertThat(r.detail())
        .isEqualTo(
            "checker "
                + FakeChecker.class.getName()
                + " failed: java.lang.IllegalStateException: boom");
  }

  @Test
  void theEngineMeasuresTheLatency_andKeepsTheTarget() {
    AtomicLong now = new AtomicLong();
    FakeChecker slow =
        new FakeChecker(
            (t, ctx) -> {
              now.addAndGet(30_000_000); // the checker's work, on the ticker
              return ProbeResult.builder(
                      ProbeTarget.of("127.0.0.1", 1, "other"), Transport.TCP, ProbeStatus.OPEN)
                  .build();
            });
    List<ProbeTarget> t = targets(1, "x");
    ProbeResult r =
        run(settings(now::get, Duration.ofSeconds(2), null, 1), slow, t).results().get(0);
    assertThat(r.target()).isEqualTo(t.get(0));
    assertThat(r.latency()).isEqualTo(Duration.ofMillis(30));
  }

  @Test
  void results_areInInputOrder_whateverThreadDecidedThem() {
    List<ProbeTarget> t = targets(50, "x");
    ProbeReport report = run(settings(() -> 0, Duration.ofSeconds(2), null, 8), OPEN, t);
    for (int i = 0; i < t.size(); i++) {
      assertThat(report.results().get(i).target()).isEqualTo(t.get(i));
    }
    assertThat(report.summary().byStatus()).containsEntry(ProbeStatus.OPEN, 50);
  }

  @Test
  void watchdog_cutsOffOnlyProbesPastTheirDeadlineByMoreThanTheGrace() {
    CheckContext late = context(100);
    CheckContext onTime = context(100 + SECOND);
    long now = 100 + Scheduler.OVERSTAY_GRACE_NANOS + 1;
    assertThat(Scheduler.overstaying(List.of(late, onTime), now)).containsExactly(late);
    assertThat(Scheduler.overstaying(List.of(late), now - 1)).isEmpty();
    assertThat(Scheduler.overstaying(Collections.emptyList(), now)).isEmpty();
  }

  private static CheckContext context(long deadline) {
    return CheckContext.builder(
            ProbeTarget.of("127.0.0.1", 1, "x"), new InetSocketAddress("127.0.0.1", 1))
        .ticker(() -> 0)
        .startNanos(0)
        .deadlineNanos(deadline)
        .build();
  }

  @Test
  void onlyConnectsLeft_waitsForEveryHandshake_thenCompletes() throws Exception {
    java.util.concurrent.CountDownLatch entered = new java.util.concurrent.CountDownLatch(1);
    java.util.concurrent.CountDownLatch release = new java.util.concurrent.CountDownLatch(1);
    FakeChecker blocked =
        new FakeChecker(
            (t, ctx) -> {
              entered.countDown();
              try {
                release.await();
              } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
              }
              return ctx.result(ProbeStatus.OPEN).detail("fine").build();
            });
    Scheduler s =
        new Scheduler(
            settings(System::nanoTime, Duration.ofSeconds(2), null, 2),
            id -> blocked,
            targets(1, "fake"),
            ProbeListener.none());
    s.start();
    entered.await();
    assertThat(s.onlyConnectsLeft()).isNotDone();
    release.countDown();
    s.report().join();
    s.onlyConnectsLeft().join();
  }

  @Test
  void onlyConnectsLeft_completes_whenConnectsAreAllClaimed_andWhenTheRunEnds() {
    Scheduler s =
        new Scheduler(
            settings(System::nanoTime, Duration.ofSeconds(2), null, 2),
            id -> new TcpChecker(),
            List.of(ProbeTarget.of("127.0.0.1", 9, "tcp")),
            ProbeListener.none(),
            java.net.InetAddress::getAllByName,
            new ConnectBudget(4));
    s.start();
    s.onlyConnectsLeft().join();
    assertThat(s.report().join().results()).hasSize(1);

    Scheduler none =
        new Scheduler(
            settings(System::nanoTime, Duration.ofSeconds(2), null, 2),
            id -> OPEN,
            List.of(),
            ProbeListener.none());
    none.start();
    none.report().join();
    assertThat(none.onlyConnectsLeft()).isDone();
  }

  @Test
  void connectsGiveTheirPermitsBack_toTheSharedBudget() {
    ConnectBudget budget = new ConnectBudget(3);
    List<ProbeTarget> t = new ArrayList<>();
    for (int i = 0; i < 20; i++) {
      t.add(ProbeTarget.of("127.0.0.1", 9 + i, "tcp"));
    }
    Scheduler s =
        new Scheduler(
            settings(System::nanoTime, Duration.ofSeconds(2), null, 2),
            id -> new TcpChecker(),
            t,
            ProbeListener.none(),
            java.net.InetAddress::getAllByName,
            budget);
    s.start();
    assertThat(s.report().join().results())
        .hasSize(20)
        .noneMatch(r -> r.status() == ProbeStatus.ERROR);
    assertThat(budget.available()).isEqualTo(3);
  }

  @Test
  void aBudgetTakenByAnotherRun_holdsConnectsBack_untilItIsGivenBack() throws Exception {
    ConnectBudget budget = new ConnectBudget(1);
    assertThat(budget.tryAcquire()).isTrue(); // "another run" holds the only permit
    Scheduler s =
        new Scheduler(
            settings(System::nanoTime, Duration.ofSeconds(2), null, 2),
            id -> new TcpChecker(),
            List.of(ProbeTarget.of("127.0.0.1", 9, "tcp")),
            ProbeListener.none(),
            java.net.InetAddress::getAllByName,
            budget);
    s.start();
    assertThat(s.onlyConnectsLeft()).as("the target cannot be claimed yet").isNotDone();
    budget.release();
    assertThat(s.report().join().results()).hasSize(1);
    assertThat(budget.available()).isEqualTo(1);
  }
}
