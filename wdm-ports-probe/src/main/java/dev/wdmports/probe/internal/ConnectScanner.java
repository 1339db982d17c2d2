package dev.wdmports.probe.internal;

import dev.wdmports.probe.ProbeStatus;
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
import java.util.Iterator;
import java.util.Locale;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Semaphore;

/**
 * Plain TCP connects without a thread per connect: non-blocking channels on one {@link Selector},
 * with up to {@code maxInFlight} connects outstanding. This is what makes a 65,535-port sweep fast:
 * refused and open ports on a LAN answer in microseconds, and filtered ports wait out their
 * deadline together instead of each holding a thread.
 *
 * <p>One thread runs the selector; {@link #submit} blocks while {@code maxInFlight} connects are
 * outstanding, so neither sockets nor the submission queue grow without bound.
 */
public final class ConnectScanner {
  /** Receives each verdict, on the scanner thread. */
  @FunctionalInterface
  public interface Callback {
    /**
     * One connect is decided.
     *
     * @param index the index given to {@link #submit}
     * @param status OPEN, REFUSED, FILTERED, UNREACHABLE or ERROR
     * @param detail a sentence
     * @param connectNanos how long the attempt took
     */
    void done(int index, ProbeStatus status, String detail, long connectNanos);
  }

  private static final class Pending {
    final int index;
    final InetSocketAddress address;
    final long start;
    final long deadline;
    SocketChannel channel;
    boolean finished;

    Pending(int index, InetSocketAddress address, long start, long deadline) {
      this.index = index;
      this.address = address;
      this.start = start;
      this.deadline = deadline;
    }
  }

  private final Ticker ticker;
  private final Callback callback;
  private final Semaphore slots;
  private final Selector selector;
  private final Queue<Pending> submitted = new ConcurrentLinkedQueue<>();
  private final ArrayDeque<Pending> byDeadline = new ArrayDeque<>();
  private final Thread thread;
  private volatile boolean closing;

  /** Set while the scanner thread may block in select, so submitters know to wake it. */
  private volatile boolean selecting;

  private volatile boolean cancelled;

  /** The scanner thread died of an unexpected failure; later submissions fail at once. */
  private volatile boolean dead;

  /**
   * Starts the scanner thread.
   *
   * @param maxInFlight the most connects outstanding at once
   * @param ticker the time source for deadlines
   * @param callback receives verdicts
   * @param threadName the name of the scanner thread
   * @throws IOException if no selector can be opened
   */
  public ConnectScanner(int maxInFlight, Ticker ticker, Callback callback, String threadName)
      throws IOException {
    this.ticker = ticker;
    this.callback = callback;
    this.slots = new Semaphore(maxInFlight);
    this.selector = Selector.open();
    this.thread = new Thread(this::loop, threadName);
    thread.setDaemon(true);
    thread.start();
  }

  /**
   * Queues a connect; blocks while the scanner is full.
   *
   * @param index passed back to the callback
   * @param address where to connect
   * @param start when the probe started, on the ticker
   * @param deadline when to give up, on the ticker
   * @throws InterruptedException if interrupted while waiting for a slot
   */
  public void submit(int index, InetSocketAddress address, long start, long deadline)
      throws InterruptedException {
    slots.acquire();
    Pending p = new Pending(index, address, start, deadline);
    if (dead) {
      finish(p, ProbeStatus.ERROR, "the connect scanner stopped after an internal failure");
      return;
    }
    submitted.add(p);
    if (dead && submitted.remove(p)) {
      // The thread died after the check above and will not drain the queue again.
      finish(p, ProbeStatus.ERROR, "the connect scanner stopped after an internal failure");
      return;
    }
    // One wakeup per submission would cost a syscall and a context switch per port.
    if (selecting) {
      selector.wakeup();
    }
  }

  /** Gives up every outstanding connect (reported as ERROR) and everything queued after. */
  public void cancel() {
    cancelled = true;
    selector.wakeup();
  }

  /**
   * Lets outstanding connects finish, then stops the thread and waits for it.
   *
   * @throws InterruptedException if interrupted while waiting
   */
  public void shutdown() throws InterruptedException {
    closing = true;
    selector.wakeup();
    thread.join();
  }

  private void loop() {
    try {
      while (true) {
        drainSubmitted();
        if (cancelled) {
          cancelAll();
        }
        if (closing && byDeadline.isEmpty() && submitted.isEmpty()) {
          return;
        }
        long wait = 100;
        Pending head = byDeadline.peekFirst();
        if (head != null) {
          wait = Math.max(1, (head.deadline - ticker.read() + 999_999) / 1_000_000);
          wait = Math.min(wait, 100);
        }
        selecting = true;
        if (submitted.isEmpty() && !closing && !cancelled) {
          selector.select(wait);
        } else {
          selector.selectNow();
        }
        selecting = false;
        Iterator<SelectionKey> it = selector.selectedKeys().iterator();
        while (it.hasNext()) {
          SelectionKey key = it.next();
          it.remove();
          Pending p = (Pending) key.attachment();
          try {
            if (p.channel.finishConnect()) {
              finish(p, ProbeStatus.OPEN, "connected");
            }
          } catch (IOException e) {
            fail(p, e);
          }
        }
        expire();
      }
    } catch (IOException | RuntimeException e) {
      dead = true;
      cancelled = true;
      cancelAll();
    } finally {
      try {
        selector.close();
      } catch (IOException e) {
        // Every channel is closed already; nothing holds the selector.
      }
    }
  }

  private void drainSubmitted() {
    Pending p;
    while ((p = submitted.poll()) != null) {
      if (cancelled) {
        finish(p, ProbeStatus.ERROR, "cancelled before connecting");
        continue;
      }
      try {
        // The address family of the target: an IPv4 socket skips the IPV6_V6ONLY setup a
        // dual-stack socket needs, one system call less per port.
        SocketChannel ch =
            SocketChannel.open(
                p.address.getAddress() instanceof Inet4Address
                    ? StandardProtocolFamily.INET
                    : StandardProtocolFamily.INET6);
        p.channel = ch;
        ch.configureBlocking(false);
        // On loopback and fast LANs the answer is often in before connect() returns: asking at
        // once saves registering with the selector (two epoll_ctl calls and a wakeup per port).
        if (ch.connect(p.address) || ch.finishConnect()) {
          finish(p, ProbeStatus.OPEN, "connected");
        } else {
          ch.register(selector, SelectionKey.OP_CONNECT, p);
          byDeadline.addLast(p);
        }
      } catch (IOException e) {
        fail(p, e);
      }
    }
  }

  private void expire() {
    long now = ticker.read();
    while (!byDeadline.isEmpty()) {
      Pending p = byDeadline.peekFirst();
      if (p.finished) {
        byDeadline.pollFirst();
      } else if (p.deadline - now <= 0) {
        byDeadline.pollFirst();
        finish(
            p,
            ProbeStatus.FILTERED,
            "no answer to the connection attempt within "
                + Math.max(0, (p.deadline - p.start) / 1_000_000)
                + "ms");
      } else {
        return;
      }
    }
  }

  private void cancelAll() {
    Pending p;
    while ((p = byDeadline.pollFirst()) != null) {
      if (!p.finished) {
        finish(p, ProbeStatus.ERROR, "cancelled while connecting");
      }
    }
    while ((p = submitted.poll()) != null) {
      finish(p, ProbeStatus.ERROR, "cancelled before connecting");
    }
  }

  private void fail(Pending p, IOException e) {
    String msg = String.valueOf(e.getMessage()).toLowerCase(Locale.ROOT);
    if (e instanceof NoRouteToHostException || msg.contains("unreachable")) {
      finish(p, ProbeStatus.UNREACHABLE, "no route to host: " + e.getMessage());
    } else if (e instanceof ConnectException) {
      finish(p, ProbeStatus.REFUSED, "connection refused");
    } else if (msg.contains("reset")) {
      // The handshake completed (something accepted), then the peer aborted at once.
      finish(p, ProbeStatus.OPEN, "connected, then reset by peer");
    } else {
      finish(p, ProbeStatus.ERROR, "connect failed: " + e);
    }
  }

  private void finish(Pending p, ProbeStatus status, String detail) {
    if (p.finished) {
      return;
    }
    p.finished = true;
    long took = Math.max(0, ticker.read() - p.start);
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
    slots.release();
    try {
      callback.done(p.index, status, detail, took);
    } catch (RuntimeException e) {
      // The engine's callback records results; it does not throw, and a bug there must not stop
      // the scanner from releasing the remaining connects.
    }
  }
}
