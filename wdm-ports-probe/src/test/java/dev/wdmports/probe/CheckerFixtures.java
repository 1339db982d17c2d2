package dev.wdmports.probe;

import dev.wdmports.peers.SelfSignedCertificate;
import java.io.BufferedReader;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocket;

/**
 * What the checkers' tests share: a prober, the localhost certificate, small in-process HTTPS and
 * UDP servers and socket helpers. Other probe tests use them too.
 */
final class CheckerFixtures {
  private CheckerFixtures() {}

  /** A self-signed certificate for localhost, made once for the checkers' tests. */
  static final SSLContext localhostCert = SelfSignedCertificate.localhost().serverContext();

  static final Prober PROBER = Prober.builder().timeout(Duration.ofSeconds(3)).build();

  static final Prober BLOCKING_HTTP = PROBER.toBuilder().httpScanner(false).build();

  /** Probes; an {@code http} target on both the HTTP scanner and the blocking checker, alike. */
  static ProbeResult probe(ProbeTarget t) {
    ProbeResult r = PROBER.probe(t);
    if (t.checker().equals("http")) {
      HttpScannerDifferentialTest.assertSame(r, BLOCKING_HTTP.probe(t), true);
    }
    return r;
  }

  static void write(Socket s, String text) throws Exception {
    OutputStream out = s.getOutputStream();
    out.write(text.getBytes(StandardCharsets.ISO_8859_1));
    out.flush();
  }

  static String readHttpRequest(InputStream in) throws Exception {
    BufferedReader r = new BufferedReader(new InputStreamReader(in, StandardCharsets.ISO_8859_1));
    StringBuilder sb = new StringBuilder();
    String line;
    while ((line = r.readLine()) != null && !line.isEmpty()) {
      sb.append(line).append('\n');
    }
    return sb.toString();
  }

  static int freePort() throws Exception {
    try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      return s.getLocalPort();
    }
  }

  // ---- https

  static TestServer httpsServer(SSLContext cert) throws Exception {
    return TestServer.start(
        "https",
        sock -> {
          SSLSocket ssl = TestServer.acceptTls(cert, sock);
          readHttpRequest(ssl.getInputStream());
          write(ssl, "HTTP/1.1 200 OK\r\nServer: tls-test\r\n\r\n");
          ssl.close();
        });
  }

  // ---- tftp

  interface UdpHandler {
    void handle(DatagramSocket server, DatagramPacket request) throws Exception;
  }

  static Thread udpServer(DatagramSocket server, UdpHandler h) {
    Thread t =
        new Thread(
            () -> {
              try {
                byte[] buf = new byte[1024];
                DatagramPacket p = new DatagramPacket(buf, buf.length);
                server.receive(p);
                h.handle(server, p);
              } catch (Exception e) {
                // closed by the test
              }
            },
            TestServer.THREAD_PREFIX + "udp");
    t.setDaemon(true);
    t.start();
    return t;
  }

  static void waitFor(java.util.function.BooleanSupplier condition) {
    long end = System.nanoTime() + Duration.ofSeconds(10).toNanos();
    while (!condition.getAsBoolean()) {
      if (System.nanoTime() - end > 0) {
        throw new AssertionError("condition not met within 10s");
      }
      Thread.onSpinWait();
      java.util.concurrent.locks.LockSupport.parkNanos(1_000_000);
    }
  }
}
