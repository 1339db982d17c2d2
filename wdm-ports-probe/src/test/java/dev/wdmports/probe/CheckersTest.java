package dev.wdmports.probe;

import static org.assertj.core.api.Assertions.assertThat;

import dev.wdmports.core.Transport;
import dev.wdmports.peers.SelfSignedCertificate;
import java.io.BufferedReader;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicReference;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocket;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Each built-in checker against small in-process servers. */
class CheckersTest {
  static SSLContext localhostCert;
  static final Prober PROBER = Prober.builder().timeout(Duration.ofSeconds(3)).build();

  @BeforeAll
  static void certs() throws Exception {
    localhostCert = SelfSignedCertificate.localhost().serverContext();
  }

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

  // ---- tcp

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

  // ---- http

  @Test
  void http_returnsOpen_withStatusLineAndServer() throws Exception {
    AtomicReference<String> request = new AtomicReference<>();
    try (TestServer s =
        TestServer.start(
            "http",
            sock -> {
              request.set(readHttpRequest(sock.getInputStream()));
              write(sock, "HTTP/1.1 200 OK\r\nServer: wdm-test\r\nContent-Length: 0\r\n\r\n");
            })) {
      ProbeResult r = probe(s.target("http"));
      assertThat(r.status()).isEqualTo(ProbeStatus.OPEN);
      assertThat(r.detail()).isEqualTo("HTTP/1.1 200 OK");
      assertThat(r.evidence().facts())
          .containsEntry(Evidence.STATUS_LINE, "HTTP/1.1 200 OK")
          .containsEntry("httpStatus", "200")
          .containsEntry("server", "wdm-test");
      assertThat(request.get())
          .startsWith("GET / HTTP/1.1\nHost: 127.0.0.1:" + s.port() + "\n")
          .contains("Connection: close\n");
      assertThat(r.evidence().bytesRead()).isPositive();
      assertThat(r.timings().handshake()).isPositive();
    }
  }

  @Test
  void http_honoursExpectedStatusAndPath() throws Exception {
    AtomicReference<String> request = new AtomicReference<>();
    try (TestServer s =
        TestServer.start(
            "http",
            sock -> {
              request.set(readHttpRequest(sock.getInputStream()));
              write(sock, "HTTP/1.1 404 Not Found\r\n\r\n");
            })) {
      ProbeTarget t =
          s.target("http")
              .withOptions(
                  ProbeOptions.defaults().withHttpPath("/health").withExpectedHttpStatus(200));
      ProbeResult r = probe(t);
      assertThat(r.status()).isEqualTo(ProbeStatus.PROTOCOL_MISMATCH);
      assertThat(r.detail())
          .isEqualTo("expected HTTP 200 for GET /health, got \"HTTP/1.1 404 Not Found\"");
      assertThat(request.get()).startsWith("GET /health HTTP/1.1");
      ProbeResult ok =
          probe(s.target("http").withOptions(ProbeOptions.defaults().withExpectedHttpStatus(404)));
      assertThat(ok.status()).isEqualTo(ProbeStatus.OPEN);
    }
  }

  @Test
  void http_returnsServiceUnavailable_for503() throws Exception {
    try (TestServer s =
        TestServer.start(
            "http",
            sock -> {
              readHttpRequest(sock.getInputStream());
              write(sock, "HTTP/1.0 503 Service Unavailable\r\n\r\n");
            })) {
      assertThat(probe(s.target("http")).status()).isEqualTo(ProbeStatus.SERVICE_UNAVAILABLE);
    }
  }

  @Test
  void http_returnsProtocolMismatch_forSshBanner() throws Exception {
    try (TestServer s =
        TestServer.start(
            "ssh",
            sock -> {
              write(sock, "SSH-2.0-OpenSSH_9.2\r\n");
              sock.getInputStream().read();
            })) {
      ProbeResult r = probe(s.target("http"));
      assertThat(r.status()).isEqualTo(ProbeStatus.PROTOCOL_MISMATCH);
      assertThat(r.detail())
          .isEqualTo("expected a HTTP status line, got a line that does not start with \"HTTP/\"");
      assertThat(r.evidence().facts().get(Evidence.BANNER)).isEqualTo("S");
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

  @Test
  void https_returnsTlsFailure_forSelfSignedCertificate_whenVerifying() throws Exception {
    try (TestServer s = httpsServer(localhostCert)) {
      ProbeResult r = probe(s.target("https"));
      assertThat(r.status()).isEqualTo(ProbeStatus.TLS_FAILURE);
      assertThat(r.detail()).startsWith("certificate not trusted: ");
      TlsFacts tls = r.evidence().tls().orElseThrow();
      assertThat(tls.trusted()).isFalse();
      assertThat(tls.hostnameMatches()).isTrue();
      assertThat(tls.insecure()).isFalse();
      assertThat(tls.subject()).contains("CN=localhost");
    }
  }

  @Test
  void https_returnsOpen_inInsecureMode_andReportsTrustAndHostname() throws Exception {
    try (TestServer s = httpsServer(localhostCert)) {
      ProbeResult r =
          probe(s.target("https").withOptions(ProbeOptions.defaults().withTlsInsecure(true)));
      assertThat(r.status()).isEqualTo(ProbeStatus.OPEN);
      assertThat(r.detail()).isEqualTo("HTTP/1.1 200 OK");
      TlsFacts tls = r.evidence().tls().orElseThrow();
      assertThat(tls.trusted()).isFalse();
      assertThat(tls.hostnameMatches()).isTrue();
      assertThat(tls.insecure()).isTrue();
      assertThat(tls.protocol()).hasValueSatisfying(p -> assertThat(p).startsWith("TLSv1."));
      assertThat(tls.cipherSuite()).isPresent();
      assertThat(tls.subjectAlternativeNames()).containsExactly("DNS:localhost", "IP:127.0.0.1");
      assertThat(tls.notAfter()).isPresent();
      assertThat(tls.problem()).hasValueSatisfying(p -> assertThat(p).contains("not trusted"));
      assertThat(r.evidence().facts()).containsEntry("server", "tls-test");
    }
  }

  @Test
  void https_reportsHostnameMismatch_forCertificateOfAnotherName() throws Exception {
    SSLContext other =
        SelfSignedCertificate.of("other.example", "DNS:other.example").serverContext();
    try (TestServer s = httpsServer(other)) {
      ProbeResult r =
          probe(s.target("https").withOptions(ProbeOptions.defaults().withTlsInsecure(true)));
      assertThat(r.status()).isEqualTo(ProbeStatus.OPEN);
      assertThat(r.evidence().tls().orElseThrow().hostnameMatches()).isFalse();
      ProbeResult named =
          probe(
              ProbeTarget.of("localhost", s.port(), "https")
                  .withOptions(ProbeOptions.defaults().withTlsInsecure(true)));
      if (named.status() == ProbeStatus.OPEN) {
        assertThat(named.evidence().tls().orElseThrow().hostnameMatches()).isFalse();
      }
    }
  }

  @Test
  void https_returnsProtocolMismatch_whenPeerAnswersClientHelloWithPlainText() throws Exception {
    try (TestServer s =
        TestServer.start(
            "plain",
            sock -> {
              sock.getInputStream().read();
              write(sock, "HTTP/1.1 400 Bad Request\r\n\r\nThis port speaks plain HTTP\r\n");
            })) {
      ProbeResult r = probe(s.target("https"));
      assertThat(r.status()).isEqualTo(ProbeStatus.PROTOCOL_MISMATCH);
      assertThat(r.detail()).isEqualTo("peer answered the TLS ClientHello with non-TLS data");
      assertThat(r.evidence().facts().get(Evidence.BANNER)).startsWith("HTTP/1.1 400");
    }
  }

  // ---- ftp

  @Test
  void ftp_returnsOpen_forMultiLineGreeting_andSendsQuitOnly() throws Exception {
    AtomicReference<String> commands = new AtomicReference<>();
    try (TestServer s =
        TestServer.start(
            "ftp",
            sock -> {
              write(sock, "120 ready in a moment\r\n220-Welcome\r\n220-to WDM\r\n220 ready\r\n");
              BufferedReader in =
                  new BufferedReader(
                      new InputStreamReader(sock.getInputStream(), StandardCharsets.US_ASCII));
              StringBuilder sb = new StringBuilder();
              String line;
              while ((line = in.readLine()) != null) {
                sb.append(line).append('\n');
                if (line.equals("QUIT")) {
                  write(sock, "221 bye\r\n");
                  break;
                }
              }
              commands.set(sb.toString());
            })) {
      ProbeResult r = probe(s.target("ftp"));
      assertThat(r.status()).isEqualTo(ProbeStatus.OPEN);
      assertThat(r.evidence().facts()).containsEntry(Evidence.BANNER, "220-Welcome");
      assertThat(r.detail()).isEqualTo("greeting 220-Welcome");
      waitFor(() -> commands.get() != null);
      assertThat(commands.get()).isEqualTo("QUIT\n");
    }
  }

  @Test
  void ftp_returnsServiceUnavailable_for421() throws Exception {
    try (TestServer s = TestServer.start("ftp", sock -> write(sock, "421 Too many users\r\n"))) {
      ProbeResult r = probe(s.target("ftp"));
      assertThat(r.status()).isEqualTo(ProbeStatus.SERVICE_UNAVAILABLE);
      assertThat(r.detail()).isEqualTo("service not available: 421 Too many users");
    }
  }

  @Test
  void ftp_returnsProtocolMismatch_forOtherGreetings() throws Exception {
    try (TestServer s = TestServer.start("ftp", sock -> write(sock, "530 go away\r\n"))) {
      assertThat(probe(s.target("ftp")).status()).isEqualTo(ProbeStatus.PROTOCOL_MISMATCH);
    }
    try (TestServer s = TestServer.start("ftp", sock -> write(sock, "hello there\r\n"))) {
      ProbeResult r = probe(s.target("ftp"));
      assertThat(r.status()).isEqualTo(ProbeStatus.PROTOCOL_MISMATCH);
      assertThat(r.detail()).contains("is not an FTP reply");
    }
  }

  @Test
  void ftp_upgradesWithAuthTls_andLogsIn_onlyWithCredentials() throws Exception {
    AtomicReference<String> commands = new AtomicReference<>("");
    try (TestServer s =
        TestServer.start(
            "ftps",
            sock -> {
              write(sock, "220 FTPS ready\r\n");
              BufferedReader plain =
                  new BufferedReader(
                      new InputStreamReader(sock.getInputStream(), StandardCharsets.US_ASCII));
              String auth = plain.readLine();
              commands.set(auth + "\n");
              write(sock, "234 go ahead\r\n");
              SSLSocket ssl = TestServer.acceptTls(localhostCert, sock);
              BufferedReader in =
                  new BufferedReader(
                      new InputStreamReader(ssl.getInputStream(), StandardCharsets.US_ASCII));
              String line;
              while ((line = in.readLine()) != null) {
                commands.set(commands.get() + line.replaceAll("^PASS .*", "PASS ***") + "\n");
                if (line.startsWith("USER")) {
                  write(ssl, "331 password please\r\n");
                } else if (line.startsWith("PASS")) {
                  write(ssl, line.equals("PASS s3cret") ? "230 welcome\r\n" : "530 no\r\n");
                } else if (line.equals("QUIT")) {
                  write(ssl, "221 bye\r\n");
                  break;
                }
              }
            })) {
      ProbeOptions o =
          ProbeOptions.defaults()
              .withFtpAuthTls(true)
              .withTlsInsecure(true)
              .withCredentials(new Credentials("wdm", "s3cret"));
      ProbeResult r = probe(s.target("ftp").withOptions(o));
      assertThat(r.status()).isEqualTo(ProbeStatus.OPEN);
      assertThat(r.detail())
          .startsWith("greeting 220 FTPS ready; AUTH TLS TLSv1.")
          .endsWith("; logged in");
      assertThat(r.evidence().facts())
          .containsEntry("authTls", "234 go ahead")
          .containsEntry("login", "230 welcome");
      assertThat(r.evidence().tls()).isPresent();
      assertThat(r.toString()).doesNotContain("s3cret");
      waitFor(() -> commands.get().endsWith("QUIT\n"));
      assertThat(commands.get()).isEqualTo("AUTH TLS\nUSER wdm\nPASS ***\nQUIT\n");
    }
  }

  /**
   * Regression: the FTP greeting read before {@code AUTH TLS} was taken for the peer's answer to
   * the ClientHello, so an untrusted certificate was reported as PROTOCOL_MISMATCH.
   */
  @Test
  void ftpAuthTls_isTlsFailure_notProtocolMismatch_whenCertificateUntrusted() throws Exception {
    try (TestServer s =
        TestServer.start(
            "ftps",
            sock -> {
              write(sock, "220 FTPS ready\r\n");
              sock.getInputStream().read(new byte[10]);
              write(sock, "234 go ahead\r\n");
              TestServer.acceptTls(localhostCert, sock);
            })) {
      ProbeResult r =
          probe(s.target("ftp").withOptions(ProbeOptions.defaults().withFtpAuthTls(true)));
      assertThat(r.status()).isEqualTo(ProbeStatus.TLS_FAILURE);
      assertThat(r.detail()).startsWith("certificate not trusted");
    }
  }

  @Test
  void ftp_returnsTlsFailure_whenAuthTlsRefused() throws Exception {
    try (TestServer s =
        TestServer.start(
            "ftp",
            sock -> {
              write(sock, "220 plain only\r\n");
              sock.getInputStream().read();
              write(sock, "502 AUTH not implemented\r\n");
              sock.getInputStream().read();
            })) {
      ProbeResult r =
          probe(s.target("ftp").withOptions(ProbeOptions.defaults().withFtpAuthTls(true)));
      assertThat(r.status()).isEqualTo(ProbeStatus.TLS_FAILURE);
      assertThat(r.detail()).isEqualTo("server refused AUTH TLS: 502 AUTH not implemented");
    }
  }

  // ---- vnc

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

  // ---- tds

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
