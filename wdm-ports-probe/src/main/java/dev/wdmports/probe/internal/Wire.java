package dev.wdmports.probe.internal;

import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;

/** Bounded reads of protocol lines and fixed-size records. */
final class Wire {
  private Wire() {}

  /** A line was longer than allowed, or did not start as the protocol requires. */
  static final class BadLineException extends IOException {
    private static final long serialVersionUID = 1L;
    final String seen;

    BadLineException(String message, String seen) {
      super(message);
      this.seen = seen;
    }
  }

  /**
   * Reads one line ending in LF (CR before it is dropped), as ISO-8859-1 so that any byte maps to
   * one char.
   *
   * @param mustStartWith fail as soon as the line cannot start with this; empty to accept any
   * @throws EOFException if the peer closes before the end of the line
   * @throws BadLineException if the line exceeds {@code maxLength} or has the wrong start
   */
  static String readLine(InputStream in, int maxLength, String mustStartWith) throws IOException {
    StringBuilder sb = new StringBuilder(Math.min(maxLength, 128));
    while (true) {
      int c = in.read();
      if (c < 0) {
        throw new EOFException(
            sb.length() == 0 ? "closed" : "closed after \"" + sb + "\" without a line end");
      }
      if (c == '\n') {
        int end =
            sb.length() > 0 && sb.charAt(sb.length() - 1) == '\r' ? sb.length() - 1 : sb.length();
        return sb.substring(0, end);
      }
      sb.append((char) c);
      int n = sb.length();
      if (n <= mustStartWith.length() && sb.charAt(n - 1) != mustStartWith.charAt(n - 1)) {
        throw new BadLineException("does not start with \"" + mustStartWith + "\"", sb.toString());
      }
      if (n > maxLength) {
        throw new BadLineException("line longer than " + maxLength + " bytes", sb.toString());
      }
    }
  }

  /** Reads exactly {@code n} bytes. */
  static byte[] readFully(InputStream in, int n) throws IOException {
    byte[] b = new byte[n];
    int off = 0;
    while (off < n) {
      int r = in.read(b, off, n - off);
      if (r < 0) {
        throw new EOFException(off == 0 ? "closed" : "closed after " + off + " of " + n + " bytes");
      }
      off += r;
    }
    return b;
  }

  static String latin1(byte[] b) {
    return new String(b, StandardCharsets.ISO_8859_1);
  }

  static byte[] ascii(String s) {
    return s.getBytes(StandardCharsets.US_ASCII);
  }
}
