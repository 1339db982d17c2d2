package dev.wdmports.probe;

import static dev.wdmports.probe.CheckerFixtures.probe;
import static dev.wdmports.probe.CheckerFixtures.write;
import static org.assertj.core.api.Assertions.assertThat;

import dev.wdmports.core.report.ProbeStatus;
import org.junit.jupiter.api.Test;

/** The {@code vnc} checker against small in-process servers. */
class VncCheckerTest {
  @Test
  void vnc_returnsOpen_withRfbVersion() throws Exception {
    try (TestServer s =
        TestServer.start(
            "vnc",
            sock -> {
              write(sock, "RFB 003.008\n");
              sock.getInputStream().read();
            })) {
      ProbeResult r = probe(s.target("vnc"));
      assertThat(r.status()).isEqualTo(ProbeStatus.OPEN);
      assertThat(r.evidence().facts()).containsEntry(Evidence.VERSION, "003.008");
      assertThat(r.detail()).isEqualTo("RFB 003.008");
      assertThat(r.evidence().bytesRead()).isEqualTo(12);
    }
  }

  @Test
  void vnc_returnsProtocolMismatch_forMalformedGreeting() throws Exception {
    try (TestServer s = TestServer.start("vnc", sock -> write(sock, "RFB 3.8 nope\n"))) {
      ProbeResult r = probe(s.target("vnc"));
      assertThat(r.status()).isEqualTo(ProbeStatus.PROTOCOL_MISMATCH);
      assertThat(r.detail()).isEqualTo("malformed RFB greeting");
    }
  }
}
