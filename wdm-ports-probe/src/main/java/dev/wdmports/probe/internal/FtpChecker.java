package dev.wdmports.probe.internal;

import dev.wdmports.core.report.ProbeStatus;
import dev.wdmports.probe.Evidence;
import dev.wdmports.probe.ProbeOptions;
import dev.wdmports.probe.ProbeResult;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import javax.net.ssl.SSLSocket;

/**
 * {@code ftp}: reads the RFC 959 greeting ({@code 220}, multi-line {@code 220-...220 }, {@code 120}
 * then {@code 220}; {@code 421} is unavailable), optionally upgrades with {@code AUTH TLS} and logs
 * in when credentials are given, then sends {@code QUIT}. Never sends {@code USER} or {@code PASS}
 * without credentials, and never reports the password.
 */
public final class FtpChecker extends TcpHandshake {
  static final int MAX_LINE = 1024;

  /** Creates the checker; ServiceLoader needs the public constructor. */
  public FtpChecker() {}

  @Override
  public String id() {
    return "ftp";
  }

  @Override
  String expectation() {
    return "FTP 220 greeting";
  }

  /** One FTP reply: the code and its text (the first line, or the last of a multi-line reply). */
  record Reply(int code, String firstLine, String lastLine) {}

  /** Reads one reply, single- or multi-line, bounded by the stream's deadline and budget. */
  static Reply readReply(InputStream in) throws IOException {
    String first = Wire.readLine(in, MAX_LINE, "");
    if (first.length() < 3
        || !Character.isDigit(first.charAt(0))
        || !Character.isDigit(first.charAt(1))
        || !Character.isDigit(first.charAt(2))
        || (first.length() > 3 && first.charAt(3) != ' ' && first.charAt(3) != '-')) {
      throw new Wire.BadLineException("is not an FTP reply (three digits, then space or -)", first);
    }
    int code = Integer.parseInt(first.substring(0, 3));
    if (first.length() > 3 && first.charAt(3) == '-') {
      String end = first.substring(0, 3) + " ";
      while (true) {
        String line = Wire.readLine(in, MAX_LINE, "");
        if (line.startsWith(end) || line.equals(first.substring(0, 3))) {
          return new Reply(code, first, line);
        }
      }
    }
    return new Reply(code, first, first);
  }

  @Override
  ProbeResult exchange(Session s) throws IOException {
    Reply greeting = readReply(s.in);
    int waits = 0;
    while (greeting.code() == 120 && waits++ < 8) {
      greeting = readReply(s.in);
    }
    ProbeResult.Builder r = s.result(ProbeStatus.OPEN).fact(Evidence.BANNER, greeting.firstLine());
    if (greeting.code() == 421) {
      return s.result(ProbeStatus.SERVICE_UNAVAILABLE)
          .fact(Evidence.BANNER, greeting.firstLine())
          .detail("service not available: " + greeting.firstLine())
          .build();
    }
    if (greeting.code() != 220) {
      return s.result(ProbeStatus.PROTOCOL_MISMATCH)
          .fact(Evidence.BANNER, greeting.firstLine())
          .detail("expected an FTP 220 greeting, got " + greeting.firstLine())
          .build();
    }
    ProbeOptions o = s.ctx.options();
    InputStream in = s.in;
    OutputStream out = s.out;
    String detail = "greeting " + greeting.firstLine();
    if (o.ftpAuthTls()) {
      send(out, "AUTH TLS");
      Reply auth = readReply(in);
      r.fact("authTls", auth.firstLine());
      if (auth.code() != 234) {
        return s.result(ProbeStatus.TLS_FAILURE)
            .fact(Evidence.BANNER, greeting.firstLine())
            .fact("authTls", auth.firstLine())
            .detail("server refused AUTH TLS: " + auth.firstLine())
            .build();
      }
      SSLSocket ssl;
      try {
        ssl = Tls.handshake(s);
      } catch (Tls.TlsFailedException e) {
        return e.result;
      }
      in = ssl.getInputStream();
      out = ssl.getOutputStream();
      r.tls(s.tls);
      detail = detail + "; AUTH TLS " + s.tls.protocol().orElse("?");
    }
    if (o.credentials().isPresent()) {
      send(out, "USER " + o.credentials().get().user());
      Reply user = readReply(in);
      Reply login = user;
      if (user.code() == 331 || user.code() == 332) {
        send(out, "PASS " + o.credentials().get().password());
        login = readReply(in);
      }
      r.fact("login", login.firstLine());
      detail =
          detail + (login.code() == 230 ? "; logged in" : "; login rejected: " + login.firstLine());
    }
    // Polite end; the reply does not matter and is not waited for.
    send(out, "QUIT");
    return s.stamp(r.detail(detail).bytesRead(s.socket.bytesRead())).build();
  }

  private static void send(OutputStream out, String command) throws IOException {
    out.write(Wire.ascii(command + "\r\n"));
    out.flush();
  }
}
