package dev.wdmports.probe;

import static java.util.Objects.requireNonNull;

import dev.wdmports.core.Flow;
import dev.wdmports.core.graph.Availability;
import dev.wdmports.core.graph.FlowVerdict;
import dev.wdmports.core.graph.OperationStatus;
import java.util.List;
import java.util.Optional;

/**
 * What a {@link Preflight} found: each flow that starts at the checked host with its probe result,
 * and every operation's availability.
 *
 * @param from the host the flows were checked from
 * @param flows one entry per flow of the deployment that starts at {@code from}
 * @param operations every operation of the catalog, in catalog order
 * @param localOperations the ids of the operations that need only flows from {@code from}
 * @param summary the probe run's summary
 */
public record PreflightReport(
    String from,
    List<FlowCheck> flows,
    List<OperationStatus> operations,
    List<String> localOperations,
    ProbeSummary summary) {

  /** Copies the lists. */
  public PreflightReport {
    requireNonNull(from, "from");
    flows = List.copyOf(flows);
    operations = List.copyOf(operations);
    localOperations = List.copyOf(localOperations);
    requireNonNull(summary, "summary");
  }

  /**
   * One flow and what probing it found.
   *
   * @param flow the flow
   * @param checker the checker used, e.g. {@code https}
   * @param verdict the verdict rolled up into operations
   * @param result the probe result; empty when the flow was not probed (see {@code note})
   * @param note why the flow was not probed, or empty
   */
  public record FlowCheck(
      Flow flow, String checker, FlowVerdict verdict, Optional<ProbeResult> result, String note) {
    /** Checks for nulls. */
    public FlowCheck {
      requireNonNull(flow, "flow");
      requireNonNull(checker, "checker");
      requireNonNull(verdict, "verdict");
      requireNonNull(result, "result");
      requireNonNull(note, "note");
    }

    /**
     * Returns the probe status, or {@code NOT_CHECKED}-like text when the flow was not probed.
     *
     * @return the status name, e.g. {@code OPEN}, {@code FILTERED}, {@code NOT_CHECKED}
     */
    public String status() {
      return result.map(r -> r.status().name()).orElse(FlowVerdict.NOT_CHECKED.name());
    }
  }

  /**
   * Tells whether the preflight passed: no operation is broken, and every operation that needs only
   * flows from this host works.
   *
   * @return true if it passed
   */
  public boolean passed() {
    for (OperationStatus s : operations) {
      if (s.availability() == Availability.BROKEN) {
        return false;
      }
      if (localOperations.contains(s.operation().id()) && !s.available()) {
        return false;
      }
    }
    return true;
  }

  /**
   * Explains an operation's status with what the probes saw, e.g. {@code reboot: broken, because
   * admin->wdm-server:443/tcp (gui-to-web-service-https) is FILTERED}.
   *
   * @param status one of {@link #operations()}
   * @return the explanation
   */
  public String explain(OperationStatus status) {
    if (status.availability() != Availability.BROKEN || status.blockedBy().isEmpty()) {
      return status.reason();
    }
    StringBuilder sb = new StringBuilder(status.operation().id()).append(": broken, because ");
    for (int i = 0; i < status.blockedBy().size(); i++) {
      Flow f = status.blockedBy().get(i);
      String seen =
          flows.stream()
              .filter(c -> c.flow().id().equals(f.id()))
              .map(FlowCheck::status)
              .findFirst()
              .orElse("blocked");
      sb.append(i == 0 ? "" : ", ").append(f).append(" is ").append(seen);
    }
    if (!status.unplacedRules().isEmpty()) {
      sb.append(", and no host runs both ends of ")
          .append(String.join(", ", status.unplacedRules()));
    }
    return sb.toString();
  }
}
