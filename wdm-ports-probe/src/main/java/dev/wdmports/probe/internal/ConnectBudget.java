package dev.wdmports.probe.internal;

import java.util.concurrent.atomic.AtomicInteger;

/**
 * How many plain tcp connects may be outstanding at once, shared by every connect scanner that
 * holds it: the scanners of one run, or of the overlapping runs of a sweep, which thus never keep
 * more than the prober's {@code maxInFlightConnects} sockets open together. A permit is taken
 * before a target is claimed and given back when its connect is decided. Lock-free; thread-safe.
 */
public final class ConnectBudget {
  private final int permits;
  private final AtomicInteger free;

  /**
   * Makes a budget.
   *
   * @param permits the most connects outstanding at once, at least 1
   * @throws IllegalArgumentException if {@code permits} is below 1
   */
  public ConnectBudget(int permits) {
    if (permits < 1) {
      throw new IllegalArgumentException("permits " + permits + " must be at least 1");
    }
    this.permits = permits;
    this.free = new AtomicInteger(permits);
  }

  /**
   * Takes a permit if one is free.
   *
   * @return true if taken
   */
  public boolean tryAcquire() {
    while (true) {
      int f = free.get();
      if (f <= 0) {
        return false;
      }
      if (free.compareAndSet(f, f - 1)) {
        return true;
      }
    }
  }

  /** Gives a permit back. */
  public void release() {
    free.incrementAndGet();
  }

  /**
   * Returns the permits not taken.
   *
   * @return 0..{@link #permits()}
   */
  public int available() {
    return free.get();
  }

  /**
   * Returns the size of the budget.
   *
   * @return the most connects outstanding at once
   */
  public int permits() {
    return permits;
  }
}
