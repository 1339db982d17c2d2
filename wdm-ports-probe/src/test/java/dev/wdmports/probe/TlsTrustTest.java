package dev.wdmports.probe;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.wdmports.core.InvalidInputException;
import dev.wdmports.core.report.ProbeStatus;
import dev.wdmports.peers.CertificateAuthority;
import dev.wdmports.peers.ServerCertificate;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.time.Duration;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocket;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Trusting your own CA: a CA made per run signs the certificate a local TLS server serves. */
class TlsTrustTest {
  static final Prober PROBER = Prober.builder().timeout(Duration.ofSeconds(5)).build();
  static CertificateAuthority ca;
  static ServerCertificate leaf;

  @TempDir Path dir;

  @BeforeAll
  static void certs() throws Exception {
    ca = CertificateAuthority.create("wdm-ports test CA");
    leaf = ca.issueLocalhost();
  }

  Path caFile() throws Exception {
    Path f = dir.resolve("ca.pem");
    ca.writePem(f);
    return f;
  }

  Path trustStore(char[] password) throws Exception {
    Path f = dir.resolve("trust.p12");
    ca.writeTrustStore(f, password);
    return f;
  }

  static TestServer httpsServer() throws Exception {
    return CheckerFixtures.httpsServer(leaf.serverContext());
  }

  @Test
  void https_isTlsFailureNotTrusted_withJdkDefaultTrust_forCertificateOfPrivateCa()
      throws Exception {
    try (TestServer s = httpsServer()) {
      ProbeResult r = PROBER.probe(s.target("https"));
      assertThat(r.status()).isEqualTo(ProbeStatus.TLS_FAILURE);
      assertThat(r.detail()).startsWith("certificate not trusted: ");
      assertThat(r.evidence().tls().orElseThrow().trusted()).isFalse();
    }
  }

  @Test
  void https_isOpen_withCaFile() throws Exception {
    TlsTrust trust = TlsTrust.fromPem(caFile());
    try (TestServer s = httpsServer()) {
      ProbeResult r =
          PROBER.probe(s.target("https").withOptions(ProbeOptions.defaults().withTlsTrust(trust)));
      assertThat(r.status()).as(r.detail()).isEqualTo(ProbeStatus.OPEN);
      TlsFacts tls = r.evidence().tls().orElseThrow();
      assertThat(tls.trusted()).isTrue();
      assertThat(tls.hostnameMatches()).isTrue();
      assertThat(tls.problem()).isEmpty();
    }
  }

  @Test
  void https_reportsTheEarliestNotAfterOfTheChainThePeerSent_beside_theLeafs() throws Exception {
    TlsTrust trust = TlsTrust.fromPem(caFile());
    try (TestServer s = httpsServer()) {
      ProbeResult r =
          PROBER.probe(s.target("https").withOptions(ProbeOptions.defaults().withTlsTrust(trust)));
      TlsFacts tls = r.evidence().tls().orElseThrow();
      assertThat(leaf.chain()).hasSize(2);
      java.time.Instant earliest =
          leaf.chain().stream()
              .map(c -> c.getNotAfter().toInstant())
              .min(java.util.Comparator.naturalOrder())
              .orElseThrow();
      assertThat(tls.chainNotAfter()).contains(earliest);
      assertThat(tls.notAfter()).contains(leaf.certificate().getNotAfter().toInstant());
    }
  }

  @Test
  void https_isOpen_withPkcs12TrustStore() throws Exception {
    char[] password = "store-secret".toCharArray();
    TlsTrust trust = TlsTrust.fromKeyStore(trustStore(password), "PKCS12", password);
    try (TestServer s = httpsServer()) {
      ProbeResult r =
          PROBER.probe(s.target("https").withOptions(ProbeOptions.defaults().withTlsTrust(trust)));
      assertThat(r.status()).as(r.detail()).isEqualTo(ProbeStatus.OPEN);
      assertThat(r.evidence().tls().orElseThrow().trusted()).isTrue();
    }
  }

  @Test
  void https_insecure_reportsTrust_againstTheCaFile() throws Exception {
    TlsTrust trust = TlsTrust.fromPem(caFile());
    try (TestServer s = httpsServer()) {
      ProbeResult r =
          PROBER.probe(
              s.target("https")
                  .withOptions(ProbeOptions.defaults().withTlsInsecure(true).withTlsTrust(trust)));
      assertThat(r.status()).isEqualTo(ProbeStatus.OPEN);
      assertThat(r.evidence().tls().orElseThrow().trusted()).isTrue();
    }
  }

  @Test
  void https_isTlsFailure_withCaFileOfAnotherCa() throws Exception {
    Path other = dir.resolve("other.pem");
    Files.writeString(other, CertificateAuthority.create("another CA").pem());
    try (TestServer s = httpsServer()) {
      ProbeResult r =
          PROBER.probe(
              s.target("https")
                  .withOptions(ProbeOptions.defaults().withTlsTrust(TlsTrust.fromPem(other))));
      assertThat(r.status()).isEqualTo(ProbeStatus.TLS_FAILURE);
      assertThat(r.detail()).startsWith("certificate not trusted: ");
    }
  }

  @Test
  void ftpAuthTls_isOpen_withCaFile() throws Exception {
    try (TestServer s = ftpsServer(leaf.serverContext())) {
      ProbeOptions o =
          ProbeOptions.defaults().withFtpAuthTls(true).withTlsTrust(TlsTrust.fromPem(caFile()));
      ProbeResult r = PROBER.probe(s.target("ftp").withOptions(o));
      assertThat(r.status()).as(r.detail()).isEqualTo(ProbeStatus.OPEN);
      assertThat(r.detail()).startsWith("greeting 220 FTPS ready; AUTH TLS TLSv1.");
      assertThat(r.evidence().tls().orElseThrow().trusted()).isTrue();
    }
  }

  /** An FTP server that answers AUTH TLS with 234 and then speaks TLS until QUIT. */
  static TestServer ftpsServer(SSLContext cert) throws Exception {
    return TestServer.start(
        "ftps",
        sock -> {
          CheckerFixtures.write(sock, "220 FTPS ready\r\n");
          BufferedReader plain =
              new BufferedReader(
                  new InputStreamReader(sock.getInputStream(), StandardCharsets.US_ASCII));
          if (!"AUTH TLS".equals(plain.readLine())) {
            return;
          }
          CheckerFixtures.write(sock, "234 go ahead\r\n");
          SSLSocket ssl = TestServer.acceptTls(cert, sock);
          BufferedReader in =
              new BufferedReader(
                  new InputStreamReader(ssl.getInputStream(), StandardCharsets.US_ASCII));
          String line;
          while ((line = in.readLine()) != null) {
            if (line.equals("QUIT")) {
              CheckerFixtures.write(ssl, "221 bye\r\n");
              break;
            }
          }
        });
  }

  // ---- the value and its bad input

  @Test
  void fromPem_readsEveryCertificate_andSaysWhereItCameFrom() throws Exception {
    Path f = dir.resolve("bundle.pem");
    Files.writeString(f, ca.pem() + CertificateAuthority.create("second CA").pem());
    TlsTrust t = TlsTrust.fromPem(f);
    assertThat(t.certificates()).hasSize(2);
    assertThat(t.isJdkDefault()).isFalse();
    assertThat(t).hasToString("TlsTrust[" + f + " (2 certificates)]");
    assertThat(t).isEqualTo(TlsTrust.fromPem(f)).hasSameHashCodeAs(TlsTrust.fromPem(f));
    assertThat(t).isNotEqualTo(TlsTrust.jdkDefault());
    assertThat(TlsTrust.jdkDefault())
        .hasToString("TlsTrust[the JDK default trust store]")
        .satisfies(d -> assertThat(d.certificates()).isEmpty());
    assertThat(ProbeOptions.defaults().tlsTrust()).isEqualTo(TlsTrust.jdkDefault());
  }

  @Test
  void fromPem_rejectsMissingFile_namingIt() {
    Path f = dir.resolve("missing.pem");
    assertThatThrownBy(() -> TlsTrust.fromPem(f))
        .isInstanceOf(InvalidInputException.class)
        .hasMessage(f + ": no such file: give the path of the CA file");
  }

  @Test
  void fromPem_rejectsFileWithoutCertificate() throws Exception {
    Path f = dir.resolve("key.pem");
    Files.writeString(f, "-----BEGIN PRIVATE KEY-----\nAAAA\n-----END PRIVATE KEY-----\n");
    assertThatThrownBy(() -> TlsTrust.fromPem(f))
        .isInstanceOf(InvalidInputException.class)
        .hasMessage(
            f
                + ": holds no PEM certificate: give the CA certificates as -----BEGIN"
                + " CERTIFICATE----- blocks (openssl x509 -outform PEM)");
  }

  @Test
  void fromPem_rejectsMalformedCertificate() throws Exception {
    Path f = dir.resolve("bad.pem");
    Files.writeString(f, "-----BEGIN CERTIFICATE-----\nAAAA\n-----END CERTIFICATE-----\n");
    assertThatThrownBy(() -> TlsTrust.fromPem(f))
        .isInstanceOf(InvalidInputException.class)
        .hasMessageStartingWith(f + ": holds a malformed certificate (")
        .hasMessageEndingWith("): give the CA certificates in PEM (openssl x509 -outform PEM)");
  }

  @Test
  void fromPem_rejectsFileLargerThanTheBound_withoutReadingItAll() throws Exception {
    Path f = dir.resolve("huge.pem");
    Files.write(f, new byte[TlsTrust.MAX_FILE_BYTES + 1]);
    assertThatThrownBy(() -> TlsTrust.fromPem(f))
        .isInstanceOf(InvalidInputException.class)
        .hasMessage(
            f
                + ": is larger than 4194304 bytes: give a CA file that holds only the CA"
                + " certificates to trust");
  }

  @Test
  void fromKeyStore_rejectsWrongPassword_andNeverShowsIt() throws Exception {
    Path f = trustStore("right-one".toCharArray());
    assertThatThrownBy(() -> TlsTrust.fromKeyStore(f, "PKCS12", "wrong-one".toCharArray()))
        .isInstanceOf(InvalidInputException.class)
        .hasMessage(
            f
                + ": cannot open the PKCS12 trust store: the password is wrong (give the store's"
                + " password)")
        .satisfies(e -> assertThat(e.getMessage()).doesNotContain("wrong-one", "right-one"));
    TlsTrust ok = TlsTrust.fromKeyStore(f, "PKCS12", "right-one".toCharArray());
    assertThat(ok.toString()).isEqualTo("TlsTrust[" + f + " (1 certificate)]");
  }

  @Test
  void fromKeyStore_rejectsStoreWithoutTrustedCertificate() throws Exception {
    KeyStore ks = KeyStore.getInstance("PKCS12");
    ks.load(null, null);
    Path f = dir.resolve("empty.p12");
    try (OutputStream out = Files.newOutputStream(f)) {
      ks.store(out, "pw".toCharArray());
    }
    assertThatThrownBy(() -> TlsTrust.fromKeyStore(f, "PKCS12", "pw".toCharArray()))
        .isInstanceOf(InvalidInputException.class)
        .hasMessage(
            f
                + ": holds no trusted certificate entry: add the CA with keytool -importcert"
                + " -alias ca -file ca.pem -keystore empty.p12");
  }

  @Test
  void fromKeyStore_rejectsPemFile_andUnknownType() throws Exception {
    Path pem = caFile();
    assertThatThrownBy(() -> TlsTrust.fromKeyStore(pem, "PKCS12", null))
        .isInstanceOf(InvalidInputException.class)
        .hasMessageStartingWith(pem + ": is not a readable PKCS12 trust store (")
        .hasMessageEndingWith("): give a PKCS12 or JKS file, e.g. made with keytool -importcert");
    assertThatThrownBy(() -> TlsTrust.fromKeyStore(pem, "NOPE", null))
        .isInstanceOf(InvalidInputException.class)
        .hasMessage(pem + ": key store type \"NOPE\" is not known to this JDK: use PKCS12 or JKS");
  }

  @Test
  void of_rejectsNoCertificates() {
    assertThatThrownBy(() -> TlsTrust.of(java.util.List.of()))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage(
            "anchors is empty: give at least one CA certificate, or use TlsTrust.jdkDefault()");
  }
}
