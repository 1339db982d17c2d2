package dev.wdmports.probe.internal;

import dev.wdmports.core.Transport;
import dev.wdmports.core.report.ProbeStatus;
import dev.wdmports.probe.Evidence;
import dev.wdmports.probe.ProbeResult;
import dev.wdmports.probe.ProbeTarget;
import dev.wdmports.probe.spi.CheckContext;
import dev.wdmports.probe.spi.HandshakeChecker;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.PortUnreachableException;
import java.net.ProtocolFamily;
import java.net.SocketAddress;
import java.net.StandardProtocolFamily;
import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
import java.nio.channels.DatagramChannel;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HexFormat;
import java.util.Iterator;
import java.util.concurrent.ThreadLocalRandom;

/**
 * {@code tftp}: sends an RFC 1350 read request (octet mode) for a random file name. An ERROR or
 * DATA packet back means OPEN; ICMP port unreachable means REFUSED; silence until the deadline is
 * OPEN_OR_FILTERED.
 *
 * <p>A TFTP server answers from a new port (its transfer id), which a connected datagram socket
 * would drop, while only a connected socket learns about ICMP port unreachable. So the request goes
 * out on a connected channel and a second, unconnected channel shares its local port ({@code
 * SO_REUSEADDR}) to catch the answer from the new port.
 */
public final class TftpChecker implements HandshakeChecker {
  static final int MAX_DATAGRAM = 1024;

  /** Creates the checker; ServiceLoader needs the public constructor. */
  public TftpChecker() {}

  @Override
  public String id() {
    return "tftp";
  }

  @Override
  public Transport transport() {
    return Transport.UDP;
  }

  static byte[] readRequest(String file) {
    ByteArrayOutputStream b = new ByteArrayOutputStream();
    b.write(0);
    b.write(1);
    b.writeBytes(file.getBytes(StandardCharsets.US_ASCII));
    b.write(0);
    b.writeBytes("octet".getBytes(StandardCharsets.US_ASCII));
    b.write(0);
    return b.toByteArray();
  }

  @Override
  public ProbeResult check(ProbeTarget target, CheckContext ctx) {
    InetSocketAddress server = ctx.address();
    boolean v6 = server.getAddress() instanceof Inet6Address;
    ProtocolFamily family = v6 ? StandardProtocolFamily.INET6 : StandardProtocolFamily.INET;
    String file =
        "wdm-ports-probe-" + HexFormat.of().toHexDigits(ThreadLocalRandom.current().nextLong());
    long t0 = ctx.ticker().read();
    long sent = t0;
    long bytes = 0;
    try (Selector selector = Selector.open();
        DatagramChannel conn = DatagramChannel.open(family);
        DatagramChannel any = DatagramChannel.open(family)) {
      ctx.onCancel(selector);
      InetAddress wildcard = InetAddress.getByName(v6 ? "::" : "0.0.0.0");
      any.setOption(StandardSocketOptions.SO_REUSEADDR, true);
      any.bind(new InetSocketAddress(wildcard, 0));
      conn.setOption(StandardSocketOptions.SO_REUSEADDR, true);
      boolean shared = true;
      try {
        conn.bind(
            new InetSocketAddress(wildcard, ((InetSocketAddress) any.getLocalAddress()).getPort()));
      } catch (IOException e) {
        // Without a shared port only answers from the request port are seen.
        shared = false;
        conn.bind(new InetSocketAddress(wildcard, 0));
      }
      conn.connect(server);
      conn.configureBlocking(false);
      conn.register(selector, SelectionKey.OP_READ);
      if (shared) {
        any.configureBlocking(false);
        any.register(selector, SelectionKey.OP_READ);
      }
      conn.write(ByteBuffer.wrap(readRequest(file)));
      sent = ctx.ticker().read();
      ByteBuffer buf = ByteBuffer.allocate(MAX_DATAGRAM);
      while (true) {
        int ms = ctx.remainingMillis();
        if (ctx.isCancelled()) {
          return result(ctx, ProbeStatus.ERROR, t0, sent, bytes)
              .detail("cancelled")
              .cancelled(true)
              .build();
        }
        if (ms <= 0) {
          return result(ctx, ProbeStatus.OPEN_OR_FILTERED, t0, sent, bytes)
              .detail("no answer to a TFTP read request before the deadline")
              .build();
        }
        selector.select(ms);
        Iterator<SelectionKey> it = selector.selectedKeys().iterator();
        while (it.hasNext()) {
          SelectionKey key = it.next();
          it.remove();
          DatagramChannel ch = (DatagramChannel) key.channel();
          buf.clear();
          SocketAddress from;
          try {
            from = ch == conn ? (conn.read(buf) >= 0 ? server : null) : ch.receive(buf);
          } catch (PortUnreachableException e) {
            return result(ctx, ProbeStatus.REFUSED, t0, sent, bytes)
                .detail("ICMP port unreachable")
                .build();
          }
          if (from == null
              || !((InetSocketAddress) from).getAddress().equals(server.getAddress())) {
            continue;
          }
          buf.flip();
          bytes += buf.remaining();
          if (bytes > ctx.maxBytes()) {
            return result(ctx, ProbeStatus.PROTOCOL_MISMATCH, t0, sent, bytes)
                .detail("peer sent more than the " + ctx.maxBytes() + "-byte read budget")
                .build();
          }
          return classify(ctx, ch, (InetSocketAddress) from, buf, t0, sent, bytes);
        }
      }
    } catch (PortUnreachableException e) {
      return result(ctx, ProbeStatus.REFUSED, t0, sent, bytes)
          .detail("ICMP port unreachable")
          .build();
    } catch (IOException e) {
      if (ctx.isCancelled()) {
        return result(ctx, ProbeStatus.ERROR, t0, sent, bytes)
            .detail("cancelled")
            .cancelled(true)
            .build();
      }
      String msg = String.valueOf(e.getMessage());
      if (msg.contains("unreachable")) {
        return result(ctx, ProbeStatus.UNREACHABLE, t0, sent, bytes).detail(msg).build();
      }
      return result(ctx, ProbeStatus.ERROR, t0, sent, bytes)
          .detail("UDP I/O failure: " + e)
          .build();
    }
  }

  /**
   * A datagram from the server: its opcode (-1 when shorter than two bytes), the ERROR code or DATA
   * block number (-1 for other opcodes or when missing), and the ERROR message up to its NUL.
   */
  record Packet(int opcode, int number, String message) {}

  /**
   * Reads a datagram between the buffer's position and limit without moving them. Pure, so that it
   * can be fuzzed with bytes: never throws, whatever the bytes.
   */
  static Packet parse(ByteBuffer datagram) {
    ByteBuffer buf = datagram.duplicate();
    int opcode = buf.remaining() >= 2 ? buf.getShort() & 0xffff : -1;
    if ((opcode == 5 || opcode == 3) && buf.remaining() >= 2) {
      int number = buf.getShort() & 0xffff;
      if (opcode == 3) {
        return new Packet(opcode, number, "");
      }
      byte[] rest = new byte[buf.remaining()];
      buf.get(rest);
      String msg = new String(rest, StandardCharsets.ISO_8859_1);
      int nul = msg.indexOf(0);
      return new Packet(opcode, number, nul >= 0 ? msg.substring(0, nul) : msg);
    }
    return new Packet(opcode, -1, "");
  }

  private static ProbeResult classify(
      CheckContext ctx,
      DatagramChannel ch,
      InetSocketAddress from,
      ByteBuffer buf,
      long t0,
      long sent,
      long bytes)
      throws IOException {
    Packet p = parse(buf);
    if (p.opcode() == 5 && p.number() >= 0) {
      return result(ctx, ProbeStatus.OPEN, t0, sent, bytes)
          .detail("TFTP ERROR " + p.number() + " " + p.message())
          .fact(Evidence.BANNER, "ERROR " + p.number() + " " + p.message())
          .fact("tftpOpcode", "5")
          .build();
    }
    if (p.opcode() == 3 && p.number() >= 0) {
      // Abort the transfer the request started: ERROR 0 to the server's transfer id.
      ByteBuffer abort = ByteBuffer.wrap(new byte[] {0, 5, 0, 0, 'p', 'r', 'o', 'b', 'e', 0});
      if (ch.isConnected()) {
        ch.write(abort);
      } else {
        ch.send(abort, from);
      }
      return result(ctx, ProbeStatus.OPEN, t0, sent, bytes)
          .detail("TFTP DATA block " + p.number())
          .fact("tftpOpcode", "3")
          .build();
    }
    byte[] raw = new byte[Math.min(64, buf.remaining())];
    buf.duplicate().get(raw);
    return result(ctx, ProbeStatus.PROTOCOL_MISMATCH, t0, sent, bytes)
        .detail("expected a TFTP ERROR or DATA packet, got opcode " + p.opcode())
        .fact(Evidence.BANNER, new String(raw, StandardCharsets.ISO_8859_1))
        .build();
  }

  private static ProbeResult.Builder result(
      CheckContext ctx, ProbeStatus status, long t0, long sent, long bytes) {
    long now = ctx.ticker().read();
    // Latency from the same reading as the phases: it covers them.
    return ctx.result(status)
        .connectTime(Duration.ofNanos(Math.max(0, sent - t0)))
        .handshakeTime(Duration.ofNanos(Math.max(0, now - sent)))
        .latency(ctx.resolveTime().plus(Duration.ofNanos(Math.max(0, now - ctx.startNanos()))))
        .bytesRead(bytes);
  }
}
