package dev.wdmports.peers;

import static java.util.Objects.requireNonNull;

import java.security.cert.X509Certificate;
import java.util.List;
import javax.net.ssl.SSLContext;

/**
 * A server certificate that a {@link CertificateAuthority} issued, with the TLS context that serves
 * it and the CA's certificate behind it.
 *
 * @param certificate the server's certificate
 * @param chain the chain the server sends: the server's certificate, then the CA's
 * @param serverContext a TLS context that serves the chain
 * @since 0.1.0
 */
public record ServerCertificate(
    X509Certificate certificate, List<X509Certificate> chain, SSLContext serverContext) {

  /**
   * Copies the chain.
   *
   * @throws NullPointerException if an argument is null
   */
  public ServerCertificate {
    requireNonNull(certificate, "certificate");
    chain = List.copyOf(chain);
    requireNonNull(serverContext, "serverContext");
  }
}
