package dev.wdmports.probe;

import static org.assertj.core.api.Assertions.assertThat;

import dev.wdmports.core.report.ProbeStatus;
import dev.wdmports.peers.CertificateAuthority;
import dev.wdmports.peers.ServerCertificate;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Regression for issue 9, item 4: the first TLS probe of a fresh JVM timed out with a short
 * timeout, because JSSE's start-up (class initialisation, trust store, the first handshake's code
 * paths) ran on the probe's clock. Each test probes from a JVM of its own; the TLS peer runs here,
 * warmed up first, so that only the prober's JVM is cold.
 */
class FreshJvmTlsTest {
  /** Short next to a cold JVM's TLS start-up here (about a second), long next to a handshake. */
  static final String TIMEOUT_MILLIS = "500";

  static CertificateAuthority ca;
  static ServerCertificate leaf;

  @TempDir static Path dir;

  @BeforeAll
  static void certs() throws Exception {
    ca = CertificateAuthority.create("fresh-jvm CA");
    leaf = ca.issueLocalhost();
    ca.writePem(dir.resolve("ca.pem"));
  }

  @Test
  void firstHttpsProbeOfFreshJvm_isOpen_withShortTimeout() throws Exception {
    try (TestServer s = CheckerFixtures.httpsServer(leaf.serverContext())) {
      warmUpPeer(s.target("https"));
      assertThat(probeFromFreshJvm("https", s.port())).startsWith("OPEN\tHTTP/1.1 200 OK");
    }
  }

  @Test
  void firstFtpAuthTlsProbeOfFreshJvm_isOpen_withShortTimeout() throws Exception {
    try (TestServer s = TlsTrustTest.ftpsServer(leaf.serverContext())) {
      warmUpPeer(s.target("ftp").withOptions(ProbeOptions.defaults().withFtpAuthTls(true)));
      assertThat(probeFromFreshJvm("ftps", s.port())).startsWith("OPEN\tgreeting 220 FTPS ready");
    }
  }

  /** One probe from this JVM, so that the peer's own TLS start-up is done before the real one. */
  static void warmUpPeer(ProbeTarget t) throws Exception {
    ProbeOptions o = t.options().withTlsTrust(TlsTrust.fromPem(dir.resolve("ca.pem")));
    ProbeResult r =
        Prober.builder().timeout(Duration.ofSeconds(10)).build().probe(t.withOptions(o));
    assertThat(r.status()).as(r.detail()).isEqualTo(ProbeStatus.OPEN);
  }

  static String probeFromFreshJvm(String kind, int port) throws Exception {
    String java =
        ProcessHandle.current()
            .info()
            .command()
            .orElse(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    Path out = dir.resolve(kind + ".out");
    Path err = dir.resolve(kind + ".err");
    Process p =
        new ProcessBuilder(
                List.of(
                    java,
                    "-cp",
                    System.getProperty("java.class.path"),
                    FreshJvmProbe.class.getName(),
                    kind,
                    Integer.toString(port),
                    TIMEOUT_MILLIS,
                    dir.resolve("ca.pem").toString()))
            .redirectOutput(out.toFile())
            .redirectError(err.toFile())
            .start();
    if (!p.waitFor(60, TimeUnit.SECONDS)) {
      p.destroyForcibly();
      throw new AssertionError("the fresh JVM did not finish within 60 s");
    }
    String stdout = Files.readString(out);
    assertThat(p.exitValue())
        .as("exit of the fresh JVM; stderr:%n%s", Files.readString(err))
        .isZero();
    return stdout.strip();
  }
}
