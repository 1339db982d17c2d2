package dev.wdmports.probe;

import static java.util.Objects.requireNonNull;

import dev.wdmports.core.report.ProbeStatus;
import dev.wdmports.probe.internal.ConnectBudget;
import dev.wdmports.probe.spi.CheckContext;
import dev.wdmports.probe.spi.Ticker;
import java.time.Duration;
import java.util.Iterator;
import java.util.List;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * The probe engine: checks many targets concurrently, each under a hard deadline. Immutable and
 * thread-safe; one prober can run many times, also at once. Derive variants with {@link
 * #toBuilder()}.
 *
 * <pre>{@code
 * Prober prober = Prober.builder()
 *     .concurrency(64)                       // blocking handshake checkers at once
 *     .timeout(Duration.ofSeconds(2))        // per probe
 *     .overallTimeout(Duration.ofMinutes(1)) // per run
 *     .build();
 * ProbeReport report = prober.run(ProbeTarget.parse("127.0.0.1:1-1024/tcp"));
 * System.out.println(report.summary().byStatus());
 *
 * ProbeRun run = prober.start(targets, listener); // asynchronous, cancellable
 * run.cancel();
 * }</pre>
 *
 * <p>Plain {@code tcp} targets (when the registry's {@code tcp} is the built-in one) go to a
 * non-blocking connect scanner that keeps up to {@link Builder#maxInFlightConnects} connects
 * outstanding on at most two threads; plain {@code http} targets (the built-in {@code http}) go to
 * a non-blocking HTTP scanner on at most two threads; every other checker, including one registered
 * in place of {@code tcp} or {@code http}, runs on worker threads, each of which claims the next
 * target when it is done with one. HTTP probes and the other handshakes share {@link
 * Builder#concurrency}: together they never have more in flight. Each run creates its threads and
 * they end with it; nothing is queued.
 *
 * <p>When a host name resolves to several addresses, the first is probed and reported; others are
 * listed in the evidence, never tried silently.
 *
 * <p>Local start-up is never charged to a peer: before a run with TLS probes ({@code https}, FTP
 * {@code AUTH TLS}) starts its clock, the engine loads their trust anchors and, once per JVM, makes
 * an in-memory TLS handshake, so that the first probe of a fresh JVM is not cut short by JSSE's
 * class initialisation. The per-probe and overall deadlines, and {@link ProbeSummary#elapsed()},
 * count from after it.
 *
 * @since 0.1.0
 */
public final class Prober {
  /** The default number of concurrent blocking probes. */
  public static final int DEFAULT_CONCURRENCY = 64;

  /** The largest concurrency allowed. */
  public static final int MAX_CONCURRENCY = 1024;

  /** The default per-probe timeout. */
  public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(2);

  /**
   * The default number of outstanding connects of the {@code tcp} scanner: enough for a /18 of
   * addresses that drop every connect to wait out one timeout together (bench/README.md).
   */
  public static final int DEFAULT_MAX_IN_FLIGHT_CONNECTS = 16384;

  /** The least timeout and overall timeout a prober takes. */
  private static final Duration MIN_OVERALL_TIMEOUT = Duration.ofMillis(1);

  /** The largest number of outstanding connects allowed. */
  public static final int MAX_IN_FLIGHT_CONNECTS = 16384;

  final CheckerRegistry registry;
  final int concurrency;
  final int maxInFlightConnects;
  final Duration timeout;
  final Optional<Duration> overallTimeout;
  final double ratePerSecond;
  final int maxBytesPerProbe;
  final Ticker ticker;
  final boolean connectScanner;
  final boolean httpScanner;

  private Prober(Builder b) {
    this.registry = b.registry != null ? b.registry : CheckerRegistry.defaults();
    this.concurrency = b.concurrency;
    this.maxInFlightConnects = b.maxInFlightConnects;
    this.timeout = b.timeout;
    this.overallTimeout = Optional.ofNullable(b.overallTimeout);
    this.ratePerSecond = b.ratePerSecond;
    this.maxBytesPerProbe = b.maxBytesPerProbe;
    this.ticker = b.ticker;
    this.connectScanner = b.connectScanner;
    this.httpScanner = b.httpScanner;
  }

  /**
   * Starts a prober configuration.
   *
   * @return a builder with the defaults
   */
  public static Builder builder() {
    return new Builder();
  }

  /**
   * Starts a builder with this prober's settings.
   *
   * @return a builder
   */
  public Builder toBuilder() {
    Builder b = new Builder();
    b.registry = registry;
    b.concurrency = concurrency;
    b.maxInFlightConnects = maxInFlightConnects;
    b.timeout = timeout;
    b.overallTimeout = overallTimeout.orElse(null);
    b.ratePerSecond = ratePerSecond;
    b.maxBytesPerProbe = maxBytesPerProbe;
    b.ticker = ticker;
    b.connectScanner = connectScanner;
    b.httpScanner = httpScanner;
    return b;
  }

  /**
   * Returns the registry.
   *
   * @return the checkers this prober uses
   */
  public CheckerRegistry registry() {
    return registry;
  }

  /**
   * Returns the concurrency.
   *
   * @return the most blocking probes at once
   */
  public int concurrency() {
    return concurrency;
  }

  /**
   * Returns the per-probe timeout.
   *
   * @return the timeout
   */
  public Duration timeout() {
    return timeout;
  }

  /**
   * Returns the overall timeout of a run.
   *
   * @return the timeout, if any
   */
  public Optional<Duration> overallTimeout() {
    return overallTimeout;
  }

  /**
   * Probes targets and waits for the report. Interrupting the calling thread cancels the run; the
   * partial report is returned and the interrupt flag is kept.
   *
   * @param targets the targets
   * @return the report, results in input order
   * @throws IllegalArgumentException if a target names a checker the registry does not have
   */
  public ProbeReport run(List<ProbeTarget> targets) {
    return run(targets, ProbeListener.none());
  }

  /**
   * Probes targets, telling a listener, and waits for the report.
   *
   * @param targets the targets
   * @param listener follows the run
   * @return the report, results in input order
   * @throws IllegalArgumentException if a target names a checker the registry does not have
   */
  public ProbeReport run(List<ProbeTarget> targets, ProbeListener listener) {
    return start(targets, listener).await();
  }

  /**
   * Probes one target.
   *
   * @param target the target
   * @return the result
   * @throws IllegalArgumentException if the target names a checker the registry does not have
   */
  public ProbeResult probe(ProbeTarget target) {
    return run(List.of(requireNonNull(target, "target"))).results().get(0);
  }

  /**
   * Probes one target on the calling thread, as {@link #probe(ProbeTarget)} does but without
   * starting a thread, scanner or selector: the checker's blocking path does the whole probe, which
   * is cheaper when one target is all there is and probes run on the caller's own threads, as an
   * exporter's scrapes do (the result is the one {@link #probe(ProbeTarget)} gives).
   *
   * <pre>{@code
   * ProbeResult r = prober.probeHere(ProbeTarget.of("10.0.0.5", 443, "https"));
   * }</pre>
   *
   * <p>The call returns by the timeout (and the overall timeout, if set). Unlike a run it has no
   * watchdog: a third-party checker that ignores its deadline holds the calling thread, and an
   * interrupt does not cancel the probe.
   *
   * @param target the target
   * @return the result
   * @throws IllegalArgumentException if the target names a checker the registry does not have
   */
  public ProbeResult probeHere(ProbeTarget target) {
    return ProbeRun.probeHere(this, requireNonNull(target, "target"));
  }

  /**
   * Starts probing in the background.
   *
   * @param targets the targets; the list is copied
   * @param listener follows the run
   * @return a handle to wait for or cancel the run
   * @throws IllegalArgumentException if a target names a checker the registry does not have
   */
  public ProbeRun start(List<ProbeTarget> targets, ProbeListener listener) {
    requireNonNull(targets, "targets");
    requireNonNull(listener, "listener");
    ProbeRun run = new ProbeRun(this, List.copyOf(targets), listener);
    run.start();
    return run;
  }

  /** The most targets one run of a {@link #sweep} holds. */
  public static final int SWEEP_CHUNK = 16_384;

  /**
   * Probes targets that may be whole networks and reports them in aggregate. The targets are
   * streamed in runs of up to {@value #SWEEP_CHUNK}, each folded into the aggregate as it ends: the
   * first probes start at once and memory stays flat (at most two runs' targets are held), whether
   * the targets are a /24 or a /8. A run starts as soon as the one before it has only connects left
   * (waiting for an answer or their timeout), so addresses that drop connects cost one timeout, not
   * one per run; the sweep as a whole keeps at most {@link Builder#maxInFlightConnects} connects
   * outstanding and {@link Builder#concurrency} handshakes in flight. The overall timeout bounds
   * the whole sweep (each run gets what is left; targets never started are {@link
   * ProbeAggregate#notProbed()}). Interrupting the calling thread cancels the run in progress and
   * ends the sweep; the interrupt flag is kept.
   *
   * <pre>{@code
   * ProbeAggregate a = prober.sweep(ProbeTargets.parse("10.10.8.0/22:80/tcp"), ProbeListener.none());
   * }</pre>
   *
   * @param targets the targets
   * @param listener told each result as it completes; {@code started} and {@code finished} come
   *     once per run of the sweep, with that run's totals. Two runs overlap: the next run's {@code
   *     started} and first results may come before the previous run's {@code finished}; the calls
   *     never overlap
   * @return the aggregate
   * @throws IllegalArgumentException if a target names a checker the registry does not have
   * @throws dev.wdmports.core.InvalidInputException if the targets are over a size limit ({@link
   *     ProbeTargets#size()})
   */
  public ProbeAggregate sweep(ProbeTargets targets, ProbeListener listener) {
    return sweep(targets, listener, SWEEP_CHUNK);
  }

  /** As {@link #sweep(ProbeTargets, ProbeListener)} with runs of {@code chunkSize}; for tests. */
  ProbeAggregate sweep(ProbeTargets targets, ProbeListener listener, int chunkSize) {
    requireNonNull(targets, "targets");
    requireNonNull(listener, "listener");
    long total = targets.size();
    for (String c : targets.checkers().keySet()) {
      registry.require(c);
    }
    Aggregator aggregator = new Aggregator();
    Sweep sweep = new Sweep(listener, r -> r.results().forEach(aggregator::accept));
    sweep.go(chunks(targets.iterator(), chunkSize));
    if (sweep.interrupted) {
      Thread.currentThread().interrupt();
    }
    return aggregator.finish(total, total - sweep.probed, sweep.elapsed(), sweep.deadlineReached);
  }

  /**
   * Probes runs of targets as a {@link #sweep} does, overlapping them, and hands each run's report
   * to {@code fold} in run order, on the calling thread; for sweeps that fold results their own way
   * (a fleet preflight folds each device's flows together, so a run holds whole devices).
   *
   * @return how many targets were probed (the rest were never started: the deadline passed or the
   *     run was cancelled) and whether the overall deadline ended the sweep; the interrupt flag is
   *     kept
   */
  SweepOutcome sweepRuns(
      Iterator<List<ProbeTarget>> runs,
      ProbeListener listener,
      java.util.function.Consumer<ProbeReport> fold) {
    Sweep sweep = new Sweep(listener, fold);
    sweep.go(runs);
    if (sweep.interrupted) {
      Thread.currentThread().interrupt();
    }
    return new SweepOutcome(sweep.probed, sweep.deadlineReached);
  }

  /** What {@link #sweepRuns} did: targets probed, and whether the overall deadline stopped it. */
  record SweepOutcome(long probed, boolean deadlineReached) {}

  /** Targets in runs of at most {@code size}, each list the run's own. */
  private static Iterator<List<ProbeTarget>> chunks(Iterator<ProbeTarget> it, int size) {
    return new Iterator<>() {
      @Override
      public boolean hasNext() {
        return it.hasNext();
      }

      @Override
      public List<ProbeTarget> next() {
        if (!it.hasNext()) {
          throw new java.util.NoSuchElementException();
        }
        List<ProbeTarget> chunk = new java.util.ArrayList<>(size);
        while (chunk.size() < size && it.hasNext()) {
          chunk.add(it.next());
        }
        return chunk;
      }
    };
  }

  /**
   * One sweep: its runs, at most two alive at once. A run starts when the one before it has only
   * connects left, each outstanding and waiting for its answer or its timeout, so that addresses
   * that drop a run's last connects do not hold the next targets back; the run before that one must
   * be over by then. Every connect of the sweep counts against one {@link ConnectBudget} of {@link
   * Builder#maxInFlightConnects}, and handshakes never overlap across runs: the prober's bounds
   * hold for the sweep as a whole. Results are folded run by run, in probe order.
   */
  private final class Sweep {
    private final ProbeListener listener;
    private final java.util.function.Consumer<ProbeReport> onRun;
    private final ConnectBudget budget = new ConnectBudget(maxInFlightConnects);
    private final java.util.ArrayDeque<ProbeRun> alive = new java.util.ArrayDeque<>();
    private final long startNanos = ticker.read();
    private final @Nullable Long deadline;
    private long probed;
    private boolean deadlineReached;
    private boolean stop;
    private boolean interrupted;

    Sweep(ProbeListener listener, java.util.function.Consumer<ProbeReport> onRun) {
      // Two runs may be alive at once: one lock for the sweep keeps the listener's calls apart.
      this.listener = listener == ProbeListener.none() ? listener : new Serialized(listener);
      this.onRun = onRun;
      this.deadline = overallTimeout.map(d -> startNanos + d.toNanos()).orElse(null);
    }

    void go(Iterator<List<ProbeTarget>> runs) {
      while (!stop && runs.hasNext()) {
        if (alive.size() == 2) {
          fold(alive.pollFirst());
          if (stop) {
            break;
          }
        }
        Prober p = Prober.this;
        if (deadline != null) {
          long left = deadline - ticker.read();
          // Under a millisecond left (the least overall timeout a prober takes) is no time to
          // start a run in: the deadline has come.
          if (left < MIN_OVERALL_TIMEOUT.toNanos()) {
            deadlineReached = true;
            break;
          }
          p = toBuilder().overallTimeout(Duration.ofNanos(left)).build();
        }
        // The list is the run's alone from here: no copy of up to SWEEP_CHUNK targets.
        ProbeRun run =
            new ProbeRun(p, java.util.Collections.unmodifiableList(runs.next()), listener, budget);
        alive.addLast(run);
        run.start();
        try {
          run.onlyConnectsLeft().get();
        } catch (InterruptedException e) {
          interrupted = true;
          stop = true;
          alive.forEach(ProbeRun::cancel);
        } catch (java.util.concurrent.ExecutionException e) {
          // Never completed exceptionally; the run's report says what happened.
        }
        if (!stop && Thread.currentThread().isInterrupted()) {
          // get() of a future already complete returns without looking at the interrupt flag: an
          // interrupt before this run's connects were all out must still stop the sweep here.
          interrupted = true;
          stop = true;
          alive.forEach(ProbeRun::cancel);
        }
      }
      while (!alive.isEmpty()) {
        fold(alive.pollFirst());
      }
    }

    /** Waits for a run's report and folds it in; a run cut short stops the sweep. */
    private void fold(ProbeRun run) {
      ProbeReport report = run.await();
      if (Thread.interrupted()) {
        interrupted = true; // await cancelled the run; the others go too
        stop = true;
        alive.forEach(ProbeRun::cancel);
      }
      onRun.accept(report);
      probed += report.results().size();
      if (report.summary().deadlineReached()) {
        deadlineReached = true;
        stop = true;
      }
      if (report.summary().cancelled()) {
        stop = true;
      }
    }

    Duration elapsed() {
      return Duration.ofNanos(ticker.read() - startNanos);
    }

    /** A listener whose calls never overlap, whichever run makes them. */
    private static final class Serialized implements ProbeListener {
      private final ProbeListener delegate;

      Serialized(ProbeListener delegate) {
        this.delegate = delegate;
      }

      @Override
      public synchronized void started(int total) {
        delegate.started(total);
      }

      @Override
      public synchronized void result(ProbeResult result) {
        delegate.result(result);
      }

      @Override
      public synchronized void finished(ProbeSummary summary) {
        delegate.finished(summary);
      }
    }
  }

  /**
   * Builds a {@link Prober}. Not thread-safe.
   *
   * @since 0.1.0
   */
  public static final class Builder {
    private @Nullable CheckerRegistry registry;
    private int concurrency = DEFAULT_CONCURRENCY;
    private int maxInFlightConnects = DEFAULT_MAX_IN_FLIGHT_CONNECTS;
    private Duration timeout = DEFAULT_TIMEOUT;
    private @Nullable Duration overallTimeout;
    private double ratePerSecond;
    private int maxBytesPerProbe = CheckContext.DEFAULT_MAX_BYTES;
    private Ticker ticker = Ticker.system();
    private boolean connectScanner = true;
    private boolean httpScanner = true;

    private Builder() {}

    /**
     * Sets the checkers.
     *
     * @param registry the registry; {@link CheckerRegistry#defaults()} by default
     * @return this builder
     */
    public Builder registry(CheckerRegistry registry) {
      this.registry = requireNonNull(registry, "registry");
      return this;
    }

    /**
     * Sets how many handshake probes (every checker but the {@code tcp} scanner's connects) run at
     * once.
     *
     * @param concurrency 1..{@value Prober#MAX_CONCURRENCY}; {@value Prober#DEFAULT_CONCURRENCY} by
     *     default
     * @return this builder
     * @throws IllegalArgumentException if out of range
     */
    public Builder concurrency(int concurrency) {
      if (concurrency < 1 || concurrency > MAX_CONCURRENCY) {
        throw new IllegalArgumentException(
            "concurrency " + concurrency + " is out of range 1.." + MAX_CONCURRENCY);
      }
      this.concurrency = concurrency;
      return this;
    }

    /**
     * Sets how many plain {@code tcp} connects the scanner keeps outstanding.
     *
     * @param max 1..{@value Prober#MAX_IN_FLIGHT_CONNECTS}; {@value
     *     Prober#DEFAULT_MAX_IN_FLIGHT_CONNECTS} by default. Each is an open file descriptor: when
     *     the process runs out of them (its {@code ulimit -n}), the scanner starts the next connect
     *     when an outstanding one ends, with that connect's clock started then, so a low limit
     *     slows a sweep down but changes no result.
     * @return this builder
     * @throws IllegalArgumentException if out of range
     */
    public Builder maxInFlightConnects(int max) {
      if (max < 1 || max > MAX_IN_FLIGHT_CONNECTS) {
        throw new IllegalArgumentException(
            "maxInFlightConnects " + max + " is out of range 1.." + MAX_IN_FLIGHT_CONNECTS);
      }
      this.maxInFlightConnects = max;
      return this;
    }

    /**
     * Switches the non-blocking {@code tcp} scanner off, so {@code tcp} runs on the worker threads
     * like any checker.
     *
     * @param enabled false to switch it off; true by default
     * @return this builder
     */
    public Builder connectScanner(boolean enabled) {
      this.connectScanner = enabled;
      return this;
    }

    /**
     * Switches the non-blocking {@code http} scanner off, so {@code http} runs on the worker
     * threads like any checker.
     *
     * @param enabled false to switch it off; true by default
     * @return this builder
     */
    public Builder httpScanner(boolean enabled) {
      this.httpScanner = enabled;
      return this;
    }

    /**
     * Sets the per-probe timeout: resolve, connect and handshake.
     *
     * @param timeout 1 ms..1 h; 2 s by default
     * @return this builder
     * @throws IllegalArgumentException if out of range
     */
    public Builder timeout(Duration timeout) {
      this.timeout = checkDuration("timeout", timeout);
      return this;
    }

    /**
     * Sets the overall timeout of a run; probes still running are cut to it, targets not started
     * are reported as {@link ProbeStatus#ERROR} ("not probed").
     *
     * @param overallTimeout 1 ms..1 h; none by default
     * @return this builder
     * @throws IllegalArgumentException if out of range
     */
    public Builder overallTimeout(Duration overallTimeout) {
      this.overallTimeout = checkDuration("overallTimeout", overallTimeout);
      return this;
    }

    /**
     * Limits how many probes start per second.
     *
     * @param ratePerSecond a positive rate, or 0 for no limit (the default)
     * @return this builder
     * @throws IllegalArgumentException if negative or not finite
     */
    public Builder ratePerSecond(double ratePerSecond) {
      if (!(ratePerSecond >= 0) || Double.isInfinite(ratePerSecond)) {
        throw new IllegalArgumentException(
            "ratePerSecond " + ratePerSecond + " must be 0 (no limit) or a positive number");
      }
      this.ratePerSecond = ratePerSecond;
      return this;
    }

    /**
     * Sets how many bytes a probe may read from a peer.
     *
     * @param maxBytes 64..16 MiB; 64 KiB by default
     * @return this builder
     * @throws IllegalArgumentException if out of range
     */
    public Builder maxBytesPerProbe(int maxBytes) {
      if (maxBytes < 64 || maxBytes > 16 * 1024 * 1024) {
        throw new IllegalArgumentException(
            "maxBytesPerProbe " + maxBytes + " is out of range 64..16777216");
      }
      this.maxBytesPerProbe = maxBytes;
      return this;
    }

    /**
     * Sets the time source for deadlines.
     *
     * @param ticker the ticker; {@link Ticker#system()} by default
     * @return this builder
     */
    public Builder ticker(Ticker ticker) {
      this.ticker = requireNonNull(ticker, "ticker");
      return this;
    }

    /**
     * Builds the prober.
     *
     * @return the prober
     */
    public Prober build() {
      return new Prober(this);
    }

    private static Duration checkDuration(String name, Duration d) {
      requireNonNull(d, name);
      if (d.compareTo(MIN_OVERALL_TIMEOUT) < 0 || d.compareTo(Duration.ofHours(1)) > 0) {
        throw new IllegalArgumentException(
            name + " " + d + " is out of range 1ms..1h: use e.g. Duration.ofSeconds(2)");
      }
      return d;
    }
  }
}
