package dev.wdmports.probe.internal;

import dev.wdmports.core.report.ProbeStatus;
import dev.wdmports.probe.Evidence;
import dev.wdmports.probe.ProbeOptions;
import dev.wdmports.probe.ProbeResult;
import dev.wdmports.probe.ProbeTarget;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * {@code http}: sends {@code GET / HTTP/1.1} with {@code Host} and {@code Connection: close} and
 * reads the status line. Anything that does not start with {@code HTTP/} is a protocol mismatch.
 */
public final class HttpChecker extends TcpHandshake implements Scannable {
  static final int MAX_LINE = 8192;
  private static final Pattern STATUS = Pattern.compile("HTTP/\\d(?:\\.\\d)? (\\d{3})(?: .*)?");

  /** Creates the checker; ServiceLoader needs the public constructor. */
  public HttpChecker() {}

  @Override
  public String id() {
    return "http";
  }

  @Override
  public Scanner scanner() {
    return Scanner.HTTP;
  }

  @Override
  String expectation() {
    return "HTTP status line";
  }

  @Override
  ProbeResult exchange(Session s) throws IOException {
    return exchange(s, s.in, s.out, 80, s.result(ProbeStatus.OPEN));
  }

  /** The HTTP/1.1 request and status line, shared with {@code https}. */
  static ProbeResult exchange(
      Session s, InputStream in, OutputStream out, int defaultPort, ProbeResult.Builder done)
      throws IOException {
    out.write(request(s.ctx.target(), defaultPort));
    out.flush();
    return response(s, in, done);
  }

  /** The request bytes: {@code GET path HTTP/1.1} with Host, User-Agent, Accept and close. */
  static byte[] request(ProbeTarget t, int defaultPort) {
    ProbeOptions o = t.options();
    String host = t.host().contains(":") ? "[" + t.host() + "]" : t.host();
    if (t.port() != defaultPort) {
      host = host + ":" + t.port();
    }
    String request =
        "GET "
            + o.httpPath()
            + " HTTP/1.1\r\nHost: "
            + host
            + "\r\nUser-Agent: wdm-ports-probe\r\nAccept: */*\r\nConnection: close\r\n\r\n";
    return Wire.ascii(request);
  }

  /**
   * What the peer sent before the body: the status line, its code, the {@code Server} header when
   * it arrived with the status line, and whether the header section was cut at {@link #MAX_LINE}.
   */
  record Head(String statusLine, int code, Optional<String> server, boolean cut) {}

  /**
   * Reads the status line and the headers already at hand, never waiting for more than the status
   * line. Pure but for the stream, so that it can be fuzzed with bytes.
   *
   * @throws Wire.BadLineException if the first line is not an HTTP status line
   * @throws EOFException if the peer closes before the status line ends
   */
  static Head readHead(InputStream in) throws IOException {
    String line = Wire.readLine(in, MAX_LINE, "HTTP/");
    Matcher m = STATUS.matcher(line);
    if (!m.matches()) {
      throw new Wire.BadLineException("is not an HTTP status line", line);
    }
    int code = Integer.parseInt(m.group(1));
    String server = null;
    boolean cut = false;
    // Headers are a bonus: take only what has already arrived, never wait for more.
    try {
      int headerBytes = 0;
      while (Buffered.ready(in) > 0 && headerBytes < MAX_LINE) {
        String h = Wire.readLine(in, MAX_LINE - headerBytes, "");
        headerBytes += h.length() + 2;
        if (h.isEmpty()) {
          break;
        }
        if (h.toLowerCase(Locale.ROOT).startsWith("server:")) {
          server = h.substring("server:".length()).trim();
        }
      }
      cut = headerBytes >= MAX_LINE;
    } catch (Wire.BadLineException | EOFException e) {
      cut = e instanceof Wire.BadLineException;
    }
    return new Head(line, code, Optional.ofNullable(server), cut);
  }

  /**
   * Reads the status line and the headers already at hand, and classifies them. The non-blocking
   * {@link HttpScanner} runs this on the bytes it collected, so both paths decide alike.
   */
  static ProbeResult response(Session s, InputStream in, ProbeResult.Builder done)
      throws IOException {
    ProbeOptions o = s.ctx.target().options();
    Head head = readHead(in);
    String line = head.statusLine();
    int code = head.code();
    boolean cut = head.cut();
    ProbeResult.Builder r =
        s.stamp(
            done.fact(Evidence.STATUS_LINE, line)
                .fact("httpStatus", Integer.toString(code))
                .bytesRead(s.counter.bytesRead()));
    head.server().ifPresent(server -> r.fact("server", server));
    String note = cut ? " (header section cut at " + MAX_LINE + " bytes)" : "";
    if (o.expectedHttpStatus().isPresent()) {
      int want = o.expectedHttpStatus().get();
      if (code != want) {
        return r.status(ProbeStatus.PROTOCOL_MISMATCH)
            .detail("expected HTTP " + want + " for GET " + o.httpPath() + ", got \"" + line + "\"")
            .build();
      }
    } else if (code == 503) {
      return r.status(ProbeStatus.SERVICE_UNAVAILABLE).detail(line + note).build();
    }
    return r.status(ProbeStatus.OPEN).detail(line + note).build();
  }
}
