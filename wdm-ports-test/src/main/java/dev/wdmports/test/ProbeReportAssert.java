package dev.wdmports.test;

import static dev.wdmports.test.error.ShouldBeOpen.shouldBeOpen;
import static dev.wdmports.test.error.ShouldHaveStatus.shouldHaveBeenProbed;
import static dev.wdmports.test.error.ShouldHaveStatus.shouldHaveStatus;
import static java.util.Objects.requireNonNull;

import dev.wdmports.core.report.ProbeStatus;
import dev.wdmports.probe.ProbeReport;
import dev.wdmports.probe.ProbeResult;
import dev.wdmports.probe.ProbeTarget;
import java.util.List;
import java.util.Optional;
import org.assertj.core.api.AssertionErrorCollector;
import org.jspecify.annotations.Nullable;

/**
 * Assertions on a {@link ProbeReport}; get one from {@link WdmAssertions#assertThat(ProbeReport)}.
 * A failure lists every offending probe with its status and detail. Not thread-safe.
 *
 * @since 0.1.0
 */
public class ProbeReportAssert extends WdmAssert<ProbeReportAssert, ProbeReport> {
  /**
   * Creates the assertion; prefer {@link WdmAssertions#assertThat(ProbeReport)}.
   *
   * @param actual the report under test
   */
  public ProbeReportAssert(ProbeReport actual) {
    this(actual, null);
  }

  /** A soft assertion of {@link WdmSoftAssertions} when {@code collector} is not null. */
  ProbeReportAssert(ProbeReport actual, @Nullable AssertionErrorCollector collector) {
    super(actual, ProbeReportAssert.class, collector);
  }

  /**
   * Verifies that every probe is {@link ProbeStatus#OPEN}.
   *
   * @return this assertion
   */
  public ProbeReportAssert allOpen() {
    isNotNull();
    List<String> notOpen =
        actual.results().stream()
            .filter(r -> !r.status().isOpen())
            .map(ProbeReportAssert::describe)
            .toList();
    if (!notOpen.isEmpty()) {
      throwAssertionError(shouldBeOpen("every probe", notOpen, actual.results().size()));
    }
    return myself;
  }

  /**
   * Verifies that the probe of a target has a status. The first probe of the target counts.
   *
   * @param target {@code host:port} or {@code host:port/checker}, as {@link ProbeTarget#toString()}
   *     writes it, e.g. {@code 127.0.0.1:2121/ftp}
   * @param status the expected status
   * @return this assertion
   * @throws NullPointerException if an argument is null
   */
  public ProbeReportAssert hasStatus(String target, ProbeStatus status) {
    requireNonNull(target, "target");
    requireNonNull(status, "status");
    isNotNull();
    Optional<ProbeResult> found =
        actual.results().stream().filter(r -> matches(r.target(), target.trim())).findFirst();
    if (found.isEmpty()) {
      throwAssertionError(
          shouldHaveBeenProbed(
              target, status, actual.results().stream().map(r -> r.target().toString()).toList()));
    } else if (found.get().status() != status) {
      throwAssertionError(shouldHaveStatus(target, status, statusOf(found.get())));
    }
    return myself;
  }

  private static boolean matches(ProbeTarget t, String text) {
    String s = t.toString();
    return s.equals(text) || s.substring(0, s.lastIndexOf('/')).equals(text);
  }

  static String statusOf(ProbeResult r) {
    return r.detail().isEmpty() ? r.status().name() : r.status() + " (" + r.detail() + ")";
  }

  private static String describe(ProbeResult r) {
    return r.target() + ": " + statusOf(r);
  }
}
