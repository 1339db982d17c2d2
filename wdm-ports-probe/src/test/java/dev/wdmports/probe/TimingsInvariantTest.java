package dev.wdmports.probe;

import static org.assertj.core.api.Assertions.assertThat;

import dev.wdmports.core.report.ProbeStatus;
import dev.wdmports.peers.SelfSignedCertificate;
import dev.wdmports.probe.spi.CheckContext;
import java.io.InputStream;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import javax.net.ssl.SSLContext;
import org.junit.jupiter.api.Test;

/**
 * Regression for issue 9, item 17: the timings of every checker and scanner agree with their
 * documentation. The latency covers every phase (it was smaller than the handshake when a checker
 * started its result before the exchange), and resolving an IP literal takes exactly zero. Only the
 * relations are asserted, never durations.
 */
class TimingsInvariantTest {
  static final Duration TIMEOUT = Duration.ofSeconds(5);
  static final Prober SCANNERS = Prober.builder().timeout(TIMEOUT).build();
  static final Prober BLOCKING =
      SCANNERS.toBuilder().connectScanner(false).httpScanner(false).build();
  static final ProbeOptions INSECURE = ProbeOptions.defaults().withTlsInsecure(true);

  @Test
  void latencyCoversEveryPhase_andLiteralResolveIsZero_forEveryCheckerAndScanner()
      throws Exception {
    SSLContext cert = SelfSignedCertificate.localhost().serverContext();
    try (TestServer http =
            TestServer.start(
                "http",
                s -> {
                  CheckerFixtures.readHttpRequest(s.getInputStream());
                  CheckerFixtures.write(s, "HTTP/1.1 200 OK\r\nServer: t\r\n\r\n");
                });
        TestServer https = CheckerFixtures.httpsServer(cert);
        TestServer ftp =
            TestServer.start(
                "ftp",
                s -> {
                  CheckerFixtures.write(s, "220 ready\r\n");
                  drainLine(s.getInputStream());
                });
        TestServer vnc = TestServer.start("vnc", s -> CheckerFixtures.write(s, "RFB 003.008\n"));
        TestServer tds = TestServer.start("tds", TdsResponder::handle)) {
      int refused = CheckerFixtures.freePort();
      List<ProbeTarget> targets =
          List.of(
              http.target("tcp"),
              http.target("http"),
              ProbeTarget.of("localhost", http.port(), "http"),
              https.target("https").withOptions(INSECURE),
              ftp.target("ftp"),
              vnc.target("vnc"),
              tds.target("tds"),
              ProbeTarget.of("localhost", http.port(), "tcp"),
              ProbeTarget.of("127.0.0.1", refused, "tcp"),
              ProbeTarget.of("127.0.0.1", refused, "https"));
      List<ProbeResult> results = new ArrayList<>();
      results.addAll(SCANNERS.run(targets).results());
      results.addAll(BLOCKING.run(targets).results());
      for (ProbeTarget t : targets) {
        results.add(direct(t));
      }
      results.add(tftp(SCANNERS));
      results.add(tftp(BLOCKING));
      for (ProbeResult r : results) {
        assertInvariants(r);
      }
      // The probes did reach their peers: the invariants were checked on real exchanges.
      assertThat(results.stream().filter(r -> r.status() == ProbeStatus.OPEN).count())
          .isGreaterThanOrEqualTo(3 * 8);
    }
  }

  static void assertInvariants(ProbeResult r) {
    Timings t = r.timings();
    String what = r.target() + " " + r.status() + " " + t + " latency " + r.latency();
    assertThat(r.latency())
        .as("latency covers resolve + connect + handshake: %s", what)
        .isGreaterThanOrEqualTo(t.resolve().plus(t.connect()).plus(t.handshake()));
    if (!r.target().host().equals("localhost")) {
      assertThat(t.resolve()).as("an IP literal is not resolved: %s", what).isZero();
    }
  }

  /** A checker called directly, as a third-party test would, with a context of its own. */
  static ProbeResult direct(ProbeTarget t) throws Exception {
    InetAddress a = InetAddress.getByName(t.host().equals("localhost") ? "127.0.0.1" : t.host());
    CheckContext ctx =
        CheckContext.builder(t, new InetSocketAddress(a, t.port())).timeout(TIMEOUT).build();
    return CheckerRegistry.defaults().require(t.checker()).check(t, ctx);
  }

  static ProbeResult tftp(Prober prober) throws Exception {
    try (DatagramSocket server = new DatagramSocket(0, InetAddress.getLoopbackAddress())) {
      Thread peer =
          CheckerFixtures.udpServer(
              server,
              (srv, p) -> {
                byte[] data = {0, 3, 0, 1, 'h', 'i'};
                srv.send(new DatagramPacket(data, data.length, p.getSocketAddress()));
              });
      ProbeResult r = prober.probe(ProbeTarget.of("127.0.0.1", server.getLocalPort(), "tftp"));
      peer.join(5000);
      assertThat(r.status()).isEqualTo(ProbeStatus.OPEN);
      return r;
    }
  }

  static void drainLine(InputStream in) throws Exception {
    int c;
    while ((c = in.read()) >= 0 && c != '\n') {
      // until QUIT's end of line
    }
  }
}
