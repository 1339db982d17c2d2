package dev.wdmports.peers;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.BufferedReader;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.ConnectException;
import java.net.HttpURLConnection;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import javax.net.ssl.HttpsURLConnection;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The peers as JDK clients see them; the probe's view of the same peers is in the test kit's {@code
 * LocalPeersTest} (this module must not depend on the probe).
 */
class LocalPeersJdkClientTest {
  private static LocalPeers peers;

  @BeforeAll
  static void start() {
    peers = LocalPeers.start();
  }

  @AfterAll
  static void stop() {
    peers.close();
  }

  @Test
  void http_andHttps_answer200_andHttpsServesTheTrustedLocalhostCertificate() throws Exception {
    HttpURLConnection plain = open("http", PeerKind.HTTP);
    assertThat(plain.getResponseCode()).isEqualTo(200);
    try (InputStream body = plain.getInputStream()) {
      assertThat(new String(body.readAllBytes(), StandardCharsets.US_ASCII))
          .isEqualTo("wdm-ports local peer\n");
    }
    HttpsURLConnection tls = (HttpsURLConnection) open("https", PeerKind.HTTPS);
    tls.setSSLSocketFactory(peers.certificate().trustingClientContext().getSocketFactory());
    assertThat(tls.getResponseCode()).isEqualTo(200);
    tls.getInputStream().close();
    assertThat(peers.certificate().certificate().getSubjectX500Principal().getName())
        .isEqualTo("CN=localhost");
  }

  private static HttpURLConnection open(String scheme, PeerKind kind) throws Exception {
    LocalPeer p = peers.peer(kind);
    HttpURLConnection c =
        (HttpURLConnection)
            URI.create(scheme + "://localhost:" + p.port() + "/").toURL().openConnection();
    c.setConnectTimeout(10_000);
    c.setReadTimeout(10_000);
    return c;
  }

  @Test
  void ftp_greets_refusesLogin_andSaysGoodbye() throws Exception {
    try (Socket s = connect(PeerKind.FTP)) {
      BufferedReader in = reader(s);
      assertThat(in.readLine()).isEqualTo("220 wdm-ports local FTP peer ready");
      OutputStream out = s.getOutputStream();
      out.write("NOOP\r\nUSER anonymous\r\nQUIT\r\n".getBytes(StandardCharsets.US_ASCII));
      assertThat(in.readLine()).isEqualTo("200 OK");
      assertThat(in.readLine()).isEqualTo("530 Not logged in");
      assertThat(in.readLine()).isEqualTo("221 Goodbye");
    }
  }

  @Test
  void ftp_dropsACommandLineLongerThan512Bytes() throws Exception {
    try (Socket s = connect(PeerKind.FTP)) {
      BufferedReader in = reader(s);
      in.readLine();
      s.getOutputStream().write("X".repeat(600).getBytes(StandardCharsets.US_ASCII));
      assertThat(in.readLine()).isEqualTo("500 Line too long");
      assertThat(in.readLine()).isNull();
    }
  }

  @Test
  void vnc_sendsTheRfbGreeting_andOffersSecurityTypeNone() throws Exception {
    try (Socket s = connect(PeerKind.VNC)) {
      byte[] greeting = s.getInputStream().readNBytes(12);
      assertThat(new String(greeting, StandardCharsets.US_ASCII)).isEqualTo("RFB 003.008\n");
      s.getOutputStream().write("RFB 003.008\n".getBytes(StandardCharsets.US_ASCII));
      assertThat(s.getInputStream().readNBytes(2)).containsExactly(1, 1);
    }
  }

  @Test
  void refuse_thenFilter_thenServe_keepThePort() throws Exception {
    LocalPeer vnc = peers.peer(PeerKind.VNC);
    int port = vnc.port();
    vnc.refuse();
    assertThat(vnc.behavior()).isEqualTo(LocalPeer.Behavior.REFUSE);
    assertThatThrownBy(() -> connect(PeerKind.VNC).close()).isInstanceOf(ConnectException.class);
    vnc.filter();
    assertThat(vnc).hasToString("VNC peer at 127.0.0.1:" + port + " (FILTER)");
    try (Socket s = new Socket()) {
      assertThatThrownBy(() -> s.connect(vnc.endpoint(), 300))
          .isInstanceOf(SocketTimeoutException.class);
    }
    vnc.serve();
    vnc.serve(); // already serving: nothing to do
    assertThat(vnc.port()).isEqualTo(port);
    try (Socket s = connect(PeerKind.VNC)) {
      assertThat(s.getInputStream().readNBytes(12)).hasSize(12);
    }
  }

  @Test
  void peers_listOnlyWhatWasStarted_andSayHowToStartTheRest() {
    try (LocalPeers two = LocalPeers.start(PeerKind.FTP, PeerKind.FTP, PeerKind.HTTP)) {
      assertThat(two.peers()).containsOnlyKeys(PeerKind.FTP, PeerKind.HTTP);
      assertThat(two.peer(PeerKind.FTP).kind()).isEqualTo(PeerKind.FTP);
      assertThat(two.peer(PeerKind.FTP).host()).isEqualTo("127.0.0.1");
      assertThatThrownBy(() -> two.peer(PeerKind.HTTPS))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessage("no HTTPS peer was started: start it with LocalPeers.start(PeerKind.HTTPS)");
    }
  }

  private static Socket connect(PeerKind kind) throws Exception {
    Socket s = new Socket();
    s.connect(peers.peer(kind).endpoint(), 2_000);
    s.setSoTimeout(10_000);
    return s;
  }

  private static BufferedReader reader(Socket s) throws Exception {
    return new BufferedReader(new InputStreamReader(s.getInputStream(), StandardCharsets.US_ASCII));
  }
}
