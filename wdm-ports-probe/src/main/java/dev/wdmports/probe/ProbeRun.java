package dev.wdmports.probe;

import dev.wdmports.core.report.ProbeStatus;
import dev.wdmports.probe.internal.ConnectBudget;
import dev.wdmports.probe.internal.Scheduler;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

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
 * target not decided as {@link ProbeStatus#ERROR} with a detail that says so and {@link
 * ProbeResult#cancelled()} set.
 *
 * @since 0.1.0
 */
public final class ProbeRun {
  private final Scheduler scheduler;
  private final CompletableFuture<ProbeReport> done;

  /** Plans the run; starts no thread. */
  ProbeRun(Prober cfg, List<ProbeTarget> targets, ProbeListener listener) {
    this(cfg, targets, listener, new ConnectBudget(cfg.maxInFlightConnects), true);
  }

  /** Plans a run whose connects count against a budget shared with other runs; no thread. */
  ProbeRun(Prober cfg, List<ProbeTarget> targets, ProbeListener listener, ConnectBudget budget) {
    this(cfg, targets, listener, budget, true);
  }

  /** Plans the run, with the prober's scanners or with none; starts no thread. */
  private ProbeRun(
      Prober cfg,
      List<ProbeTarget> targets,
      ProbeListener listener,
      ConnectBudget budget,
      boolean scanners) {
    Scheduler.Settings settings =
        new Scheduler.Settings(
            cfg.concurrency,
            cfg.maxInFlightConnects,
            cfg.timeout,
            cfg.overallTimeout,
            cfg.ratePerSecond,
            cfg.maxBytesPerProbe,
            cfg.ticker,
            scanners && cfg.connectScanner,
            scanners && cfg.httpScanner);
    this.scheduler =
        new Scheduler(
            settings,
            cfg.registry::require,
            targets,
            listener,
            java.net.InetAddress::getAllByName,
            budget);
    this.done = scheduler.report();
  }

  /** Probes one target on the calling thread, with no scanner: see {@link Prober#probeHere}. */
  static ProbeResult probeHere(Prober cfg, ProbeTarget target) {
    ProbeRun run =
        new ProbeRun(
            cfg,
            List.of(target),
            ProbeListener.none(),
            new ConnectBudget(cfg.maxInFlightConnects),
            false);
    run.scheduler.runHere();
    return run.done.join().results().get(0);
  }

  /** Starts the run's threads; once. */
  void start() {
    scheduler.start();
  }

  /**
   * Completed once the run has only connects left (each outstanding, waiting for its answer or
   * timeout), or is over: the moment a sweep starts its next run.
   */
  CompletableFuture<Void> onlyConnectsLeft() {
    return scheduler.onlyConnectsLeft();
  }

  /** Cancels the run. Idempotent; returns at once, {@link #await()} gives the partial report. */
  public void cancel() {
    scheduler.cancel();
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
}
