package dev.wdmports.probe;

import static java.util.Objects.requireNonNull;

import dev.wdmports.core.report.ProbeStatus;
import java.util.List;

/**
 * The results of a run, in input order, and its summary.
 *
 * <pre>{@code
 * ProbeReport report = prober.run(targets);
 * report.results().stream().filter(r -> !r.status().isOpen()).forEach(System.out::println);
 * }</pre>
 *
 * @param results one result per target, in the order the targets were given
 * @param summary the totals
 * @since 0.1.0
 */
public record ProbeReport(List<ProbeResult> results, ProbeSummary summary) {
  /** Copies the results. */
  public ProbeReport {
    results = List.copyOf(requireNonNull(results, "results"));
    requireNonNull(summary, "summary");
  }

  /**
   * Tells whether every target is open.
   *
   * @return true if every result is {@link ProbeStatus#OPEN}
   */
  public boolean allOpen() {
    return results.stream().allMatch(r -> r.status().isOpen());
  }
}
