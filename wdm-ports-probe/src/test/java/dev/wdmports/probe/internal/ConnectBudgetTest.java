package dev.wdmports.probe.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.net.SocketException;
import org.junit.jupiter.api.Test;

class ConnectBudgetTest {
  @Test
  void tryAcquire_givesAtMostThePermits_andReleaseGivesThemBack() {
    ConnectBudget b = new ConnectBudget(2);
    assertThat(b.tryAcquire()).isTrue();
    assertThat(b.tryAcquire()).isTrue();
    assertThat(b.tryAcquire()).isFalse();
    assertThat(b.available()).isZero();
    b.release();
    assertThat(b.available()).isEqualTo(1);
    assertThat(b.tryAcquire()).isTrue();
    assertThat(b.permits()).isEqualTo(2);
  }

  @Test
  void constructor_rejectsFewerThanOnePermit_withTheValue() {
    assertThatThrownBy(() -> new ConnectBudget(0))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("permits 0 must be at least 1");
  }

  @Test
  void outOfDescriptors_isTheKernelsEmfileMessage_only() {
    assertThat(ConnectScanner.isOutOfDescriptors(new SocketException("Too many open files")))
        .isTrue();
    assertThat(ConnectScanner.isOutOfDescriptors(new IOException("Connection refused"))).isFalse();
    assertThat(ConnectScanner.isOutOfDescriptors(new IOException((String) null))).isFalse();
  }
}
