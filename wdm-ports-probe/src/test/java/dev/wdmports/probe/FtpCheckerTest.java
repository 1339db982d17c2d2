package dev.wdmports.probe;

import static dev.wdmports.probe.CheckerFixtures.localhostCert;
import static dev.wdmports.probe.CheckerFixtures.probe;
import static dev.wdmports.probe.CheckerFixtures.waitFor;
import static dev.wdmports.probe.CheckerFixtures.write;
import static org.assertj.core.api.Assertions.assertThat;

import dev.wdmports.core.report.ProbeStatus;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.atomic.AtomicReference;
import javax.net.ssl.SSLSocket;
import org.junit.jupiter.api.Test;

/** The {@code ftp} checker, with and without AUTH TLS, against small in-process servers. */
class FtpCheckerTest {
  @Test
  void ftp_returnsOpen_forMultiLineGreeting_andSendsQuitOnly() throws Exception {
    AtomicReference<String> commands = new AtomicReference<>();
    try (TestServer s =
        TestServer.start(
            "ftp",
            sock -> {
              write(sock, "120 ready in a moment\r\n220-Welcome\r\n220-to WDM\r\n220 ready\r\n");
              BufferedReader in =
                  new BufferedReader(
                      new InputStreamReader(sock.getInputStream(), StandardCharsets.US_ASCII));
              StringBuilder sb = new StringBuilder();
              String line;
              while ((line = in.readLine()) != null) {
                sb.append(line).append('\n');
                if (line.equals("QUIT")) {
                  write(sock, "221 bye\r\n");
                  break;
                }
              }
              commands.set(sb.toString());
            })) {
      ProbeResult r = probe(s.target("ftp"));
      assertThat(r.status()).isEqualTo(ProbeStatus.OPEN);
      assertThat(r.evidence().facts()).containsEntry(Evidence.BANNER, "220-Welcome");
      assertThat(r.detail()).isEqualTo("greeting 220-Welcome");
      waitFor(() -> commands.get() != null);
      assertThat(commands.get()).isEqualTo("QUIT\n");
    }
  }

  @Test
  void ftp_returnsServiceUnavailable_for421() throws Exception {
    try (TestServer s = TestServer.start("ftp", sock -> write(sock, "421 Too many users\r\n"))) {
      ProbeResult r = probe(s.target("ftp"));
      assertThat(r.status()).isEqualTo(ProbeStatus.SERVICE_UNAVAILABLE);
      assertThat(r.detail()).isEqualTo("service not available: 421 Too many users");
    }
  }

  @Test
  void ftp_returnsProtocolMismatch_forOtherGreetings() throws Exception {
    try (TestServer s = TestServer.start("ftp", sock -> write(sock, "530 go away\r\n"))) {
      assertThat(probe(s.target("ftp")).status()).isEqualTo(ProbeStatus.PROTOCOL_MISMATCH);
    }
    try (TestServer s = TestServer.start("ftp", sock -> write(sock, "hello there\r\n"))) {
      ProbeResult r = probe(s.target("ftp"));
      assertThat(r.status()).isEqualTo(ProbeStatus.PROTOCOL_MISMATCH);
      assertThat(r.detail()).contains("is not an FTP reply");
    }
  }

  @Test
  void ftp_upgradesWithAuthTls_andLogsIn_onlyWithCredentials() throws Exception {
    AtomicReference<String> commands = new AtomicReference<>("");
    try (TestServer s =
        TestServer.start(
            "ftps",
            sock -> {
              write(sock, "220 FTPS ready\r\n");
              BufferedReader plain =
                  new BufferedReader(
                      new InputStreamReader(sock.getInputStream(), StandardCharsets.US_ASCII));
              String auth = plain.readLine();
              commands.set(auth + "\n");
              write(sock, "234 go ahead\r\n");
              SSLSocket ssl = TestServer.acceptTls(localhostCert, sock);
              BufferedReader in =
                  new BufferedReader(
                      new InputStreamReader(ssl.getInputStream(), StandardCharsets.US_ASCII));
              String line;
              while ((line = in.readLine()) != null) {
                commands.set(commands.get() + line.replaceAll("^PASS .*", "PASS ***") + "\n");
                if (line.startsWith("USER")) {
                  write(ssl, "331 password please\r\n");
                } else if (line.startsWith("PASS")) {
                  write(ssl, line.equals("PASS s3cret") ? "230 welcome\r\n" : "530 no\r\n");
                } else if (line.equals("QUIT")) {
                  write(ssl, "221 bye\r\n");
                  break;
                }
              }
            })) {
      ProbeOptions o =
          ProbeOptions.defaults()
              .withFtpAuthTls(true)
              .withTlsInsecure(true)
              .withCredentials(new Credentials("wdm", "s3cret"));
      ProbeResult r = probe(s.target("ftp").withOptions(o));
      assertThat(r.status()).isEqualTo(ProbeStatus.OPEN);
      assertThat(r.detail())
          .startsWith("greeting 220 FTPS ready; AUTH TLS TLSv1.")
          .endsWith("; logged in");
      assertThat(r.evidence().facts())
          .containsEntry("authTls", "234 go ahead")
          .containsEntry("login", "230 welcome");
      assertThat(r.evidence().tls()).isPresent();
      assertThat(r.toString()).doesNotContain("s3cret");
      waitFor(() -> commands.get().endsWith("QUIT\n"));
      assertThat(commands.get()).isEqualTo("AUTH TLS\nUSER wdm\nPASS ***\nQUIT\n");
    }
  }

  /**
   * Regression: the FTP greeting read before {@code AUTH TLS} was taken for the peer's answer to
   * the ClientHello, so an untrusted certificate was reported as PROTOCOL_MISMATCH.
   */
  @Test
  void ftpAuthTls_isTlsFailure_notProtocolMismatch_whenCertificateUntrusted() throws Exception {
    try (TestServer s =
        TestServer.start(
            "ftps",
            sock -> {
              write(sock, "220 FTPS ready\r\n");
              sock.getInputStream().read(new byte[10]);
              write(sock, "234 go ahead\r\n");
              TestServer.acceptTls(localhostCert, sock);
            })) {
      ProbeResult r =
          probe(s.target("ftp").withOptions(ProbeOptions.defaults().withFtpAuthTls(true)));
      assertThat(r.status()).isEqualTo(ProbeStatus.TLS_FAILURE);
      assertThat(r.detail()).startsWith("certificate not trusted");
    }
  }

  @Test
  void ftp_returnsTlsFailure_whenAuthTlsRefused() throws Exception {
    try (TestServer s =
        TestServer.start(
            "ftp",
            sock -> {
              write(sock, "220 plain only\r\n");
              sock.getInputStream().read();
              write(sock, "502 AUTH not implemented\r\n");
              sock.getInputStream().read();
            })) {
      ProbeResult r =
          probe(s.target("ftp").withOptions(ProbeOptions.defaults().withFtpAuthTls(true)));
      assertThat(r.status()).isEqualTo(ProbeStatus.TLS_FAILURE);
      assertThat(r.detail()).isEqualTo("server refused AUTH TLS: 502 AUTH not implemented");
    }
  }
}
