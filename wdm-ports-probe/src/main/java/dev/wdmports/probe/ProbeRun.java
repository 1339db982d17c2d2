package dev.wdmports.probe;

import dev.wdmports.core.Address;
import dev.wdmports.core.Transport;
import dev.wdmports.probe.internal.ConnectScanner;
import dev.wdmports.probe.internal.HttpChecker;
import dev.wdmports.probe.internal.HttpScanner;
import dev.wdmports.probe.internal.Scannable;
import dev.wdmports.probe.internal.SelectorLoop;
import dev.wdmports.probe.internal.Tls;
import dev.wdmports.probe.spi.CheckContext;
import dev.wdmports.probe.spi.HandshakeChecker;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A run of a {@link Prober}: wait for its report or cancel it. Thread-safe.
 *
 * <pre>{@code
 * ProbeRun run = prober.start(targets, ProbeListener.none());
 * if (userPressedStop) run.cancel();
 * ProbeReport report = run.await();
 * }</pre>
 *
 * <p>Cancelling stops claiming targets, closes the sockets of probes in flight and reports every
 * target not decided as {@link ProbeStatus#ERROR} with a detail that says so.
 */
public final class ProbeRun {
  private static final Logger LOG = LoggerFactory.getLogger(ProbeRun.class);
  private static final AtomicInteger RUNS = new AtomicInteger();
  private static final long OVERSTAY_GRACE_NANOS = TimeUnit.SECONDS.toNanos(2);
  private static final int SCANNER_THREADS =
      Math.max(1, Math.min(2, Runtime.getRuntime().availableProcessors()));

  private final Prober cfg;
  private final List<ProbeTarget> targets;
  private final ProbeListener listener;
  private final HandshakeChecker[] checkers;
  private final ProbeResult[] results;
  private final CompletableFuture<ProbeReport> done = new CompletableFuture<>();
  private final Set<CheckContext> inFlight = ConcurrentHashMap.newKeySet();
  private final Map<String, CompletableFuture<Resolution>> resolved = new ConcurrentHashMap<>();

  /** The resolve time of connect-scanner probes that spent any, by target index, until reported. */
  private final Map<Integer, Duration> waited = new ConcurrentHashMap<>();

  private final Object listenerLock = new Object();
  private final int runId = RUNS.incrementAndGet();
  private volatile boolean cancelled;
  private volatile boolean deadlineReached;

  /** The run's non-blocking scanners (connect and HTTP), once started. */
  private final List<SelectorLoop<?>> loops = new CopyOnWriteArrayList<>();

  private final int[] httpIndices;
  private final AtomicInteger httpCursor = new AtomicInteger();
  private final int[] scanIndices;
  private final AtomicInteger scanCursor = new AtomicInteger();
  private final int[] blockingIndices;
  private final AtomicInteger blockingCursor = new AtomicInteger();
  private final long rateInterval;
  private final java.util.concurrent.atomic.AtomicLong nextSlot =
      new java.util.concurrent.atomic.AtomicLong();
  private long startNanos;
  private long overallDeadline;

  ProbeRun(Prober cfg, List<ProbeTarget> targets, ProbeListener listener) {
    this.cfg = cfg;
    this.targets = targets;
    this.listener = listener;
    int n = targets.size();
    this.checkers = new HandshakeChecker[n];
    // One pass: a sweep has 65,535 targets, and this runs before the first probe starts.
    Map<String, HandshakeChecker> byId = new HashMap<>();
    int[] scan = new int[n];
    int[] blocking = new int[n];
    int[] http = new int[n];
    int httpCount = 0;
    int scanCount = 0;
    int blockingCount = 0;
    String lastId = null;
    HandshakeChecker last = null;
    for (int i = 0; i < n; i++) {
      String id = targets.get(i).checker();
      if (!id.equals(lastId)) {
        last = byId.computeIfAbsent(id, cfg.registry::require);
        lastId = id;
      }
      checkers[i] = last;
      if (useScanner(i)) {
        scan[scanCount++] = i;
      } else if (useHttpScanner(i)) {
        http[httpCount++] = i;
      } else {
        blocking[blockingCount++] = i;
      }
    }
    if (cfg.concurrency < 2 && httpCount > 0 && blockingCount > 0) {
      // One slot cannot be split between the HTTP scanner and the workers: the workers take all.
      for (int k = 0; k < httpCount; k++) {
        blocking[blockingCount++] = http[k];
      }
      Arrays.sort(blocking, 0, blockingCount);
      httpCount = 0;
    }
    this.scanIndices = Arrays.copyOf(scan, scanCount);
    this.httpIndices = Arrays.copyOf(http, httpCount);
    this.blockingIndices = Arrays.copyOf(blocking, blockingCount);
    this.results = new ProbeResult[n];
    this.rateInterval = cfg.ratePerSecond > 0 ? (long) (1e9 / cfg.ratePerSecond) : 0;
  }

  void begin() {
    Thread coordinator = new Thread(this::coordinate, "wdm-ports-probe-" + runId);
    coordinator.setDaemon(true);
    coordinator.start();
  }

  /** Cancels the run. Idempotent; returns at once, {@link #await()} gives the partial report. */
  public void cancel() {
    cancelled = true;
    loops.forEach(SelectorLoop::cancel);
    inFlight.forEach(CheckContext::cancel);
  }

  /**
   * Tells whether the run is over.
   *
   * @return true once the report is ready
   */
  public boolean isDone() {
    return done.isDone();
  }

  /**
   * Waits for the report. If the calling thread is interrupted, the run is cancelled, the (partial)
   * report is returned once probes in flight have given up, and the interrupt flag is set again.
   *
   * @return the report
   */
  public ProbeReport await() {
    boolean interrupted = false;
    try {
      while (true) {
        try {
          return done.get();
        } catch (InterruptedException e) {
          interrupted = true;
          cancel();
        } catch (ExecutionException e) {
          throw new IllegalStateException("the probe run failed: " + e.getCause(), e.getCause());
        }
      }
    } finally {
      if (interrupted) {
        Thread.currentThread().interrupt();
      }
    }
  }

  /**
   * Waits for the report at most a while.
   *
   * @param max the longest wait
   * @return the report, or empty if the run is still going
   * @throws InterruptedException if interrupted while waiting (the run goes on)
   */
  public Optional<ProbeReport> await(Duration max) throws InterruptedException {
    try {
      return Optional.of(done.get(max.toNanos(), TimeUnit.NANOSECONDS));
    } catch (TimeoutException e) {
      return Optional.empty();
    } catch (ExecutionException e) {
      throw new IllegalStateException("the probe run failed: " + e.getCause(), e.getCause());
    }
  }

  /**
   * Returns the report as a future, for asynchronous callers.
   *
   * @return a future completed with the report
   */
  public CompletableFuture<ProbeReport> completion() {
    return done.copy();
  }

  /**
   * Does the local start-up that no probe's deadline may pay for (the JVM's first TLS handshake,
   * loading trust anchors), then starts the run's clock: the overall deadline and every probe's
   * count from here.
   */
  private void startClock() {
    Set<TlsTrust> trusts = new java.util.HashSet<>();
    ProbeOptions last = null;
    for (int i : blockingIndices) {
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
    startNanos = cfg.ticker.read();
    nextSlot.set(startNanos);
    overallDeadline = cfg.overallTimeout.map(d -> startNanos + d.toNanos()).orElse(Long.MAX_VALUE);
  }

  private void coordinate() {
    Thread[] workers = new Thread[0];
    startClock();
    try {
      notifyListener(() -> listener.started(targets.size()));
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
      String why = cancelled ? "the run was cancelled" : "the overall deadline passed";
      for (int i = 0; i < results.length; i++) {
        if (results[i] == null) {
          deadlineReached |= !cancelled;
          notProbed(i, "not probed: " + why, cancelled);
        }
      }
      finish();
    }
  }

  /**
   * Starts one thread per concurrent handshake probe (the concurrency the HTTP scanners leave, at
   * most one per target). Each claims its next target itself, as the scanners do: no queue and no
   * hand-off between a feeding thread and the workers, so a probe costs no wake-up of another
   * thread (bench/http.sh, when http still ran here: about a fifth more probes per second than a
   * thread pool fed one task at a time). A worker ends when no target is left.
   */
  private Thread[] startWorkers() {
    int count = blockingIndices.length;
    Thread[] workers = new Thread[Math.min(cfg.concurrency - httpShare(), count)];
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
      probeBlocking(blockingIndices[k]);
    }
  }

  /** Claims the next handshake target; -1 when none is left, the run is cancelled or over. */
  private int claimBlocking() {
    while (true) {
      if (cancelled || overallExpired() || blockingCursor.get() >= blockingIndices.length) {
        return -1;
      }
      long wait = rateDelay();
      if (wait > 0) {
        LockSupport.parkNanos(this, Math.min(wait, 50_000_000));
        continue;
      }
      int k = blockingCursor.getAndIncrement();
      return k < blockingIndices.length ? k : -1;
    }
  }

  /** Starts the connect scanners for plain tcp targets, which then pull their own work. */
  private void startScanners() throws IOException {
    startLoops(
        scanIndices.length,
        cfg.maxInFlightConnects,
        "connect",
        (share, name) ->
            new ConnectScanner(share, cfg.ticker, this::scanned, this::nextScanJob, name));
  }

  /**
   * Starts the HTTP scanners for built-in http targets: their share of the run's concurrency in
   * flight on at most two selector threads, instead of a blocked thread per probe.
   */
  private void startHttpScanners() throws IOException {
    if (httpIndices.length == 0) {
      return;
    }
    HttpChecker checker = (HttpChecker) checkers[httpIndices[0]];
    startLoops(
        httpIndices.length,
        httpShare(),
        "http",
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
  private void startLoops(int count, int slots, String kind, LoopMaker maker) throws IOException {
    if (count == 0) {
      return;
    }
    int n = Math.max(1, Math.min(SCANNER_THREADS, Math.min(slots, count)));
    for (int k = 0; k < n; k++) {
      int share = slots / n + (k < slots % n ? 1 : 0);
      SelectorLoop<?> loop =
          maker.make(share, "wdm-ports-probe-" + runId + "-" + kind + "-" + (k + 1));
      loops.add(loop);
      loop.start();
    }
  }

  /**
   * How many of the run's {@code concurrency} slots the HTTP scanners get: all of them when every
   * handshake target is http, else a share in proportion to the targets, at least one for each
   * side, so that http and other handshakes together never exceed the concurrency.
   */
  private int httpShare() {
    int http = httpIndices.length;
    int other = blockingIndices.length;
    if (http == 0) {
      return 0;
    }
    if (other == 0) {
      return cfg.concurrency;
    }
    long share = (long) cfg.concurrency * http / (http + other);
    return (int) Math.max(1, Math.min(cfg.concurrency - 1, share));
  }

  /** Claims the next http target for an HTTP scanner; runs on scanner threads. */
  private HttpScanner.Job nextHttpJob() {
    return claim(
        httpIndices,
        httpCursor,
        HttpScanner.WAIT,
        (index, t, lookup, start) -> new HttpScanner.Job(index, context(index, t, lookup, start)));
  }

  private void httpScanned(HttpScanner.Job job, ProbeResult r) {
    int index = job.index();
    CheckContext ctx = job.ctx();
    ProbeTarget t = targets.get(index);
    record(index, complete(t, cancelledIf(ctx, r), resolved.get(t.host()).join(), latency(ctx)));
  }

  /** Claims the next plain tcp target for a connect scanner; runs on scanner threads. */
  private ConnectScanner.Job nextScanJob() {
    return claim(
        scanIndices,
        scanCursor,
        ConnectScanner.WAIT,
        (index, t, lookup, start) -> {
          if (!lookup.spent.isZero()) {
            waited.put(index, lookup.spent);
          }
          // The scanner measures the connect from after the look-up; the deadline counts from the
          // probe's start.
          long connectStart = lookup.free ? start : cfg.ticker.read();
          return new ConnectScanner.Job(
              index,
              new InetSocketAddress(lookup.res.address, t.port()),
              connectStart,
              deadlineFrom(start));
        });
  }

  /** Makes a scanner's job for a claimed, resolved target. */
  @FunctionalInterface
  private interface JobMaker<J> {
    J make(int index, ProbeTarget target, Lookup lookup, long start);
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
      if (rateDelay() > 0) {
        return wait;
      }
      int k = cursor.getAndIncrement();
      if (k >= indices.length) {
        return null;
      }
      int index = indices[k];
      ProbeTarget t = targets.get(index);
      long start = cfg.ticker.read();
      Lookup lookup = resolve(t.host(), start);
      if (lookup.res.address == null) {
        record(index, unresolved(index, lookup));
        continue;
      }
      return maker.make(index, t, lookup, start);
    }
  }

  /**
   * Takes a start slot under the rate limit.
   *
   * @return 0 when a probe may start now (the slot is taken), else how long to wait in nanos
   */
  private long rateDelay() {
    if (rateInterval == 0) {
      return 0;
    }
    while (true) {
      long next = nextSlot.get();
      long now = cfg.ticker.read();
      if (now - next < 0) {
        return next - now;
      }
      if (nextSlot.compareAndSet(next, now + rateInterval)) {
        return 0;
      }
    }
  }

  private void finish() {
    for (int i = 0; i < results.length; i++) {
      if (results[i] == null) {
        results[i] =
            ProbeResult.builder(targets.get(i), checkers[i].transport(), ProbeStatus.ERROR)
                .detail("not probed: the run failed")
                .build();
      }
    }
    Map<ProbeStatus, Integer> counts = new EnumMap<>(ProbeStatus.class);
    for (ProbeResult r : results) {
      counts.merge(r.status(), 1, Integer::sum);
    }
    ProbeSummary summary =
        new ProbeSummary(
            results.length,
            counts,
            Duration.ofNanos(Math.max(0, cfg.ticker.read() - startNanos)),
            cancelled,
            deadlineReached);
    ProbeReport report = new ProbeReport(Arrays.asList(results), summary);
    notifyListener(() -> listener.finished(summary));
    done.complete(report);
  }

  /** Waits for the scanners and the workers; cuts off a checker that overstays its deadline. */
  private void awaitWorkers(Thread[] workers) {
    try {
      for (SelectorLoop<?> loop : loops) {
        loop.join();
      }
      for (Thread w : workers) {
        w.join(1000);
        while (w.isAlive()) {
          // Checkers end by their deadlines; one that overstays by more than the grace is cut off
          // by closing its sockets, so that a misbehaving checker cannot hold the run forever.
          long now = cfg.ticker.read();
          for (CheckContext c : inFlight) {
            if (now - c.deadlineNanos() > OVERSTAY_GRACE_NANOS) {
              LOG.warn("probe run {}: checker for {} overstays its deadline", runId, c.target());
              c.cancel();
            }
          }
          w.join(1000);
        }
      }
    } catch (InterruptedException e) {
      cancel();
      Thread.currentThread().interrupt();
    }
  }

  private boolean overallExpired() {
    return cfg.ticker.read() - overallDeadline >= 0;
  }

  private long deadlineFrom(long start) {
    long own = start + cfg.timeout.toNanos();
    return own - overallDeadline < 0 ? own : overallDeadline;
  }

  private boolean useScanner(int index) {
    return cfg.connectScanner && scanner(checkers[index]) == Scannable.Scanner.CONNECT;
  }

  private boolean useHttpScanner(int index) {
    return cfg.httpScanner && scanner(checkers[index]) == Scannable.Scanner.HTTP;
  }

  /** The scanner a checker declares it can run on, or null for the worker threads. */
  private static Scannable.Scanner scanner(HandshakeChecker checker) {
    return checker instanceof Scannable s && checker.transport() == Transport.TCP
        ? s.scanner()
        : null;
  }

  /**
   * A checker's result once its probe was cancelled: an error that says so, unless the checker
   * reported the cancellation itself.
   */
  private static ProbeResult cancelledIf(CheckContext ctx, ProbeResult r) {
    if (!ctx.isCancelled() || r.cancelled()) {
      return r;
    }
    return new ProbeResult(
        r.target(),
        r.transport(),
        ProbeStatus.ERROR,
        r.address(),
        r.timings(),
        r.latency(),
        "cancelled: " + r.detail(),
        r.evidence(),
        true);
  }

  private void scanned(
      int index, ProbeStatus status, String detail, long nanos, boolean cancelledProbe) {
    ProbeTarget t = targets.get(index);
    Resolution res = resolved.get(t.host()).join();
    // Most probes of a sweep waited for no look-up: the map holds only those that did.
    Duration spent = waited.isEmpty() ? null : waited.remove(index);
    Duration resolve = spent == null ? Duration.ZERO : spent;
    Duration connect = Duration.ofNanos(Math.max(0, nanos));
    ProbeResult.Builder b =
        ProbeResult.builder(t, Transport.TCP, status)
            .address(new InetSocketAddress(res.address, t.port()))
            .resolveTime(resolve)
            // The scanner measures from after the look-up: the probe is the two phases.
            .connectTime(connect)
            .latency(resolve.plus(connect))
            .detail(detail)
            .cancelled(cancelledProbe);
    res.note(b);
    record(index, b.build());
  }

  private void probeBlocking(int index) {
    ProbeTarget t = targets.get(index);
    HandshakeChecker checker = checkers[index];
    long start = cfg.ticker.read();
    ProbeResult r;
    try {
      if (cancelled) {
        notProbed(index, "not probed: the run was cancelled", true);
        return;
      }
      Lookup lookup = resolve(t.host(), start);
      if (lookup.res.address == null) {
        record(index, unresolved(index, lookup));
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
          r = cancelledIf(ctx, r);
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
      r = complete(t, r, lookup.res, latency(ctx));
    } catch (RuntimeException | Error e) {
      record(
          index,
          ProbeResult.builder(t, checker.transport(), ProbeStatus.ERROR)
              .detail("probe failed: " + e)
              .build());
      if (e instanceof Error err) {
        throw err;
      }
      return;
    }
    record(index, r);
  }

  private CheckContext context(int index, ProbeTarget t, Lookup lookup, long start) {
    return CheckContext.builder(t, new InetSocketAddress(lookup.res.address, t.port()))
        .transport(checkers[index].transport())
        .ticker(cfg.ticker)
        // Latency is resolve time plus time from here; the deadline counts from the start.
        .startNanos(lookup.free ? start : cfg.ticker.read())
        .deadlineNanos(deadlineFrom(start))
        .maxBytes(cfg.maxBytesPerProbe)
        .resolveTime(lookup.spent)
        .build();
  }

  /**
   * The probe's latency as the engine measures it: the look-up it waited for plus the time from the
   * context's start until now, when the checker has returned. A checker's phases lie inside this
   * window, so the latency covers them whatever the checker reported.
   */
  private Duration latency(CheckContext ctx) {
    return ctx.resolveTime()
        .plus(Duration.ofNanos(Math.max(0, cfg.ticker.read() - ctx.startNanos())));
  }

  /** A checker's result made the engine's: the target kept, other addresses noted, latency set. */
  private static ProbeResult complete(
      ProbeTarget t, ProbeResult r, Resolution res, Duration latency) {
    boolean sameTarget = r.target().equals(t);
    if (sameTarget && res.all.size() <= 1 && r.latency().equals(latency)) {
      return r;
    }
    Evidence evidence = r.evidence();
    if (res.all.size() > 1) {
      Map<String, String> facts = new java.util.LinkedHashMap<>(evidence.facts());
      facts.put("addresses", res.describe());
      evidence = new Evidence(facts, evidence.tls(), evidence.bytesRead());
    }
    return new ProbeResult(
        t,
        r.transport(),
        r.status(),
        r.address(),
        r.timings(),
        latency,
        r.detail(),
        evidence,
        r.cancelled());
  }

  private void notProbed(int index, String why, boolean becauseCancelled) {
    record(
        index,
        ProbeResult.builder(targets.get(index), checkers[index].transport(), ProbeStatus.ERROR)
            .detail(why)
            .cancelled(becauseCancelled)
            .build());
  }

  private ProbeResult unresolved(int index, Lookup lookup) {
    ProbeTarget t = targets.get(index);
    return ProbeResult.builder(t, checkers[index].transport(), ProbeStatus.UNRESOLVED)
        .resolveTime(lookup.spent)
        .latency(lookup.spent)
        .detail(lookup.res.error)
        .build();
  }

  private void record(int index, ProbeResult r) {
    results[index] = r;
    notifyListener(() -> listener.result(r));
  }

  private void notifyListener(Runnable call) {
    if (listener == ProbeListener.none()) {
      return; // nothing to serialize: keep the connect scanners from contending on the lock
    }
    synchronized (listenerLock) {
      try {
        call.run();
      } catch (RuntimeException e) {
        LOG.warn("probe listener {} failed", listener.getClass().getName(), e);
      }
    }
  }

  /**
   * Resolves a host once per run. What a probe reports as its resolve time is what it spent here:
   * the look-up for the probe that made it, the wait for the probe that found it under way, and
   * exactly zero for an IP address (parsing it is not a phase) and for a name already resolved.
   *
   * @param start the probe's start on the ticker
   */
  private Lookup resolve(String host, long start) {
    // A lock-free look-up first: a sweep resolves one host 65,535 times, from two scanner threads,
    // and putIfAbsent on a present key locks its bin, so the threads would take turns on it.
    CompletableFuture<Resolution> known = resolved.get(host);
    if (known == null) {
      CompletableFuture<Resolution> mine = new CompletableFuture<>();
      known = resolved.putIfAbsent(host, mine);
      if (known == null) {
        Resolution r = lookUp(host);
        mine.complete(r);
        return r.made;
      }
    }
    Resolution r = known.getNow(null);
    if (r != null) {
      return r.free;
    }
    r = known.join();
    return r.literal
        ? r.free
        : new Lookup(r, Duration.ofNanos(Math.max(0, cfg.ticker.read() - start)), false);
  }

  private Resolution lookUp(String host) {
    boolean literal = !Address.parse(host).isDnsName();
    long t0 = cfg.ticker.read();
    try {
      InetAddress[] all = InetAddress.getAllByName(host);
      return new Resolution(all[0], List.of(all), took(literal, t0), literal, null);
    } catch (UnknownHostException e) {
      return new Resolution(
          null,
          List.of(),
          took(literal, t0),
          literal,
          "host name " + host + " does not resolve: " + e.getMessage());
    }
  }

  private Duration took(boolean literal, long t0) {
    return literal ? Duration.ZERO : Duration.ofNanos(Math.max(0, cfg.ticker.read() - t0));
  }

  /**
   * A resolution as one probe saw it.
   *
   * @param res the run's resolution of the host
   * @param spent how long this probe spent on it
   * @param free whether the probe spent no time at all (no clock reading needed after it)
   */
  private record Lookup(Resolution res, Duration spent, boolean free) {}

  /** A resolved host: the address probed and every address the resolver returned. */
  private static final class Resolution {
    final InetAddress address;
    final List<InetAddress> all;
    final Duration took;
    final boolean literal;
    final String error;

    /** The look-up as the probe that made it saw it: zero for a literal, but not free. */
    final Lookup made;

    /** The look-up as a later probe sees it: done already, nothing spent. */
    final Lookup free;

    Resolution(
        InetAddress address, List<InetAddress> all, Duration took, boolean literal, String error) {
      this.address = address;
      this.all = new ArrayList<>(all);
      this.took = took;
      this.literal = literal;
      this.error = error;
      this.free = new Lookup(this, Duration.ZERO, true);
      this.made = new Lookup(this, took, false);
    }

    String describe() {
      return all.stream().map(InetAddress::getHostAddress).limit(8).collect(Collectors.joining(","))
          + " (probed the first)";
    }

    void note(ProbeResult.Builder b) {
      if (all.size() > 1) {
        b.fact("addresses", describe());
      }
    }
  }
}
