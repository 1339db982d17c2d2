package dev.wdmports.test;

import static dev.wdmports.test.error.ShouldBeOpen.shouldBeOpen;
import static dev.wdmports.test.error.ShouldHaveStatus.shouldHaveBeenProbed;
import static dev.wdmports.test.error.ShouldHaveStatus.shouldHaveStatus;
import static dev.wdmports.test.error.ShouldKeepAvailable.shouldKeepAvailable;
import static java.util.Objects.requireNonNull;

import dev.wdmports.core.Flow;
import dev.wdmports.core.graph.FlowVerdict;
import dev.wdmports.core.graph.OperationStatus;
import dev.wdmports.core.report.FlowCheck;
import dev.wdmports.core.report.HostReport;
import dev.wdmports.core.report.ProbeStatus;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.assertj.core.api.AssertionErrorCollector;
import org.jspecify.annotations.Nullable;

/**
 * Assertions on a {@link HostReport} (a preflight's, a firewall check's); get one from {@link
 * WdmAssertions#assertThat(HostReport)}. A failure lists every offending flow as {@link
 * FlowCheck#describe()} gives it (what its probe saw, what rule decided), or every broken operation
 * with {@link HostReport#explain}. Not thread-safe.
 *
 * @since 0.1.0
 */
public class HostReportAssert extends WdmAssert<HostReportAssert, HostReport> {
  /**
   * Creates the assertion; prefer {@link WdmAssertions#assertThat(HostReport)}.
   *
   * @param actual the report under test
   */
  public HostReportAssert(HostReport actual) {
    this(actual, null);
  }

  /** A soft assertion of {@link WdmSoftAssertions} when {@code collector} is not null. */
  HostReportAssert(HostReport actual, @Nullable AssertionErrorCollector collector) {
    super(actual, HostReportAssert.class, collector);
  }

  /**
   * Verifies that every flow is open: probed and found {@link ProbeStatus#OPEN}, or allowed by the
   * firewall; a flow that was not probed fails with the reason.
   *
   * @return this assertion
   */
  public HostReportAssert allOpen() {
    isNotNull();
    List<String> notOpen =
        actual.flows().stream()
            .filter(c -> c.verdict() != FlowVerdict.OPEN)
            .map(c -> c.flow() + ": " + c.describe())
            .toList();
    if (!notOpen.isEmpty()) {
      throwAssertionError(shouldBeOpen(scope(), notOpen, actual.flows().size()));
    }
    return myself;
  }

  /**
   * Verifies the probe status of a flow.
   *
   * @param flow the flow's id or description, e.g. {@code admin->wdm-server:443/tcp}
   * @param status the expected status
   * @return this assertion
   * @throws NullPointerException if an argument is null
   */
  public HostReportAssert hasStatus(String flow, ProbeStatus status) {
    requireNonNull(flow, "flow");
    requireNonNull(status, "status");
    isNotNull();
    String text = flow.trim();
    Optional<FlowCheck> found =
        actual.flows().stream()
            .filter(c -> c.flow().id().equals(text) || c.flow().toString().equals(text))
            .findFirst();
    if (found.isEmpty()) {
      throwAssertionError(
          shouldHaveBeenProbed(
              flow, status, actual.flows().stream().map(c -> c.flow().toString()).toList()));
    } else if (found.get().probeStatus().map(s -> s != status).orElse(true)) {
      throwAssertionError(shouldHaveStatus(flow, status, found.get().describe()));
    }
    return myself;
  }

  /**
   * Verifies the probe status of a flow, matched by {@link Flow#id()}.
   *
   * @param flow the flow
   * @param status the expected status
   * @return this assertion
   * @throws NullPointerException if an argument is null
   */
  public HostReportAssert hasStatus(Flow flow, ProbeStatus status) {
    return hasStatus(requireNonNull(flow, "flow").id(), status);
  }

  /**
   * Verifies that the operations work (available or degraded) after what the probes saw.
   *
   * @param operationIds the operations, e.g. {@code "reboot"}
   * @return this assertion
   * @throws IllegalArgumentException if no operation is named or one is not in the catalog
   */
  public HostReportAssert keepsAvailable(String... operationIds) {
    List<String> ids = Operations.ids(operationIds);
    isNotNull();
    List<String> explanations = new ArrayList<>();
    for (String id : ids) {
      OperationStatus s = Operations.find(actual.operations(), id);
      if (!s.available()) {
        explanations.add(id + ": " + actual.explain(s));
      }
    }
    if (!explanations.isEmpty()) {
      throwAssertionError(shouldKeepAvailable(what(), ids, explanations));
    }
    return myself;
  }

  private String scope() {
    return switch (actual.kind()) {
      case PREFLIGHT -> "every flow probed from " + actual.host();
      case FIREWALL_CHECK, IMPACT -> "every flow of host " + actual.host();
    };
  }

  private String what() {
    return switch (actual.kind()) {
      case PREFLIGHT -> "preflight from " + actual.host();
      case FIREWALL_CHECK -> "firewall check of host " + actual.host();
      case IMPACT -> "impact of closing " + String.join(",", actual.closed());
    };
  }
}
