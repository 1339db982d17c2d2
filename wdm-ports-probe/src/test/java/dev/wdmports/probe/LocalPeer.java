package dev.wdmports.probe;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BooleanSupplier;

/** A real server started as a child process on a free loopback port, stopped by its PID. */
final class LocalPeer implements AutoCloseable {
  final Process process;
  final Path log;
  final int port;

  private LocalPeer(Process process, Path log, int port) {
    this.process = process;
    this.log = log;
    this.port = port;
  }

  /** Finds an executable on the PATH or in the sbin directories. */
  static Optional<Path> which(String name) {
    String path = System.getenv().getOrDefault("PATH", "") + ":/usr/sbin:/sbin:/usr/bin";
    for (String dir : path.split(":")) {
      if (!dir.isEmpty()) {
        Path p = Path.of(dir, name);
        if (Files.isExecutable(p)) {
          return Optional.of(p);
        }
      }
    }
    return Optional.empty();
  }

  static int freeTcpPort() throws IOException {
    try (ServerSocket s = new ServerSocket()) {
      s.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
      return s.getLocalPort();
    }
  }

  static int freeUdpPort() throws IOException {
    try (java.net.DatagramSocket s =
        new java.net.DatagramSocket(0, InetAddress.getLoopbackAddress())) {
      return s.getLocalPort();
    }
  }

  static LocalPeer start(List<String> command, Path dir, int port) throws IOException {
    Path log = dir.resolve("peer.log");
    Process p =
        new ProcessBuilder(command)
            .directory(dir.toFile())
            .redirectErrorStream(true)
            .redirectOutput(log.toFile())
            .start();
    return new LocalPeer(p, log, port);
  }

  String output() {
    try {
      return Files.readString(log, StandardCharsets.ISO_8859_1);
    } catch (IOException e) {
      return "(no output: " + e + ")";
    }
  }

  /** Waits until the condition holds; fails with the peer's output if it dies or takes 15 s. */
  LocalPeer awaitReady(BooleanSupplier ready) {
    long end = System.nanoTime() + Duration.ofSeconds(15).toNanos();
    while (!ready.getAsBoolean()) {
      if (!process.isAlive()) {
        throw new AssertionError(
            "peer exited with " + process.exitValue() + " before it was ready:\n" + output());
      }
      if (System.nanoTime() - end > 0) {
        throw new AssertionError("peer not ready within 15s:\n" + output());
      }
      LockSupport.parkNanos(20_000_000);
    }
    return this;
  }

  /** Waits until the TCP port accepts connections. */
  LocalPeer awaitTcp() {
    return awaitReady(
        () -> {
          try (Socket s = new Socket()) {
            s.connect(new InetSocketAddress("127.0.0.1", port), 200);
            return true;
          } catch (IOException e) {
            return false;
          }
        });
  }

  @Override
  public void close() {
    process.destroy();
    try {
      if (!process.waitFor(10, TimeUnit.SECONDS)) {
        process.destroyForcibly();
        process.waitFor(10, TimeUnit.SECONDS);
      }
    } catch (InterruptedException e) {
      process.destroyForcibly();
      Thread.currentThread().interrupt();
    }
  }
}
