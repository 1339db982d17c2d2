package dev.wdmports.probe.internal;

import dev.wdmports.core.report.ProbeStatus;
import dev.wdmports.probe.ProbeResult;
import dev.wdmports.probe.spi.CheckContext;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.net.Inet4Address;
import java.net.InetSocketAddress;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.net.StandardProtocolFamily;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.SocketChannel;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Arrays;

/**
 * {@code http} probes without a thread per probe: non-blocking connect, request and read on one
 * {@link Selector}, with up to {@code maxInFlight} probes outstanding, in the manner of {@link
 * ConnectScanner}.
 *
 * <p>The verdict is the blocking {@link HttpChecker}'s: the bytes collected are parsed by {@link
 * HttpChecker#response} through a stream that replays the socket's history (the bytes, then EOF, a
 * reset, the deadline or the byte budget), and failures go through the same {@link
 * TcpHandshake#exchangeFailure} and {@link TcpHandshake#connectFailure}. The scanner reads in
 * 1,024-byte steps, as the checker's buffered stream does, and reads more only when the parser asks
 * for it, so even the bytes read match.
 */
public final class HttpScanner extends SelectorLoop<HttpScanner.Job> {
  /** One probe to make; its context holds the target, address, deadline and budget. */
  public record Job(int index, CheckContext ctx) {}

  /** Where the scanner takes its jobs from; called on the scanner thread only. */
  public interface Source {
    /**
     * Claims the next job.
     *
     * @return the job, {@link HttpScanner#WAIT} when none may start yet (rate limit), or null when
     *     there is no more work
     */
    Job next();
  }

  /** Returned by a {@link Source} when a job may not start yet. */
  public static final Job WAIT = new Job(-1, null);

  /** Receives each result, on the scanner thread. */
  @FunctionalInterface
  public interface Callback {
    /**
     * One probe is decided.
     *
     * @param job the job
     * @param result its result
     */
    void done(Job job, ProbeResult result);
  }

  /** The size of one read, as the blocking checker's buffered stream reads. */
  static final int STEP = 1024;

  /** Thrown by the replay stream when it needs what the socket has not told yet. */
  private static final class NeedMore extends IOException {
    private static final long serialVersionUID = 1L;
    final boolean availableOnly;

    NeedMore(boolean availableOnly) {
      this.availableOnly = availableOnly;
    }

    @Override
    public synchronized Throwable fillInStackTrace() {
      return this; // a signal, thrown often: no stack trace
    }
  }

  private static final NeedMore NEED_READ = new NeedMore(false);
  private static final NeedMore NEED_AVAILABLE = new NeedMore(true);

  private enum Phase {
    CONNECTING,
    WRITING,
    READING
  }

  /** One probe in flight, and the replay stream over what it read. */
  private static final class Pending extends InputStream implements TcpHandshake.Counter {
    final Job job;
    final CheckContext ctx;
    SocketChannel channel;
    SelectionKey key;
    Phase phase = Phase.CONNECTING;
    int connectMillis;
    long t0;
    long t1;
    ByteBuffer request;
    ProbeResult.Builder done;
    boolean finished;
    // What was read, and how it ended: null while the socket may give more.
    byte[] buf = new byte[STEP];
    int count;
    IOException end;
    boolean eof;
    boolean idle; // the socket had nothing more when last asked
    boolean beyondBudget; // the socket had more than the budget allows
    int pos;

    Pending(Job job) {
      this.job = job;
      this.ctx = job.ctx();
    }

    @Override
    public long bytesRead() {
      return count;
    }

    @Override
    public byte[] firstBytes() {
      return Arrays.copyOf(buf, Math.min(count, ProbeSocket.FIRST_BYTES));
    }

    @Override
    public int read() throws IOException {
      if (pos < count) {
        return buf[pos++] & 0xff;
      }
      if (eof) {
        return -1;
      }
      if (end != null) {
        throw end;
      }
      if (beyondBudget || count >= ctx.maxBytes()) {
        throw new ProbeSocket.BudgetExceededException(
            "peer sent more than the " + ctx.maxBytes() + "-byte read budget");
      }
      throw NEED_READ;
    }

    @Override
    public int available() throws IOException {
      if (pos < count) {
        return count - pos;
      }
      if (eof || end != null || idle) {
        return 0;
      }
      if (beyondBudget) {
        return 1;
      }
      throw NEED_AVAILABLE;
    }
  }

  private final HttpChecker checker;
  private final Callback callback;
  private final ByteBuffer readBuffer = ByteBuffer.allocateDirect(STEP);
  private final ArrayDeque<Pending> byDeadline = new ArrayDeque<>();

  /**
   * Sets up the scanner; {@link #start()} starts its thread.
   *
   * @param maxInFlight the most probes outstanding at once
   * @param checker the checker whose classification the scanner applies
   * @param callback receives results
   * @param source gives the jobs
   * @param threadName the name of the scanner thread
   * @throws IOException if no selector can be opened
   */
  public HttpScanner(
      int maxInFlight, HttpChecker checker, Callback callback, Source source, String threadName)
      throws IOException {
    super(maxInFlight, source::next, WAIT, threadName);
    this.checker = checker;
    this.callback = callback;
  }

  @Override
  long nanosToFirstDeadline() {
    Pending head = byDeadline.peekFirst();
    return head == null ? Long.MAX_VALUE : head.ctx.deadlineNanos() - head.ctx.ticker().read();
  }

  @Override
  void open(Job job) {
    Pending p = new Pending(job);
    CheckContext ctx = p.ctx;
    started();
    byDeadline.addLast(p);
    int ms = ctx.remainingMillis();
    if (ms <= 0) {
      finish(
          p,
          ctx.result(ProbeStatus.ERROR)
              .detail(
                  "no time left to connect: the probe started "
                      + ctx.elapsed().toMillis()
                      + "ms ago; raise the timeout or lower the concurrency")
              .build());
      return;
    }
    p.connectMillis = ms;
    try {
      InetSocketAddress a = ctx.address();
      SocketChannel ch =
          SocketChannel.open(
              a.getAddress() instanceof Inet4Address
                  ? StandardProtocolFamily.INET
                  : StandardProtocolFamily.INET6);
      p.channel = ch;
      ch.configureBlocking(false);
      p.t0 = ctx.ticker().read();
      try {
        if (ch.connect(a) || ch.finishConnect()) {
          connected(p);
        } else {
          p.key = ch.register(selector, SelectionKey.OP_CONNECT, p);
        }
      } catch (IOException e) {
        connectFailed(p, e);
      }
    } catch (IOException e) {
      finish(p, ctx.result(ProbeStatus.ERROR).detail("local I/O failure: " + e).build());
    }
  }

  private void connectFailed(Pending p, IOException e) {
    finish(p, checker.connectFailure(p.ctx, e, p.ctx.ticker().read() - p.t0, p.connectMillis));
  }

  @Override
  void ready(Object attachment) {
    Pending p = (Pending) attachment;
    if (p.finished) {
      return;
    }
    switch (p.phase) {
      case CONNECTING -> {
        try {
          if (p.channel.finishConnect()) {
            connected(p);
          }
        } catch (IOException e) {
          connectFailed(p, e);
        }
      }
      case WRITING -> write(p);
      case READING -> readable(p);
    }
  }

  private void connected(Pending p) throws IOException {
    p.t1 = p.ctx.ticker().read();
    InetSocketAddress a = p.ctx.address();
    if (ConnectScanner.isSelfConnection(p.channel.getLocalAddress(), a)) {
      finish(
          p,
          p.ctx
              .result(ProbeStatus.REFUSED)
              .connectTime(Duration.ofNanos(p.t1 - p.t0))
              .detail(ConnectScanner.selfConnectionDetail(a))
              .build());
      return;
    }
    p.phase = Phase.WRITING;
    // The blocking checker starts its result (and so its latency) before it sends the request.
    p.done = session(p).result(ProbeStatus.OPEN);
    p.request = ByteBuffer.wrap(HttpChecker.request(p.ctx.target(), 80));
    write(p);
  }

  private TcpHandshake.Session session(Pending p) {
    return new TcpHandshake.Session(p.ctx, p, p, p.t1 - p.t0, p.t1);
  }

  private void write(Pending p) {
    try {
      p.channel.write(p.request);
    } catch (IOException e) {
      p.end = asSocketException(e);
      decide(p);
      return;
    }
    try {
      if (p.request.hasRemaining()) {
        interest(p, SelectionKey.OP_WRITE);
      } else {
        p.request = null;
        p.phase = Phase.READING;
        interest(p, SelectionKey.OP_READ);
      }
    } catch (IOException e) {
      finish(p, session(p).result(ProbeStatus.ERROR).detail("local I/O failure: " + e).build());
    }
  }

  private void interest(Pending p, int ops) throws IOException {
    if (p.key == null) {
      p.key = p.channel.register(selector, ops, p);
    } else {
      p.key.interestOps(ops);
    }
  }

  /** Reads one step (when the parser asked for it) and lets the parser decide again. */
  private void readable(Pending p) {
    if (readStep(p)) {
      decide(p);
    }
  }

  /**
   * Reads at most one step, as the checker's stream would.
   *
   * @return true when the parser has something new to look at
   */
  private boolean readStep(Pending p) {
    if (p.ctx.remainingNanos() <= 0) {
      p.end = new ProbeSocket.DeadlineExceededException("deadline passed");
      return true;
    }
    long left = (long) p.ctx.maxBytes() - p.count;
    try {
      ByteBuffer b = readBuffer;
      b.clear();
      if (left <= 0) {
        // Over budget: the blocking checker would ask the socket whether more is waiting.
        b.limit(1);
        int n = p.channel.read(b);
        if (n > 0) {
          p.beyondBudget = true;
        } else if (n < 0) {
          p.eof = true;
        } else {
          p.idle = true;
        }
        return true;
      }
      b.limit((int) Math.min(STEP, left));
      int n = p.channel.read(b);
      if (n > 0) {
        if (p.count + n > p.buf.length) {
          p.buf = Arrays.copyOf(p.buf, Math.max(p.buf.length * 2, p.count + n));
        }
        b.flip();
        b.get(p.buf, p.count, n);
        p.count += n;
        p.idle = false;
        return true;
      }
      if (n < 0) {
        p.eof = true;
        return true;
      }
      p.idle = true;
      return false;
    } catch (IOException e) {
      p.end = asSocketException(e);
      return true;
    }
  }

  /** Replays what was read through the checker's parser; reads more when it asks. */
  private void decide(Pending p) {
    while (true) {
      TcpHandshake.Session s = session(p);
      ProbeResult r;
      try {
        p.pos = 0;
        r = HttpChecker.response(s, p, p.done);
      } catch (NeedMore more) {
        if (more.availableOnly) {
          // The parser asks whether more is waiting: ask the socket now; nothing means idle.
          readStep(p);
          continue;
        }
        if (readStep(p)) {
          continue;
        }
        return; // wait for the selector
      } catch (IOException e) {
        r = checker.exchangeFailure(s, e);
      } catch (RuntimeException e) {
        r =
            s.result(ProbeStatus.ERROR)
                .detail("I/O failure during the HTTP status line: " + e)
                .build();
      }
      finish(p, r);
      return;
    }
  }

  private static IOException asSocketException(IOException e) {
    if (e instanceof SocketException || e instanceof EOFException) {
      return e;
    }
    // The socket streams report channel errors as SocketException, and the checker's
    // classification (reset, broken pipe) looks for that type.
    SocketException s = new SocketException(e.getMessage());
    s.initCause(e);
    return s;
  }

  @Override
  void expire() {
    long now = Long.MIN_VALUE;
    while (!byDeadline.isEmpty()) {
      Pending p = byDeadline.peekFirst();
      if (p.finished) {
        byDeadline.pollFirst();
        continue;
      }
      if (now == Long.MIN_VALUE) {
        now = p.ctx.ticker().read();
      }
      if (p.ctx.deadlineNanos() - now > 0) {
        return;
      }
      byDeadline.pollFirst();
      if (p.phase == Phase.CONNECTING) {
        connectFailed(p, new SocketTimeoutException("connect timed out"));
      } else {
        p.end = new ProbeSocket.DeadlineExceededException("deadline passed");
        decide(p);
        if (!p.finished) {
          finish(p, checker.exchangeFailure(session(p), p.end));
        }
      }
    }
  }

  @Override
  void cancelAll() {
    Pending p;
    while ((p = byDeadline.pollFirst()) != null) {
      if (p.finished) {
        continue;
      }
      p.ctx.cancel();
      if (p.phase == Phase.CONNECTING) {
        connectFailed(p, new SocketException("Socket closed"));
      } else {
        finish(p, checker.exchangeFailure(session(p), new SocketException("Socket closed")));
      }
    }
  }

  private void finish(Pending p, ProbeResult r) {
    if (p.finished) {
      return;
    }
    p.finished = true;
    ended();
    if (p.channel != null) {
      try {
        p.channel.close();
      } catch (IOException e) {
        // The verdict is made; closing our own channel cannot change it.
      }
    }
    p.buf = null;
    p.request = null;
    p.done = null;
    p.key = null;
    try {
      callback.done(p.job, r);
    } catch (RuntimeException e) {
      // The engine's callback records results; a bug there must not stop the scanner.
    }
  }
}
