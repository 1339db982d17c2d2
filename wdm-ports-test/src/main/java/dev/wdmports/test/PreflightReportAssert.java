package dev.wdmports.test;

import static dev.wdmports.test.error.ShouldBeOpen.shouldBeOpen;
import static dev.wdmports.test.error.ShouldHaveStatus.shouldHaveBeenProbed;
import static dev.wdmports.test.error.ShouldHaveStatus.shouldHaveStatus;
import static dev.wdmports.test.error.ShouldKeepAvailable.shouldKeepAvailable;
import static java.util.Objects.requireNonNull;

import dev.wdmports.core.Flow;
import dev.wdmports.core.graph.OperationStatus;
import dev.wdmports.probe.PreflightReport;
import dev.wdmports.probe.PreflightReport.FlowCheck;
import dev.wdmports.probe.ProbeStatus;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.assertj.core.api.AbstractAssert;

/**
 * Assertions on a {@link PreflightReport}; get one from {@link
 * WdmAssertions#assertThat(PreflightReport)}. A failure lists every offending flow with what its
 * probe saw, or every broken operation with {@link PreflightReport#explain}. Not thread-safe.
 */
public class PreflightReportAssert extends AbstractAssert<PreflightReportAssert, PreflightReport> {
  /**
   * Creates the assertion; prefer {@link WdmAssertions#assertThat(PreflightReport)}.
   *
   * @param actual the report under test
   */
  public PreflightReportAssert(PreflightReport actual) {
    super(actual, PreflightReportAssert.class);
  }

  /**
   * Verifies that every flow was probed and found {@link ProbeStatus#OPEN}; a flow that was not
   * probed fails with its note.
   *
   * @return this assertion
   */
  public PreflightReportAssert allOpen() {
    isNotNull();
    List<String> notOpen =
        actual.flows().stream()
            .filter(c -> c.result().map(r -> !r.status().isOpen()).orElse(true))
            .map(c -> c.flow() + ": " + statusOf(c))
            .toList();
    if (!notOpen.isEmpty()) {
      throwAssertionError(
          shouldBeOpen("every flow probed from " + actual.from(), notOpen, actual.flows().size()));
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
  public PreflightReportAssert hasStatus(String flow, ProbeStatus status) {
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
    } else if (found.get().result().map(r -> r.status() != status).orElse(true)) {
      throwAssertionError(shouldHaveStatus(flow, status, statusOf(found.get())));
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
  public PreflightReportAssert hasStatus(Flow flow, ProbeStatus status) {
    return hasStatus(requireNonNull(flow, "flow").id(), status);
  }

  /**
   * Verifies that the operations work (available or degraded) after what the probes saw.
   *
   * @param operationIds the operations, e.g. {@code "reboot"}
   * @return this assertion
   * @throws IllegalArgumentException if no operation is named or one is not in the catalog
   */
  public PreflightReportAssert keepsAvailable(String... operationIds) {
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
      throwAssertionError(
          shouldKeepAvailable("preflight from " + actual.from(), ids, explanations));
    }
    return myself;
  }

  private static String statusOf(FlowCheck c) {
    return c.result()
        .map(ProbeReportAssert::statusOf)
        .orElse(c.status() + (c.note().isEmpty() ? "" : " (" + c.note() + ")"));
  }
}
