package dev.wdmports.probe;

import static org.assertj.core.api.Assertions.assertThat;

import dev.wdmports.core.report.ProbeStatus;
import dev.wdmports.peers.SelfSignedCertificate;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * A probe checks the host name against the certificate's subject alternative names only (RFC 6125),
 * even when the JDK's own endpoint identification would fall back to the subject CN.
 */
class TlsHostnameTest {
  static final Prober PROBER = Prober.builder().timeout(Duration.ofSeconds(5)).build();

  static ProbeResult probe(
      TestServer s, String host, SelfSignedCertificate cert, boolean insecure) {
    ProbeOptions o =
        ProbeOptions.defaults()
            .withTlsTrust(TlsTrust.of(List.of(cert.certificate())))
            .withTlsInsecure(insecure);
    return PROBER.probe(ProbeTarget.of(host, s.port(), "https").withOptions(o));
  }

  @Test
  void https_isTlsFailure_whenTrustedCertificateNamesHostOnlyInItsCn() throws Exception {
    SelfSignedCertificate cnOnly = SelfSignedCertificate.of("localhost");
    try (TestServer s = CheckerFixtures.httpsServer(cnOnly.serverContext())) {
      ProbeResult r = probe(s, "localhost", cnOnly, false);
      assertThat(r.status()).as(r.detail()).isEqualTo(ProbeStatus.TLS_FAILURE);
      assertThat(r.detail())
          .isEqualTo(
              "certificate names localhost only in its subject CN, not in a subject alternative"
                  + " name (RFC 6125: the CN is not checked; names: [])");
      TlsFacts tls = r.evidence().tls().orElseThrow();
      assertThat(tls.trusted()).isTrue();
      assertThat(tls.hostnameMatches()).isFalse();
    }
  }

  @Test
  void https_isOpenWithHostnameMismatch_whenInsecureAndCertificateNamesHostOnlyInItsCn()
      throws Exception {
    SelfSignedCertificate cnOnly = SelfSignedCertificate.of("127.0.0.1");
    try (TestServer s = CheckerFixtures.httpsServer(cnOnly.serverContext())) {
      ProbeResult r = probe(s, "127.0.0.1", cnOnly, true);
      assertThat(r.status()).as(r.detail()).isEqualTo(ProbeStatus.OPEN);
      TlsFacts tls = r.evidence().tls().orElseThrow();
      assertThat(tls.hostnameMatches()).isFalse();
      assertThat(tls.problem())
          .contains(
              "certificate names 127.0.0.1 only in its subject CN, not in a subject alternative"
                  + " name (RFC 6125: the CN is not checked; names: [])");
    }
  }

  @Test
  void https_isOpen_whenTrustedCertificateNamesHostInDnsSan() throws Exception {
    SelfSignedCertificate san = SelfSignedCertificate.of("Foo Corp", "DNS:LOCALHOST");
    try (TestServer s = CheckerFixtures.httpsServer(san.serverContext())) {
      ProbeResult r = probe(s, "localhost", san, false);
      assertThat(r.status()).as(r.detail()).isEqualTo(ProbeStatus.OPEN);
      assertThat(r.evidence().tls().orElseThrow().hostnameMatches()).isTrue();
    }
  }

  @Test
  void https_isTlsFailure_whenIpIsOnlyInDnsSan() throws Exception {
    SelfSignedCertificate dnsIp = SelfSignedCertificate.of("x", "DNS:127.0.0.1");
    try (TestServer s = CheckerFixtures.httpsServer(dnsIp.serverContext())) {
      ProbeResult r = probe(s, "127.0.0.1", dnsIp, false);
      assertThat(r.status()).as(r.detail()).isEqualTo(ProbeStatus.TLS_FAILURE);
      assertThat(r.detail())
          .isEqualTo("certificate does not match host 127.0.0.1 (names: [DNS:127.0.0.1])");
    }
  }
}
