package dev.wdmports.probe.internal;

import dev.wdmports.probe.spi.Ticker;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A run's limit on how many probes start per second: one start slot every {@code 1/rate} seconds on
 * the run's ticker, taken without a lock by whichever thread claims a target next. Thread-safe.
 */
public final class RateLimiter {
  private final Ticker ticker;
  private final long interval;
  private final AtomicLong nextSlot = new AtomicLong();

  /**
   * Makes a limiter whose first slot is at the ticker's origin; {@link #startAt} moves it.
   *
   * @param ratePerSecond probes per second, or 0 for no limit
   * @param ticker the run's time source
   */
  public RateLimiter(double ratePerSecond, Ticker ticker) {
    this.ticker = ticker;
    this.interval = ratePerSecond > 0 ? (long) (1e9 / ratePerSecond) : 0;
  }

  /**
   * Sets the first slot: the run's start.
   *
   * @param nanos on the ticker
   */
  public void startAt(long nanos) {
    nextSlot.set(nanos);
  }

  /**
   * Takes a start slot.
   *
   * @return 0 when a probe may start now (the slot is taken), else how long to wait in nanos
   */
  public long delay() {
    if (interval == 0) {
      return 0;
    }
    while (true) {
      long next = nextSlot.get();
      long now = ticker.read();
      if (now - next < 0) {
        return next - now;
      }
      if (nextSlot.compareAndSet(next, now + interval)) {
        return 0;
      }
    }
  }
}
