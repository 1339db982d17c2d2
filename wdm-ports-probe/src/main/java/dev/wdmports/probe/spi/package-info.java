/**
 * The checker SPI: how to teach the prober a new protocol.
 *
 * <p>A checker implements {@link dev.wdmports.probe.spi.HandshakeChecker}. The {@link
 * dev.wdmports.probe.CheckerRegistry} finds checkers with {@link java.util.ServiceLoader}: on the
 * class path list the class in {@code META-INF/services/dev.wdmports.probe.spi.HandshakeChecker};
 * on the module path declare {@code provides dev.wdmports.probe.spi.HandshakeChecker with ...} in
 * {@code module-info.java}. Checkers can also be registered, replaced and removed in code, and an
 * explicit registration wins over discovery.
 *
 * <pre>{@code
 * CheckerRegistry registry = CheckerRegistry.builder()
 *     .discover()                          // built-ins and ServiceLoader providers
 *     .register(new EchoChecker())         // wins over a discovered "echo"
 *     .build();
 * Prober prober = Prober.builder().registry(registry).build();
 * }</pre>
 *
 * <h2>The contract for an implementation</h2>
 *
 * <ul>
 *   <li><b>A public no-arg constructor</b> (or, on the module path, a public static {@code
 *       provider()} method), as {@link java.util.ServiceLoader} requires. A constructor that throws
 *       is reported in {@link dev.wdmports.probe.CheckerRegistry#problems()} and the provider is
 *       skipped; the other checkers still load.
 *   <li><b>Thread safety.</b> One instance checks many targets at once, from several threads. Keep
 *       no per-probe state in fields.
 *   <li><b>Honour the deadline.</b> Return by {@link
 *       dev.wdmports.probe.spi.CheckContext#deadlineNanos()}: recompute socket timeouts from {@link
 *       dev.wdmports.probe.spi.CheckContext#remainingMillis()} before every blocking call, so that
 *       a peer sending one byte per second cannot stretch the probe. Register sockets with {@link
 *       dev.wdmports.probe.spi.CheckContext#onCancel} so that a cancelled run can close them.
 *   <li><b>Bounded reads.</b> Read at most {@link dev.wdmports.probe.spi.CheckContext#maxBytes()}
 *       bytes from the peer, and report what you read in {@code bytesRead}.
 *   <li><b>No exceptions for network outcomes.</b> Map refused, filtered, reset, timed out and
 *       garbage replies to a {@link dev.wdmports.core.report.ProbeStatus}; throw only for bugs. The
 *       engine turns an unexpected exception into {@code ERROR}, but that hides information.
 *   <li><b>No secrets in logs or evidence.</b> Use credentials only when the target's options give
 *       them, and never log or report the password.
 * </ul>
 */
@NullMarked
package dev.wdmports.probe.spi;

import org.jspecify.annotations.NullMarked;
