package dev.wdmports.probe;

import static dev.wdmports.probe.CheckerFixtures.PROBER;
import static dev.wdmports.probe.CheckerFixtures.probe;
import static dev.wdmports.probe.CheckerFixtures.udpServer;
import static org.assertj.core.api.Assertions.assertThat;

import dev.wdmports.core.Transport;
import dev.wdmports.core.report.ProbeStatus;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

/** The {@code tftp} checker against small in-process UDP servers. */
class TftpCheckerTest {
  @Test
  void tftp_returnsOpen_whenErrorComesFromNewTransferPort() throws Exception {
    AtomicReference<String> file = new AtomicReference<>();
    try (DatagramSocket server = new DatagramSocket(0, InetAddress.getLoopbackAddress());
        DatagramSocket tid = new DatagramSocket(0, InetAddress.getLoopbackAddress())) {
      Thread t =
          udpServer(
              server,
              (srv, p) -> {
                String req =
                    new String(p.getData(), 2, p.getLength() - 2, StandardCharsets.US_ASCII);
                file.set(
                    req.substring(0, req.indexOf('\0'))
                        + "|"
                        + req.substring(req.indexOf('\0') + 1, req.length() - 1));
                byte[] err = "\0\5\0\1File not found\0".getBytes(StandardCharsets.US_ASCII);
                tid.send(new DatagramPacket(err, err.length, p.getSocketAddress()));
              });
      ProbeResult r = probe(ProbeTarget.of("127.0.0.1", server.getLocalPort(), "tftp"));
      t.join(5000);
      assertThat(r.status()).isEqualTo(ProbeStatus.OPEN);
      assertThat(r.transport()).isEqualTo(Transport.UDP);
      assertThat(r.detail()).isEqualTo("TFTP ERROR 1 File not found");
      assertThat(file.get()).startsWith("wdm-ports-probe-").endsWith("|octet");
    }
  }

  @Test
  void tftp_returnsOpen_forData_fromSamePort() throws Exception {
    try (DatagramSocket server = new DatagramSocket(0, InetAddress.getLoopbackAddress())) {
      Thread t =
          udpServer(
              server,
              (srv, p) -> {
                byte[] data = {0, 3, 0, 1, 'h', 'i'};
                srv.send(new DatagramPacket(data, data.length, p.getSocketAddress()));
              });
      ProbeResult r = probe(ProbeTarget.of("127.0.0.1", server.getLocalPort(), "tftp"));
      t.join(5000);
      assertThat(r.status()).isEqualTo(ProbeStatus.OPEN);
      assertThat(r.detail()).isEqualTo("TFTP DATA block 1");
    }
  }

  @Test
  void tftp_returnsProtocolMismatch_forOtherPackets() throws Exception {
    try (DatagramSocket server = new DatagramSocket(0, InetAddress.getLoopbackAddress())) {
      udpServer(
          server,
          (srv, p) -> {
            byte[] data = "hello".getBytes(StandardCharsets.US_ASCII);
            srv.send(new DatagramPacket(data, data.length, p.getSocketAddress()));
          });
      ProbeResult r = probe(ProbeTarget.of("127.0.0.1", server.getLocalPort(), "tftp"));
      assertThat(r.status()).isEqualTo(ProbeStatus.PROTOCOL_MISMATCH);
    }
  }

  @Test
  void tftp_returnsRefused_onIcmpPortUnreachable() throws Exception {
    int port;
    try (DatagramSocket gone = new DatagramSocket(0, InetAddress.getLoopbackAddress())) {
      port = gone.getLocalPort();
    }
    ProbeResult r = probe(ProbeTarget.of("127.0.0.1", port, "tftp"));
    assertThat(r.status()).isEqualTo(ProbeStatus.REFUSED);
    assertThat(r.detail()).isEqualTo("ICMP port unreachable");
  }

  @Test
  void tftp_returnsOpenOrFiltered_whenNothingAnswers() throws Exception {
    try (DatagramSocket silent = new DatagramSocket(0, InetAddress.getLoopbackAddress())) {
      ProbeResult r =
          PROBER.toBuilder()
              .timeout(Duration.ofMillis(300))
              .build()
              .probe(ProbeTarget.of("127.0.0.1", silent.getLocalPort(), "tftp"));
      assertThat(r.status()).isEqualTo(ProbeStatus.OPEN_OR_FILTERED);
      assertThat(r.latency()).isLessThan(Duration.ofMillis(300 + 1000));
    }
  }
}
