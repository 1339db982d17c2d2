package dev.wdmports.probe.internal;

import dev.wdmports.core.report.ProbeStatus;
import dev.wdmports.probe.Evidence;
import dev.wdmports.probe.ProbeResult;
import java.io.IOException;
import java.util.Locale;
import java.util.Optional;

/**
 * {@code tds}: the SQL Server PRELOGIN exchange of MS-TDS (section 2.2.6.5). Sends a packet of type
 * {@code 0x12} with the options VERSION, ENCRYPTION, INSTOPT, THREADID and MARS, expects a reply
 * packet of type {@code 0x04} and reports the server VERSION and ENCRYPTION options.
 */
public final class TdsChecker extends TcpHandshake {
  static final int TYPE_PRELOGIN = 0x12;
  static final int TYPE_REPLY = 0x04;
  static final int HEADER = 8;
  static final int MAX_PACKET = 4096;

  /** Creates the checker; ServiceLoader needs the public constructor. */
  public TdsChecker() {}

  @Override
  public String id() {
    return "tds";
  }

  @Override
  String expectation() {
    return "TDS PRELOGIN reply";
  }

  /** The PRELOGIN request this checker sends. */
  static byte[] prelogin() {
    // Option tokens: token, offset (from the payload start), length; 0xFF terminates.
    int[][] options = {{0x00, 6}, {0x01, 1}, {0x02, 1}, {0x03, 4}, {0x04, 1}};
    int tokens = options.length * 5 + 1;
    int dataLength = 6 + 1 + 1 + 4 + 1;
    int payload = tokens + dataLength;
    byte[] p = new byte[HEADER + payload];
    p[0] = (byte) TYPE_PRELOGIN;
    p[1] = 0x01; // status: end of message
    p[2] = (byte) ((HEADER + payload) >> 8);
    p[3] = (byte) (HEADER + payload);
    p[6] = 0x01; // packet id
    int at = HEADER;
    int offset = tokens;
    for (int[] o : options) {
      p[at++] = (byte) o[0];
      p[at++] = (byte) (offset >> 8);
      p[at++] = (byte) offset;
      p[at++] = (byte) (o[1] >> 8);
      p[at++] = (byte) o[1];
      offset += o[1];
    }
    p[at++] = (byte) 0xFF;
    // VERSION: client 0.0.0.0, sub-build 0; ENCRYPTION: ENCRYPT_NOT_SUP (2); INSTOPT: "" (0);
    // THREADID: 0; MARS: off (0). All left zero except ENCRYPTION.
    p[at + 6] = 0x02;
    return p;
  }

  /**
   * What a reply packet's 8-byte header says is wrong, for a protocol mismatch's detail.
   *
   * @return empty when it is a reply packet (type 0x04) of 9..{@link #MAX_PACKET} bytes
   */
  static Optional<String> headerProblem(byte[] header) {
    int type = header[0] & 0xff;
    int length = packetLength(header);
    if (type != TYPE_REPLY || length < HEADER + 1 || length > MAX_PACKET) {
      return Optional.of(
          String.format(
              Locale.ROOT,
              "expected a TDS reply packet (type 0x04, length 9..%d), got type 0x%02x, length %d",
              MAX_PACKET,
              type,
              length));
    }
    return Optional.empty();
  }

  /** The packet length of a header: bytes 2 and 3, big-endian. */
  static int packetLength(byte[] header) {
    return ((header[2] & 0xff) << 8) | (header[3] & 0xff);
  }

  /**
   * A PRELOGIN reply's options, or why the reply is malformed.
   *
   * @param version the server VERSION, e.g. {@code 16.0.1000.6}, when the reply is well formed
   * @param encryption the ENCRYPTION option, e.g. {@code ENCRYPT_OFF}, when present
   * @param malformed what is wrong with the reply, when it is malformed
   */
  record Reply(Optional<String> version, Optional<String> encryption, Optional<String> malformed) {
    static Reply malformed(String why) {
      return new Reply(Optional.empty(), Optional.empty(), Optional.of(why));
    }
  }

  /**
   * Reads the option list of a reply's body (the packet without its header). Pure, so that it can
   * be fuzzed with bytes: never throws, whatever the bytes.
   */
  static Reply parseReply(byte[] body) {
    String version = null;
    String encryption = null;
    int at = 0;
    while (at < body.length && (body[at] & 0xff) != 0xFF) {
      if (at + 5 > body.length) {
        return Reply.malformed("option list runs past the packet");
      }
      int token = body[at] & 0xff;
      int off = ((body[at + 1] & 0xff) << 8) | (body[at + 2] & 0xff);
      int len = ((body[at + 3] & 0xff) << 8) | (body[at + 4] & 0xff);
      if (off + len > body.length) {
        return Reply.malformed(
            String.format(Locale.ROOT, "option 0x%02x points past the packet", token));
      }
      if (token == 0x00 && len >= 4) {
        version =
            (body[off] & 0xff)
                + "."
                + (body[off + 1] & 0xff)
                + "."
                + (((body[off + 2] & 0xff) << 8) | (body[off + 3] & 0xff))
                + (len >= 6 ? "." + (((body[off + 4] & 0xff) << 8) | (body[off + 5] & 0xff)) : "");
      } else if (token == 0x01 && len >= 1) {
        encryption = encryption(body[off] & 0xff);
      }
      at += 5;
    }
    if (at >= body.length) {
      return Reply.malformed("option list has no terminator 0xFF");
    }
    if (version == null) {
      return Reply.malformed("reply has no VERSION option");
    }
    return new Reply(Optional.of(version), Optional.ofNullable(encryption), Optional.empty());
  }

  @Override
  ProbeResult exchange(Session s) throws IOException {
    s.send(prelogin());
    byte[] header = Wire.readFully(s.in, HEADER);
    Optional<String> problem = headerProblem(header);
    if (problem.isPresent()) {
      return s.result(ProbeStatus.PROTOCOL_MISMATCH)
          .detail(problem.get())
          .fact(Evidence.BANNER, Wire.latin1(s.socket.firstBytes()))
          .build();
    }
    byte[] body = Wire.readFully(s.in, packetLength(header) - HEADER);
    Reply reply = parseReply(body);
    if (reply.malformed().isPresent()) {
      return malformed(s, reply.malformed().get());
    }
    String version = reply.version().orElseThrow();
    ProbeResult.Builder r = s.result(ProbeStatus.OPEN);
    r.fact(Evidence.VERSION, version);
    reply.encryption().ifPresent(e -> r.fact("encryption", e));
    return r.detail("PRELOGIN reply, server version " + version).build();
  }

  private static ProbeResult malformed(Session s, String why) {
    return s.result(ProbeStatus.PROTOCOL_MISMATCH)
        .detail("malformed PRELOGIN reply: " + why)
        .build();
  }

  private static String encryption(int v) {
    switch (v) {
      case 0:
        return "ENCRYPT_OFF";
      case 1:
        return "ENCRYPT_ON";
      case 2:
        return "ENCRYPT_NOT_SUP";
      case 3:
        return "ENCRYPT_REQ";
      default:
        return String.format(Locale.ROOT, "0x%02x", v);
    }
  }
}
