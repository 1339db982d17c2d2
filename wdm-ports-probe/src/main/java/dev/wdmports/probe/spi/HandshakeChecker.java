package dev.wdmports.probe.spi;

import dev.wdmports.core.Transport;
import dev.wdmports.probe.ProbeResult;
import dev.wdmports.probe.ProbeTarget;

/**
 * Checks whether a service speaks its protocol on one address and port, within a deadline.
 *
 * <pre>{@code
 * public final class EchoChecker implements HandshakeChecker {
 *   public String id() { return "echo"; }
 *   public Transport transport() { return Transport.TCP; }
 *   public ProbeResult check(ProbeTarget target, CheckContext ctx) {
 *     // connect to ctx.address(), bound reads by ctx.maxBytes() and ctx.remainingNanos()
 *     return ctx.result(ProbeStatus.OPEN).detail("echoed 4 bytes").build();
 *   }
 * }
 * }</pre>
 *
 * <p>See the {@linkplain dev.wdmports.probe.spi package documentation} for the contract a
 * third-party checker must keep.
 *
 * @since 0.1.0
 */
public interface HandshakeChecker {
  /**
   * Returns the id targets use to name this checker, which is also the protocol it speaks.
   *
   * @return 1 to 32 lower-case letters, digits and {@code -}, e.g. {@code http}
   */
  String id();

  /**
   * Returns the transport the checker uses.
   *
   * @return TCP or UDP
   */
  Transport transport();

  /**
   * Returns the priority among discovered checkers with the same id: the highest wins. Explicit
   * registration beats any priority. The built-in checkers have priority 0.
   *
   * @return the priority; 0 by default
   */
  default int priority() {
    return 0;
  }

  /**
   * Checks one target. Must return by the context's deadline (plus a few milliseconds) and must not
   * throw for network outcomes: refused, timed out, wrong protocol are statuses.
   *
   * @param target the target; its options are in {@code target.options()}
   * @param ctx the resolved address, the deadline, the byte budget and the result builder
   * @return the result, usually built with {@link CheckContext#result}
   */
  ProbeResult check(ProbeTarget target, CheckContext ctx);
}
