package dev.wdmports.probe.internal;

import dev.wdmports.core.Transport;
import dev.wdmports.core.report.ProbeStatus;
import dev.wdmports.probe.Evidence;
import dev.wdmports.probe.ProbeResult;
import dev.wdmports.probe.ProbeTarget;
import dev.wdmports.probe.TlsFacts;
import dev.wdmports.probe.spi.CheckContext;
import dev.wdmports.probe.spi.HandshakeChecker;
import java.io.BufferedInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.ConnectException;
import java.net.NoRouteToHostException;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.time.Duration;
import java.util.Locale;

/**
 * The skeleton of a TCP checker: connect within the deadline, classify the connect outcome, run the
 * protocol exchange on bounded streams, and classify what goes wrong in it.
 */
abstract class TcpHandshake implements HandshakeChecker {

  /** What was read from a peer: the count and the first bytes, for results and evidence. */
  interface Counter {
    /** How many bytes were read. */
    long bytesRead();

    /** Up to {@value ProbeSocket#FIRST_BYTES} of the first bytes read. */
    byte[] firstBytes();
  }

  /** The open connection a protocol exchange runs on. */
  static final class Session {
    final CheckContext ctx;
    final ProbeSocket socket;
    final Counter counter;
    final long connectNanos;
    final long connectedAt;
    InputStream in;
    OutputStream out;
    TlsFacts tls;

    Session(CheckContext ctx, ProbeSocket socket, long connectNanos, long connectedAt)
        throws IOException {
      this.ctx = ctx;
      this.socket = socket;
      this.counter = socket;
      this.connectNanos = connectNanos;
      this.connectedAt = connectedAt;
      this.in = new Buffered(socket.getInputStream());
      this.out = socket.getOutputStream();
    }

    /** A session without a socket: the non-blocking scanners read into a buffer themselves. */
    Session(
        CheckContext ctx, Counter counter, InputStream in, long connectNanos, long connectedAt) {
      this.ctx = ctx;
      this.socket = null;
      this.counter = counter;
      this.connectNanos = connectNanos;
      this.connectedAt = connectedAt;
      this.in = in;
      this.out = null;
    }

    /** A result with the connect and handshake times and the bytes read filled in. */
    ProbeResult.Builder result(ProbeStatus status) {
      return stamp(
          ctx.result(status)
              .connectTime(Duration.ofNanos(connectNanos))
              .bytesRead(counter.bytesRead())
              .tls(tls));
    }

    /**
     * Sets the handshake time and the latency from one clock reading, so that the latency covers
     * resolve, connect and handshake even when the builder was started earlier in the exchange.
     */
    ProbeResult.Builder stamp(ProbeResult.Builder b) {
      long now = ctx.ticker().read();
      return b.handshakeTime(Duration.ofNanos(Math.max(0, now - connectedAt)))
          .latency(ctx.resolveTime().plus(Duration.ofNanos(Math.max(0, now - ctx.startNanos()))));
    }

    void send(byte[] data) throws IOException {
      out.write(data);
      out.flush();
    }
  }

  /** A buffered stream that tells how much it holds, without asking the socket. */
  static final class Buffered extends BufferedInputStream {
    Buffered(InputStream in) {
      super(in, 1024);
    }

    /**
     * Returns how many bytes can be read without blocking: what is buffered, else what the socket
     * has. {@code BufferedInputStream.available()} asks the socket every time (an ioctl), and a
     * checker that reads the headers an HTTP server sent in one segment would ask once per line.
     */
    static int ready(InputStream in) throws IOException {
      if (in instanceof Buffered b && b.count - b.pos > 0) {
        return b.count - b.pos;
      }
      return in.available();
    }
  }

  @Override
  public Transport transport() {
    return Transport.TCP;
  }

  /** What the exchange is called in details, e.g. {@code HTTP status line}. */
  abstract String expectation();

  /** The status of a peer that accepts and aborts at once; TLS checkers call it a TLS failure. */
  ProbeStatus abortedStatus() {
    return ProbeStatus.PROTOCOL_MISMATCH;
  }

  /** Runs the protocol exchange; network trouble is thrown and classified by the caller. */
  abstract ProbeResult exchange(Session s) throws IOException;

  @Override
  public final ProbeResult check(ProbeTarget target, CheckContext ctx) {
    ProbeSocket socket = new ProbeSocket(ctx);
    ctx.onCancel(socket);
    try {
      int ms = ctx.remainingMillis();
      if (ms <= 0) {
        return ctx.result(ProbeStatus.ERROR)
            .detail(
                "no time left to connect: the probe started "
                    + ctx.elapsed().toMillis()
                    + "ms ago; raise the timeout or lower the concurrency")
            .build();
      }
      long t0 = ctx.ticker().read();
      try {
        socket.connect(ctx.address(), ms);
      } catch (IOException e) {
        return connectFailure(ctx, e, ctx.ticker().read() - t0, ms);
      }
      long t1 = ctx.ticker().read();
      // The local port is known without a system call; the local address is not.
      if (socket.getLocalPort() == ctx.address().getPort()
          && ConnectScanner.isSelfConnection(socket.getLocalSocketAddress(), ctx.address())) {
        return ctx.result(ProbeStatus.REFUSED)
            .connectTime(Duration.ofNanos(t1 - t0))
            .detail(ConnectScanner.selfConnectionDetail(ctx.address()))
            .build();
      }
      Session s = new Session(ctx, socket, t1 - t0, t1);
      try {
        return exchange(s);
      } catch (IOException e) {
        return exchangeFailure(s, e);
      }
    } catch (IOException e) {
      if (ctx.isCancelled()) {
        return ctx.result(ProbeStatus.ERROR)
            .detail("cancelled before a complete " + expectation())
            .cancelled(true)
            .build();
      }
      return ctx.result(ProbeStatus.ERROR).detail("local I/O failure: " + e).build();
    } finally {
      closeQuietly(socket);
    }
  }

  ProbeResult connectFailure(CheckContext ctx, IOException e, long nanos, int ms) {
    ProbeResult.Builder r = ctx.result(ProbeStatus.ERROR).connectTime(Duration.ofNanos(nanos));
    String msg = String.valueOf(e.getMessage()).toLowerCase(Locale.ROOT);
    if (ctx.isCancelled()) {
      return r.detail("cancelled while connecting").cancelled(true).build();
    }
    if (e instanceof NoRouteToHostException || msg.contains("unreachable")) {
      return r.status(ProbeStatus.UNREACHABLE)
          .detail("no route to host: " + e.getMessage())
          .build();
    }
    if (e instanceof SocketTimeoutException) {
      return r.status(ProbeStatus.FILTERED)
          .detail("no answer to the connection attempt within " + ms + "ms")
          .build();
    }
    if (e instanceof ConnectException) {
      return r.status(ProbeStatus.REFUSED).detail("connection refused").build();
    }
    if (msg.contains("reset")) {
      // The handshake completed (something accepted), then the peer aborted at once.
      return this instanceof TcpChecker
          ? r.status(ProbeStatus.OPEN).detail("connected, then reset by peer").build()
          : r.status(abortedStatus())
              .detail("connection reset by peer before a complete " + expectation())
              .build();
    }
    return r.detail("connect failed: " + e).build();
  }

  /** Classifies what went wrong after the connection was made. */
  ProbeResult exchangeFailure(Session s, IOException e) {
    String what = expectation();
    if (s.ctx.isCancelled()) {
      return s.result(ProbeStatus.ERROR)
          .detail("cancelled before a complete " + what)
          .cancelled(true)
          .build();
    }
    if (hasCause(e, SocketTimeoutException.class)) {
      return s.result(ProbeStatus.TIMEOUT)
          .detail("connected, but no complete " + what + " before the deadline")
          .fact(Evidence.BANNER, Wire.latin1(s.counter.firstBytes()))
          .build();
    }
    if (e instanceof ProbeSocket.BudgetExceededException) {
      return s.result(ProbeStatus.PROTOCOL_MISMATCH)
          .detail(
              "peer sent more than the "
                  + s.ctx.maxBytes()
                  + "-byte read budget without a complete "
                  + what)
          .fact(Evidence.BANNER, Wire.latin1(s.counter.firstBytes()))
          .build();
    }
    if (e instanceof Wire.BadLineException bad) {
      return s.result(ProbeStatus.PROTOCOL_MISMATCH)
          .detail("expected a " + what + ", got a line that " + bad.getMessage())
          .fact(Evidence.BANNER, bad.seen)
          .build();
    }
    if (e instanceof EOFException) {
      return s.result(ProbeStatus.PROTOCOL_MISMATCH)
          .detail("peer closed the connection before a complete " + what)
          .fact(Evidence.BANNER, Wire.latin1(s.counter.firstBytes()))
          .build();
    }
    if (e instanceof SocketException
        && String.valueOf(e.getMessage()).toLowerCase(Locale.ROOT).contains("reset")) {
      return s.result(ProbeStatus.PROTOCOL_MISMATCH)
          .detail("connection reset by peer before a complete " + what)
          .fact(Evidence.BANNER, Wire.latin1(s.counter.firstBytes()))
          .build();
    }
    if (e instanceof SocketException
        && String.valueOf(e.getMessage()).toLowerCase(Locale.ROOT).contains("broken pipe")) {
      return s.result(ProbeStatus.PROTOCOL_MISMATCH)
          .detail("peer closed the connection before a complete " + what)
          .build();
    }
    return s.result(ProbeStatus.ERROR).detail("I/O failure during the " + what + ": " + e).build();
  }

  static boolean hasCause(Throwable t, Class<? extends Throwable> type) {
    for (Throwable c = t; c != null; c = c.getCause()) {
      if (type.isInstance(c)) {
        return true;
      }
    }
    return false;
  }

  static void closeQuietly(java.io.Closeable c) {
    try {
      c.close();
    } catch (IOException e) {
      // The verdict is made; a failure to close the probe's own socket changes nothing.
    }
  }
}
