package dev.wdmports.probe;

import static java.util.Objects.requireNonNull;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * What a TLS handshake showed: the negotiated protocol and cipher suite, the peer certificate, and
 * whether the chain is trusted and the host name matches. Both verdicts are reported even in
 * insecure mode, where they did not stop the handshake.
 *
 * <pre>{@code
 * result.evidence().tls().ifPresent(tls -> {
 *   if (!tls.trusted()) System.out.println("self-signed? " + tls.subject());
 * });
 * }</pre>
 *
 * @param protocol the negotiated protocol, e.g. {@code TLSv1.3}; empty when the handshake failed
 * @param cipherSuite the negotiated cipher suite; empty when the handshake failed
 * @param subject the subject of the peer's leaf certificate (RFC 2253); empty if none was seen
 * @param subjectAlternativeNames the leaf's SANs as {@code DNS:name} or {@code IP:address}
 * @param notAfter the end of the leaf's validity, when a certificate was seen
 * @param chainNotAfter the earliest end of validity among the certificates the peer sent (the leaf
 *     and any intermediates or root it sent), when a certificate was seen: when the chain stops
 *     working, blackbox_exporter's {@code probe_ssl_earliest_cert_expiry}
 * @param trusted whether the chain validates against the JDK default trust store
 * @param hostnameMatches whether a subject alternative name of the leaf names the target host (RFC
 *     6125: DNS names for a host name, IP addresses for an IP; never the subject CN)
 * @param insecure whether verification was switched off for this handshake
 * @param problem why verification failed, or empty
 * @since 0.1.0
 */
public record TlsFacts(
    Optional<String> protocol,
    Optional<String> cipherSuite,
    Optional<String> subject,
    List<String> subjectAlternativeNames,
    Optional<Instant> notAfter,
    Optional<Instant> chainNotAfter,
    boolean trusted,
    boolean hostnameMatches,
    boolean insecure,
    Optional<String> problem) {

  /** Copies the list in; at most 32 SANs of at most 256 characters are kept. */
  public TlsFacts {
    requireNonNull(protocol, "protocol");
    requireNonNull(cipherSuite, "cipherSuite");
    requireNonNull(subject, "subject");
    requireNonNull(notAfter, "notAfter");
    requireNonNull(chainNotAfter, "chainNotAfter");
    requireNonNull(problem, "problem");
    subjectAlternativeNames =
        requireNonNull(subjectAlternativeNames, "subjectAlternativeNames").stream()
            .limit(32)
            .map(s -> Evidence.truncate(s, 256))
            .toList();
    subject = subject.map(s -> Evidence.truncate(s, Evidence.MAX_VALUE_LENGTH));
    problem = problem.map(s -> Evidence.truncate(s, Evidence.MAX_VALUE_LENGTH));
  }

  /**
   * Facts whose chain ends with the leaf: {@code chainNotAfter} is {@code notAfter}. The form of
   * these facts before {@link #chainNotAfter()} existed.
   *
   * @param protocol the negotiated protocol
   * @param cipherSuite the negotiated cipher suite
   * @param subject the leaf's subject
   * @param subjectAlternativeNames the leaf's SANs
   * @param notAfter the end of the leaf's validity
   * @param trusted whether the chain validates
   * @param hostnameMatches whether a SAN names the target host
   * @param insecure whether verification was switched off
   * @param problem why verification failed
   */
  public TlsFacts(
      Optional<String> protocol,
      Optional<String> cipherSuite,
      Optional<String> subject,
      List<String> subjectAlternativeNames,
      Optional<Instant> notAfter,
      boolean trusted,
      boolean hostnameMatches,
      boolean insecure,
      Optional<String> problem) {
    this(
        protocol,
        cipherSuite,
        subject,
        subjectAlternativeNames,
        notAfter,
        notAfter,
        trusted,
        hostnameMatches,
        insecure,
        problem);
  }
}
