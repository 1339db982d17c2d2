package dev.wdmports.core.report;

import dev.wdmports.core.graph.FlowVerdict;

/**
 * What a probe found. Every network outcome is one of these; a probe never throws for one. It lives
 * in the report model (it moved here from {@code dev.wdmports.probe}) so that a {@link FlowCheck}'s
 * {@link Evidence.Probed} evidence carries it typed, and {@link #verdict()} says what it means for
 * the operations that need the flow.
 *
 * <pre>{@code
 * if (result.status() == ProbeStatus.OPEN) { ... }
 * }</pre>
 *
 * @since 0.1.0
 */
public enum ProbeStatus {
  /** The connection was made and the protocol handshake completed. */
  OPEN,
  /** The peer refused the connection (TCP RST, or ICMP port unreachable for UDP). */
  REFUSED,
  /** No answer to the connection attempt before the deadline: a firewall drops the packets. */
  FILTERED,
  /** There is no route to the host (ICMP host or network unreachable). */
  UNREACHABLE,
  /** The host name does not resolve. */
  UNRESOLVED,
  /** Something answers, but it does not speak the protocol the checker expects. */
  PROTOCOL_MISMATCH,
  /** The TLS handshake failed, or the peer's certificate is not trusted or does not match. */
  TLS_FAILURE,
  /** The service answers but says it is unavailable, such as an FTP {@code 421} greeting. */
  SERVICE_UNAVAILABLE,
  /** The connection was made, but the peer did not finish the handshake before the deadline. */
  TIMEOUT,
  /** A UDP probe got no answer: the port is open and silent, or a firewall drops it. */
  OPEN_OR_FILTERED,
  /** The probe could not be made (a local failure, a checker bug, or a cancelled run). */
  ERROR;

  /**
   * Tells whether the status means the service was reached and answered in its protocol.
   *
   * @return true only for {@link #OPEN}
   */
  public boolean isOpen() {
    return this == OPEN;
  }

  /**
   * Says what the status means for the flow, as rolled up into operations: {@code OPEN} is open;
   * {@code OPEN_OR_FILTERED} and {@code ERROR} cannot decide; every other status (refused,
   * filtered, unreachable, unresolved, another protocol, TLS failure, service unavailable, timeout)
   * blocks the flow.
   *
   * @return the flow's verdict
   */
  public FlowVerdict verdict() {
    return switch (this) {
      case OPEN -> FlowVerdict.OPEN;
      case OPEN_OR_FILTERED, ERROR -> FlowVerdict.UNKNOWN;
      case REFUSED,
          FILTERED,
          UNREACHABLE,
          UNRESOLVED,
          PROTOCOL_MISMATCH,
          TLS_FAILURE,
          SERVICE_UNAVAILABLE,
          TIMEOUT ->
          FlowVerdict.BLOCKED;
    };
  }

  /**
   * Tells whether the status says it all, or an explanation needs the probe's detail (a TLS
   * failure: which check failed).
   *
   * @return true for {@code OPEN}, {@code REFUSED} and {@code FILTERED}
   */
  public boolean saysItAll() {
    return switch (this) {
      case OPEN, REFUSED, FILTERED -> true;
      case UNREACHABLE,
          UNRESOLVED,
          PROTOCOL_MISMATCH,
          TLS_FAILURE,
          SERVICE_UNAVAILABLE,
          TIMEOUT,
          OPEN_OR_FILTERED,
          ERROR ->
          false;
    };
  }
}
