package dev.wdmports.exporter;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsServer;
import dev.wdmports.core.Address;
import dev.wdmports.core.catalog.Catalogs;
import dev.wdmports.core.deploy.Deployment;
import dev.wdmports.core.deploy.Host;
import dev.wdmports.peers.CertificateAuthority;
import dev.wdmports.peers.LocalPeers;
import dev.wdmports.peers.NetworkNamespace;
import dev.wdmports.peers.NginxConf;
import dev.wdmports.peers.PeerKind;
import dev.wdmports.peers.ServerCertificate;
import dev.wdmports.probe.ProbeOptions;
import dev.wdmports.probe.TlsTrust;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The same targets through Debian's blackbox_exporter and through ours, side by side (fleet issue,
 * "Side by side with blackbox_exporter"): tcp and http to nginx, to a refused port and to a port a
 * namespace's iptables drops; https to a server whose certificate a CA file trusts and to one with
 * a self-signed certificate. Each pair of scrapes must agree on {@code probe_success}, {@code
 * probe_http_status_code}, {@code probe_http_ssl}, {@code probe_ip_protocol}, {@code
 * probe_ssl_earliest_cert_expiry} (to the second) and {@code probe_tls_version_info}'s version,
 * except where docs/cli.md says ours means something else on purpose, which is asserted here too.
 *
 * <p>Only loopback and the namespace the filtered test creates are touched. Skipped when
 * blackbox_exporter or nginx is missing; the filtered test also when not root.
 */
class BlackboxParityTest {
  /** Both exporters get this scrape timeout: 1.5 s of probing once the 0.5 s margin is off. */
  static final String SCRAPE_TIMEOUT = "2";

  @TempDir static Path dir;
  static Process blackbox;
  static Process nginx;
  static int blackboxPort;
  static int nginxPort;
  static int nginx404Port;
  static HttpsServer caSigned;
  static ServerCertificate leaf;
  static LocalPeers selfSigned;
  static Exporter ours;

  @BeforeAll
  static void start() throws Exception {
    Optional<Path> bb = Tools.onPath("prometheus-blackbox-exporter");
    assumeTrue(
        bb.isPresent(),
        "prometheus-blackbox-exporter is not on the PATH: apt-get install"
            + " prometheus-blackbox-exporter");
    Optional<Path> nginxBinary = Tools.onPath("nginx").or(() -> executable("/usr/sbin/nginx"));
    assumeTrue(nginxBinary.isPresent(), "nginx is not installed: apt-get install nginx");
    // nginx's workers run as nobody: they must reach the temporary directory.
    Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwxr-xr-x"));

    nginxPort = ExporterHttpTest.freePort();
    nginx404Port = ExporterHttpTest.freePort();
    Files.writeString(
        dir.resolve("nginx.conf"),
        NginxConf.of(
            dir,
            "server { listen 127.0.0.1:" + nginxPort + "; location / { return 200 \"ok\\n\"; } }",
            "server { listen 127.0.0.1:" + nginx404Port + "; location / { return 404; } }"));
    nginx =
        start(
            "nginx",
            NginxConf.command(Path.of(nginxBinary.get().toString()), dir).toArray(String[]::new));

    CertificateAuthority ca = CertificateAuthority.create("wdm-ports parity CA");
    leaf = ca.issueLocalhost();
    Path caFile = dir.resolve("ca.pem");
    ca.writePem(caFile);
    caSigned = HttpsServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 16);
    caSigned.setHttpsConfigurator(new HttpsConfigurator(leaf.serverContext()));
    caSigned.createContext(
        "/",
        ex -> {
          try (ex) {
            byte[] body = "ok\n".getBytes(StandardCharsets.US_ASCII);
            ex.sendResponseHeaders(200, body.length);
            ex.getResponseBody().write(body);
          }
        });
    caSigned.start();
    selfSigned = LocalPeers.start(PeerKind.HTTPS);

    blackboxPort = ExporterHttpTest.freePort();
    Files.writeString(
        dir.resolve("blackbox.yml"),
        String.join(
            "\n",
            "modules:",
            "  tcp_connect: {prober: tcp, timeout: 5s}",
            "  http_2xx: {prober: http, timeout: 5s}",
            "  https_ca: {prober: http, timeout: 5s, http: {tls_config: {ca_file: '"
                + caFile
                + "'}}}",
            "  https_default: {prober: http, timeout: 5s}",
            ""));
    blackbox =
        start(
            "blackbox",
            bb.get().toString(),
            "--config.file=" + dir.resolve("blackbox.yml"),
            "--web.listen-address=127.0.0.1:" + blackboxPort);

    Deployment site =
        Deployment.builder(Catalogs.wdm())
            .name("parity")
            .host(new Host("this-host", Optional.of(Address.parse("127.0.0.1")), List.of("gui")))
            .build();
    ours =
        Exporter.builder(site, "this-host")
            .listen(new InetSocketAddress("127.0.0.1", 0))
            .allowAnyTarget(true)
            .probeOptions(ProbeOptions.defaults().withTlsTrust(TlsTrust.fromPem(caFile)))
            .build()
            .start();

    awaitListening(nginx, "nginx", nginxPort);
    awaitListening(nginx, "nginx", nginx404Port);
    awaitListening(blackbox, "blackbox", blackboxPort);
  }

  @AfterAll
  static void stop() {
    if (ours != null) {
      ours.close();
    }
    if (caSigned != null) {
      caSigned.stop(0);
    }
    if (selfSigned != null) {
      selfSigned.close();
    }
    stop(blackbox);
    stop(nginx);
  }

  @Test
  void tcp_toNginxAndToARefusedPort_agreesWithBlackbox() {
    Pair open = scrape("tcp", "tcp_connect", "127.0.0.1:" + nginxPort);
    assertAgree(open);
    assertThat(open.ours().value("probe_success")).contains(1.0);

    Pair refused = scrape("tcp", "tcp_connect", "127.0.0.1:" + ExporterHttpTest.freePort());
    assertAgree(refused);
    assertThat(refused.ours().value("probe_success")).contains(0.0);
  }

  @Test
  void http_toNginxAndToARefusedPort_agreesWithBlackbox() {
    Pair open = scrape("http", "http_2xx", "127.0.0.1:" + nginxPort);
    assertAgree(open);
    assertThat(open.ours().value("probe_success")).contains(1.0);
    assertThat(open.ours().value("probe_http_status_code")).contains(200.0);
    assertThat(open.ours().value("probe_http_ssl")).contains(0.0);

    Pair refused = scrape("http", "http_2xx", "127.0.0.1:" + ExporterHttpTest.freePort());
    assertAgree(refused);
    assertThat(refused.ours().value("probe_success")).contains(0.0);
    assertThat(refused.ours().value("probe_http_status_code")).contains(0.0);
  }

  @Test
  void https_withACertificateItsCaFileTrusts_agreesOnExpiryToTheSecondAndTlsVersion() {
    Pair p = scrape("https", "https_ca", "127.0.0.1:" + caSigned.getAddress().getPort());
    assertAgree(p);
    assertThat(p.ours().value("probe_success")).contains(1.0);
    assertThat(p.ours().value("probe_http_ssl")).contains(1.0);
    assertThat(p.ours().label("probe_tls_version_info", "version"))
        .hasValueSatisfying(v -> assertThat(v).matches("TLS 1\\.[23]"));
    // The peer sends its leaf and the CA: the earliest expiry of the two, as blackbox reports it.
    long earliest =
        leaf.chain().stream()
            .mapToLong(c -> c.getNotAfter().toInstant().getEpochSecond())
            .min()
            .orElseThrow();
    assertThat(p.ours().value("probe_ssl_earliest_cert_expiry")).contains((double) earliest);
  }

  @Test
  void https_withASelfSignedCertificate_failsInBoth_butOnlyOursStillReportsItsExpiry() {
    Pair p =
        scrape("https", "https_default", "127.0.0.1:" + selfSigned.peer(PeerKind.HTTPS).port());
    assertAgree(p, "probe_ssl_earliest_cert_expiry");
    assertThat(p.ours().value("probe_success")).contains(0.0);
    assertThat(p.ours().value("probe_http_ssl")).contains(0.0);
    assertThat(p.ours().value("probe_http_status_code")).contains(0.0);
    assertThat(p.ours().named("probe_tls_version_info")).isEmpty();
    // The one difference, on purpose (docs/cli.md): blackbox reports no certificate after a failed
    // verification; ours reports the expiry of the certificate it saw, beside "not trusted", so
    // that an alert on a site's self-signed certificate's expiry works.
    assertThat(p.theirs().value("probe_ssl_earliest_cert_expiry")).isEmpty();
    assertThat(p.ours().value("probe_ssl_earliest_cert_expiry"))
        .contains(
            (double)
                selfSigned.certificate().certificate().getNotAfter().toInstant().getEpochSecond());
    assertThat(p.ours().value("wdmports_tls_certificate_trusted")).contains(0.0);
  }

  @Test
  void http_answering404_isSuccessForOurs_butNotForBlackboxsHttp2xx_withTheSameStatusCode() {
    Pair p = scrape("http", "http_2xx", "127.0.0.1:" + nginx404Port);
    // On purpose (docs/cli.md): ours asks whether the service answers, whatever its status;
    // blackbox's http_2xx whether the status is 2xx.
    assertThat(p.ours().value("probe_success")).contains(1.0);
    assertThat(p.theirs().value("probe_success")).contains(0.0);
    for (String name : List.of("probe_http_status_code", "probe_http_ssl", "probe_ip_protocol")) {
      assertThat(p.ours().value(name)).as(name).isEqualTo(p.theirs().value(name));
    }
    assertThat(p.ours().value("probe_http_status_code")).contains(404.0);
  }

  @Test
  void tcpAndHttp_toAPortANamespaceDrops_failInBoth() {
    Optional<String> why = NetworkNamespace.unavailable();
    assumeTrue(why.isEmpty(), () -> why.get() + " (to drop packets for the filtered target)");
    try (NetworkNamespace ns = NetworkNamespace.create("parity")) {
      ns.iptables("-A", "INPUT", "-p", "tcp", "--dport", "81", "-j", "DROP");
      for (String[] modules : new String[][] {{"tcp", "tcp_connect"}, {"http", "http_2xx"}}) {
        Pair p = scrape(modules[0], modules[1], ns.address() + ":81");
        assertAgree(p);
        assertThat(p.ours().value("probe_success")).as(modules[0]).contains(0.0);
        assertThat(p.ours().named("wdmports_probe_status"))
            .as(modules[0])
            .anyMatch(
                s -> s.value() == 1 && "FILTERED".equals(s.labels().get("wdmports_probe_status")));
      }
    }
  }

  /** The two scrapes of one target. */
  record Pair(
      String target, String oursBody, String theirsBody, Exposition ours, Exposition theirs) {
    @Override
    public String toString() {
      return target + "\n--- ours:\n" + oursBody + "\n--- blackbox_exporter:\n" + theirsBody;
    }
  }

  /** Scrapes both: ours with module {@code ours}, blackbox's with {@code theirs}. */
  static Pair scrape(String oursModule, String theirsModule, String hostPort) {
    String scheme = oursModule.equals("tcp") ? "" : oursModule + "://";
    String theirsTarget = scheme + hostPort + (scheme.isEmpty() ? "" : "/");
    Http.Response o =
        Http.get(
            "http://127.0.0.1:"
                + ours.port()
                + "/probe?module="
                + oursModule
                + "&target="
                + hostPort,
            SCRAPE_TIMEOUT);
    Http.Response t =
        Http.get(
            "http://127.0.0.1:"
                + blackboxPort
                + "/probe?module="
                + theirsModule
                + "&target="
                + theirsTarget,
            SCRAPE_TIMEOUT);
    assertThat(o.statusCode()).as(o.body()).isEqualTo(200);
    assertThat(t.statusCode()).as(t.body()).isEqualTo(200);
    return new Pair(
        hostPort, o.body(), t.body(), Exposition.parse(o.body()), Exposition.parse(t.body()));
  }

  /** The series both name mean the same (but those excepted): equal values, one TLS version. */
  static void assertAgree(Pair p, String... except) {
    for (String name :
        List.of(
            "probe_success",
            "probe_http_status_code",
            "probe_http_ssl",
            "probe_ip_protocol",
            "probe_ssl_earliest_cert_expiry")) {
      if (List.of(except).contains(name)) {
        continue;
      }
      assertThat(p.ours().value(name)).as("%s of %s", name, p).isEqualTo(p.theirs().value(name));
    }
    assertThat(p.ours().label("probe_tls_version_info", "version"))
        .as("probe_tls_version_info of %s", p)
        .isEqualTo(p.theirs().label("probe_tls_version_info", "version"));
  }

  private static Optional<Path> executable(String path) {
    Path p = Path.of(path);
    return Files.isExecutable(p) ? Optional.of(p) : Optional.empty();
  }

  private static Process start(String name, String... command) throws IOException {
    return new ProcessBuilder(command)
        .redirectErrorStream(true)
        .redirectOutput(dir.resolve(name + ".log").toFile())
        .start();
  }

  /** Polls until the port accepts; fails with the process's log if it exits or 15 s pass. */
  private static void awaitListening(Process p, String name, int port) {
    awaitUntil(
        () -> {
          try (Socket s = new Socket()) {
            s.connect(new InetSocketAddress("127.0.0.1", port), 200);
            return true;
          } catch (IOException e) {
            if (!p.isAlive()) {
              throw new AssertionError(name + " exited with " + p.exitValue() + ":\n" + log(name));
            }
            return false;
          }
        },
        Duration.ofSeconds(15),
        () -> name + " is not listening on 127.0.0.1:" + port + " within 15 s:\n" + log(name));
  }

  private static void awaitUntil(
      BooleanSupplier done, Duration max, java.util.function.Supplier<String> why) {
    long end = System.nanoTime() + max.toNanos();
    while (!done.getAsBoolean()) {
      if (System.nanoTime() - end > 0) {
        throw new AssertionError(why.get());
      }
      LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(20));
    }
  }

  private static String log(String name) {
    try {
      return Files.readString(dir.resolve(name + ".log"));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static void stop(Process p) {
    if (p == null) {
      return;
    }
    p.destroy();
    try {
      if (!p.waitFor(10, TimeUnit.SECONDS)) {
        p.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
      }
    } catch (InterruptedException e) {
      p.destroyForcibly();
      Thread.currentThread().interrupt();
    }
  }
}
