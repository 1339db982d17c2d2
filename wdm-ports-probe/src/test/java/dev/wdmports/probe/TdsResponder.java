package dev.wdmports.probe;

import java.io.DataInputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.Socket;

/**
 * A SQL Server stand-in that answers a TDS PRELOGIN (MS-TDS 2.2.6.5) the way a server does: a
 * packet of type 0x04 holding VERSION 15.0.2000.0, ENCRYPTION NOT_SUP, INSTOPT, THREADID and MARS.
 * No TDS server is packaged in Debian, so this is the real peer for the tds checker.
 */
final class TdsResponder {
  private TdsResponder() {}

  static void handle(Socket s) throws IOException {
    s.setSoTimeout(10_000);
    DataInputStream in = new DataInputStream(s.getInputStream());
    byte[] header = new byte[8];
    in.readFully(header);
    if (header[0] != 0x12) {
      throw new IOException("not a PRELOGIN packet: type " + header[0]);
    }
    int length = ((header[2] & 0xff) << 8) | (header[3] & 0xff);
    in.readFully(new byte[length - 8]);
    OutputStream out = s.getOutputStream();
    out.write(reply());
    out.flush();
    // A real server would now wait for LOGIN7; wait for the client to leave.
    while (in.read() >= 0) {
      // discard
    }
  }

  static byte[] reply() {
    // tokens: VERSION(0) 6 bytes, ENCRYPTION(1) 1, INSTOPT(2) 1, THREADID(3) 0, MARS(4) 1, 0xFF
    int tokens = 5 * 5 + 1;
    int[][] opts = {{0, 6}, {1, 1}, {2, 1}, {3, 0}, {4, 1}};
    byte[] data = {15, 0, 0x07, (byte) 0xD0, 0, 0, /* enc */ 2, /* instopt */ 0, /* mars */ 0};
    int payload = tokens + data.length;
    byte[] p = new byte[8 + payload];
    p[0] = 0x04;
    p[1] = 0x01;
    p[2] = (byte) ((8 + payload) >> 8);
    p[3] = (byte) (8 + payload);
    p[6] = 1;
    int at = 8;
    int off = tokens;
    for (int[] o : opts) {
      p[at++] = (byte) o[0];
      p[at++] = (byte) (off >> 8);
      p[at++] = (byte) off;
      p[at++] = 0;
      p[at++] = (byte) o[1];
      off += o[1];
    }
    p[at++] = (byte) 0xFF;
    System.arraycopy(data, 0, p, at, data.length);
    return p;
  }
}
