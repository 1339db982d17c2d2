package dev.wdmports.peers;

import static java.util.Objects.requireNonNull;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.cert.X509Certificate;
import java.util.List;
import javax.net.ssl.SSLContext;

/**
 * A certificate authority made in memory for one test run or demo: it issues server certificates,
 * and its certificate, written as a PEM CA file or a PKCS12 trust store, is what a client is told
 * to trust.
 *
 * <pre>{@code
 * CertificateAuthority ca = CertificateAuthority.create("wdm-ports test CA");
 * ServerCertificate leaf = ca.issueLocalhost();     // serve leaf.serverContext()
 * ca.writePem(dir.resolve("ca.pem"));                // e.g. for --ca-file
 * ca.writeTrustStore(dir.resolve("trust.p12"), pw);  // e.g. for --trust-store
 * }</pre>
 *
 * <p>Keys are EC P-256; certificates are valid from an hour ago for two days. The CA's certificate
 * has basic constraints CA and key usage keyCertSign and cRLSign. Immutable and thread-safe.
 *
 * @since 0.1.0
 */
public final class CertificateAuthority {
  private final KeyPair keys;
  private final X509Certificate certificate;

  private CertificateAuthority(KeyPair keys, X509Certificate certificate) {
    this.keys = keys;
    this.certificate = certificate;
  }

  /**
   * Makes a CA named {@code CN=commonName}.
   *
   * @param commonName the CA's common name
   * @return the CA
   * @throws IllegalStateException if the JDK lacks EC keys (it does not)
   */
  public static CertificateAuthority create(String commonName) {
    requireNonNull(commonName, "commonName");
    KeyPair kp = Certificates.newKeyPair();
    String name = "CN=" + commonName;
    X509Certificate cert =
        Certificates.sign(name, kp.getPrivate(), name, kp.getPublic(), true, List.of());
    return new CertificateAuthority(kp, cert);
  }

  /**
   * Returns the CA's certificate.
   *
   * @return the certificate a client trusts
   */
  public X509Certificate certificate() {
    return certificate;
  }

  /**
   * Returns the CA's certificate in PEM, as a CA file holds it.
   *
   * @return one {@code -----BEGIN CERTIFICATE-----} block
   */
  public String pem() {
    return Certificates.pem(certificate);
  }

  /**
   * Issues a server certificate signed by this CA.
   *
   * @param commonName the subject's common name
   * @param subjectAlternativeNames each {@code DNS:NAME} or {@code IP:ADDRESS}; none is allowed
   * @return the certificate, its chain and the context that serves it
   * @throws IllegalArgumentException if a subject alternative name is neither form
   */
  public ServerCertificate issue(String commonName, String... subjectAlternativeNames) {
    requireNonNull(commonName, "commonName");
    KeyPair kp = Certificates.newKeyPair();
    X509Certificate leaf =
        Certificates.sign(
            certificate.getSubjectX500Principal().getName(),
            keys.getPrivate(),
            "CN=" + commonName,
            kp.getPublic(),
            false,
            List.of(subjectAlternativeNames));
    List<X509Certificate> chain = List.of(leaf, certificate);
    return new ServerCertificate(leaf, chain, Certificates.serverContext(kp.getPrivate(), chain));
  }

  /**
   * Issues a server certificate for {@code CN=localhost} with the SANs {@code DNS:localhost} and
   * {@code IP:127.0.0.1}.
   *
   * @return the certificate, its chain and the context that serves it
   */
  public ServerCertificate issueLocalhost() {
    return issue("localhost", "DNS:localhost", "IP:127.0.0.1");
  }

  /**
   * Returns a TLS client context that trusts this CA only.
   *
   * @return the context
   */
  public SSLContext trustingClientContext() {
    return Certificates.trustingClientContext(certificate);
  }

  /**
   * Writes the CA's certificate as a PEM CA file (US-ASCII), replacing the file.
   *
   * @param file where to write
   * @throws UncheckedIOException if the file cannot be written
   */
  public void writePem(Path file) {
    try {
      Files.writeString(file, pem(), StandardCharsets.US_ASCII);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write " + file, e);
    }
  }

  /**
   * Writes a PKCS12 trust store whose one entry, {@code ca}, is this CA's certificate, replacing
   * the file.
   *
   * @param file where to write
   * @param password the store's password
   * @throws UncheckedIOException if the file cannot be written
   */
  public void writeTrustStore(Path file, char[] password) {
    try (OutputStream out = Files.newOutputStream(file)) {
      Certificates.trustStore(certificate).store(out, password);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write " + file, e);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("cannot write a PKCS12 trust store: " + e, e);
    }
  }

  @Override
  public String toString() {
    return "CertificateAuthority[" + certificate.getSubjectX500Principal().getName() + "]";
  }
}
