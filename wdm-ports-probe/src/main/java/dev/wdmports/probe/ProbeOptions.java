package dev.wdmports.probe;

import static java.util.Objects.requireNonNull;

import dev.wdmports.core.report.ProbeStatus;
import java.util.Optional;

/**
 * Per-target options for the checkers. Each checker reads the options that concern it and ignores
 * the rest. Start from {@link #defaults()} and derive with the {@code with...} methods.
 *
 * <pre>{@code
 * ProbeOptions lab = ProbeOptions.defaults()
 *     .withTlsInsecure(true)          // https, ftp AUTH TLS: accept any certificate, still report
 *     .withTlsTrust(TlsTrust.fromPem(Path.of("ca.pem"))) // https, ftp AUTH TLS: your own CAs
 *     .withHttpPath("/health")        // http, https: GET this path instead of /
 *     .withExpectedHttpStatus(200);   // http, https: anything else is PROTOCOL_MISMATCH
 * }</pre>
 *
 * @param tlsInsecure accept an untrusted or mismatching certificate; the result still reports
 *     whether the chain was trusted and the host name matched. Default false
 * @param httpPath the request path for http and https, starting with {@code /}. Default {@code /}
 * @param expectedHttpStatus the HTTP status the service must answer with; when empty any status
 *     line counts (a {@code 503} is reported as {@link ProbeStatus#SERVICE_UNAVAILABLE})
 * @param ftpAuthTls upgrade the FTP control connection with {@code AUTH TLS} (explicit FTPS).
 *     Default false
 * @param credentials log in with these (FTP {@code USER}/{@code PASS}); empty by default, and then
 *     no login command is ever sent
 * @param tlsTrust the CAs https and FTP {@code AUTH TLS} trust. Default {@link
 *     TlsTrust#jdkDefault()}, the JDK's default trust store
 * @since 0.1.0
 */
public record ProbeOptions(
    boolean tlsInsecure,
    String httpPath,
    Optional<Integer> expectedHttpStatus,
    boolean ftpAuthTls,
    Optional<Credentials> credentials,
    TlsTrust tlsTrust) {

  private static final ProbeOptions DEFAULTS =
      new ProbeOptions(
          false, "/", Optional.empty(), false, Optional.empty(), TlsTrust.jdkDefault());

  /**
   * Validates the options.
   *
   * @throws IllegalArgumentException if the path does not start with {@code /} or holds whitespace,
   *     or the expected status is outside 100..599
   */
  public ProbeOptions {
    requireNonNull(httpPath, "httpPath");
    requireNonNull(expectedHttpStatus, "expectedHttpStatus");
    requireNonNull(credentials, "credentials");
    requireNonNull(tlsTrust, "tlsTrust");
    if (!httpPath.startsWith("/") || httpPath.chars().anyMatch(c -> c <= ' ' || c == 0x7f)) {
      throw new IllegalArgumentException(
          "httpPath \""
              + httpPath
              + "\" must start with / and hold no whitespace or control characters: use e.g."
              + " /health, percent-encode spaces as %20");
    }
    expectedHttpStatus.ifPresent(
        s -> {
          if (s < 100 || s > 599) {
            throw new IllegalArgumentException(
                "expectedHttpStatus " + s + " is out of range 100..599: use e.g. 200");
          }
        });
  }

  /**
   * Returns the defaults: verify TLS against the JDK's default trust store, {@code GET /}, any HTTP
   * status, no {@code AUTH TLS}, no login.
   *
   * @return the default options
   */
  public static ProbeOptions defaults() {
    return DEFAULTS;
  }

  /**
   * Returns these options with TLS verification switched off or on.
   *
   * @param insecure true to accept any certificate (still reported)
   * @return the new options
   */
  public ProbeOptions withTlsInsecure(boolean insecure) {
    return new ProbeOptions(
        insecure, httpPath, expectedHttpStatus, ftpAuthTls, credentials, tlsTrust);
  }

  /**
   * Returns these options with another HTTP request path.
   *
   * @param path a path starting with {@code /}
   * @return the new options
   * @throws IllegalArgumentException if the path is malformed
   */
  public ProbeOptions withHttpPath(String path) {
    return new ProbeOptions(
        tlsInsecure, path, expectedHttpStatus, ftpAuthTls, credentials, tlsTrust);
  }

  /**
   * Returns these options with an expected HTTP status.
   *
   * @param status 100..599
   * @return the new options
   * @throws IllegalArgumentException if the status is out of range
   */
  public ProbeOptions withExpectedHttpStatus(int status) {
    return new ProbeOptions(
        tlsInsecure, httpPath, Optional.of(status), ftpAuthTls, credentials, tlsTrust);
  }

  /**
   * Returns these options with FTP {@code AUTH TLS} switched on or off.
   *
   * @param authTls true to upgrade the FTP control connection to TLS
   * @return the new options
   */
  public ProbeOptions withFtpAuthTls(boolean authTls) {
    return new ProbeOptions(
        tlsInsecure, httpPath, expectedHttpStatus, authTls, credentials, tlsTrust);
  }

  /**
   * Returns these options with login credentials.
   *
   * @param credentials the user and password
   * @return the new options
   */
  public ProbeOptions withCredentials(Credentials credentials) {
    return new ProbeOptions(
        tlsInsecure,
        httpPath,
        expectedHttpStatus,
        ftpAuthTls,
        Optional.of(requireNonNull(credentials, "credentials")),
        tlsTrust);
  }

  /**
   * Returns these options with other trust anchors for https and FTP {@code AUTH TLS}.
   *
   * @param trust the CAs to trust, e.g. {@link TlsTrust#fromPem}
   * @return the new options
   */
  public ProbeOptions withTlsTrust(TlsTrust trust) {
    return new ProbeOptions(
        tlsInsecure,
        httpPath,
        expectedHttpStatus,
        ftpAuthTls,
        credentials,
        requireNonNull(trust, "trust"));
  }
}
