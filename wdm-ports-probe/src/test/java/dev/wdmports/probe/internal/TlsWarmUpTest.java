package dev.wdmports.probe.internal;

import static org.assertj.core.api.Assertions.assertThatCode;

import org.junit.jupiter.api.Test;

/** The in-memory warm-up handshake completes, verified as a probe verifies, with no socket. */
class TlsWarmUpTest {
  @Test
  void handshake_completes_withFullVerification() {
    assertThatCode(TlsWarmUp::handshake).doesNotThrowAnyException();
  }
}
