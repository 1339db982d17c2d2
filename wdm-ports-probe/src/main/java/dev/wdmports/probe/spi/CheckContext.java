package dev.wdmports.probe.spi;

import static java.util.Objects.requireNonNull;

import dev.wdmports.core.Transport;
import dev.wdmports.core.report.ProbeStatus;
import dev.wdmports.probe.ProbeOptions;
import dev.wdmports.probe.ProbeResult;
import dev.wdmports.probe.ProbeTarget;
import java.io.Closeable;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * What a checker gets for one probe: the resolved address, an absolute deadline on a {@link
 * Ticker}, the byte budget, the target's options and a pre-filled result builder.
 *
 * <pre>{@code
 * CheckContext ctx = CheckContext.builder(target, new InetSocketAddress("127.0.0.1", 8080))
 *     .timeout(Duration.ofSeconds(2))
 *     .build();
 * ProbeResult r = checker.check(target, ctx);
 * }</pre>
 *
 * <p>The engine builds one context per probe; tests of a third-party checker build their own.
 * Thread-safe: {@link #cancel()} may be called from another thread while the checker runs.
 *
 * @since 0.1.0
 */
public final class CheckContext {
  /** The default byte budget per probe: 64 KiB. */
  public static final int DEFAULT_MAX_BYTES = 64 * 1024;

  private final ProbeTarget target;
  private final InetSocketAddress address;
  private final Transport transport;
  private final Ticker ticker;
  private final long startNanos;
  private final long deadlineNanos;
  private final int maxBytes;
  private final Duration resolveTime;
  private final List<Closeable> onCancel = new ArrayList<>();
  private boolean cancelled;

  private CheckContext(Builder b) {
    this.target = b.target;
    this.address = b.address;
    this.transport = b.transport;
    this.ticker = b.ticker;
    this.startNanos = b.startNanos != null ? b.startNanos : ticker.read();
    this.deadlineNanos =
        b.deadlineNanos != null ? b.deadlineNanos : startNanos + b.timeout.toNanos();
    this.maxBytes = b.maxBytes;
    this.resolveTime = b.resolveTime;
  }

  /**
   * Starts a context for a target and the address it resolved to.
   *
   * @param target the target
   * @param address the address to connect to
   * @return a builder with a 2 s timeout, a {@value #DEFAULT_MAX_BYTES}-byte budget and the system
   *     ticker
   */
  public static Builder builder(ProbeTarget target, InetSocketAddress address) {
    return new Builder(target, address);
  }

  /**
   * Returns the target.
   *
   * @return the target
   */
  public ProbeTarget target() {
    return target;
  }

  /**
   * Returns the target's options.
   *
   * @return the options
   */
  public ProbeOptions options() {
    return target.options();
  }

  /**
   * Returns the resolved address to connect to; never a name to resolve again.
   *
   * @return the address and port
   */
  public InetSocketAddress address() {
    return address;
  }

  /**
   * Returns the ticker the deadline is on.
   *
   * @return the ticker
   */
  public Ticker ticker() {
    return ticker;
  }

  /**
   * Returns when the probe started, on the ticker.
   *
   * @return nanoseconds
   */
  public long startNanos() {
    return startNanos;
  }

  /**
   * Returns the absolute deadline, on the ticker.
   *
   * @return nanoseconds
   */
  public long deadlineNanos() {
    return deadlineNanos;
  }

  /**
   * Returns the time left before the deadline.
   *
   * @return nanoseconds, 0 or less when the deadline has passed
   */
  public long remainingNanos() {
    return deadlineNanos - ticker.read();
  }

  /**
   * Returns the time left, rounded up to whole milliseconds, for socket timeouts.
   *
   * @return at least 1 while time is left, 0 when the deadline has passed (0 means "infinite" to
   *     {@code Socket.setSoTimeout}: check for it)
   */
  public int remainingMillis() {
    long n = remainingNanos();
    if (n <= 0) {
      return 0;
    }
    return (int) Math.min(Integer.MAX_VALUE, Math.max(1, (n + 999_999) / 1_000_000));
  }

  /**
   * Tells whether the deadline has passed.
   *
   * @return true when no time is left
   */
  public boolean isExpired() {
    return remainingNanos() <= 0;
  }

  /**
   * Returns the time since the probe started.
   *
   * @return the elapsed time
   */
  public Duration elapsed() {
    return Duration.ofNanos(Math.max(0, ticker.read() - startNanos));
  }

  /**
   * Returns how long resolving the host name took for this probe, before {@link #startNanos()}.
   *
   * @return the duration; zero for an IP address, and when the run had resolved the name already
   */
  public Duration resolveTime() {
    return resolveTime;
  }

  /**
   * Returns how many bytes the checker may read from the peer.
   *
   * @return the budget in bytes
   */
  public int maxBytes() {
    return maxBytes;
  }

  /**
   * Registers a resource to close when the probe is cancelled. When the probe is already cancelled
   * the resource is closed at once.
   *
   * @param resource a socket or channel
   */
  public void onCancel(Closeable resource) {
    requireNonNull(resource, "resource");
    boolean now;
    synchronized (onCancel) {
      now = cancelled;
      if (!now) {
        onCancel.add(resource);
      }
    }
    if (now) {
      closeQuietly(resource);
    }
  }

  /**
   * Tells whether the probe was cancelled.
   *
   * @return true after {@link #cancel()}
   */
  public boolean isCancelled() {
    synchronized (onCancel) {
      return cancelled;
    }
  }

  /**
   * Cancels the probe: closes every resource registered with {@link #onCancel}, so that blocked
   * reads return. Called by the engine when a run is cancelled; idempotent.
   */
  public void cancel() {
    List<Closeable> toClose;
    synchronized (onCancel) {
      if (cancelled) {
        return;
      }
      cancelled = true;
      toClose = new ArrayList<>(onCancel);
      onCancel.clear();
    }
    toClose.forEach(CheckContext::closeQuietly);
  }

  private static void closeQuietly(Closeable c) {
    try {
      c.close();
    } catch (IOException | RuntimeException e) {
      // Closing to unblock a cancelled probe; a failure to close changes nothing for the result.
    }
  }

  /**
   * Starts a result with the target, transport, address, resolve time and the latency so far
   * (resolve time plus {@link #elapsed()}) filled in. A checker that adds phase timings measured
   * later sets the latency again from the same clock reading (the engine measures it anyway).
   *
   * @param status the status
   * @return a builder to add detail and evidence to
   */
  public ProbeResult.Builder result(ProbeStatus status) {
    return ProbeResult.builder(target, transport, status)
        .address(address)
        .resolveTime(resolveTime)
        .latency(resolveTime.plus(elapsed()));
  }

  /**
   * Builds a {@link CheckContext}. Not thread-safe.
   *
   * @since 0.1.0
   */
  public static final class Builder {
    private final ProbeTarget target;
    private final InetSocketAddress address;
    private Transport transport = Transport.TCP;
    private Ticker ticker = Ticker.system();
    private Duration timeout = Duration.ofSeconds(2);
    private @Nullable Long startNanos;
    private @Nullable Long deadlineNanos;
    private int maxBytes = DEFAULT_MAX_BYTES;
    private Duration resolveTime = Duration.ZERO;

    private Builder(ProbeTarget target, InetSocketAddress address) {
      this.target = requireNonNull(target, "target");
      this.address = requireNonNull(address, "address");
    }

    /**
     * Sets the transport reported in results.
     *
     * @param transport the checker's transport; TCP by default
     * @return this builder
     */
    public Builder transport(Transport transport) {
      this.transport = requireNonNull(transport, "transport");
      return this;
    }

    /**
     * Sets the ticker.
     *
     * @param ticker the ticker; {@link Ticker#system()} by default
     * @return this builder
     */
    public Builder ticker(Ticker ticker) {
      this.ticker = requireNonNull(ticker, "ticker");
      return this;
    }

    /**
     * Sets the timeout from the start; ignored when {@link #deadlineNanos} is set.
     *
     * @param timeout a positive duration; 2 s by default
     * @return this builder
     * @throws IllegalArgumentException if not positive
     */
    public Builder timeout(Duration timeout) {
      requireNonNull(timeout, "timeout");
      if (timeout.isZero() || timeout.isNegative()) {
        throw new IllegalArgumentException(
            "timeout " + timeout + " is not positive: use e.g. Duration.ofSeconds(2)");
      }
      this.timeout = timeout;
      return this;
    }

    /**
     * Sets the start time, on the ticker.
     *
     * @param startNanos nanoseconds; the ticker's time at {@link #build()} by default
     * @return this builder
     */
    public Builder startNanos(long startNanos) {
      this.startNanos = startNanos;
      return this;
    }

    /**
     * Sets the absolute deadline, on the ticker.
     *
     * @param deadlineNanos nanoseconds; start plus timeout by default
     * @return this builder
     */
    public Builder deadlineNanos(long deadlineNanos) {
      this.deadlineNanos = deadlineNanos;
      return this;
    }

    /**
     * Sets the byte budget.
     *
     * @param maxBytes at least 64; {@value CheckContext#DEFAULT_MAX_BYTES} by default
     * @return this builder
     * @throws IllegalArgumentException if below 64
     */
    public Builder maxBytes(int maxBytes) {
      if (maxBytes < 64) {
        throw new IllegalArgumentException(
            "maxBytes " + maxBytes + " is too small: allow at least 64 bytes per probe");
      }
      this.maxBytes = maxBytes;
      return this;
    }

    /**
     * Sets how long resolving took, reported in the timings.
     *
     * @param resolveTime the duration; zero by default
     * @return this builder
     */
    public Builder resolveTime(Duration resolveTime) {
      this.resolveTime = requireNonNull(resolveTime, "resolveTime");
      return this;
    }

    /**
     * Builds the context.
     *
     * @return the context
     */
    public CheckContext build() {
      return new CheckContext(this);
    }
  }
}
