package dev.wdmports.probe;

import static dev.wdmports.probe.CheckerFixtures.probe;
import static dev.wdmports.probe.CheckerFixtures.readHttpRequest;
import static dev.wdmports.probe.CheckerFixtures.write;
import static org.assertj.core.api.Assertions.assertThat;

import dev.wdmports.core.report.ProbeStatus;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

/** The {@code http} checker (and the HTTP scanner, alike) against small in-process servers. */
class HttpCheckerTest {
  @Test
  void http_returnsOpen_withStatusLineAndServer() throws Exception {
    AtomicReference<String> request = new AtomicReference<>();
    try (TestServer s =
        TestServer.start(
            "http",
            sock -> {
              request.set(readHttpRequest(sock.getInputStream()));
              write(sock, "HTTP/1.1 200 OK\r\nServer: wdm-test\r\nContent-Length: 0\r\n\r\n");
            })) {
      ProbeResult r = probe(s.target("http"));
      assertThat(r.status()).isEqualTo(ProbeStatus.OPEN);
      assertThat(r.detail()).isEqualTo("HTTP/1.1 200 OK");
      assertThat(r.evidence().facts())
          .containsEntry(Evidence.STATUS_LINE, "HTTP/1.1 200 OK")
          .containsEntry("httpStatus", "200")
          .containsEntry("server", "wdm-test");
      assertThat(request.get())
          .startsWith("GET / HTTP/1.1\nHost: 127.0.0.1:" + s.port() + "\n")
          .contains("Connection: close\n");
      assertThat(r.evidence().bytesRead()).isPositive();
      assertThat(r.timings().handshake()).isPositive();
    }
  }

  @Test
  void http_honoursExpectedStatusAndPath() throws Exception {
    AtomicReference<String> request = new AtomicReference<>();
    try (TestServer s =
        TestServer.start(
            "http",
            sock -> {
              request.set(readHttpRequest(sock.getInputStream()));
              write(sock, "HTTP/1.1 404 Not Found\r\n\r\n");
            })) {
      ProbeTarget t =
          s.target("http")
              .withOptions(
                  ProbeOptions.defaults().withHttpPath("/health").withExpectedHttpStatus(200));
      ProbeResult r = probe(t);
      assertThat(r.status()).isEqualTo(ProbeStatus.PROTOCOL_MISMATCH);
      assertThat(r.detail())
          .isEqualTo("expected HTTP 200 for GET /health, got \"HTTP/1.1 404 Not Found\"");
      assertThat(request.get()).startsWith("GET /health HTTP/1.1");
      ProbeResult ok =
          probe(s.target("http").withOptions(ProbeOptions.defaults().withExpectedHttpStatus(404)));
      assertThat(ok.status()).isEqualTo(ProbeStatus.OPEN);
    }
  }

  @Test
  void http_returnsServiceUnavailable_for503() throws Exception {
    try (TestServer s =
        TestServer.start(
            "http",
            sock -> {
              readHttpRequest(sock.getInputStream());
              write(sock, "HTTP/1.0 503 Service Unavailable\r\n\r\n");
            })) {
      assertThat(probe(s.target("http")).status()).isEqualTo(ProbeStatus.SERVICE_UNAVAILABLE);
    }
  }

  @Test
  void http_returnsProtocolMismatch_forSshBanner() throws Exception {
    try (TestServer s =
        TestServer.start(
            "ssh",
            sock -> {
              write(sock, "SSH-2.0-OpenSSH_9.2\r\n");
              sock.getInputStream().read();
            })) {
      ProbeResult r = probe(s.target("http"));
      assertThat(r.status()).isEqualTo(ProbeStatus.PROTOCOL_MISMATCH);
      assertThat(r.detail())
          .isEqualTo("expected a HTTP status line, got a line that does not start with \"HTTP/\"");
      assertThat(r.evidence().facts().get(Evidence.BANNER)).isEqualTo("S");
    }
  }
}
