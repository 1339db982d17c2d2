package dev.wdmports.core.graph;

import static java.util.Objects.requireNonNull;

import dev.wdmports.core.Flow;
import dev.wdmports.core.Operation;
import java.util.List;
import java.util.stream.Collectors;

/**
 * The availability of one operation and why.
 *
 * @param operation the operation
 * @param availability whether it works
 * @param blockedBy the blocked flows that break it (for {@link Availability#BROKEN}) or degrade it
 *     (for {@link Availability#DEGRADED}); empty otherwise
 * @param unknown the flows whose state is unknown or unchecked and that it depends on
 * @param unplacedRules the ids of needed rules that the deployment places on no host
 * @since 0.1.0
 */
public record OperationStatus(
    Operation operation,
    Availability availability,
    List<Flow> blockedBy,
    List<Flow> unknown,
    List<String> unplacedRules) {

  /** Copies the lists. */
  public OperationStatus {
    requireNonNull(operation, "operation");
    requireNonNull(availability, "availability");
    blockedBy = List.copyOf(blockedBy);
    unknown = List.copyOf(unknown);
    unplacedRules = List.copyOf(unplacedRules);
  }

  /**
   * Tells whether the operation works.
   *
   * @return true if available or degraded
   */
  public boolean available() {
    return availability.works();
  }

  /**
   * Returns a one-line explanation, e.g. {@code reboot: broken, because
   * web-service->web-agent:80/tcp (web-service-to-web-agent-wakeup) is blocked}.
   *
   * @return the explanation
   */
  public String reason() {
    String id = operation.id() + ": ";
    return switch (availability) {
      case AVAILABLE -> id + "available";
      case DEGRADED -> id + "available, but degraded: " + flows(blockedBy) + " blocked";
      case UNKNOWN ->
          id
              + "unknown, because "
              + flows(unknown)
              + (unknown.size() == 1 ? " is" : " are")
              + " not known";
      case BROKEN -> {
        StringBuilder sb = new StringBuilder(id).append("broken, because ");
        if (!blockedBy.isEmpty()) {
          sb.append(flows(blockedBy))
              .append(blockedBy.size() == 1 ? " is" : " are")
              .append(" blocked");
        }
        if (!unplacedRules.isEmpty()) {
          sb.append(blockedBy.isEmpty() ? "" : ", and ")
              .append("no host runs both ends of ")
              .append(String.join(", ", unplacedRules));
        }
        yield sb.toString();
      }
    };
  }

  private static String flows(List<Flow> flows) {
    return flows.stream().map(Flow::toString).collect(Collectors.joining(", "));
  }
}
