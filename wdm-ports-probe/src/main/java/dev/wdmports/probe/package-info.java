/**
 * Is it open? Handshake probes that really talk TCP, HTTP, HTTPS, FTP, VNC, TDS and TFTP to a host,
 * concurrently and under hard deadlines.
 *
 * <pre>{@code
 * Prober prober = Prober.builder().timeout(Duration.ofSeconds(2)).build();
 * ProbeReport report = prober.run(ProbeTarget.parse("10.0.0.5:80,443/tcp"));
 * for (ProbeResult r : report.results()) {
 *   System.out.println(r.target() + " " + r.status() + " " + r.detail());
 * }
 * }</pre>
 *
 * <p>{@link dev.wdmports.probe.Prober} is the engine, {@link dev.wdmports.probe.ProbeTarget} says
 * what to probe, {@link dev.wdmports.probe.ProbeResult} and {@link
 * dev.wdmports.core.report.ProbeStatus} what was found, and {@link
 * dev.wdmports.probe.CheckerRegistry} which checkers exist. New protocols plug in through {@link
 * dev.wdmports.probe.spi}. A probe never throws for a network outcome: refused, filtered, wrong
 * protocol and TLS failures are statuses, and every read from a peer is bounded in bytes and time.
 */
@NullMarked
package dev.wdmports.probe;

import org.jspecify.annotations.NullMarked;
