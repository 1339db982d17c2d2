package dev.wdmports.probe;

import static dev.wdmports.probe.CheckerFixtures.httpsServer;
import static dev.wdmports.probe.CheckerFixtures.localhostCert;
import static dev.wdmports.probe.CheckerFixtures.probe;
import static dev.wdmports.probe.CheckerFixtures.write;
import static org.assertj.core.api.Assertions.assertThat;

import dev.wdmports.core.report.ProbeStatus;
import dev.wdmports.peers.SelfSignedCertificate;
import javax.net.ssl.SSLContext;
import org.junit.jupiter.api.Test;

/** The {@code https} checker against small in-process TLS servers. */
class HttpsCheckerTest {
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
}
