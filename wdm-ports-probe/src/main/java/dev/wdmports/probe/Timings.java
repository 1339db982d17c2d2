package dev.wdmports.probe;

import static java.util.Objects.requireNonNull;

import java.time.Duration;

/**
 * How long each phase of a probe took. A phase that did not run is {@link Duration#ZERO}. The
 * phases follow each other, so their sum never exceeds the probe's {@link ProbeResult#latency()}.
 *
 * <pre>{@code
 * Duration connect = result.timings().connect();
 * }</pre>
 *
 * @param resolve the time this probe spent resolving the host name: exactly zero for an IP address
 *     (parsing it is not a phase), and for a name an earlier probe of the same run resolved already
 *     (a run looks each name up once)
 * @param connect opening the connection (TCP) or sending the first datagram (UDP)
 * @param handshake the protocol exchange after the connection, up to the verdict
 * @since 0.1.0
 */
public record Timings(Duration resolve, Duration connect, Duration handshake) {
  /** Timings of a probe that did nothing. */
  public static final Timings NONE = new Timings(Duration.ZERO, Duration.ZERO, Duration.ZERO);

  /**
   * Validates the timings.
   *
   * @throws IllegalArgumentException if a duration is negative
   */
  public Timings {
    check("resolve", resolve);
    check("connect", connect);
    check("handshake", handshake);
  }

  private static void check(String name, Duration d) {
    requireNonNull(d, name);
    if (d.isNegative()) {
      throw new IllegalArgumentException(name + " duration " + d + " is negative");
    }
  }
}
