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
   * Says why an operation has its status, with what the probes saw. The text does not start with
   * the operation's id: print it next to the id, e.g. {@code op.operation().id() + ": " +
   * report.explain(op)}.
   *
   * <ul>
   *   <li>{@code available}
   *   <li>{@code available, but degraded, because this-host->wdm-server:280/tcp
   *       (gui-to-web-service-http) is REFUSED}: it works through an alternative
   *   <li>{@code broken, because admin->wdm-server:443/tcp (gui-to-web-service-https) is
   *       TLS_FAILURE (certificate not trusted: ...)}
   *   <li>{@code unknown, because web-service->web-agent:80/tcp (web-service-to-web-agent-wakeup)
   *       is not checked from admin}
   * </ul>
   *
   * <p>A flow's probe status is followed by the probe's detail in parentheses unless the status
   * says it all ({@code OPEN}, {@code REFUSED}, {@code FILTERED}); a flow that was not probed says
   * why.
   *
   * @param status one of {@link #operations()}
   * @return the explanation, without the operation's id
   */
  public String explain(OperationStatus status) {
    return switch (status.availability()) {
      case AVAILABLE -> "available";
      case DEGRADED -> "available, but degraded, because " + seen(status.blockedBy(), "blocked");
      case UNKNOWN ->
          status.unknown().isEmpty()
              ? "unknown"
              : "unknown, because " + seen(status.unknown(), "not checked from " + from);
      case BROKEN -> {
        StringBuilder sb = new StringBuilder("broken, because ");
        sb.append(seen(status.blockedBy(), "blocked"));
        if (!status.unplacedRules().isEmpty()) {
          sb.append(status.blockedBy().isEmpty() ? "" : ", and ")
              .append("no host runs both ends of ")
              .append(String.join(", ", status.unplacedRules()));
        }
        yield sb.toString();
      }
    };
  }

  /**
   * {@code F is REFUSED, G is TLS_FAILURE (certificate not trusted: ...)}; {@code otherwise} for a
   * flow that is not one of this report's.
   */
  private String seen(List<Flow> blocked, String otherwise) {
    StringBuilder sb = new StringBuilder();
    for (Flow f : blocked) {
      sb.append(sb.length() == 0 ? "" : ", ").append(f).append(" is ");
      Optional<FlowCheck> check =
          flows.stream().filter(c -> c.flow().id().equals(f.id())).findFirst();
      if (check.isEmpty()) {
        sb.append(otherwise);
      } else if (check.get().result().isEmpty()) {
        String note = check.get().note();
        sb.append("not checked").append(note.isEmpty() ? "" : " (" + note + ")");
      } else {
        ProbeResult r = check.get().result().get();
        sb.append(r.status().name());
        if (needsDetail(r.status()) && !r.detail().isBlank()) {
          sb.append(" (").append(r.detail()).append(')');
        }
      }
    }
    return sb.toString();
  }

  /** Whether a status needs the probe's detail to say why (a TLS failure: which check failed). */
  private static boolean needsDetail(ProbeStatus status) {
    return switch (status) {
      case OPEN, REFUSED, FILTERED -> false;
      case UNREACHABLE,
          UNRESOLVED,
          PROTOCOL_MISMATCH,
          TLS_FAILURE,
          SERVICE_UNAVAILABLE,
          TIMEOUT,
          OPEN_OR_FILTERED,
          ERROR ->
          true;
    };
  }
}
