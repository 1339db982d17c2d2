package dev.wdmports.probe.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigInteger;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.Locale;
import java.util.stream.Stream;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.cert.X509v3CertificateBuilder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Host-name verification as RFC 6125 and OkHttp's {@code OkHostnameVerifier} decide it: the cases
 * of OkHttp's {@code HostnameVerifierTest}, with each certificate made per test (same subject and
 * subject alternative names as OkHttp's PEM files; its non-ASCII SANs are left out, as OkHttp does
 * for Bouncy Castle, which does not encode them as the JDK reads them).
 */
class HostnameMatcherTest {

  /** One certificate: its subject and its SANs as {@code DNS:name} / {@code IP:address}. */
  record Cert(String subject, List<String> sans) {
    static Cert of(String subject, String... sans) {
      return new Cert(subject, List.of(sans));
    }

    @Override
    public String toString() {
      return subject + (sans.isEmpty() ? "" : " " + sans);
    }
  }

  static final Cert CN_FOO = Cert.of("CN=foo.com");
  static final Cert CN_HANAKO = Cert.of("CN=\u82b1\u5b50.co.jp");
  static final Cert CN_FOO_SAN_BAR = Cert.of("CN=foo.com", "DNS:bar.com");
  static final Cert SAN_FOO_ONLY = Cert.of("O=httpcomponents", "DNS:foo.com");
  static final Cert MULTIPLE_CN = Cert.of("CN=foo.com,CN=bar.com,CN=\u82b1\u5b50.co.jp");
  static final Cert CN_WILDCARD_FOO = Cert.of("CN=*.foo.com");
  static final Cert CN_WILDCARD_CO_JP = Cert.of("CN=*.co.jp");
  static final Cert CN_WILDCARD_FOO_SAN_WILDCARD_BAR = Cert.of("CN=*.foo.com", "DNS:*.bar.com");
  static final Cert LOCALHOST =
      Cert.of("CN=localhost", "DNS:localhost.localdomain", "DNS:localhost", "IP:127.0.0.1");
  static final Cert CN_WILDCARD_IP = Cert.of("CN=*.0.0.1");
  static final Cert SAN_WILDCARD_IP = Cert.of("CN=x", "DNS:*.0.0.1");
  static final Cert CN_WILDCARD_COM = Cert.of("CN=*.com");
  static final Cert SAN_WILDCARD_COM = Cert.of("CN=x", "DNS:*.com");
  static final Cert SAN_BAR_BAZ = Cert.of("CN=foo.com", "DNS:bar.com", "DNS:baz.com");
  static final Cert SAN_BAR_WILDCARD_BAZ = Cert.of("CN=foo.com", "DNS:bar.com", "DNS:*.baz.com");
  static final Cert SAN_IPS =
      Cert.of(
          "CN=foo.com",
          "IP:0:0:0:0:0:0:0:1",
          "IP:2a03:2880:f003:c07:face:b00c::2",
          "IP:0::5",
          "IP:192.168.1.1");
  static final Cert GENERATED = Cert.of("CN=Foo Corp", "DNS:foo.com");
  static final Cert SPECIAL_K = Cert.of("CN=Foo Corp", "DNS:k.com", "DNS:tel.com");
  static final Cert TRAILING_DOT = Cert.of("CN=x", "DNS:foo.com.");
  static final Cert UPPER_CASE = Cert.of("CN=x", "DNS:FOO.Example.COM", "DNS:*.Wild.COM");

  static Stream<Arguments> cases() {
    List<Arguments> c = new ArrayList<>();
    // verifyCn, verifyNonAsciiCn, verifyMultipleCn, verifyWilcardCn, verifyWilcardCnOnTld:
    // a name only in the CN is never a match.
    add(c, CN_FOO, false, "foo.com", "a.foo.com", "bar.com");
    add(c, CN_HANAKO, false, "\u82b1\u5b50.co.jp", "a.\u82b1\u5b50.co.jp");
    add(
        c,
        MULTIPLE_CN,
        false,
        "foo.com",
        "a.foo.com",
        "bar.com",
        "a.bar.com",
        "\u82b1\u5b50.co.jp",
        "a.\u82b1\u5b50.co.jp");
    add(c, CN_WILDCARD_FOO, false, "foo.com", "www.foo.com", "\u82b1\u5b50.foo.com", "a.b.foo.com");
    add(c, CN_WILDCARD_CO_JP, false, "foo.co.jp", "\u82b1\u5b50.co.jp");
    // verifySubjectAlt, verifySubjectAltOnly
    add(c, CN_FOO_SAN_BAR, false, "foo.com", "a.foo.com", "a.bar.com");
    add(c, CN_FOO_SAN_BAR, true, "bar.com");
    add(c, SAN_FOO_ONLY, true, "foo.com");
    add(c, SAN_FOO_ONLY, false, "a.foo.com");
    // testWilcardNonAsciiSubjectAlt (its ASCII half)
    add(
        c,
        CN_WILDCARD_FOO_SAN_WILDCARD_BAR,
        false,
        "foo.com",
        "www.foo.com",
        "\u82b1\u5b50.foo.com",
        "a.b.foo.com",
        "bar.com",
        "\u82b1\u5b50.bar.com",
        "a.b.bar.com");
    add(c, CN_WILDCARD_FOO_SAN_WILDCARD_BAR, true, "www.bar.com");
    // subjectAltUsesLocalDomainAndIp
    add(c, LOCALHOST, true, "localhost", "localhost.localdomain", "127.0.0.1");
    add(c, LOCALHOST, false, "local.host", "127.0.0.2");
    // wildcardsCannotMatchIpAddresses: neither in the CN nor in a DNS SAN
    add(c, CN_WILDCARD_IP, false, "127.0.0.1");
    add(c, SAN_WILDCARD_IP, false, "127.0.0.1");
    // wildcardsDoesNotNeedTwoDots: in a SAN, *.com matches (the CA's business to refuse)
    add(c, CN_WILDCARD_COM, false, "google.com");
    add(c, SAN_WILDCARD_COM, true, "google.com");
    add(c, SAN_WILDCARD_COM, false, "com", "a.google.com");
    // subjectAltName, subjectAltNameWithWildcard
    add(c, SAN_BAR_BAZ, false, "foo.com", "a.foo.com", "quux.com");
    add(c, SAN_BAR_BAZ, true, "bar.com", "baz.com");
    add(c, SAN_BAR_WILDCARD_BAZ, false, "foo.com", "baz.com", "a.foo.com", "a.bar.com", "quux.com");
    add(c, SAN_BAR_WILDCARD_BAZ, true, "bar.com", "a.baz.com");
    // subjectAltNameWithIPAddresses
    add(c, SAN_IPS, false, "foo.com", "::2", "2a03:2880:f003:c07:face:b00c:0:3", "127.0.0.1");
    add(
        c,
        SAN_IPS,
        true,
        "::1",
        "::5",
        "2a03:2880:f003:c07:face:b00c::2",
        "2a03:2880:f003:c07:face:b00c:0:2",
        "2a03:2880:f003:c07:FACE:B00C:0:2",
        "192.168.1.1",
        "::ffff:192.168.1.1",
        "0:0:0:0:0:FFFF:C0A8:0101");
    // generatedCertificate
    add(c, GENERATED, true, "foo.com");
    add(c, GENERATED, false, "bar.com");
    // specialKInHostname: the Kelvin sign and the telephone sign do not fold to ASCII
    add(c, SPECIAL_K, true, "k.com", "K.com");
    add(c, SPECIAL_K, false, "foo.com", "bar.com", "\u2121.com", "\u212A.com");
    // Trailing dots and case, both sides
    add(c, TRAILING_DOT, true, "foo.com", "foo.com.", "FOO.COM");
    add(c, TRAILING_DOT, false, "foo.com..", ".foo.com");
    add(c, UPPER_CASE, true, "foo.example.com", "FOO.EXAMPLE.COM.", "a.wild.com", "A.WILD.COM");
    add(c, UPPER_CASE, false, "wild.com", "a.b.wild.com");
    return c.stream();
  }

  private static void add(List<Arguments> out, Cert cert, boolean expected, String... hosts) {
    for (String host : hosts) {
      out.add(Arguments.of(cert, host, expected));
    }
  }

  @ParameterizedTest(name = "{0}: {1} -> {2}")
  @MethodSource("cases")
  void matches_onlySubjectAlternativeNames_asOkHttpDoes(Cert cert, String host, boolean expected)
      throws Exception {
    assertThat(HostnameMatcher.matches(host, certificate(cert))).isEqualTo(expected);
  }

  @Test
  void matches_ignoresDefaultLocale_whenFoldingCase() throws Exception {
    Locale before = Locale.getDefault();
    Locale.setDefault(Locale.forLanguageTag("tr"));
    try {
      // In Turkish, "I".toLowerCase() is a dotless i, which would not equal the SAN's "i".
      assertThat(HostnameMatcher.matches("WIKI.COM", certificate(Cert.of("CN=x", "DNS:wiki.com"))))
          .isTrue();
    } finally {
      Locale.setDefault(before);
    }
  }

  @ParameterizedTest(name = "{0} vs {1} -> {2}")
  @CsvSource({
    "a.example.com, *.example.com, true",
    "a.b.example.com, *.example.com, false",
    "example.com, *.example.com, false",
    "a.example.com, a*.example.com, false",
    "ab.example.com, *b.example.com, false",
    "a.example.com, *.*.com, false",
    "a.b.example.com, a.*.example.com, false",
    "a.example.com, *, false",
    "a, *., false",
    "a.example.com., *.example.com, true",
    "a.example.com, *.example.com., true",
    "k.com, \u212A.com, false",
    "'', example.com, false",
    "example.com, '', false",
    "example.com, .example.com, false",
  })
  void matchesDnsName_allowsWildcardOnlyAsWholeLeftMostLabel(
      String host, String pattern, boolean expected) {
    assertThat(HostnameMatcher.matchesDnsName(host, pattern)).isEqualTo(expected);
  }

  @Test
  void mismatch_saysTheNameIsOnlyInTheCn_forCnOnlyCertificate() throws Exception {
    X509Certificate c = certificate(Cert.of("CN=localhost,O=wdm"));
    assertThat(HostnameMatcher.matches("localhost", c)).isFalse();
    assertThat(HostnameMatcher.mismatch("localhost", c, Tls.sans(c)))
        .isEqualTo(
            "certificate names localhost only in its subject CN, not in a subject alternative"
                + " name (RFC 6125: the CN is not checked; names: [])");
    assertThat(HostnameMatcher.mismatch("other.example", c, Tls.sans(c)))
        .isEqualTo("certificate does not match host other.example (names: [])");
  }

  @Test
  void ipLiteral_neverLooksUpAName() {
    assertThat(HostnameMatcher.ipLiteral("localhost")).isEmpty();
    assertThat(HostnameMatcher.ipLiteral("999.1.1.1")).isEmpty();
    assertThat(HostnameMatcher.ipLiteral("cafe")).isEmpty();
    assertThat(HostnameMatcher.ipLiteral("a:b")).isEmpty();
    assertThat(HostnameMatcher.ipLiteral("[::1]")).isPresent();
    assertThat(HostnameMatcher.ipLiteral("10.0.0.1")).isPresent();
  }

  static X509Certificate certificate(Cert spec) throws Exception {
    KeyPairGenerator g = KeyPairGenerator.getInstance("EC");
    g.initialize(256);
    KeyPair kp = g.generateKeyPair();
    X500Name name = new X500Name(spec.subject());
    Instant now = Instant.now();
    X509v3CertificateBuilder b =
        new JcaX509v3CertificateBuilder(
            name,
            BigInteger.ONE,
            Date.from(now.minus(Duration.ofHours(1))),
            Date.from(now.plus(Duration.ofDays(1))),
            name,
            kp.getPublic());
    if (!spec.sans().isEmpty()) {
      GeneralName[] names = new GeneralName[spec.sans().size()];
      for (int i = 0; i < names.length; i++) {
        String san = spec.sans().get(i);
        names[i] =
            san.startsWith("IP:")
                ? new GeneralName(GeneralName.iPAddress, san.substring(3))
                : new GeneralName(GeneralName.dNSName, san.substring(4));
      }
      b.addExtension(Extension.subjectAlternativeName, false, new GeneralNames(names));
    }
    return new JcaX509CertificateConverter()
        .getCertificate(
            b.build(new JcaContentSignerBuilder("SHA256withECDSA").build(kp.getPrivate())));
  }
}
