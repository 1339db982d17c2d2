package dev.wdmports.probe;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocket;

/**
 * An in-process TCP server on 127.0.0.1 and an ephemeral port; each connection runs a handler on
 * its own thread (named {@code test-peer-...}, so leak checks can tell them from the prober's).
 */
final class TestServer implements AutoCloseable {
  /** What the server does with one accepted connection. */
  @FunctionalInterface
  interface Handler {
    void handle(Socket socket) throws Exception;
  }

  static final String THREAD_PREFIX = "test-peer-";

  private final ServerSocket server;
  private final ExecutorService pool;
  private final Set<Socket> open = ConcurrentHashMap.newKeySet();
  final AtomicInteger accepted = new AtomicInteger();

  private TestServer(String name, Handler handler) throws IOException {
    server = new ServerSocket();
    server.setReuseAddress(true);
    server.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 1024);
    AtomicInteger n = new AtomicInteger();
    pool =
        Executors.newCachedThreadPool(
            r -> {
              Thread t = new Thread(r, THREAD_PREFIX + name + "-" + n.incrementAndGet());
              t.setDaemon(true);
              return t;
            });
    pool.execute(
        () -> {
          while (!server.isClosed()) {
            Socket s;
            try {
              s = server.accept();
            } catch (IOException e) {
              return;
            }
            accepted.incrementAndGet();
            open.add(s);
            pool.execute(
                () -> {
                  try (s) {
                    handler.handle(s);
                  } catch (Exception e) {
                    // The client went away: expected for hostile behaviours.
                  } finally {
                    open.remove(s);
                  }
                });
          }
        });
  }

  /** Reads and discards everything until the client closes: a peer that never answers. */
  static void drain(Socket s) throws IOException {
    byte[] buf = new byte[4096];
    while (s.getInputStream().read(buf) >= 0) {
      // discard
    }
  }

  static TestServer start(String name, Handler handler) throws IOException {
    return new TestServer(name, handler);
  }

  int port() {
    return server.getLocalPort();
  }

  ProbeTarget target(String checker) {
    return ProbeTarget.of("127.0.0.1", port(), checker);
  }

  @Override
  public void close() throws IOException {
    server.close();
    for (Socket s : open) {
      s.close();
    }
    pool.shutdownNow();
    try {
      if (!pool.awaitTermination(10, TimeUnit.SECONDS)) {
        throw new IllegalStateException("test server threads did not stop");
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while stopping the test server", e);
    }
  }

  /** Wraps an accepted plain socket as the TLS server side and completes the handshake. */
  static SSLSocket acceptTls(SSLContext context, Socket plain) throws IOException {
    SSLSocket ssl = (SSLSocket) context.getSocketFactory().createSocket(plain, null, true);
    ssl.setUseClientMode(false);
    ssl.setSoTimeout(10_000);
    ssl.startHandshake();
    return ssl;
  }
}
