package dev.wdmports.probe;

import static java.util.Objects.requireNonNull;

import dev.wdmports.core.report.ProbeStatus;
import java.time.Duration;
import java.util.Collections;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

/**
 * The results of a {@link Prober#sweep sweep} over many addresses, in aggregate: counts by status
 * per port and checker, and contiguous addresses with the same status collapsed into ranges ({@code
 * 10.10.12.0/22 FILTERED}). Its size grows with the number of ranges, not of addresses; past
 * {@value #MAX_RANGES} ranges per group the rest are counted, not kept.
 *
 * <pre>{@code
 * ProbeAggregate a = prober.sweep(ProbeTargets.parse("10.10.8.0/22:80/tcp"), ProbeListener.none());
 * for (ProbeAggregate.Group g : a.groups()) {
 *   g.ranges().forEach(r -> System.out.println(r + " " + r.status()));
 * }
 * boolean green = a.allOpen();
 * }</pre>
 *
 * @param groups one per port and checker, by port then checker
 * @param total the number of targets asked for
 * @param byStatus results by status, over all groups; statuses with none are left out
 * @param notProbed targets never started because the overall deadline passed or the run was
 *     cancelled (not in {@code byStatus})
 * @param elapsed the wall time of the sweep
 * @param deadlineReached whether the overall deadline stopped the sweep early
 * @since 0.1.0
 */
public record ProbeAggregate(
    List<Group> groups,
    long total,
    Map<ProbeStatus, Long> byStatus,
    long notProbed,
    Duration elapsed,
    boolean deadlineReached) {
  /** The most ranges kept per group. */
  public static final int MAX_RANGES = 10_000;

  /** Copies the lists and counts. */
  public ProbeAggregate {
    groups = List.copyOf(requireNonNull(groups, "groups"));
    byStatus = counts(byStatus);
    requireNonNull(elapsed, "elapsed");
    if (total < 0 || notProbed < 0) {
      throw new IllegalArgumentException(
          "total " + total + " and notProbed " + notProbed + ": counts must not be negative");
    }
  }

  static Map<ProbeStatus, Long> counts(Map<ProbeStatus, Long> byStatus) {
    requireNonNull(byStatus, "byStatus");
    EnumMap<ProbeStatus, Long> copy = new EnumMap<>(ProbeStatus.class);
    byStatus.forEach(
        (k, v) -> {
          if (v != null && v > 0) {
            copy.put(k, v);
          }
        });
    return Collections.unmodifiableMap(copy);
  }

  /**
   * Returns how many results have a status.
   *
   * @param status the status
   * @return the count, 0 if none
   */
  public long count(ProbeStatus status) {
    return byStatus.getOrDefault(status, 0L);
  }

  /**
   * Tells whether every target was probed and found open. Never true for an empty sweep, one cut
   * short or one with a status that is not {@link ProbeStatus#OPEN}.
   *
   * @return true only when all targets are OPEN
   */
  public boolean allOpen() {
    return total > 0 && notProbed == 0 && count(ProbeStatus.OPEN) == total;
  }

  /**
   * The results of one port and checker.
   *
   * @param port the port
   * @param checker the checker id
   * @param byStatus results by status
   * @param ranges contiguous addresses with one status, in probe order, at most {@value
   *     ProbeAggregate#MAX_RANGES}
   * @param rangesOmitted ranges beyond the limit, counted in {@code byStatus} but not listed
   * @since 0.1.0
   */
  public record Group(
      int port,
      String checker,
      Map<ProbeStatus, Long> byStatus,
      List<StatusRange> ranges,
      long rangesOmitted) {
    /** Copies the lists and counts. */
    public Group {
      requireNonNull(checker, "checker");
      byStatus = counts(byStatus);
      ranges = List.copyOf(requireNonNull(ranges, "ranges"));
      if (rangesOmitted < 0) {
        throw new IllegalArgumentException(
            "rangesOmitted " + rangesOmitted + " of " + port + "/" + checker + ": give 0 or more");
      }
    }
  }

  /**
   * Contiguous addresses that got one status: {@code first..last}, or one DNS name.
   *
   * @param first the first address (or the name)
   * @param last the last address (or the name)
   * @param addresses how many
   * @param status their status
   * @param text {@code 10.0.0.5}, a CIDR when the range is exactly one ({@code 10.10.12.0/22}),
   *     else {@code first-last}
   * @since 0.1.0
   */
  public record StatusRange(
      String first, String last, long addresses, ProbeStatus status, String text) {
    /** Validates the range. */
    public StatusRange {
      requireNonNull(first, "first");
      requireNonNull(last, "last");
      requireNonNull(status, "status");
      requireNonNull(text, "text");
      if (addresses < 1) {
        throw new IllegalArgumentException(
            "range " + text + " has " + addresses + " addresses: a range has at least one");
      }
    }

    /** Returns {@link #text()}. */
    @Override
    public String toString() {
      return text;
    }
  }
}
