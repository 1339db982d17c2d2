package dev.wdmports.peers;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLServerSocket;
import javax.net.ssl.SSLSocket;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CertificateAuthorityTest {
  @TempDir Path dir;

  @Test
  void issuedLocalhostCertificate_isSignedByTheCa_andTrustedByItsClientContext() throws Exception {
    CertificateAuthority ca = CertificateAuthority.create("wdm-ports test CA");
    ServerCertificate leaf = ca.issueLocalhost();
    assertThat(ca).hasToString("CertificateAuthority[CN=wdm-ports test CA]");
    assertThat(ca.certificate().getBasicConstraints()).isGreaterThanOrEqualTo(0);
    assertThat(leaf.certificate().getBasicConstraints()).isEqualTo(-1);
    assertThat(leaf.certificate().getIssuerX500Principal())
        .isEqualTo(ca.certificate().getSubjectX500Principal());
    leaf.certificate().verify(ca.certificate().getPublicKey());
    assertThat(leaf.chain()).containsExactly(leaf.certificate(), ca.certificate());
    assertThat(sans(leaf.certificate())).containsExactly("localhost", "127.0.0.1");
    assertThat(handshake(leaf.serverContext(), ca.trustingClientContext()))
        .isEqualTo("CN=localhost");
  }

  @Test
  void pemAndTrustStore_holdTheCaCertificate() throws Exception {
    CertificateAuthority ca = CertificateAuthority.create("files CA");
    Path pem = dir.resolve("ca.pem");
    ca.writePem(pem);
    assertThat(Files.readString(pem, StandardCharsets.US_ASCII))
        .isEqualTo(ca.pem())
        .startsWith("-----BEGIN CERTIFICATE-----\n")
        .endsWith("\n-----END CERTIFICATE-----\n");
    List<Object> read =
        List.copyOf(
            CertificateFactory.getInstance("X.509")
                .generateCertificates(
                    new ByteArrayInputStream(ca.pem().getBytes(StandardCharsets.US_ASCII))));
    assertThat(read).containsExactly(ca.certificate());

    Path p12 = dir.resolve("trust.p12");
    char[] password = "store-secret".toCharArray();
    ca.writeTrustStore(p12, password);
    KeyStore ks = KeyStore.getInstance("PKCS12");
    try (InputStream in = Files.newInputStream(p12)) {
      ks.load(in, password);
    }
    assertThat(ks.isCertificateEntry("ca")).isTrue();
    assertThat(ks.getCertificate("ca")).isEqualTo(ca.certificate());
  }

  @Test
  void selfSigned_ofOtherName_hasThatNameOnly_andItsPem() throws Exception {
    SelfSignedCertificate other = SelfSignedCertificate.of("other.example", "DNS:other.example");
    assertThat(other.certificate().getSubjectX500Principal().getName())
        .isEqualTo("CN=other.example");
    assertThat(sans(other.certificate())).containsExactly("other.example");
    other.certificate().verify(other.certificate().getPublicKey());
    assertThat(other.pem()).startsWith("-----BEGIN CERTIFICATE-----\n");
    assertThat(SelfSignedCertificate.of("bare").certificate().getSubjectAlternativeNames())
        .isNull();
    SelfSignedCertificate localhost = SelfSignedCertificate.localhost();
    assertThat(handshake(localhost.serverContext(), localhost.trustingClientContext()))
        .isEqualTo("CN=localhost");
  }

  @Test
  void badSubjectAlternativeName_saysWhichFormsAreRead() {
    CertificateAuthority ca = CertificateAuthority.create("CA");
    assertThatThrownBy(() -> ca.issue("x", "localhost"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage(
            "subject alternative name \"localhost\" is neither DNS:NAME nor IP:ADDRESS: write e.g."
                + " DNS:localhost or IP:127.0.0.1");
    assertThatThrownBy(() -> SelfSignedCertificate.of("x", "IP:"))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> CertificateAuthority.create(null))
        .isInstanceOf(NullPointerException.class);
  }

  @Test
  void writeToAMissingDirectory_failsNamingTheFile() {
    CertificateAuthority ca = CertificateAuthority.create("CA");
    Path nowhere = dir.resolve("missing/ca.pem");
    assertThatThrownBy(() -> ca.writePem(nowhere)).hasMessage("cannot write " + nowhere);
    assertThatThrownBy(() -> ca.writeTrustStore(nowhere, new char[0]))
        .hasMessage("cannot write " + nowhere);
  }

  private static List<Object> sans(X509Certificate c) throws Exception {
    return c.getSubjectAlternativeNames().stream().<Object>map(san -> san.get(1)).toList();
  }

  /** One TLS handshake over loopback; returns the subject the client saw. */
  private static String handshake(SSLContext server, SSLContext client) throws Exception {
    try (SSLServerSocket ss =
        (SSLServerSocket)
            server
                .getServerSocketFactory()
                .createServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      CompletableFuture<Void> accepted =
          CompletableFuture.runAsync(
              () -> {
                try (SSLSocket s = (SSLSocket) ss.accept()) {
                  s.startHandshake();
                  s.getOutputStream().write(1);
                } catch (Exception e) {
                  throw new IllegalStateException(e);
                }
              });
      try (SSLSocket c =
          (SSLSocket)
              client
                  .getSocketFactory()
                  .createSocket(InetAddress.getLoopbackAddress(), ss.getLocalPort())) {
        c.setSoTimeout(10_000);
        c.startHandshake();
        c.getInputStream().read();
        accepted.join();
        return ((X509Certificate) c.getSession().getPeerCertificates()[0])
            .getSubjectX500Principal()
            .getName();
      }
    }
  }
}
