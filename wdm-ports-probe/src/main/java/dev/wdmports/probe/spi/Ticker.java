package dev.wdmports.probe.spi;

/**
 * A source of nanoseconds for deadlines, so tests can control time.
 *
 * <pre>{@code
 * Prober prober = Prober.builder().ticker(Ticker.system()).build();
 * }</pre>
 *
 * <p>Implementations must be thread-safe and monotonic, like {@link System#nanoTime()}.
 *
 * @since 0.1.0
 */
@FunctionalInterface
public interface Ticker {
  /**
   * Returns the current time in nanoseconds from an arbitrary origin.
   *
   * @return nanoseconds; only differences are meaningful
   */
  long read();

  /**
   * Returns the ticker backed by {@link System#nanoTime()}.
   *
   * @return the system ticker
   */
  static Ticker system() {
    return SystemTicker.INSTANCE;
  }
}

/** The stateless default, as Caffeine's {@code SystemTicker}. */
enum SystemTicker implements Ticker {
  INSTANCE;

  @Override
  public long read() {
    return System.nanoTime();
  }
}
