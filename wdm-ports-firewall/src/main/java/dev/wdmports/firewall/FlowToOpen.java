package dev.wdmports.firewall;

import static java.util.Objects.requireNonNull;

import dev.wdmports.core.Address;
import dev.wdmports.core.Flow;
import dev.wdmports.core.report.Direction;
import java.util.Optional;

/**
 * One flow a generated firewall configuration must open on a host, with the direction it has on
 * that host and what it is for.
 *
 * <pre>{@code
 * FlowToOpen r = new FlowToOpen(Flow.parse("10.0.1.0/24->10.0.0.5:443/tcp"), Direction.IN,
 *     "devices check in over HTTPS");
 * }</pre>
 *
 * @param flow the flow
 * @param direction {@code IN} when the host is the flow's destination, {@code OUT} when it is its
 *     source
 * @param function what the flow is for, used in the rule's comment ({@code WDM: <function>})
 * @since 0.1.0
 */
public record FlowToOpen(Flow flow, Direction direction, String function) {
  /**
   * Validates the request.
   *
   * @throws IllegalArgumentException if the function is blank
   */
  public FlowToOpen {
    requireNonNull(flow, "flow");
    requireNonNull(direction, "direction");
    requireNonNull(function, "function");
    if (function.isBlank()) {
      throw new IllegalArgumentException(
          "function of flow " + flow.id() + " is blank: say what the flow is for");
    }
  }

  /**
   * Returns the address of the other end: the source of an inbound flow, the destination of an
   * outbound one.
   *
   * @return the peer's address, when the flow names one
   */
  public Optional<Address> peer() {
    return direction == Direction.IN ? flow.fromAddress() : flow.toAddress();
  }

  /**
   * Returns the comment for the rule: {@code WDM: <function> (<rule id>)}.
   *
   * @return the comment
   */
  public String comment() {
    return "WDM: " + function + flow.rule().map(r -> " (" + r + ")").orElse("");
  }
}
