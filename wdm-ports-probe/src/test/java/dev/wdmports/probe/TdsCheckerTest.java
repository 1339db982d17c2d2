package dev.wdmports.probe;

import static dev.wdmports.probe.CheckerFixtures.probe;
import static org.assertj.core.api.Assertions.assertThat;

import dev.wdmports.core.report.ProbeStatus;
import org.junit.jupiter.api.Test;

/** The {@code tds} checker against small in-process PRELOGIN responders. */
class TdsCheckerTest {
  @Test
  void tds_returnsOpen_withServerVersion_fromPreloginReply() throws Exception {
    try (TestServer s = TestServer.start("tds", TdsResponder::handle)) {
      ProbeResult r = probe(s.target("tds"));
      assertThat(r.status()).isEqualTo(ProbeStatus.OPEN);
      assertThat(r.evidence().facts())
          .containsEntry(Evidence.VERSION, "15.0.2000.0")
          .containsEntry("encryption", "ENCRYPT_NOT_SUP");
      assertThat(r.detail()).isEqualTo("PRELOGIN reply, server version 15.0.2000.0");
    }
  }

  @Test
  void tds_returnsProtocolMismatch_forWrongPacketType() throws Exception {
    try (TestServer s =
        TestServer.start(
            "tds",
            sock -> {
              sock.getInputStream().read();
              sock.getOutputStream().write(new byte[] {0x12, 1, 0, 8, 0, 0, 1, 0});
            })) {
      ProbeResult r = probe(s.target("tds"));
      assertThat(r.status()).isEqualTo(ProbeStatus.PROTOCOL_MISMATCH);
      assertThat(r.detail()).contains("got type 0x12, length 8");
    }
  }

  @Test
  void tds_returnsProtocolMismatch_forTruncatedOptionList() throws Exception {
    try (TestServer s =
        TestServer.start(
            "tds",
            sock -> {
              sock.getInputStream().read();
              // type 4, 13 bytes: one option token pointing past the packet, no terminator
              sock.getOutputStream().write(new byte[] {0x04, 1, 0, 13, 0, 0, 1, 0, 0, 0, 50, 0, 6});
              sock.getInputStream().read();
            })) {
      ProbeResult r = probe(s.target("tds"));
      assertThat(r.status()).isEqualTo(ProbeStatus.PROTOCOL_MISMATCH);
      assertThat(r.detail()).startsWith("malformed PRELOGIN reply: ");
    }
  }
}
