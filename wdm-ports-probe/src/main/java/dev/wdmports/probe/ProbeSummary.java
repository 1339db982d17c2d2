package dev.wdmports.probe;

import static java.util.Objects.requireNonNull;

import dev.wdmports.core.report.ProbeStatus;
import java.time.Duration;
import java.util.Collections;
import java.util.EnumMap;
import java.util.Map;

/**
 * The totals of a run.
 *
 * <pre>{@code
 * ProbeSummary s = report.summary();
 * System.out.println(s.count(ProbeStatus.OPEN) + "/" + s.total() + " open in " + s.elapsed());
 * }</pre>
 *
 * @param total the number of targets
 * @param byStatus how many results have each status; statuses with no result are left out
 * @param elapsed the wall time of the run
 * @param cancelled whether the run was cancelled before every target was probed
 * @param deadlineReached whether the overall deadline stopped the run early
 * @since 0.1.0
 */
public record ProbeSummary(
    int total,
    Map<ProbeStatus, Integer> byStatus,
    Duration elapsed,
    boolean cancelled,
    boolean deadlineReached) {
  /** Copies the counts, in status order. */
  public ProbeSummary {
    requireNonNull(byStatus, "byStatus");
    requireNonNull(elapsed, "elapsed");
    EnumMap<ProbeStatus, Integer> copy = new EnumMap<>(ProbeStatus.class);
    byStatus.forEach(
        (k, v) -> {
          if (v != null && v > 0) {
            copy.put(k, v);
          }
        });
    byStatus = Collections.unmodifiableMap(copy);
  }

  /**
   * Returns how many results have a status.
   *
   * @param status the status
   * @return the count, 0 if none
   */
  public int count(ProbeStatus status) {
    return byStatus.getOrDefault(status, 0);
  }
}
