package dev.wdmports.probe.internal;

import dev.wdmports.core.report.ProbeStatus;
import dev.wdmports.probe.Evidence;
import dev.wdmports.probe.ProbeResult;
import java.io.IOException;
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

  @Override
  ProbeResult exchange(Session s) throws IOException {
    byte[] head = Wire.readFully(s.in, 4);
    String start = Wire.latin1(head);
    if (!start.equals("RFB ")) {
      return s.result(ProbeStatus.PROTOCOL_MISMATCH)
          .detail("expected an RFB greeting, got \"" + start + "...\"")
          .fact(Evidence.BANNER, start)
          .build();
    }
    String greeting = start + Wire.latin1(Wire.readFully(s.in, 8));
    Matcher m = RFB.matcher(greeting);
    if (!m.matches()) {
      return s.result(ProbeStatus.PROTOCOL_MISMATCH)
          .detail("malformed RFB greeting")
          .fact(Evidence.BANNER, greeting)
          .build();
    }
    return s.result(ProbeStatus.OPEN)
        .detail("RFB " + m.group(1))
        .fact(Evidence.BANNER, greeting.trim())
        .fact(Evidence.VERSION, m.group(1))
        .build();
  }
}
