package dev.wdmports.probe;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import org.bouncycastle.asn1.x509.GeneralName;
import org.junit.jupiter.api.Test;

/**
 * A probe checks the host name against the certificate's subject alternative names only (RFC 6125),
 * even when the JDK's own endpoint identification would fall back to the subject CN.
 */
class TlsHostnameTest {
  static final Prober PROBER = Prober.builder().timeout(Duration.ofSeconds(5)).build();

  static ProbeResult probe(TestServer s, String host, TestCerts.Server cert, boolean insecure) {
    ProbeOptions o =
        ProbeOptions.defaults()
            .withTlsTrust(TlsTrust.of(List.of(cert.certificate())))
            .withTlsInsecure(insecure);
    return PROBER.probe(ProbeTarget.of(host, s.port(), "https").withOptions(o));
  }

  @Test
  void https_isTlsFailure_whenTrustedCertificateNamesHostOnlyInItsCn() throws Exception {
    TestCerts.Server cnOnly = TestCerts.selfSigned("localhost");
    try (TestServer s = CheckersTest.httpsServer(cnOnly)) {
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
    TestCerts.Server cnOnly = TestCerts.selfSigned("127.0.0.1");
    try (TestServer s = CheckersTest.httpsServer(cnOnly)) {
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
    TestCerts.Server san =
        TestCerts.selfSigned("Foo Corp", new GeneralName(GeneralName.dNSName, "LOCALHOST"));
    try (TestServer s = CheckersTest.httpsServer(san)) {
      ProbeResult r = probe(s, "localhost", san, false);
      assertThat(r.status()).as(r.detail()).isEqualTo(ProbeStatus.OPEN);
      assertThat(r.evidence().tls().orElseThrow().hostnameMatches()).isTrue();
    }
  }

  @Test
  void https_isTlsFailure_whenIpIsOnlyInDnsSan() throws Exception {
    TestCerts.Server dnsIp =
        TestCerts.selfSigned("x", new GeneralName(GeneralName.dNSName, "127.0.0.1"));
    try (TestServer s = CheckersTest.httpsServer(dnsIp)) {
      ProbeResult r = probe(s, "127.0.0.1", dnsIp, false);
      assertThat(r.status()).as(r.detail()).isEqualTo(ProbeStatus.TLS_FAILURE);
      assertThat(r.detail())
          .isEqualTo("certificate does not match host 127.0.0.1 (names: [DNS:127.0.0.1])");
    }
  }
}
