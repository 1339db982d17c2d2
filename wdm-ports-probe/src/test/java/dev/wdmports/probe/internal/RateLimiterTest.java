package dev.wdmports.probe.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class RateLimiterTest {
  private final AtomicLong now = new AtomicLong(5_000);

  @Test
  void noLimit_neverWaits() {
    RateLimiter r = new RateLimiter(0, now::get);
    r.startAt(now.get());
    for (int i = 0; i < 100; i++) {
      assertThat(r.delay()).isZero();
    }
  }

  @Test
  void tenPerSecond_oneSlotEvery100ms_fromTheStart() {
    RateLimiter r = new RateLimiter(10, now::get);
    r.startAt(now.get());
    assertThat(r.delay()).isZero(); // the first slot, taken
    assertThat(r.delay()).isEqualTo(100_000_000);
    now.addAndGet(40_000_000);
    assertThat(r.delay()).isEqualTo(60_000_000);
    now.addAndGet(60_000_000);
    assertThat(r.delay()).isZero();
    assertThat(r.delay()).isEqualTo(100_000_000);
  }

  @Test
  void slotsDoNotAccumulate_whileNobodyAsks() {
    RateLimiter r = new RateLimiter(10, now::get);
    r.startAt(now.get());
    now.addAndGet(1_000_000_000);
    assertThat(r.delay()).isZero();
    assertThat(r.delay()).isEqualTo(100_000_000);
  }

  @Test
  void beforeTheStart_waitsForIt() {
    RateLimiter r = new RateLimiter(10, now::get);
    r.startAt(now.get() + 30_000_000);
    assertThat(r.delay()).isEqualTo(30_000_000);
  }
}
