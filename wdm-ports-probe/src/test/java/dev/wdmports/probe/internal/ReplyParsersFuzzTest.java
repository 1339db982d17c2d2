package dev.wdmports.probe.internal;

import com.code_intelligence.jazzer.junit.DictionaryEntries;
import com.code_intelligence.jazzer.junit.FuzzTest;
import com.code_intelligence.jazzer.mutation.annotation.NotNull;
import com.code_intelligence.jazzer.mutation.annotation.WithUtf8Length;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.util.Arrays;
import java.util.Locale;

/**
 * Fuzzes what each checker reads from the peer, with the bytes a hostile or broken peer could send:
 * the HTTP status line and headers, FTP replies, the RFB greeting, the TDS PRELOGIN reply, TFTP
 * packets, and the facts read from a server certificate (names, hostname match). A stream parser
 * may only throw {@link IOException} (a bad line or an early close, which the checker reports as a
 * protocol mismatch); the byte parsers never throw. Inputs are at most 64 KiB.
 */
class ReplyParsersFuzzTest {
  private static final int MAX_INPUT = 64 * 1024;
  private static final String[] HOSTS = {
    "localhost", "127.0.0.1", "::1", "a.example.com", "example.com", "xn--bcher-kva.example"
  };

  @FuzzTest(maxDuration = "10m")
  @DictionaryEntries({"HTTP/1.1 ", "HTTP/1.0 200 OK", "Server: ", "Content-Length: "})
  void httpHead(byte @NotNull [] reply) throws IOException {
    if (reply.length > MAX_INPUT) {
      return;
    }
    try {
      HttpChecker.Head h = HttpChecker.readHead(new TcpHandshake.Buffered(stream(reply)));
      if (h.code() < 0 || h.code() > 999 || !h.statusLine().startsWith("HTTP/")) {
        throw new AssertionError("bad head " + h);
      }
    } catch (IOException expected) {
      // a bad line or an early close: a protocol mismatch
    }
  }

  @FuzzTest(maxDuration = "10m")
  @DictionaryEntries({"220 ", "220-", "120 ", "421 ", "234 ", "331 ", "230 "})
  void ftpReply(byte @NotNull [] reply) throws IOException {
    if (reply.length > MAX_INPUT) {
      return;
    }
    InputStream in = stream(reply);
    try {
      // The checker reads up to four replies on one connection (greeting, AUTH TLS, USER, PASS).
      for (int i = 0; i < 4; i++) {
        FtpChecker.Reply r = FtpChecker.readReply(in);
        if (r.code() < 0 || r.code() > 999) {
          throw new AssertionError("bad code " + r);
        }
      }
    } catch (IOException expected) {
      // a bad line or an early close: a protocol mismatch
    }
  }

  @FuzzTest(maxDuration = "10m")
  @DictionaryEntries({"RFB ", "003.008", "003.003"})
  void rfbGreeting(byte @NotNull [] greeting) throws IOException {
    if (greeting.length > MAX_INPUT) {
      return;
    }
    try {
      VncChecker.Greeting g = VncChecker.readGreeting(stream(greeting));
      if (g.version().isPresent() && !g.rfb()) {
        throw new AssertionError("a version without RFB: " + g);
      }
    } catch (IOException expected) {
      // an early close
    }
  }

  @FuzzTest(maxDuration = "10m")
  void tdsPrelogin(byte @NotNull [] packet) {
    if (packet.length > MAX_INPUT || packet.length < TdsChecker.HEADER) {
      return;
    }
    byte[] header = Arrays.copyOf(packet, TdsChecker.HEADER);
    if (TdsChecker.headerProblem(header).isPresent()) {
      return;
    }
    // As the checker: the body is the packet's length less the header; a short packet is an
    // early close, which readFully reports.
    int length = TdsChecker.packetLength(header);
    if (packet.length < length) {
      return;
    }
    TdsChecker.Reply r =
        TdsChecker.parseReply(Arrays.copyOfRange(packet, TdsChecker.HEADER, length));
    if (r.malformed().isPresent() == r.version().isPresent()) {
      throw new AssertionError("a reply is either malformed or has a version: " + r);
    }
  }

  @FuzzTest(maxDuration = "10m")
  void tftpPacket(byte @NotNull [] datagram) {
    if (datagram.length > TftpChecker.MAX_DATAGRAM) {
      return;
    }
    ByteBuffer buf = ByteBuffer.wrap(datagram);
    TftpChecker.Packet p = TftpChecker.parse(buf);
    if (buf.position() != 0 || buf.limit() != datagram.length) {
      throw new AssertionError("parse moved the buffer");
    }
    if (p.opcode() < -1 || p.opcode() > 0xffff || p.number() < -1 || p.number() > 0xffff) {
      throw new AssertionError("bad packet " + p);
    }
  }

  /** The first byte picks the host; the rest is a DER certificate, as a TLS peer presents it. */
  @FuzzTest(maxDuration = "10m")
  void certificateFacts(byte @NotNull [] input) throws CertificateException {
    if (input.length < 2 || input.length > MAX_INPUT) {
      return;
    }
    String host = HOSTS[(input[0] & 0xff) % HOSTS.length];
    X509Certificate c;
    try {
      c =
          (X509Certificate)
              CertificateFactory.getInstance("X.509")
                  .generateCertificate(new ByteArrayInputStream(input, 1, input.length - 1));
    } catch (CertificateException expected) {
      // the JDK refuses it before the probe reads a fact; the TLS handshake fails
      return;
    }
    var names = Tls.sans(c);
    if (!HostnameMatcher.matches(host, c)) {
      HostnameMatcher.mismatch(host, c, names);
    }
    c.getSubjectX500Principal().getName();
    c.getNotAfter();
  }

  /** The host, a newline, then the certificate's DNS name. */
  @FuzzTest(maxDuration = "10m")
  @DictionaryEntries({"*.", ".", "xn--", "*"})
  void hostnameMatch(@NotNull @WithUtf8Length(max = 1024) String text) {
    int nl = text.indexOf('\n');
    String host = nl < 0 ? text : text.substring(0, nl);
    String pattern = nl < 0 ? "" : text.substring(nl + 1);
    boolean match = HostnameMatcher.matchesDnsName(host, pattern);
    if (match && !pattern.contains("*")) {
      String h = host.toLowerCase(Locale.ROOT);
      String p = pattern.toLowerCase(Locale.ROOT);
      if (!(h.equals(p) || h.equals(p + ".") || (h + ".").equals(p))) {
        throw new AssertionError(host + " matched " + pattern + " without a wildcard");
      }
    }
    if (match != HostnameMatcher.matchesDnsName(host.toUpperCase(Locale.ROOT), pattern)
        && host.chars().allMatch(ch -> ch < 0x7f)) {
      throw new AssertionError(host + " vs " + pattern + ": the match depends on case");
    }
    HostnameMatcher.ipLiteral(host);
  }

  private static InputStream stream(byte[] b) {
    return new ByteArrayInputStream(b);
  }
}
