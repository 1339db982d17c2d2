package dev.wdmports.probe.internal;

import dev.wdmports.core.report.ProbeStatus;
import dev.wdmports.probe.ProbeResult;
import java.io.IOException;
import javax.net.ssl.SSLSocket;

/**
 * {@code https}: a TLS handshake (SNI for names; the target's {@code TlsTrust}, by default the JDK
 * default trust store, and HTTPS host-name verification unless insecure mode is on), then the
 * {@code http} exchange inside it.
 */
public final class HttpsChecker extends TcpHandshake {
  /** Creates the checker; ServiceLoader needs the public constructor. */
  public HttpsChecker() {}

  @Override
  public String id() {
    return "https";
  }

  @Override
  String expectation() {
    return "TLS handshake and HTTP status line";
  }

  @Override
  ProbeStatus abortedStatus() {
    return ProbeStatus.TLS_FAILURE;
  }

  @Override
  ProbeResult exchange(Session s) throws IOException {
    SSLSocket ssl;
    try {
      ssl = Tls.handshake(s);
    } catch (Tls.TlsFailedException e) {
      return e.result;
    }
    return HttpChecker.exchange(
        s, ssl.getInputStream(), ssl.getOutputStream(), 443, s.result(ProbeStatus.OPEN).tls(s.tls));
  }
}
