package dev.wdmports.probe;

import static dev.wdmports.probe.CheckerFixtures.PROBER;
import static dev.wdmports.probe.CheckerFixtures.freePort;
import static dev.wdmports.probe.CheckerFixtures.probe;
import static dev.wdmports.probe.CheckerFixtures.write;
import static org.assertj.core.api.Assertions.assertThat;

import dev.wdmports.core.Transport;
import dev.wdmports.core.report.ProbeStatus;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import org.junit.jupiter.api.Test;

/**
 * The {@code tcp} checker, and what every checker shares: refused, unresolved, the address used,
 * IPv6 loopback.
 */
class TcpCheckerTest {
  @Test
  void tcp_returnsOpen_whenSomethingListens() throws Exception {
    try (TestServer s = TestServer.start("tcp", sock -> sock.getInputStream().read())) {
      ProbeResult r = probe(s.target("tcp"));
      assertThat(r.status()).isEqualTo(ProbeStatus.OPEN);
      assertThat(r.transport()).isEqualTo(Transport.TCP);
      assertThat(r.address()).contains(new InetSocketAddress("127.0.0.1", s.port()));
      assertThat(r.detail()).isEqualTo("connected");
    }
  }

  @Test
  void check_returnsRefused_whenNothingListens() throws Exception {
    int port = freePort();
    for (String checker : new String[] {"tcp", "http", "https", "ftp", "vnc", "tds"}) {
      ProbeResult r = probe(ProbeTarget.of("127.0.0.1", port, checker));
      assertThat(r.status()).as(checker).isEqualTo(ProbeStatus.REFUSED);
      assertThat(r.detail()).as(checker).isEqualTo("connection refused");
    }
    ProbeResult blocking =
        PROBER.toBuilder()
            .connectScanner(false)
            .build()
            .probe(ProbeTarget.of("127.0.0.1", port, "tcp"));
    assertThat(blocking.status()).isEqualTo(ProbeStatus.REFUSED);
  }

  @Test
  void check_returnsUnresolved_forNameThatDoesNotResolve() {
    ProbeResult r = probe(ProbeTarget.of("no-such-host.invalid", 80, "http"));
    assertThat(r.status()).isEqualTo(ProbeStatus.UNRESOLVED);
    assertThat(r.detail()).startsWith("host name no-such-host.invalid does not resolve");
    assertThat(r.address()).isEmpty();
    assertThat(probe(ProbeTarget.of("no-such-host.invalid", 80, "tcp")).status())
        .isEqualTo(ProbeStatus.UNRESOLVED);
  }

  @Test
  void check_resolvesLocalhost_andReportsTheAddressUsed() throws Exception {
    try (TestServer s = TestServer.start("tcp", sock -> sock.getInputStream().read())) {
      ProbeResult r = probe(ProbeTarget.of("localhost", s.port(), "tcp"));
      assertThat(r.address()).isPresent();
      // localhost may resolve to ::1 first; the server listens on 127.0.0.1 only, and the prober
      // must not silently fall back: whatever it reports is the address it used.
      if (r.address().get().getAddress().isLoopbackAddress()
          && r.address().get().getAddress().getAddress().length == 4) {
        assertThat(r.status()).isEqualTo(ProbeStatus.OPEN);
      } else {
        assertThat(r.status()).isEqualTo(ProbeStatus.REFUSED);
      }
    }
  }

  @Test
  void tcpAndVnc_probeIpv6Loopback_andReportTheIpv6Address() throws Exception {
    java.net.InetAddress v6 = java.net.InetAddress.getByName("::1");
    ServerSocket server;
    try {
      server = new ServerSocket(0, 50, v6);
    } catch (java.io.IOException e) {
      org.junit.jupiter.api.Assumptions.assumeTrue(false, "no IPv6 loopback here: " + e);
      return;
    }
    try (server) {
      Thread t =
          new Thread(
              () -> {
                for (int i = 0; i < 2; i++) {
                  try (Socket s = server.accept()) {
                    write(s, "RFB 003.008\n");
                    TestServer.drain(s);
                  } catch (Exception e) {
                    return;
                  }
                }
              },
              TestServer.THREAD_PREFIX + "v6");
      t.setDaemon(true);
      t.start();
      for (ProbeTarget target : ProbeTarget.parse("[::1]:" + server.getLocalPort() + "/vnc")) {
        ProbeResult r = probe(target);
        assertThat(r.status()).isEqualTo(ProbeStatus.OPEN);
        assertThat(r.address()).contains(new InetSocketAddress(v6, server.getLocalPort()));
      }
      ProbeResult tcp = probe(ProbeTarget.of("::1", server.getLocalPort(), "tcp"));
      assertThat(tcp.status()).isEqualTo(ProbeStatus.OPEN);
    }
  }
}
