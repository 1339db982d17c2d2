package dev.wdmports.peers;

import static java.util.Objects.requireNonNull;

import java.security.KeyPair;
import java.security.cert.X509Certificate;
import java.util.List;
import javax.net.ssl.SSLContext;

/**
 * A self-signed certificate, made in memory (EC P-256, valid from an hour ago for two days), with
 * the TLS contexts to serve it and to trust it.
 *
 * <pre>{@code
 * SelfSignedCertificate cert = SelfSignedCertificate.localhost();
 * SSLContext server = cert.serverContext();
 * SSLContext client = cert.trustingClientContext();
 * }</pre>
 *
 * @param certificate the certificate
 * @param serverContext a TLS context that serves the certificate
 * @param trustingClientContext a TLS client context that trusts only this certificate
 * @since 0.1.0
 */
public record SelfSignedCertificate(
    X509Certificate certificate, SSLContext serverContext, SSLContext trustingClientContext) {

  /**
   * Makes a certificate whose subject is {@code CN=localhost} and whose SANs are {@code
   * DNS:localhost} and {@code IP:127.0.0.1}.
   *
   * @return the certificate and its contexts
   * @throws IllegalStateException if the JDK lacks EC keys or PKCS12 (it does not)
   */
  public static SelfSignedCertificate localhost() {
    return of("localhost", "DNS:localhost", "IP:127.0.0.1");
  }

  /**
   * Makes a certificate whose subject is {@code CN=commonName}, e.g. one for another name than the
   * host a test connects to.
   *
   * @param commonName the subject's common name
   * @param subjectAlternativeNames each {@code DNS:NAME} or {@code IP:ADDRESS}; none is allowed
   * @return the certificate and its contexts
   * @throws IllegalArgumentException if a subject alternative name is neither form
   * @throws IllegalStateException if the JDK lacks EC keys or PKCS12 (it does not)
   */
  public static SelfSignedCertificate of(String commonName, String... subjectAlternativeNames) {
    requireNonNull(commonName, "commonName");
    KeyPair kp = Certificates.newKeyPair();
    String name = "CN=" + commonName;
    X509Certificate cert =
        Certificates.sign(
            name, kp.getPrivate(), name, kp.getPublic(), false, List.of(subjectAlternativeNames));
    return new SelfSignedCertificate(
        cert,
        Certificates.serverContext(kp.getPrivate(), List.of(cert)),
        Certificates.trustingClientContext(cert));
  }

  /**
   * Returns the certificate in PEM, as a CA file holds it.
   *
   * @return one {@code -----BEGIN CERTIFICATE-----} block
   */
  public String pem() {
    return Certificates.pem(certificate);
  }
}
