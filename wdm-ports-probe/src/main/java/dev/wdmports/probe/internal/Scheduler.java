package dev.wdmports.probe.internal;

import dev.wdmports.core.Transport;
import dev.wdmports.core.report.ProbeStatus;
import dev.wdmports.probe.ProbeListener;
import dev.wdmports.probe.ProbeOptions;
import dev.wdmports.probe.ProbeReport;
import dev.wdmports.probe.ProbeResult;
import dev.wdmports.probe.ProbeTarget;
import dev.wdmports.probe.TlsTrust;
import dev.wdmports.probe.spi.CheckContext;
import dev.wdmports.probe.spi.HandshakeChecker;
import dev.wdmports.probe.spi.Ticker;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The machinery of one probe run: it hands the {@link Plan}'s targets to the connect scanners, the
 * HTTP scanners and the worker threads, which each claim their next target themselves under the
 * {@link RateLimiter} and the overall deadline; it records each result, tells the listener, cuts
 * off a checker that overstays its deadline and completes the report. Nothing starts before {@link
 * #start()}. Thread-safe.
 */
public final class Scheduler {
  private static final Logger LOG = LoggerFactory.getLogger(Scheduler.class);
  private static final AtomicInteger RUNS = new AtomicInteger();

  /** How long past its deadline a checker may run before the watchdog closes its sockets. */
  static final long OVERSTAY_GRACE_NANOS = TimeUnit.SECONDS.toNanos(2);

  private static final int SCANNER_THREADS =
      Math.max(1, Math.min(2, Runtime.getRuntime().availableProcessors()));

  /**
   * A prober's settings, as the run uses them.
   *
   * @param concurrency handshakes at once (HTTP scanners and workers together)
   * @param maxInFlightConnects the connect scanners' outstanding connects
   * @param timeout per probe
   * @param overallTimeout per run, if any
   * @param ratePerSecond probe starts per second, 0 for no limit
   * @param maxBytesPerProbe each probe's read budget
   * @param ticker the time source
   * @param connectScanner whether plain tcp runs on the connect scanners
   * @param httpScanner whether plain http runs on the HTTP scanners
   */
  public record Settings(
      int concurrency,
      int maxInFlightConnects,
      Duration timeout,
      Optional<Duration> overallTimeout,
      double ratePerSecond,
      int maxBytesPerProbe,
      Ticker ticker,
      boolean connectScanner,
      boolean httpScanner) {}

  private final Settings cfg;
  private final Ticker ticker;
  private final List<ProbeTarget> targets;
  private final ProbeListener listener;
  private final Plan plan;
  private final HandshakeChecker[] checkers;
  private final Resolver resolver;
  private final RateLimiter rate;
  private final RunResults results;
  private final ConnectBudget budget;
  private final Set<CheckContext> inFlight = ConcurrentHashMap.newKeySet();

  /** The resolve time of connect-scanner probes that spent any, by target index, until reported. */
  private final Map<Integer, Duration> waited = new ConcurrentHashMap<>();

  private final int runId = RUNS.incrementAndGet();
  private final AtomicBoolean started = new AtomicBoolean();
  private volatile boolean cancelled;
  private volatile boolean deadlineReached;

  /** The run's non-blocking scanners (connect and HTTP), once started. */
  private final List<SelectorLoop<?>> loops = new CopyOnWriteArrayList<>();

  private final List<SelectorLoop<?>> connectLoops = new CopyOnWriteArrayList<>();
  private final List<SelectorLoop<?>> httpLoops = new CopyOnWriteArrayList<>();

  /**
   * Completed once only connects are left (every tcp target claimed, every handshake done), or the
   * run is over: see {@link #onlyConnectsLeft()}. Two conditions count down to it.
   */
  private final CompletableFuture<Void> onlyConnectsLeft = new CompletableFuture<>();

  private final AtomicInteger drainConditions = new AtomicInteger(2);
  private final AtomicBoolean scanClaimed = new AtomicBoolean();

  private final AtomicInteger httpCursor = new AtomicInteger();
  private final AtomicInteger scanCursor = new AtomicInteger();
  private final AtomicInteger blockingCursor = new AtomicInteger();
  private long startNanos;
  private long overallDeadline;

  /**
   * Plans a run; starts nothing.
   *
   * @param cfg the settings
   * @param checker finds the checker of an id
   * @param targets the targets, an immutable list
   * @param listener follows the run
   * @param dns the look-up of host names
   * @throws IllegalArgumentException if a target names a checker that {@code checker} does not know
   */
  public Scheduler(
      Settings cfg,
      Function<String, HandshakeChecker> checker,
      List<ProbeTarget> targets,
      ProbeListener listener,
      Resolver.Dns dns) {
    this(cfg, checker, targets, listener, dns, new ConnectBudget(cfg.maxInFlightConnects()));
  }

  /**
   * Plans a run whose connects count against a budget it shares with other runs (the overlapping
   * runs of a sweep); the run's own connect scanners still keep at most {@link
   * Settings#maxInFlightConnects()} outstanding.
   *
   * @param cfg the settings
   * @param checker finds the checker of an id
   * @param targets the targets, an immutable list
   * @param listener follows the run
   * @param dns the look-up of host names
   * @param budget the outstanding connects allowed, shared
   * @throws IllegalArgumentException if a target names a checker that {@code checker} does not know
   */
  public Scheduler(
      Settings cfg,
      Function<String, HandshakeChecker> checker,
      List<ProbeTarget> targets,
      ProbeListener listener,
      Resolver.Dns dns,
      ConnectBudget budget) {
    this.cfg = cfg;
    this.budget = budget;
    this.ticker = cfg.ticker();
    this.targets = targets;
    this.listener = listener;
    this.plan =
        Plan.of(targets, checker, cfg.connectScanner(), cfg.httpScanner(), cfg.concurrency());
    this.checkers = plan.checkers;
    this.resolver = new Resolver(ticker, dns);
    this.rate = new RateLimiter(cfg.ratePerSecond(), ticker);
    this.results = new RunResults(targets, checkers, listener);
  }

  /**
   * Plans a run that resolves names with {@link InetAddress#getAllByName}.
   *
   * @param cfg the settings
   * @param checker finds the checker of an id
   * @param targets the targets, an immutable list
   * @param listener follows the run
   */
  public Scheduler(
      Settings cfg,
      Function<String, HandshakeChecker> checker,
      List<ProbeTarget> targets,
      ProbeListener listener) {
    this(cfg, checker, targets, listener, InetAddress::getAllByName);
  }

  /**
   * Starts the run's coordinating thread, which starts the scanners and the workers.
   *
   * @throws IllegalStateException if started already
   */
  public void start() {
    if (!started.compareAndSet(false, true)) {
      throw new IllegalStateException("probe run " + runId + " is started already");
    }
    Thread coordinator = new Thread(this::coordinate, "wdm-ports-probe-" + runId);
    coordinator.setDaemon(true);
    coordinator.start();
  }

  /** Cancels the run: stops claiming and closes the sockets of probes in flight. Idempotent. */
  public void cancel() {
    cancelled = true;
    loops.forEach(SelectorLoop::cancel);
    inFlight.forEach(CheckContext::cancel);
  }

  /**
   * Returns the report's future, completed once the run is over.
   *
   * @return the future (callers hand out copies)
   */
  public CompletableFuture<ProbeReport> report() {
    return results.report();
  }

  /**
   * Returns a future completed once the run has only connects left: every plain tcp target has been
   * claimed by a connect scanner (its connect is decided or outstanding) and every other probe is
   * done; or once the run is over, whatever ended it. A sweep starts its next run then, so that
   * connects waiting out their timeout do not hold the next targets back.
   *
   * @return the future (callers must not complete it)
   */
  public CompletableFuture<Void> onlyConnectsLeft() {
    return onlyConnectsLeft;
  }

  private void drainConditionMet() {
    if (drainConditions.decrementAndGet() == 0) {
      onlyConnectsLeft.complete(null);
    }
  }

  /**
   * Does the local start-up that no probe's deadline may pay for (the JVM's first TLS handshake,
   * loading trust anchors), then starts the run's clock: the overall deadline and every probe's
   * count from here.
   */
  private void startClock() {
    Set<TlsTrust> trusts = new HashSet<>();
    ProbeOptions last = null;
    for (int i : plan.blocking) {
      ProbeOptions o = targets.get(i).options();
      if (o != last && Tls.needs(checkers[i], o)) {
        trusts.add(o.tlsTrust());
        last = o;
      }
    }
    for (TlsTrust trust : trusts) {
      try {
        Tls.prepare(trust);
      } catch (RuntimeException e) {
        // The probes that use it report the failure, each in its own result.
        LOG.warn("probe run {}: cannot prepare {}: {}", runId, trust, e.toString());
      }
    }
    startNanos = ticker.read();
    rate.startAt(startNanos);
    overallDeadline =
        cfg.overallTimeout().map(d -> startNanos + d.toNanos()).orElse(Long.MAX_VALUE);
  }

  private void coordinate() {
    Thread[] workers = new Thread[0];
    startClock();
    try {
      results.started();
      if (plan.scan.length == 0) {
        scanClaimed.set(true);
        drainConditionMet();
      }
      startScanners();
      startHttpScanners();
      if (cancelled) {
        cancel(); // a cancel before the scanners existed could not reach them
      }
      workers = startWorkers();
    } catch (IOException | RuntimeException e) {
      LOG.error("probe run {} failed", runId, e);
      cancel();
    } finally {
      awaitWorkers(workers);
      finish();
    }
  }

  /**
   * Runs the whole plan on the calling thread, one target after another, and completes the report
   * before it returns: no coordinating thread, worker, scanner or selector is started. For a run of
   * one target, where setting those up costs more than the probe itself (an exporter's scrape:
   * figures in bench/README.md). There is no watchdog: a checker that overstays its deadline holds
   * the caller, and an interrupt is not seen (the built-in checkers end by their deadlines).
   *
   * @throws IllegalStateException if started already, or if the plan gives a target to a scanner
   *     (make the run with both scanners off)
   */
  public void runHere() {
    if (plan.scan.length > 0 || plan.http.length > 0) {
      throw new IllegalStateException(
          "probe run " + runId + " has scanner targets: plan it with both scanners off");
    }
    if (!started.compareAndSet(false, true)) {
      throw new IllegalStateException("probe run " + runId + " is started already");
    }
    startClock();
    try {
      results.started();
      int k;
      while ((k = claimBlocking()) >= 0) {
        probeBlocking(plan.blocking[k]);
      }
    } finally {
      finish();
    }
  }

  /** Reports every target not decided as not probed, and completes the report. */
  private void finish() {
    String why = cancelled ? "the run was cancelled" : "the overall deadline passed";
    for (int i = 0; i < results.size(); i++) {
      if (!results.isDecided(i)) {
        deadlineReached |= !cancelled;
        results.notProbed(i, "not probed: " + why, cancelled);
      }
    }
    results.finish(
        Duration.ofNanos(Math.max(0, ticker.read() - startNanos)), cancelled, deadlineReached);
    onlyConnectsLeft.complete(null);
  }

  /**
   * Starts one thread per concurrent handshake probe (the concurrency the HTTP scanners leave, at
   * most one per target). Each claims its next target itself, as the scanners do: no queue and no
   * hand-off between a feeding thread and the workers, so a probe costs no wake-up of another
   * thread (figures: bench/README.md). A worker ends when no target is left.
   */
  private Thread[] startWorkers() {
    Thread[] workers = new Thread[plan.workers()];
    for (int k = 0; k < workers.length; k++) {
      Thread t = new Thread(this::work, "wdm-ports-probe-" + runId + "-" + (k + 1));
      t.setDaemon(true);
      workers[k] = t;
      t.start();
    }
    return workers;
  }

  private void work() {
    int k;
    while ((k = claimBlocking()) >= 0) {
      probeBlocking(plan.blocking[k]);
    }
  }

  /** Claims the next handshake target; -1 when none is left, the run is cancelled or over. */
  private int claimBlocking() {
    int[] blocking = plan.blocking;
    while (true) {
      if (cancelled || overallExpired() || blockingCursor.get() >= blocking.length) {
        return -1;
      }
      long wait = rate.delay();
      if (wait > 0) {
        LockSupport.parkNanos(this, Math.min(wait, 50_000_000));
        continue;
      }
      int k = blockingCursor.getAndIncrement();
      return k < blocking.length ? k : -1;
    }
  }

  /** Starts the connect scanners for plain tcp targets, which then pull their own work. */
  private void startScanners() throws IOException {
    startLoops(
        plan.scan.length,
        cfg.maxInFlightConnects(),
        "connect",
        connectLoops,
        (share, name) -> new ConnectScanner(share, ticker, this::scanned, scanSource, name));
  }

  /**
   * Starts the HTTP scanners for built-in http targets: their share of the run's concurrency in
   * flight on at most two selector threads, instead of a blocked thread per probe.
   */
  private void startHttpScanners() throws IOException {
    if (plan.http.length == 0) {
      return;
    }
    // Only the HttpChecker declares Scanner.HTTP (Scannable is sealed).
    HttpChecker checker = (HttpChecker) checkers[plan.http[0]];
    startLoops(
        plan.http.length,
        plan.httpShare(),
        "http",
        httpLoops,
        (share, name) ->
            new HttpScanner(share, checker, this::httpScanned, this::nextHttpJob, name));
  }

  /** Makes one scanner with its share of the slots and its thread's name. */
  @FunctionalInterface
  private interface LoopMaker {
    SelectorLoop<?> make(int share, String name) throws IOException;
  }

  /**
   * Starts the scanners for {@code count} targets. Their work costs kernel time on the calling
   * thread: one selector thread per core (at most two, a scanner is not the only thing running),
   * each with its share of the slots.
   */
  private void startLoops(
      int count, int slots, String kind, List<SelectorLoop<?>> kindLoops, LoopMaker maker)
      throws IOException {
    if (count == 0) {
      return;
    }
    int n = Math.max(1, Math.min(SCANNER_THREADS, Math.min(slots, count)));
    for (int k = 0; k < n; k++) {
      int share = slots / n + (k < slots % n ? 1 : 0);
      SelectorLoop<?> loop =
          maker.make(share, "wdm-ports-probe-" + runId + "-" + kind + "-" + (k + 1));
      loops.add(loop);
      kindLoops.add(loop);
      loop.start();
    }
  }

  /** Claims the next http target for an HTTP scanner; runs on scanner threads. */
  private HttpScanner.Job nextHttpJob() {
    return claim(
        plan.http,
        httpCursor,
        HttpScanner.WAIT,
        (index, t, lookup, start) -> new HttpScanner.Job(index, context(index, t, lookup, start)));
  }

  private void httpScanned(HttpScanner.Job job, ProbeResult r) {
    int index = job.index();
    CheckContext ctx = job.ctx();
    ProbeTarget t = targets.get(index);
    results.record(
        index,
        RunResults.complete(
            t, RunResults.cancelledIf(ctx, r), resolver.resolved(t.host()), latency(ctx)));
  }

  /** The connect scanners' work: claimed targets, and a fresh clock for one that waited. */
  private final ConnectScanner.Source scanSource =
      new ConnectScanner.Source() {
        @Override
        public ConnectScanner.Job next() {
          return nextScanJob();
        }

        @Override
        public ConnectScanner.Job restart(ConnectScanner.Job job) {
          if (cancelled || overallExpired()) {
            budget.release(); // never started: the run reports it as not probed
            return null;
          }
          long now = ticker.read();
          return new ConnectScanner.Job(job.index(), job.address(), now, deadlineFrom(now));
        }
      };

  /**
   * Claims the next plain tcp target for a connect scanner, under the connect budget; runs on
   * scanner threads.
   */
  private ConnectScanner.Job nextScanJob() {
    if (!budget.tryAcquire()) {
      // Other runs' connects hold the budget: wait as for the rate limit, unless nothing is left.
      return cancelled || overallExpired() || scanCursor.get() >= plan.scan.length
          ? claimedAllScans()
          : ConnectScanner.WAIT;
    }
    ConnectScanner.Job job = claimScanJob();
    if (job == null || job == ConnectScanner.WAIT) {
      budget.release();
      return job == null ? claimedAllScans() : job;
    }
    return job;
  }

  /** The source is dry: notes it once when every tcp target was claimed; returns null. */
  private ConnectScanner.Job claimedAllScans() {
    if (scanCursor.get() >= plan.scan.length && scanClaimed.compareAndSet(false, true)) {
      drainConditionMet();
    }
    return null;
  }

  private ConnectScanner.Job claimScanJob() {
    return claim(
        plan.scan,
        scanCursor,
        ConnectScanner.WAIT,
        (index, t, lookup, start) -> {
          if (!lookup.spent().isZero()) {
            waited.put(index, lookup.spent());
          }
          // The scanner measures the connect from after the look-up; the deadline counts from the
          // probe's start.
          long connectStart = lookup.free() ? start : ticker.read();
          return new ConnectScanner.Job(
              index,
              new InetSocketAddress(lookup.res().address(), t.port()),
              connectStart,
              deadlineFrom(start));
        });
  }

  /** Makes a scanner's job for a claimed, resolved target. */
  @FunctionalInterface
  private interface JobMaker<J> {
    J make(int index, ProbeTarget target, Resolver.Lookup lookup, long start);
  }

  /**
   * Claims the next target of a scanner's list, resolved; a target whose host does not resolve is
   * recorded and skipped. Runs on scanner threads.
   *
   * @return the job, {@code wait} while the rate limit holds, or null when the list is done, the
   *     run cancelled or past its overall deadline
   */
  private <J> J claim(int[] indices, AtomicInteger cursor, J wait, JobMaker<J> maker) {
    while (true) {
      if (cancelled || overallExpired()) {
        return null;
      }
      if (rate.delay() > 0) {
        return wait;
      }
      int k = cursor.getAndIncrement();
      if (k >= indices.length) {
        return null;
      }
      int index = indices[k];
      ProbeTarget t = targets.get(index);
      long start = ticker.read();
      Resolver.Lookup lookup = resolver.resolve(t.host(), start);
      if (lookup.res().address() == null) {
        results.unresolved(index, lookup);
        continue;
      }
      return maker.make(index, t, lookup, start);
    }
  }

  /**
   * Waits for the HTTP scanners and the workers, then (only connects are left) for the connect
   * scanners; cuts off a checker that overstays its deadline.
   */
  private void awaitWorkers(Thread[] workers) {
    try {
      for (SelectorLoop<?> loop : httpLoops) {
        loop.join();
      }
      for (Thread w : workers) {
        w.join(1000);
        while (w.isAlive()) {
          // Checkers end by their deadlines; one that overstays by more than the grace is cut off
          // by closing its sockets, so that a misbehaving checker cannot hold the run forever.
          for (CheckContext c : overstaying(inFlight, ticker.read())) {
            LOG.warn("probe run {}: checker for {} overstays its deadline", runId, c.target());
            c.cancel();
          }
          w.join(1000);
        }
      }
      drainConditionMet();
      for (SelectorLoop<?> loop : connectLoops) {
        loop.join();
      }
    } catch (InterruptedException e) {
      cancel();
      Thread.currentThread().interrupt();
    }
  }

  /**
   * The watchdog's choice: the probes in flight that are past their deadline by more than the
   * grace.
   *
   * @param inFlight the probes in flight
   * @param now the ticker's time
   * @return the probes to cut off
   */
  static List<CheckContext> overstaying(Collection<CheckContext> inFlight, long now) {
    List<CheckContext> late = new ArrayList<>();
    for (CheckContext c : inFlight) {
      if (now - c.deadlineNanos() > OVERSTAY_GRACE_NANOS) {
        late.add(c);
      }
    }
    return late;
  }

  private boolean overallExpired() {
    return ticker.read() - overallDeadline >= 0;
  }

  private long deadlineFrom(long start) {
    long own = start + cfg.timeout().toNanos();
    return own - overallDeadline < 0 ? own : overallDeadline;
  }

  private void scanned(
      int index, ProbeStatus status, String detail, long nanos, boolean cancelledProbe) {
    budget.release();
    ProbeTarget t = targets.get(index);
    Resolver.Resolution res = resolver.resolved(t.host());
    // Most probes of a sweep waited for no look-up: the map holds only those that did.
    Duration spent = waited.isEmpty() ? null : waited.remove(index);
    Duration resolve = spent == null ? Duration.ZERO : spent;
    Duration connect = Duration.ofNanos(Math.max(0, nanos));
    ProbeResult.Builder b =
        ProbeResult.builder(t, Transport.TCP, status)
            .address(new InetSocketAddress(res.address(), t.port()))
            .resolveTime(resolve)
            // The scanner measures from after the look-up: the probe is the two phases.
            .connectTime(connect)
            .latency(resolve.plus(connect))
            .detail(detail)
            .cancelled(cancelledProbe);
    res.note(b);
    results.record(index, b.build());
  }

  private void probeBlocking(int index) {
    ProbeTarget t = targets.get(index);
    HandshakeChecker checker = checkers[index];
    long start = ticker.read();
    ProbeResult r;
    try {
      if (cancelled) {
        results.notProbed(index, "not probed: the run was cancelled", true);
        return;
      }
      Resolver.Lookup lookup = resolver.resolve(t.host(), start);
      if (lookup.res().address() == null) {
        results.unresolved(index, lookup);
        return;
      }
      CheckContext ctx = context(index, t, lookup, start);
      inFlight.add(ctx);
      if (cancelled) {
        ctx.cancel();
      }
      try {
        r = checker.check(t, ctx);
        if (r == null) {
          r =
              ctx.result(ProbeStatus.ERROR)
                  .detail("checker " + checker.getClass().getName() + " returned no result")
                  .build();
        } else {
          r = RunResults.cancelledIf(ctx, r);
        }
      } catch (RuntimeException e) {
        LOG.warn("checker {} failed on {}", checker.getClass().getName(), t, e);
        r =
            ctx.result(ProbeStatus.ERROR)
                .detail("checker " + checker.getClass().getName() + " failed: " + e)
                .build();
      } finally {
        inFlight.remove(ctx);
      }
      r = RunResults.complete(t, r, lookup.res(), latency(ctx));
    } catch (RuntimeException | Error e) {
      results.record(
          index,
          ProbeResult.builder(t, checker.transport(), ProbeStatus.ERROR)
              .detail("probe failed: " + e)
              .build());
      if (e instanceof Error err) {
        throw err;
      }
      return;
    }
    results.record(index, r);
  }

  private CheckContext context(int index, ProbeTarget t, Resolver.Lookup lookup, long start) {
    return CheckContext.builder(t, new InetSocketAddress(lookup.res().address(), t.port()))
        .transport(checkers[index].transport())
        .ticker(ticker)
        // Latency is resolve time plus time from here; the deadline counts from the start.
        .startNanos(lookup.free() ? start : ticker.read())
        .deadlineNanos(deadlineFrom(start))
        .maxBytes(cfg.maxBytesPerProbe())
        .resolveTime(lookup.spent())
        .build();
  }

  /**
   * The probe's latency as the engine measures it: the look-up it waited for plus the time from the
   * context's start until now, when the checker has returned. A checker's phases lie inside this
   * window, so the latency covers them whatever the checker reported.
   */
  private Duration latency(CheckContext ctx) {
    return ctx.resolveTime().plus(Duration.ofNanos(Math.max(0, ticker.read() - ctx.startNanos())));
  }
}
