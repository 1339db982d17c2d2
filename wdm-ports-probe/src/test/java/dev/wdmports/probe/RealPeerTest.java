package dev.wdmports.probe;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.wdmports.core.report.ProbeStatus;
import dev.wdmports.peers.NginxConf;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The checkers against the real servers WDM deployments meet: nginx (HTTP, HTTPS), vsftpd,
 * TigerVNC's Xvnc and tftpd-hpa, each started on a free loopback port and stopped by PID. A missing
 * binary skips its test with the package to install; CI installs them all.
 */
class RealPeerTest {
  static final Prober PROBER = Prober.builder().timeout(Duration.ofSeconds(5)).build();

  @TempDir Path dir;

  static Path require(String binary, String pkg) {
    Optional<Path> p = LocalPeer.which(binary);
    assumeTrue(p.isPresent(), binary + " not installed: apt-get install " + pkg);
    return p.get();
  }

  static boolean isRoot() {
    return "root".equals(System.getProperty("user.name"));
  }

  static void worldReadable(Path p) throws Exception {
    Files.setPosixFilePermissions(
        p, PosixFilePermissions.fromString(Files.isDirectory(p) ? "rwxr-xr-x" : "rw-r--r--"));
  }

  /** Makes cert.pem and key.pem for localhost and 127.0.0.1 with openssl, as CI would. */
  static void selfSignedCertificate(Path openssl, Path dir) throws Exception {
    Process gen =
        new ProcessBuilder(
                openssl.toString(),
                "req",
                "-x509",
                "-newkey",
                "rsa:2048",
                "-nodes",
                "-days",
                "2",
                "-subj",
                "/CN=localhost",
                "-addext",
                "subjectAltName=DNS:localhost,IP:127.0.0.1",
                "-keyout",
                dir.resolve("key.pem").toString(),
                "-out",
                dir.resolve("cert.pem").toString())
            .redirectErrorStream(true)
            .redirectOutput(dir.resolve("openssl.log").toFile())
            .start();
    assertThat(gen.waitFor()).as(Files.readString(dir.resolve("openssl.log"))).isZero();
  }

  @Test
  void nginx_http_isOpen_andHttps_failsVerification_butIsOpenInsecureOrWithItsCaTrusted()
      throws Exception {
    Path nginx = require("nginx", "nginx");
    Path openssl = require("openssl", "openssl");
    worldReadable(dir);
    selfSignedCertificate(openssl, dir);
    int http = LocalPeer.freeTcpPort();
    int https = LocalPeer.freeTcpPort();
    String conf =
        NginxConf.of(
            dir,
            "server { listen 127.0.0.1:" + http + "; location / { return 200 \"ok\\n\"; } }",
            "server { listen 127.0.0.1:"
                + https
                + " ssl; ssl_certificate "
                + dir.resolve("cert.pem")
                + "; ssl_certificate_key "
                + dir.resolve("key.pem")
                + "; ssl_protocols TLSv1.2 TLSv1.3; location / { return 200 \"ok\\n\"; } }");
    Files.writeString(dir.resolve("nginx.conf"), conf);
    try (LocalPeer peer = LocalPeer.start(NginxConf.command(nginx, dir), dir, http).awaitTcp()) {
      new LocalPeerPort(peer, https).awaitTcp();
      ProbeResult plain = PROBER.probe(ProbeTarget.of("127.0.0.1", http, "http"));
      assertThat(plain.status()).as(plain.detail()).isEqualTo(ProbeStatus.OPEN);
      assertThat(plain.detail()).isEqualTo("HTTP/1.1 200 OK");
      assertThat(plain.evidence().facts().get("server")).startsWith("nginx");
      ProbeResult blocking =
          PROBER.toBuilder()
              .httpScanner(false)
              .build()
              .probe(ProbeTarget.of("127.0.0.1", http, "http"));
      HttpScannerDifferentialTest.assertSame(plain, blocking, true);

      ProbeResult verified = PROBER.probe(ProbeTarget.of("127.0.0.1", https, "https"));
      assertThat(verified.status()).as(verified.detail()).isEqualTo(ProbeStatus.TLS_FAILURE);
      assertThat(verified.detail()).startsWith("certificate not trusted");

      ProbeResult insecure =
          PROBER.probe(
              ProbeTarget.of("127.0.0.1", https, "https")
                  .withOptions(ProbeOptions.defaults().withTlsInsecure(true)));
      assertThat(insecure.status()).as(insecure.detail()).isEqualTo(ProbeStatus.OPEN);
      TlsFacts tls = insecure.evidence().tls().orElseThrow();
      assertThat(tls.trusted()).isFalse();
      assertThat(tls.hostnameMatches()).isTrue();
      assertThat(tls.insecure()).isTrue();
      assertThat(tls.protocol()).contains("TLSv1.3");
      assertThat(tls.subject()).contains("CN=localhost");
      assertThat(tls.subjectAlternativeNames()).contains("DNS:localhost", "IP:127.0.0.1");

      ProbeResult wrongProtocol = PROBER.probe(ProbeTarget.of("127.0.0.1", http, "https"));
      assertThat(wrongProtocol.status()).isEqualTo(ProbeStatus.PROTOCOL_MISMATCH);

      // Trusting the site's own certificate (openssl's is its own CA): as a PEM CA file, and as a
      // PKCS12 trust store made by keytool, the way an administrator would.
      TlsTrust pem = TlsTrust.fromPem(dir.resolve("cert.pem"));
      ProbeResult trusted =
          PROBER.probe(
              ProbeTarget.of("127.0.0.1", https, "https")
                  .withOptions(ProbeOptions.defaults().withTlsTrust(pem)));
      assertThat(trusted.status()).as(trusted.detail()).isEqualTo(ProbeStatus.OPEN);
      assertThat(trusted.evidence().tls().orElseThrow().trusted()).isTrue();
      Path keytool = Path.of(System.getProperty("java.home"), "bin", "keytool");
      Process imp =
          new ProcessBuilder(
                  keytool.toString(),
                  "-importcert",
                  "-noprompt",
                  "-alias",
                  "site-ca",
                  "-file",
                  dir.resolve("cert.pem").toString(),
                  "-keystore",
                  dir.resolve("trust.p12").toString(),
                  "-storetype",
                  "PKCS12",
                  "-storepass",
                  "changeit")
              .redirectErrorStream(true)
              .redirectOutput(dir.resolve("keytool.log").toFile())
              .start();
      assertThat(imp.waitFor()).as(Files.readString(dir.resolve("keytool.log"))).isZero();
      TlsTrust store =
          TlsTrust.fromKeyStore(dir.resolve("trust.p12"), "PKCS12", "changeit".toCharArray());
      ProbeResult viaStore =
          PROBER.probe(
              ProbeTarget.of("127.0.0.1", https, "https")
                  .withOptions(ProbeOptions.defaults().withTlsTrust(store)));
      assertThat(viaStore.status()).as(viaStore.detail()).isEqualTo(ProbeStatus.OPEN);
    }
  }

  /** The same process, watched on a second port. */
  private record LocalPeerPort(LocalPeer peer, int port) {
    void awaitTcp() {
      peer.awaitReady(
          () -> {
            try (java.net.Socket s = new java.net.Socket()) {
              s.connect(new java.net.InetSocketAddress("127.0.0.1", port), 200);
              return true;
            } catch (java.io.IOException e) {
              return false;
            }
          });
    }
  }

  Path vsftpdConfig(int port, String... extra) throws Exception {
    worldReadable(dir);
    Path root = Files.createDirectories(dir.resolve("anon"));
    Path empty = Files.createDirectories(dir.resolve("empty"));
    worldReadable(root);
    worldReadable(empty);
    List<String> lines =
        new java.util.ArrayList<>(
            List.of(
                "listen=YES",
                "listen_ipv6=NO",
                "listen_address=127.0.0.1",
                "listen_port=" + port,
                "background=NO",
                "anonymous_enable=YES",
                "local_enable=NO",
                "write_enable=NO",
                "anon_root=" + root,
                "secure_chroot_dir=" + empty,
                "seccomp_sandbox=NO",
                "pasv_address=127.0.0.1",
                "pasv_min_port=40000",
                "pasv_max_port=40100",
                "ftpd_banner=WDM test FTP",
                "xferlog_enable=NO",
                "vsftpd_log_file=" + dir.resolve("vsftpd.log")));
    lines.addAll(List.of(extra));
    Path conf = dir.resolve("vsftpd.conf");
    Files.writeString(conf, String.join("\n", lines) + "\n");
    return conf;
  }

  @Test
  void vsftpd_isOpen_withBanner_andAnonymousLogin() throws Exception {
    Path vsftpd = require("vsftpd", "vsftpd");
    assumeTrue(isRoot(), "vsftpd in standalone mode needs root here (run the tests as root)");
    int port = LocalPeer.freeTcpPort();
    Path conf = vsftpdConfig(port);
    try (LocalPeer peer =
        LocalPeer.start(List.of(vsftpd.toString(), conf.toString()), dir, port).awaitTcp()) {
      assertThat(peer.process.isAlive()).isTrue();
      ProbeResult r = PROBER.probe(ProbeTarget.of("127.0.0.1", port, "ftp"));
      assertThat(r.status()).as(r.detail()).isEqualTo(ProbeStatus.OPEN);
      assertThat(r.evidence().facts()).containsEntry(Evidence.BANNER, "220 WDM test FTP");

      ProbeResult login =
          PROBER.probe(
              ProbeTarget.of("127.0.0.1", port, "ftp")
                  .withOptions(
                      ProbeOptions.defaults()
                          .withCredentials(new Credentials("anonymous", "probe@"))));
      assertThat(login.status()).isEqualTo(ProbeStatus.OPEN);
      assertThat(login.detail()).endsWith("; logged in");

      ProbeResult noTls =
          PROBER.probe(
              ProbeTarget.of("127.0.0.1", port, "ftp")
                  .withOptions(ProbeOptions.defaults().withFtpAuthTls(true)));
      assertThat(noTls.status()).isEqualTo(ProbeStatus.TLS_FAILURE);
      assertThat(noTls.detail()).startsWith("server refused AUTH TLS: ");
    }
  }

  @Test
  void vsftpdWithTls_answersAuthTls_andReportsTlsFacts() throws Exception {
    Path vsftpd = require("vsftpd", "vsftpd");
    Path openssl = require("openssl", "openssl");
    assumeTrue(isRoot(), "vsftpd in standalone mode needs root here (run the tests as root)");
    selfSignedCertificate(openssl, dir);
    int port = LocalPeer.freeTcpPort();
    Path conf =
        vsftpdConfig(
            port,
            "ssl_enable=YES",
            "allow_anon_ssl=YES",
            "force_anon_logins_ssl=NO",
            "force_anon_data_ssl=NO",
            "rsa_cert_file=" + dir.resolve("cert.pem"),
            "rsa_private_key_file=" + dir.resolve("key.pem"));
    try (LocalPeer peer =
        LocalPeer.start(List.of(vsftpd.toString(), conf.toString()), dir, port).awaitTcp()) {
      assertThat(peer.process.isAlive()).isTrue();
      ProbeOptions ftps = ProbeOptions.defaults().withFtpAuthTls(true);
      ProbeResult verified =
          PROBER.probe(ProbeTarget.of("127.0.0.1", port, "ftp").withOptions(ftps));
      assertThat(verified.status()).as(verified.detail()).isEqualTo(ProbeStatus.TLS_FAILURE);
      assertThat(verified.detail()).startsWith("certificate not trusted");

      ProbeResult insecure =
          PROBER.probe(
              ProbeTarget.of("127.0.0.1", port, "ftp")
                  .withOptions(
                      ftps.withTlsInsecure(true)
                          .withCredentials(new Credentials("anonymous", "probe@"))));
      assertThat(insecure.status()).as(insecure.detail()).isEqualTo(ProbeStatus.OPEN);
      assertThat(insecure.evidence().facts().get("authTls")).startsWith("234 ");
      assertThat(insecure.detail()).contains("; AUTH TLS TLSv1.").endsWith("; logged in");
      TlsFacts tls = insecure.evidence().tls().orElseThrow();
      assertThat(tls.trusted()).isFalse();
      assertThat(tls.hostnameMatches()).isTrue();
      assertThat(tls.subject()).contains("CN=localhost");
    }
  }

  @Test
  void xvnc_isOpen_withRfb003008() throws Exception {
    Path xvnc = require("Xvnc", "tigervnc-standalone-server");
    int display = 40 + (int) (ProcessHandle.current().pid() % 50);
    while (Files.exists(Path.of("/tmp/.X" + display + "-lock"))
        || Files.exists(Path.of("/tmp/.X11-unix/X" + display))) {
      display++;
    }
    int port = LocalPeer.freeTcpPort();
    try (LocalPeer peer =
        LocalPeer.start(
                List.of(
                    xvnc.toString(),
                    ":" + display,
                    "-SecurityTypes",
                    "None",
                    "-localhost",
                    "-interface",
                    "127.0.0.1",
                    "-rfbport",
                    Integer.toString(port),
                    "-nolisten",
                    "tcp"),
                dir,
                port)
            .awaitTcp()) {
      assertThat(peer.process.isAlive()).isTrue();
      ProbeResult r = PROBER.probe(ProbeTarget.of("127.0.0.1", port, "vnc"));
      assertThat(r.status()).as(r.detail()).isEqualTo(ProbeStatus.OPEN);
      assertThat(r.detail()).isEqualTo("RFB 003.008");
      assertThat(r.evidence().facts()).containsEntry(Evidence.VERSION, "003.008");
    }
  }

  @Test
  void tftpdHpa_isOpen_viaFileNotFound() throws Exception {
    Path tftpd = require("in.tftpd", "tftpd-hpa");
    assumeTrue(isRoot(), "in.tftpd --user needs root here (run the tests as root)");
    worldReadable(dir);
    Path root = Files.createDirectory(dir.resolve("tftp"));
    worldReadable(root);
    int port = LocalPeer.freeUdpPort();
    String user = LocalPeer.which("id").isPresent() && userExists("tftp") ? "tftp" : "nobody";
    ProbeTarget t = ProbeTarget.of("127.0.0.1", port, "tftp");
    Prober quick = PROBER.toBuilder().timeout(Duration.ofMillis(500)).build();
    try (LocalPeer peer =
        LocalPeer.start(
                List.of(
                    tftpd.toString(),
                    "--foreground",
                    "--listen",
                    "--address",
                    "127.0.0.1:" + port,
                    "--secure",
                    "--user",
                    user,
                    root.toString()),
                dir,
                port)
            .awaitReady(() -> quick.probe(t).status() == ProbeStatus.OPEN)) {
      assertThat(peer.process.isAlive()).isTrue();
      ProbeResult r = PROBER.probe(t);
      assertThat(r.status()).as(r.detail()).isEqualTo(ProbeStatus.OPEN);
      assertThat(r.detail()).startsWith("TFTP ERROR 1 ");
      assertThat(r.evidence().facts()).containsEntry("tftpOpcode", "5");
    }
  }

  static boolean userExists(String name) {
    try {
      return Files.readAllLines(Path.of("/etc/passwd")).stream()
          .anyMatch(l -> l.startsWith(name + ":"));
    } catch (java.io.IOException e) {
      return false;
    }
  }

  @Test
  void tdsPreloginResponder_isOpen_withServerVersion() throws Exception {
    try (TestServer tds = TestServer.start("tds", TdsResponder::handle)) {
      ProbeResult r = PROBER.probe(tds.target("tds"));
      assertThat(r.status()).isEqualTo(ProbeStatus.OPEN);
      assertThat(r.evidence().facts()).containsEntry(Evidence.VERSION, "15.0.2000.0");
    }
  }
}
