package dev.wdmports.probe.internal;

import dev.wdmports.core.report.ProbeStatus;
import dev.wdmports.probe.Evidence;
import dev.wdmports.probe.ProbeResult;
import java.io.IOException;
import java.io.InputStream;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** {@code vnc}: reads the 12-byte RFB greeting {@code RFB xxx.yyy\n} (RFC 6143 section 7.1.1). */
public final class VncChecker extends TcpHandshake {
  private static final Pattern RFB = Pattern.compile("RFB (\\d{3}\\.\\d{3})\n");

  /** Creates the checker; ServiceLoader needs the public constructor. */
  public VncChecker() {}

  @Override
  public String id() {
    return "vnc";
  }

  @Override
  String expectation() {
    return "RFB greeting";
  }

  /**
   * The peer's greeting: its first bytes as a banner, and the RFB version when it is one.
   *
   * @param banner what to report: the 4 bytes that are not {@code "RFB "}, or the whole greeting
   * @param rfb whether the greeting starts with {@code "RFB "}
   * @param version e.g. {@code 003.008}; empty when the greeting is not a well-formed RFB greeting
   */
  record Greeting(String banner, boolean rfb, Optional<String> version) {}

  /**
   * Reads the 12-byte greeting, or only 4 bytes when they are not {@code "RFB "}. Pure but for the
   * stream, so that it can be fuzzed with bytes.
   *
   * @throws java.io.EOFException if the peer closes before the greeting ends
   */
  static Greeting readGreeting(InputStream in) throws IOException {
    String start = Wire.latin1(Wire.readFully(in, 4));
    if (!start.equals("RFB ")) {
      return new Greeting(start, false, Optional.empty());
    }
    String greeting = start + Wire.latin1(Wire.readFully(in, 8));
    Matcher m = RFB.matcher(greeting);
    return new Greeting(greeting, true, m.matches() ? Optional.of(m.group(1)) : Optional.empty());
  }

  @Override
  ProbeResult exchange(Session s) throws IOException {
    Greeting g = readGreeting(s.in);
    if (!g.rfb()) {
      return s.result(ProbeStatus.PROTOCOL_MISMATCH)
          .detail("expected an RFB greeting, got \"" + g.banner() + "...\"")
          .fact(Evidence.BANNER, g.banner())
          .build();
    }
    if (g.version().isEmpty()) {
      return s.result(ProbeStatus.PROTOCOL_MISMATCH)
          .detail("malformed RFB greeting")
          .fact(Evidence.BANNER, g.banner())
          .build();
    }
    String version = g.version().get();
    return s.result(ProbeStatus.OPEN)
        .detail("RFB " + version)
        .fact(Evidence.BANNER, g.banner().trim())
        .fact(Evidence.VERSION, version)
        .build();
  }
}
