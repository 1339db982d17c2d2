package dev.wdmports.peers;

import com.sun.net.httpserver.HttpServer;
import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import org.jspecify.annotations.Nullable;

/**
 * One running peer of {@link LocalPeers}: a kind, a loopback address and a {@link Behavior} that
 * can change while it runs.
 *
 * <pre>{@code
 * LocalPeer ftp = peers.peer(PeerKind.FTP);
 * ftp.refuse(); // connections to ftp.port() are now refused
 * ftp.serve();  // and served again
 * }</pre>
 *
 * <p>Thread-safe; {@link LocalPeers#close()} stops it.
 *
 * @since 0.1.0
 */
public final class LocalPeer {
  /**
   * What a peer does with connections.
   *
   * @since 0.1.0
   */
  public enum Behavior {
    /** Accepts and speaks its protocol. */
    SERVE,
    /** Nothing listens on the port: connections are refused (TCP RST). */
    REFUSE,
    /** The port listens but never accepts and its backlog is full: new connections time out. */
    FILTER
  }

  private final PeerKind kind;
  private final SelfSignedCertificate cert;
  private final int port;
  private final ExecutorService pool;
  private final Set<Socket> open = ConcurrentHashMap.newKeySet();
  private final List<Socket> fillers = new ArrayList<>();
  private volatile Behavior behavior = Behavior.SERVE;
  // Set while serving: null before start and after stop.
  private @Nullable HttpServer http;
  private @Nullable ServerSocket server;
  private @Nullable Future<?> acceptor;

  LocalPeer(PeerKind kind, SelfSignedCertificate cert) {
    this.kind = kind;
    this.cert = cert;
    AtomicInteger n = new AtomicInteger();
    this.pool =
        Executors.newCachedThreadPool(
            r -> {
              Thread t =
                  new Thread(
                      r,
                      "wdm-ports-peer-"
                          + kind.name().toLowerCase(Locale.ROOT)
                          + "-"
                          + n.incrementAndGet());
              t.setDaemon(true);
              return t;
            });
    try {
      this.port = listen(0);
    } catch (IOException e) {
      pool.shutdownNow();
      throw new UncheckedIOException("cannot start the " + kind + " peer on 127.0.0.1", e);
    }
  }

  /**
   * Returns the kind.
   *
   * @return what the peer speaks
   */
  public PeerKind kind() {
    return kind;
  }

  /**
   * Returns the host to connect to.
   *
   * @return {@code 127.0.0.1}
   */
  public String host() {
    return "127.0.0.1";
  }

  /**
   * Returns the port; it stays the same when the behaviour changes.
   *
   * @return the port
   */
  public int port() {
    return port;
  }

  /**
   * Returns the socket address.
   *
   * @return {@code 127.0.0.1:port}
   */
  public InetSocketAddress endpoint() {
    return new InetSocketAddress(InetAddress.getLoopbackAddress(), port);
  }

  /**
   * Returns the current behaviour.
   *
   * @return what the peer does with connections now
   */
  public Behavior behavior() {
    return behavior;
  }

  /** Speaks the protocol again (the default). */
  public synchronized void serve() {
    switchTo(Behavior.SERVE);
  }

  /** Closes the port, so connections are refused. */
  public synchronized void refuse() {
    switchTo(Behavior.REFUSE);
  }

  /**
   * Keeps the port bound but stops accepting and fills its backlog, so new connections get no
   * answer and time out, as behind a firewall that drops packets. Linux drops a SYN when the accept
   * queue is full.
   */
  public synchronized void filter() {
    switchTo(Behavior.FILTER);
  }

  private void switchTo(Behavior next) {
    if (next == behavior) {
      return;
    }
    stopListening();
    behavior = next;
    try {
      if (next == Behavior.SERVE) {
        listen(port);
      } else if (next == Behavior.FILTER) {
        server = new ServerSocket();
        server.setReuseAddress(true);
        server.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 1);
        // Fill the accept queue (backlog + 1 on Linux) with connections nobody accepts.
        for (int i = 0; i < 3; i++) {
          Socket s = new Socket();
          try {
            s.connect(endpoint(), 200);
            fillers.add(s);
          } catch (SocketTimeoutException full) {
            s.close();
            break;
          }
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot switch the " + kind + " peer to " + next, e);
    }
  }

  private int listen(int wanted) throws IOException {
    InetSocketAddress at = new InetSocketAddress(InetAddress.getLoopbackAddress(), wanted);
    return switch (kind) {
      case HTTP -> {
        http = HttpServer.create(at, 64);
        http.createContext("/", LocalPeer::answerHttp);
        http.setExecutor(pool);
        http.start();
        yield http.getAddress().getPort();
      }
      case HTTPS -> {
        HttpsServer s = HttpsServer.create(at, 64);
        s.setHttpsConfigurator(new HttpsConfigurator(cert.serverContext()));
        s.createContext("/", LocalPeer::answerHttp);
        s.setExecutor(pool);
        s.start();
        http = s;
        yield s.getAddress().getPort();
      }
      case FTP, VNC -> {
        ServerSocket ss = new ServerSocket();
        ss.setReuseAddress(true);
        ss.bind(at, 64);
        server = ss;
        acceptor = pool.submit(() -> acceptLoop(ss));
        yield ss.getLocalPort();
      }
    };
  }

  private void acceptLoop(ServerSocket ss) {
    while (!ss.isClosed()) {
      Socket s;
      try {
        s = ss.accept();
      } catch (IOException e) {
        return;
      }
      if (ss.isClosed()) {
        closeQuietly(s); // came in while the port was closing: not ours to serve
        return;
      }
      open.add(s);
      pool.execute(
          () -> {
            try (s) {
              s.setSoTimeout(10_000);
              if (kind == PeerKind.FTP) {
                speakFtp(s);
              } else {
                speakVnc(s);
              }
            } catch (IOException e) {
              // the client went away
            } finally {
              open.remove(s);
            }
          });
    }
  }

  private void stopListening() {
    if (http != null) {
      http.stop(0);
      http = null;
    }
    if (server != null) {
      try {
        server.close();
      } catch (IOException e) {
        // closing anyway
      }
      server = null;
      // A thread blocked in accept() keeps the listening socket alive in the kernel until it
      // returns, and until then a new connection is still accepted: refuse() must not return
      // before the port really refuses.
      if (acceptor != null) {
        awaitQuietly(acceptor); // a filtering port has no accept loop
        acceptor = null;
      }
    }
    for (Socket s : fillers) {
      closeQuietly(s);
    }
    fillers.clear();
    for (Socket s : open) {
      closeQuietly(s);
    }
  }

  private static void awaitQuietly(Future<?> task) {
    try {
      task.get(5, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } catch (ExecutionException | TimeoutException e) {
      // The accept loop ends on the closed socket; nothing else to wait for.
    }
  }

  synchronized void close() {
    stopListening();
    pool.shutdownNow();
    try {
      pool.awaitTermination(5, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  @Override
  public String toString() {
    return kind + " peer at 127.0.0.1:" + port + " (" + behavior + ")";
  }

  private static void closeQuietly(Socket s) {
    try {
      s.close();
    } catch (IOException e) {
      // closing anyway
    }
  }

  private static void answerHttp(com.sun.net.httpserver.HttpExchange ex) throws IOException {
    try (ex) {
      ex.getRequestBody().readAllBytes();
      byte[] body = "wdm-ports local peer\n".getBytes(StandardCharsets.US_ASCII);
      ex.getResponseHeaders().set("Content-Type", "text/plain");
      ex.sendResponseHeaders(200, body.length);
      ex.getResponseBody().write(body);
    }
  }

  private static void speakFtp(Socket s) throws IOException {
    OutputStream out = s.getOutputStream();
    write(out, "220 wdm-ports local FTP peer ready\r\n");
    InputStream in = s.getInputStream();
    StringBuilder line = new StringBuilder();
    int c;
    // Bounded: a command line longer than 512 bytes is answered 500 and dropped.
    while ((c = in.read()) >= 0) {
      if (c == '\n') {
        String cmd = line.toString().trim().toUpperCase(Locale.ROOT);
        line.setLength(0);
        if (cmd.startsWith("QUIT")) {
          write(out, "221 Goodbye\r\n");
          return;
        }
        write(out, cmd.startsWith("NOOP") ? "200 OK\r\n" : "530 Not logged in\r\n");
      } else if (line.length() < 512) {
        line.append((char) c);
      } else {
        write(out, "500 Line too long\r\n");
        return;
      }
    }
  }

  private static void speakVnc(Socket s) throws IOException {
    OutputStream out = s.getOutputStream();
    write(out, "RFB 003.008\n");
    byte[] version = s.getInputStream().readNBytes(12);
    if (version.length == 12) {
      // One security type: None (1). The client may go on or hang up; either is fine.
      out.write(new byte[] {1, 1});
      out.flush();
      s.getInputStream().read();
    }
  }

  private static void write(OutputStream out, String text) throws IOException {
    out.write(text.getBytes(StandardCharsets.US_ASCII));
    out.flush();
  }
}
