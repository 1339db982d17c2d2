package dev.wdmports.probe.internal;

import dev.wdmports.core.report.ProbeStatus;
import dev.wdmports.probe.spi.Ticker;
import java.io.IOException;
import java.net.ConnectException;
import java.net.Inet4Address;
import java.net.InetSocketAddress;
import java.net.NoRouteToHostException;
import java.net.StandardProtocolFamily;
import java.net.StandardSocketOptions;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.SocketChannel;
import java.util.ArrayDeque;
import java.util.Locale;

/**
 * Plain TCP connects without a thread per connect: non-blocking channels on one {@link Selector},
 * with up to {@code maxInFlight} connects outstanding. This is what makes a 65,535-port sweep fast:
 * refused and open ports on a LAN answer in microseconds, and filtered ports wait out their
 * deadline together instead of each holding a thread.
 *
 * <p>The scanner thread pulls its work from a {@link Source} as slots free up, so there is no queue
 * between the engine and the scanner and no hand-off (and no context switch) per port.
 */
public final class ConnectScanner extends SelectorLoop<ConnectScanner.Job> {
  /** One connect to make. */
  public record Job(int index, InetSocketAddress address, long start, long deadline) {}

  /** Where the scanner takes its jobs from; called on the scanner thread only. */
  public interface Source {
    /**
     * Claims the next job.
     *
     * @return the job, {@link ConnectScanner#WAIT} when none may start yet (rate limit), or null
     *     when there is no more work (all claimed, cancelled or past the overall deadline)
     */
    Job next();

    /**
     * Restarts the clock of a job that waited for a file descriptor, so that the wait is not
     * charged to the peer.
     *
     * @param job a job {@link #next()} gave
     * @return the job with a fresh start and deadline (by default the job as it is), or null when
     *     it may no longer start (cancelled, past the overall deadline): it is then not probed
     */
    default Job restart(Job job) {
      return job;
    }
  }

  /** Returned by a {@link Source} when a job may not start yet. */
  public static final Job WAIT = new Job(-1, new InetSocketAddress(0), 0, 0);

  /** Receives each verdict, on the scanner thread. */
  @FunctionalInterface
  public interface Callback {
    /**
     * One connect is decided.
     *
     * @param index the job's index
     * @param status OPEN, REFUSED, FILTERED, UNREACHABLE or ERROR
     * @param detail a sentence
     * @param connectNanos how long since the job's start
     * @param cancelled whether the scanner's cancellation decided it
     */
    void done(int index, ProbeStatus status, String detail, long connectNanos, boolean cancelled);
  }

  private static final class Pending {
    final Job job;
    SocketChannel channel;
    boolean registered;
    boolean finished;

    Pending(Job job) {
      this.job = job;
    }
  }

  private final Ticker ticker;
  private final Callback callback;
  private final Source source;
  private final ArrayDeque<Pending> byDeadline = new ArrayDeque<>();

  /** Whether a job waits for a file descriptor while none of this scanner's connects is out. */
  private boolean starving;

  /** Since when (on the ticker) {@link #starving}. */
  private long starvedSince;

  /**
   * Sets up the scanner; {@link #start()} starts its thread.
   *
   * @param maxInFlight the most connects outstanding at once
   * @param ticker the time source for deadlines
   * @param callback receives verdicts
   * @param source gives the jobs
   * @param threadName the name of the scanner thread
   * @throws IOException if no selector can be opened
   */
  public ConnectScanner(
      int maxInFlight, Ticker ticker, Callback callback, Source source, String threadName)
      throws IOException {
    super(maxInFlight, source::next, WAIT, threadName);
    this.ticker = ticker;
    this.callback = callback;
    this.source = source;
  }

  @Override
  long nanosToFirstDeadline() {
    Pending head = byDeadline.peekFirst();
    return head == null ? Long.MAX_VALUE : head.job.deadline() - ticker.read();
  }

  @Override
  void ready(Object attachment) {
    Pending p = (Pending) attachment;
    try {
      if (p.channel.finishConnect()) {
        connected(p);
      }
    } catch (IOException e) {
      fail(p, e);
    }
  }

  @Override
  void open(Job job) {
    Pending p = new Pending(job);
    try {
      SocketChannel ch;
      try {
        // The address family of the target: an IPv4 socket skips the IPV6_V6ONLY setup a
        // dual-stack socket needs, one system call less per port.
        ch =
            SocketChannel.open(
                job.address().getAddress() instanceof Inet4Address
                    ? StandardProtocolFamily.INET
                    : StandardProtocolFamily.INET6);
      } catch (IOException e) {
        if (isOutOfDescriptors(e) && mayWaitForDescriptor(job)) {
          // More connects outstanding than the process may have descriptors (ulimit -n): this
          // one starts when an outstanding one ends, with its clock restarted then.
          defer(job);
          return;
        }
        throw e;
      }
      starving = false;
      p.channel = ch;
      ch.configureBlocking(false);
      // On loopback and fast LANs the answer is often in before connect() returns: asking at
      // once saves registering with the selector (two epoll_ctl calls per port).
      if (ch.connect(job.address()) || ch.finishConnect()) {
        connected(p);
      } else {
        ch.register(selector, SelectionKey.OP_CONNECT, p);
        p.registered = true;
        byDeadline.addLast(p);
        started();
      }
    } catch (IOException e) {
      fail(p, e);
    } catch (RuntimeException e) {
      finish(p, ProbeStatus.ERROR, "connect failed: " + e);
    }
  }

  /**
   * Tells whether a job that found no file descriptor free may wait for one. While any of this
   * scanner's connects is outstanding it may: each ends by its deadline and frees its descriptor.
   * With none outstanding, the descriptors are held elsewhere in the process (another run of the
   * same sweep, whose connects also end by their deadlines, or something that keeps them): the job
   * waits twice its own timeout, one whole generation of those connects and a margin for a loaded
   * machine, then fails with an error that names the limit.
   */
  private boolean mayWaitForDescriptor(Job job) {
    if (inFlight() > 0) {
      starving = false;
      return true;
    }
    long now = ticker.read();
    if (!starving) {
      starving = true;
      starvedSince = now;
    }
    return now - starvedSince <= 2 * (job.deadline() - job.start());
  }

  /**
   * Tells whether opening a socket failed because the process has no file descriptor free.
   *
   * @param e the failure
   * @return true for EMFILE or ENFILE
   */
  static boolean isOutOfDescriptors(IOException e) {
    String msg = String.valueOf(e.getMessage());
    return msg.contains("Too many open files");
  }

  @Override
  Job retry(Job job) {
    return source.restart(job);
  }

  @Override
  void abandon(Job job) {
    finish(new Pending(job), ProbeStatus.ERROR, "cancelled while connecting", true);
  }

  private void connected(Pending p) throws IOException {
    if (isSelfConnection(p.channel.getLocalAddress(), p.job.address())) {
      finish(p, ProbeStatus.REFUSED, selfConnectionDetail(p.job.address()));
    } else {
      finish(p, ProbeStatus.OPEN, "connected");
    }
  }

  /**
   * Tells whether a connect met its own socket. Sweeping a host's own ephemeral ports, a connect
   * now and then gets the very port it was bound to as source, and TCP's simultaneous open
   * "succeeds" with nobody listening (a full loopback sweep hit one or two per run). The kernel
   * never hands out a port that a listener holds, so such a port has no listener: it is REFUSED.
   *
   * @param local the socket's local address
   * @param remote the address connected to
   * @return true for a connection to itself
   */
  public static boolean isSelfConnection(java.net.SocketAddress local, InetSocketAddress remote) {
    return local instanceof InetSocketAddress l
        && l.getPort() == remote.getPort()
        && l.getAddress() != null
        && l.getAddress().equals(remote.getAddress());
  }

  /** The detail of a result for a self-connection. */
  public static String selfConnectionDetail(InetSocketAddress remote) {
    return "connection refused (the connect met its own socket: port "
        + remote.getPort()
        + " was the probe's own source port, so nothing listens on it)";
  }

  @Override
  void expire() {
    long now = ticker.read();
    while (!byDeadline.isEmpty()) {
      Pending p = byDeadline.peekFirst();
      if (p.finished) {
        byDeadline.pollFirst();
      } else if (p.job.deadline() - now <= 0) {
        byDeadline.pollFirst();
        finish(
            p,
            ProbeStatus.FILTERED,
            "no answer to the connection attempt within "
                // Rounded up, as the blocking checkers' remaining milliseconds are.
                + Math.max(0, (p.job.deadline() - p.job.start() + 999_999) / 1_000_000)
                + "ms");
      } else {
        return;
      }
    }
  }

  @Override
  void cancelAll() {
    Pending p;
    while ((p = byDeadline.pollFirst()) != null) {
      finish(p, ProbeStatus.ERROR, "cancelled while connecting", true);
    }
  }

  private void fail(Pending p, IOException e) {
    if (e instanceof ConnectException && "Connection refused".equals(e.getMessage())) {
      finish(p, ProbeStatus.REFUSED, "connection refused"); // the common case of a sweep
      return;
    }
    String msg = String.valueOf(e.getMessage()).toLowerCase(Locale.ROOT);
    if (e instanceof NoRouteToHostException || msg.contains("unreachable")) {
      finish(p, ProbeStatus.UNREACHABLE, "no route to host: " + e.getMessage());
    } else if (e instanceof ConnectException) {
      finish(p, ProbeStatus.REFUSED, "connection refused");
    } else if (isOutOfDescriptors(e)) {
      finish(
          p,
          ProbeStatus.ERROR,
          "connect failed: no file descriptor free ("
              + e.getMessage()
              + "): raise the limit (ulimit -n) or lower the connects in flight");
    } else if (msg.contains("reset")) {
      // The handshake completed (something accepted), then the peer aborted at once.
      finish(p, ProbeStatus.OPEN, "connected, then reset by peer");
    } else {
      finish(p, ProbeStatus.ERROR, "connect failed: " + e);
    }
  }

  private void finish(Pending p, ProbeStatus status, String detail) {
    finish(p, status, detail, false);
  }

  private void finish(Pending p, ProbeStatus status, String detail, boolean cancelled) {
    if (p.finished) {
      return;
    }
    p.finished = true;
    if (p.registered) {
      ended();
    }
    long took = Math.max(0, ticker.read() - p.job.start());
    if (p.channel != null) {
      try {
        if (status == ProbeStatus.OPEN) {
          // Close with RST: a sweep must not leave TIME_WAIT sockets behind on open ports.
          p.channel.setOption(StandardSocketOptions.SO_LINGER, 0);
        }
        p.channel.close();
      } catch (IOException e) {
        // The verdict is made; closing our own channel cannot change it.
      }
    }
    try {
      callback.done(p.job.index(), status, detail, took, cancelled);
    } catch (RuntimeException e) {
      // The engine's callback records results; it does not throw, and a bug there must not stop
      // the scanner from deciding the remaining connects.
    }
  }
}
