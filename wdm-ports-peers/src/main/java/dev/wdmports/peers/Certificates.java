package dev.wdmports.peers;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.SecureRandom;
import java.security.cert.Certificate;
import java.security.cert.CertificateEncodingException;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Date;
import java.util.List;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.cert.CertIOException;
import org.bouncycastle.cert.X509v3CertificateBuilder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

/**
 * What the certificate types share: EC P-256 keys, certificates valid from an hour ago for two
 * days, TLS contexts and PEM. Checked exceptions of the JDK and Bouncy Castle become {@link
 * IllegalStateException}: the JDK has EC keys and PKCS12, so they do not happen.
 */
final class Certificates {
  /** The password of the in-memory key stores behind the server contexts. */
  private static final char[] PASSWORD = "wdm-ports".toCharArray();

  private static final SecureRandom RANDOM = new SecureRandom();

  private Certificates() {}

  static KeyPair newKeyPair() {
    try {
      KeyPairGenerator g = KeyPairGenerator.getInstance("EC");
      g.initialize(256);
      return g.generateKeyPair();
    } catch (GeneralSecurityException e) {
      throw failed(e);
    }
  }

  /**
   * Signs a certificate.
   *
   * @param ca whether the certificate is a CA's (basic constraints CA, key usage keyCertSign)
   */
  static X509Certificate sign(
      String issuer,
      PrivateKey signer,
      String subject,
      PublicKey key,
      boolean ca,
      List<String> subjectAlternativeNames) {
    Instant now = Instant.now();
    X509v3CertificateBuilder b =
        new JcaX509v3CertificateBuilder(
            new X500Name(issuer),
            new BigInteger(63, RANDOM),
            Date.from(now.minus(Duration.ofHours(1))),
            Date.from(now.plus(Duration.ofDays(2))),
            new X500Name(subject),
            key);
    try {
      if (ca) {
        b.addExtension(Extension.basicConstraints, true, new BasicConstraints(true));
        b.addExtension(
            Extension.keyUsage, true, new KeyUsage(KeyUsage.keyCertSign | KeyUsage.cRLSign));
      }
      if (!subjectAlternativeNames.isEmpty()) {
        b.addExtension(
            Extension.subjectAlternativeName,
            false,
            new GeneralNames(
                subjectAlternativeNames.stream()
                    .map(Certificates::generalName)
                    .toArray(GeneralName[]::new)));
      }
      return new JcaX509CertificateConverter()
          .getCertificate(b.build(new JcaContentSignerBuilder("SHA256withECDSA").build(signer)));
    } catch (GeneralSecurityException | OperatorCreationException | CertIOException e) {
      throw failed(e);
    }
  }

  /** Reads {@code DNS:name} or {@code IP:address}, as TLS evidence prints them. */
  static GeneralName generalName(String san) {
    if (san.startsWith("DNS:") && san.length() > 4) {
      return new GeneralName(GeneralName.dNSName, san.substring(4));
    }
    if (san.startsWith("IP:") && san.length() > 3) {
      return new GeneralName(GeneralName.iPAddress, san.substring(3));
    }
    throw new IllegalArgumentException(
        "subject alternative name \""
            + san
            + "\" is neither DNS:NAME nor IP:ADDRESS: write e.g. DNS:localhost or IP:127.0.0.1");
  }

  static SSLContext serverContext(PrivateKey key, List<X509Certificate> chain) {
    try {
      KeyStore keys = emptyPkcs12();
      keys.setKeyEntry("server", key, PASSWORD, chain.toArray(new Certificate[0]));
      KeyManagerFactory kmf =
          KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
      kmf.init(keys, PASSWORD);
      SSLContext server = SSLContext.getInstance("TLS");
      server.init(kmf.getKeyManagers(), null, null);
      return server;
    } catch (GeneralSecurityException e) {
      throw failed(e);
    }
  }

  static SSLContext trustingClientContext(X509Certificate anchor) {
    try {
      KeyStore trust = trustStore(anchor);
      TrustManagerFactory tmf =
          TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
      tmf.init(trust);
      SSLContext client = SSLContext.getInstance("TLS");
      client.init(null, tmf.getTrustManagers(), null);
      return client;
    } catch (GeneralSecurityException e) {
      throw failed(e);
    }
  }

  /** A PKCS12 store whose one entry, {@code ca}, is the given trusted certificate. */
  static KeyStore trustStore(X509Certificate anchor) {
    try {
      KeyStore trust = emptyPkcs12();
      trust.setCertificateEntry("ca", anchor);
      return trust;
    } catch (GeneralSecurityException e) {
      throw failed(e);
    }
  }

  static String pem(X509Certificate certificate) {
    try {
      return "-----BEGIN CERTIFICATE-----\n"
          + Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII))
              .encodeToString(certificate.getEncoded())
          + "\n-----END CERTIFICATE-----\n";
    } catch (CertificateEncodingException e) {
      throw failed(e);
    }
  }

  private static KeyStore emptyPkcs12() throws GeneralSecurityException {
    KeyStore ks = KeyStore.getInstance("PKCS12");
    try {
      ks.load(null, null);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return ks;
  }

  private static IllegalStateException failed(Exception e) {
    return new IllegalStateException("cannot make a test certificate: " + e, e);
  }
}
