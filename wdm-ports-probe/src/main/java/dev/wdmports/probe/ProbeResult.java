package dev.wdmports.probe;

import static java.util.Objects.requireNonNull;

import dev.wdmports.core.Transport;
import dev.wdmports.core.report.ProbeStatus;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * The outcome of one probe: the status, the address actually used, how long each phase took, a
 * sentence for humans and bounded evidence.
 *
 * <pre>{@code
 * ProbeResult r = prober.probe(ProbeTarget.of("127.0.0.1", 8080, "http"));
 * System.out.println(r.status() + " " + r.latency().toMillis() + "ms " + r.detail());
 * }</pre>
 *
 * <p>When a name resolves to several addresses the probe uses the first one the resolver returns
 * and reports it in {@link #address()}; it does not fall back to the others.
 *
 * @param target what was probed
 * @param transport the transport the checker used
 * @param status what the probe found
 * @param address the address and port connected to; empty when the name did not resolve or the
 *     probe never started
 * @param timings the duration of each phase
 * @param latency the whole probe, from its start to the verdict: at least resolve + connect +
 *     handshake of {@link #timings()}. The engine measures it itself around the checker; it does
 *     not count the run's one-time local start-up, such as the JVM's first TLS handshake
 * @param detail one sentence for humans, e.g. {@code connection refused}
 * @param evidence the banner, status line, TLS facts and bytes read
 * @param cancelled whether cancelling the run decided this result: the probe was cut short or never
 *     started (its status is then {@link ProbeStatus#ERROR})
 * @since 0.1.0
 */
public record ProbeResult(
    ProbeTarget target,
    Transport transport,
    ProbeStatus status,
    Optional<InetSocketAddress> address,
    Timings timings,
    Duration latency,
    String detail,
    Evidence evidence,
    boolean cancelled) {

  /**
   * Validates the result.
   *
   * @throws IllegalArgumentException if the latency is negative
   */
  public ProbeResult {
    requireNonNull(target, "target");
    requireNonNull(transport, "transport");
    requireNonNull(status, "status");
    requireNonNull(address, "address");
    requireNonNull(timings, "timings");
    requireNonNull(latency, "latency");
    requireNonNull(detail, "detail");
    requireNonNull(evidence, "evidence");
    if (latency.isNegative()) {
      throw new IllegalArgumentException("latency " + latency + " is negative");
    }
    detail = Evidence.truncate(detail, Evidence.MAX_VALUE_LENGTH);
  }

  /**
   * Makes a result that cancellation did not decide.
   *
   * @param target what was probed
   * @param transport the transport the checker used
   * @param status what the probe found
   * @param address the address and port connected to
   * @param timings the duration of each phase
   * @param latency the whole probe
   * @param detail one sentence for humans
   * @param evidence the evidence
   * @throws IllegalArgumentException if the latency is negative
   */
  public ProbeResult(
      ProbeTarget target,
      Transport transport,
      ProbeStatus status,
      Optional<InetSocketAddress> address,
      Timings timings,
      Duration latency,
      String detail,
      Evidence evidence) {
    this(target, transport, status, address, timings, latency, detail, evidence, false);
  }

  /**
   * Starts a result for a target; checkers usually get a pre-filled builder from {@code
   * CheckContext.result(status)} instead.
   *
   * @param target what was probed
   * @param transport the transport
   * @param status the status
   * @return a builder
   */
  public static Builder builder(ProbeTarget target, Transport transport, ProbeStatus status) {
    return new Builder(target, transport, status);
  }

  /**
   * Returns a copy with another status and detail, keeping the rest.
   *
   * @param newStatus the status
   * @param newDetail the detail
   * @return the new result
   */
  public ProbeResult withStatus(ProbeStatus newStatus, String newDetail) {
    return new ProbeResult(
        target, transport, newStatus, address, timings, latency, newDetail, evidence, cancelled);
  }

  /**
   * Builds a {@link ProbeResult}. Not thread-safe; use one builder per probe.
   *
   * <pre>{@code
   * return ctx.result(ProbeStatus.OPEN)
   *     .detail("greeting 220")
   *     .fact(Evidence.BANNER, line)
   *     .build();
   * }</pre>
   *
   * @since 0.1.0
   */
  public static final class Builder {
    private final ProbeTarget target;
    private final Transport transport;
    private ProbeStatus status;
    private @Nullable InetSocketAddress address;
    private Duration resolve = Duration.ZERO;
    private Duration connect = Duration.ZERO;
    private Duration handshake = Duration.ZERO;
    private Duration latency = Duration.ZERO;
    private String detail = "";
    private @Nullable Map<String, String> facts; // made on the first fact: most results have none
    private @Nullable TlsFacts tls;
    private long bytesRead;
    private boolean cancelled;

    private Builder(ProbeTarget target, Transport transport, ProbeStatus status) {
      this.target = requireNonNull(target, "target");
      this.transport = requireNonNull(transport, "transport");
      this.status = requireNonNull(status, "status");
    }

    /**
     * Sets the status.
     *
     * @param status the status
     * @return this builder
     */
    public Builder status(ProbeStatus status) {
      this.status = requireNonNull(status, "status");
      return this;
    }

    /**
     * Sets the address used.
     *
     * @param address the address and port, or null when none was used
     * @return this builder
     */
    public Builder address(InetSocketAddress address) {
      this.address = address;
      return this;
    }

    /**
     * Sets the resolve time.
     *
     * @param d the duration
     * @return this builder
     */
    public Builder resolveTime(Duration d) {
      this.resolve = requireNonNull(d, "resolve");
      return this;
    }

    /**
     * Sets the connect time.
     *
     * @param d the duration
     * @return this builder
     */
    public Builder connectTime(Duration d) {
      this.connect = requireNonNull(d, "connect");
      return this;
    }

    /**
     * Sets the handshake time.
     *
     * @param d the duration
     * @return this builder
     */
    public Builder handshakeTime(Duration d) {
      this.handshake = requireNonNull(d, "handshake");
      return this;
    }

    /**
     * Sets the whole latency.
     *
     * @param d the duration
     * @return this builder
     */
    public Builder latency(Duration d) {
      this.latency = requireNonNull(d, "latency");
      return this;
    }

    /**
     * Sets the sentence for humans.
     *
     * @param detail the detail
     * @return this builder
     */
    public Builder detail(String detail) {
      this.detail = requireNonNull(detail, "detail");
      return this;
    }

    /**
     * Adds a fact; later facts with the same name replace earlier ones.
     *
     * @param name the name, e.g. {@link Evidence#BANNER}
     * @param value the value; cut to {@value Evidence#MAX_VALUE_LENGTH} characters
     * @return this builder
     */
    public Builder fact(String name, String value) {
      if (facts == null) {
        facts = new LinkedHashMap<>();
      }
      facts.put(requireNonNull(name, "name"), requireNonNull(value, "value"));
      return this;
    }

    /**
     * Sets the TLS facts.
     *
     * @param tls the facts, or null
     * @return this builder
     */
    public Builder tls(TlsFacts tls) {
      this.tls = tls;
      return this;
    }

    /**
     * Sets how many bytes were read from the peer.
     *
     * @param bytesRead the count
     * @return this builder
     */
    public Builder bytesRead(long bytesRead) {
      this.bytesRead = bytesRead;
      return this;
    }

    /**
     * Marks the result as decided by cancellation: a checker that gives up because its {@code
     * CheckContext} was cancelled says so, and the engine then keeps its detail as it is.
     *
     * @param cancelled true when cancellation cut the probe short; false by default
     * @return this builder
     */
    public Builder cancelled(boolean cancelled) {
      this.cancelled = cancelled;
      return this;
    }

    /**
     * Builds the result.
     *
     * @return the result
     */
    public ProbeResult build() {
      return new ProbeResult(
          target,
          transport,
          status,
          Optional.ofNullable(address),
          new Timings(resolve, connect, handshake),
          latency,
          detail,
          facts == null && tls == null && bytesRead == 0
              ? Evidence.none()
              : new Evidence(facts == null ? Map.of() : facts, Optional.ofNullable(tls), bytesRead),
          cancelled);
    }
  }
}
