package dev.wdmports.probe.internal;

import dev.wdmports.core.report.ProbeStatus;
import dev.wdmports.probe.Evidence;
import dev.wdmports.probe.ProbeOptions;
import dev.wdmports.probe.ProbeResult;
import dev.wdmports.probe.TlsFacts;
import dev.wdmports.probe.TlsTrust;
import dev.wdmports.probe.spi.HandshakeChecker;
import java.io.EOFException;
import java.io.IOException;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.security.GeneralSecurityException;
import java.security.cert.CertificateException;
import java.security.cert.CertificateParsingException;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import javax.net.ssl.SNIHostName;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLException;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSession;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.TrustManager;
import javax.net.ssl.X509ExtendedTrustManager;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** TLS client handshakes that record trust and host-name facts, verified or not. */
public final class Tls {
  private static final Logger LOG = LoggerFactory.getLogger(Tls.class);

  private Tls() {}

  /** The handshake did not complete; {@link #result} is the classified outcome. */
  static final class TlsFailedException extends IOException {
    private static final long serialVersionUID = 1L;
    final transient ProbeResult result;

    TlsFailedException(ProbeResult result) {
      super(result.detail());
      this.result = result;
    }
  }

  /** Whether the JVM-wide TLS start-up has run: once per JVM, never undone. */
  private static volatile boolean warm;

  /**
   * Does the local TLS start-up a probe's deadline must not pay for: the JVM's first TLS handshake
   * (an in-memory one, see {@link TlsWarmUp}) once per JVM, and loading the trust anchors. The
   * engine calls it before the clock of a run that has TLS probes starts; calling it again is
   * cheap.
   *
   * @param trust the anchors the probes will use
   */
  public static void prepare(TlsTrust trust) {
    X509ExtendedTrustManager tm = trust.trustManager();
    if (warm) {
      return;
    }
    synchronized (Tls.class) {
      if (warm) {
        return;
      }
      try {
        TlsWarmUp.handshake();
      } catch (GeneralSecurityException | RuntimeException e) {
        // Not fatal: the first probe then pays for the start-up itself, as it used to.
        LOG.warn("TLS warm-up failed; the first TLS probe may be slow: {}", e.toString());
      }
      warm = true;
    }
  }

  /**
   * Tells whether a probe makes a TLS handshake: the built-in {@code https}, and {@code ftp} with
   * {@code AUTH TLS}.
   *
   * @param checker the checker
   * @param options the target's options
   * @return true when the probe speaks TLS
   */
  public static boolean needs(HandshakeChecker checker, ProbeOptions options) {
    return checker instanceof HttpsChecker
        || (checker instanceof FtpChecker && options.ftpAuthTls());
  }

  /**
   * Upgrades a connected session to TLS (SNI for names, HTTPS endpoint identification when
   * verifying) and returns the TLS socket. Throws {@link TlsFailedException} with a classified
   * result when the handshake fails.
   */
  static SSLSocket handshake(TcpHandshake.Session s) throws IOException {
    String host = s.ctx.target().host();
    boolean insecure = s.ctx.options().tlsInsecure();
    Recorder rec = new Recorder(host, insecure, s.ctx.options().tlsTrust().trustManager());
    SSLSocket ssl;
    try {
      SSLContext context = SSLContext.getInstance("TLS");
      context.init(null, new TrustManager[] {rec}, null);
      ssl =
          (SSLSocket)
              context
                  .getSocketFactory()
                  .createSocket(s.socket, host, s.ctx.address().getPort(), true);
    } catch (GeneralSecurityException e) {
      throw new IOException("cannot set up TLS: " + e, e);
    }
    s.socket.mark();
    SSLParameters p = ssl.getSSLParameters();
    if (!isIpLiteral(host)) {
      p.setServerNames(List.of(new SNIHostName(host)));
    }
    if (!insecure) {
      p.setEndpointIdentificationAlgorithm("HTTPS");
    }
    ssl.setSSLParameters(p);
    try {
      ssl.startHandshake();
    } catch (IOException e) {
      throw new TlsFailedException(classify(s, rec, e));
    }
    SSLSession session = ssl.getSession();
    s.tls = rec.facts(Optional.of(session.getProtocol()), Optional.of(session.getCipherSuite()));
    return ssl;
  }

  private static ProbeResult classify(TcpHandshake.Session s, Recorder rec, IOException e) {
    byte[] first = s.socket.firstBytes();
    ProbeResult.Builder r =
        s.result(ProbeStatus.TLS_FAILURE).tls(rec.facts(Optional.empty(), Optional.empty()));
    if (s.ctx.isCancelled()) {
      return r.status(ProbeStatus.ERROR)
          .detail("cancelled during the TLS handshake")
          .cancelled(true)
          .build();
    }
    if (first.length > 0 && (first[0] < 0x14 || first[0] > 0x18)) {
      return r.status(ProbeStatus.PROTOCOL_MISMATCH)
          .detail("peer answered the TLS ClientHello with non-TLS data")
          .fact(Evidence.BANNER, Wire.latin1(first))
          .build();
    }
    if (TcpHandshake.hasCause(e, SocketTimeoutException.class)) {
      return r.status(ProbeStatus.TIMEOUT)
          .detail("connected, but no complete TLS handshake before the deadline")
          .build();
    }
    if (TcpHandshake.hasCause(e, ProbeSocket.BudgetExceededException.class)) {
      return r.status(ProbeStatus.PROTOCOL_MISMATCH)
          .detail(
              "peer sent more than the "
                  + s.ctx.maxBytes()
                  + "-byte read budget in the TLS handshake")
          .build();
    }
    if (rec.problem != null) {
      return r.detail(rec.problem).build();
    }
    if (first.length == 0
        && (e instanceof EOFException
            || TcpHandshake.hasCause(e, EOFException.class)
            || String.valueOf(e.getMessage()).toLowerCase(Locale.ROOT).contains("terminated"))) {
      return r.detail("peer closed the connection without answering the TLS ClientHello").build();
    }
    String why = e instanceof SSLException ? e.getMessage() : e.toString();
    return r.detail("TLS handshake failed: " + why).build();
  }

  static boolean isIpLiteral(String host) {
    return host.contains(":") || host.matches("[0-9]{1,3}(\\.[0-9]{1,3}){3}");
  }

  /**
   * Checks the peer as the JDK would, but records both verdicts first, so that insecure mode can
   * still say whether the chain is trusted and the host name matches.
   */
  static final class Recorder extends X509ExtendedTrustManager {
    private final String host;
    private final boolean insecure;
    private final X509ExtendedTrustManager trust;
    private volatile X509Certificate leaf;
    private volatile Instant chainNotAfter;
    private volatile boolean trusted;
    private volatile boolean hostnameMatches;
    private volatile String problem;

    Recorder(String host, boolean insecure, X509ExtendedTrustManager trust) {
      this.host = host;
      this.insecure = insecure;
      this.trust = trust;
    }

    TlsFacts facts(Optional<String> protocol, Optional<String> cipher) {
      X509Certificate c = leaf;
      return new TlsFacts(
          protocol,
          cipher,
          c == null ? Optional.empty() : Optional.of(c.getSubjectX500Principal().getName()),
          c == null ? List.of() : sans(c),
          c == null ? Optional.empty() : Optional.of(c.getNotAfter().toInstant()),
          c == null ? Optional.empty() : Optional.ofNullable(chainNotAfter),
          trusted,
          hostnameMatches,
          insecure,
          Optional.ofNullable(problem));
    }

    private void record(X509Certificate[] chain, String authType) {
      leaf = chain.length > 0 ? chain[0] : null;
      Instant earliest = null;
      for (X509Certificate c : chain) {
        Instant t = c.getNotAfter().toInstant();
        earliest = earliest == null || t.isBefore(earliest) ? t : earliest;
      }
      chainNotAfter = earliest;
      List<String> problems = new ArrayList<>();
      try {
        trust.checkServerTrusted(chain, authType);
        trusted = true;
      } catch (CertificateException | RuntimeException e) {
        trusted = false;
        problems.add("certificate not trusted: " + e.getMessage());
      }
      hostnameMatches = leaf != null && HostnameMatcher.matches(host, leaf);
      if (!hostnameMatches) {
        problems.add(
            leaf == null
                ? "certificate does not match host " + host + " (names: none)"
                : HostnameMatcher.mismatch(host, leaf, sans(leaf)));
      }
      problem = problems.isEmpty() ? null : String.join("; ", problems);
    }

    /**
     * The JDK's endpoint identification still reads the subject CN when a certificate has no DNS
     * name; ours does not, so a mismatch is refused before the JDK is asked.
     */
    private void refuseHostMismatch() throws CertificateException {
      if (!hostnameMatches) {
        throw new CertificateException(problem);
      }
    }

    @Override
    public void checkServerTrusted(X509Certificate[] chain, String authType, Socket socket)
        throws CertificateException {
      record(chain, authType);
      if (!insecure) {
        refuseHostMismatch();
        // Then the JDK's own verdict: PKIX plus HTTPS endpoint identification.
        trust.checkServerTrusted(chain, authType, socket);
      }
    }

    @Override
    public void checkServerTrusted(X509Certificate[] chain, String authType, SSLEngine engine)
        throws CertificateException {
      record(chain, authType);
      if (!insecure) {
        refuseHostMismatch();
        trust.checkServerTrusted(chain, authType, engine);
      }
    }

    @Override
    public void checkServerTrusted(X509Certificate[] chain, String authType)
        throws CertificateException {
      record(chain, authType);
      if (!insecure && problem != null) {
        throw new CertificateException(problem);
      }
    }

    @Override
    public void checkClientTrusted(X509Certificate[] chain, String authType, Socket socket)
        throws CertificateException {
      throw new CertificateException("a probe is never a TLS server");
    }

    @Override
    public void checkClientTrusted(X509Certificate[] chain, String authType, SSLEngine engine)
        throws CertificateException {
      throw new CertificateException("a probe is never a TLS server");
    }

    @Override
    public void checkClientTrusted(X509Certificate[] chain, String authType)
        throws CertificateException {
      throw new CertificateException("a probe is never a TLS server");
    }

    @Override
    public X509Certificate[] getAcceptedIssuers() {
      return trust.getAcceptedIssuers();
    }
  }

  static List<String> sans(X509Certificate c) {
    List<String> out = new ArrayList<>();
    try {
      Collection<List<?>> all = c.getSubjectAlternativeNames();
      if (all != null) {
        for (List<?> san : all) {
          Object type = san.get(0);
          if (Integer.valueOf(2).equals(type)) {
            out.add("DNS:" + san.get(1));
          } else if (Integer.valueOf(7).equals(type)) {
            out.add("IP:" + san.get(1));
          }
        }
      }
    } catch (CertificateParsingException e) {
      out.add("unparsable: " + e.getMessage());
    }
    return out;
  }
}
