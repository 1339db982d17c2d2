package dev.wdmports.probe.internal;

import dev.wdmports.core.report.ProbeStatus;
import dev.wdmports.probe.Evidence;
import dev.wdmports.probe.ProbeListener;
import dev.wdmports.probe.ProbeReport;
import dev.wdmports.probe.ProbeResult;
import dev.wdmports.probe.ProbeSummary;
import dev.wdmports.probe.ProbeTarget;
import dev.wdmports.probe.spi.CheckContext;
import dev.wdmports.probe.spi.HandshakeChecker;
import java.time.Duration;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A run's results: one slot per target, written once by whichever thread decided it, each told to
 * the listener (one call at a time), and the report once every slot is filled. The engine's own
 * results (not probed, unresolved, cancelled) are made here. Thread-safe for distinct slots; the
 * report is read after the threads that wrote it have ended.
 */
final class RunResults {
  private static final Logger LOG = LoggerFactory.getLogger(RunResults.class);

  private final List<ProbeTarget> targets;
  private final HandshakeChecker[] checkers;
  private final ProbeListener listener;
  private final ProbeResult[] results;
  private final Object listenerLock = new Object();
  private final CompletableFuture<ProbeReport> done = new CompletableFuture<>();

  RunResults(List<ProbeTarget> targets, HandshakeChecker[] checkers, ProbeListener listener) {
    this.targets = targets;
    this.checkers = checkers;
    this.listener = listener;
    this.results = new ProbeResult[targets.size()];
  }

  CompletableFuture<ProbeReport> report() {
    return done;
  }

  void started() {
    notifyListener(() -> listener.started(targets.size()));
  }

  boolean isDecided(int index) {
    return results[index] != null;
  }

  int size() {
    return results.length;
  }

  void record(int index, ProbeResult r) {
    results[index] = r;
    notifyListener(() -> listener.result(r));
  }

  void notProbed(int index, String why, boolean becauseCancelled) {
    record(
        index,
        ProbeResult.builder(targets.get(index), checkers[index].transport(), ProbeStatus.ERROR)
            .detail(why)
            .cancelled(becauseCancelled)
            .build());
  }

  void unresolved(int index, Resolver.Lookup lookup) {
    ProbeTarget t = targets.get(index);
    record(
        index,
        ProbeResult.builder(t, checkers[index].transport(), ProbeStatus.UNRESOLVED)
            .resolveTime(lookup.spent())
            .latency(lookup.spent())
            .detail(lookup.res().error())
            .build());
  }

  /**
   * Completes the report; a slot still empty (the run failed) is an error that says so.
   *
   * @param elapsed the run's time
   * @param cancelled whether the run was cancelled
   * @param deadlineReached whether the overall deadline left targets unprobed
   */
  void finish(Duration elapsed, boolean cancelled, boolean deadlineReached) {
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
        new ProbeSummary(results.length, counts, elapsed, cancelled, deadlineReached);
    ProbeReport report = new ProbeReport(Arrays.asList(results), summary);
    notifyListener(() -> listener.finished(summary));
    done.complete(report);
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
   * A checker's result once its probe was cancelled: an error that says so, unless the checker
   * reported the cancellation itself.
   */
  static ProbeResult cancelledIf(CheckContext ctx, ProbeResult r) {
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

  /** A checker's result made the engine's: the target kept, other addresses noted, latency set. */
  static ProbeResult complete(
      ProbeTarget t, ProbeResult r, Resolver.Resolution res, Duration latency) {
    boolean sameTarget = r.target().equals(t);
    if (sameTarget && !res.several() && r.latency().equals(latency)) {
      return r;
    }
    Evidence evidence = r.evidence();
    if (res.several()) {
      Map<String, String> facts = new LinkedHashMap<>(evidence.facts());
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
}
