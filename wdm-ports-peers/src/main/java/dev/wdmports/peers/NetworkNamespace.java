package dev.wdmports.peers;

import static java.util.Objects.requireNonNull;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A network namespace joined to this one by a veth pair, for what loopback cannot show: a firewall
 * inside the namespace that drops packets (a connection attempt that gets no answer) or rejects
 * them with an ICMP error. Root only; {@link #unavailable()} says why it cannot be made here.
 *
 * <pre>{@code
 * assumeTrue(NetworkNamespace.unavailable().isEmpty(), NetworkNamespace.unavailable().orElse(""));
 * try (NetworkNamespace ns = NetworkNamespace.create("filter")) {
 *   ns.iptables("-A", "INPUT", "-p", "tcp", "--dport", "81", "-j", "DROP");
 *   prober.probe(ProbeTarget.of(ns.address(), 81, "tcp"));   // FILTERED
 * }
 * }</pre>
 *
 * <p>The link is a /30 in 10.200.0.0/16 that no interface of this host has yet: {@link
 * #hostAddress()} on this side, {@link #address()} inside, with loopback up in the namespace. Only
 * those addresses are touched. {@link #close()} deletes the namespace and both ends of the pair.
 * Names carry this JVM's PID, so concurrent test JVMs do not collide. Thread-safe.
 *
 * @since 0.1.0
 */
public final class NetworkNamespace implements AutoCloseable {
  private static final AtomicInteger SEQUENCE = new AtomicInteger();
  private static final long PID = ProcessHandle.current().pid();

  private final String name;
  private final String hostInterface;
  private final String hostAddress;
  private final String address;
  private boolean closed;

  private NetworkNamespace(String name, String hostInterface, String hostAddress, String address) {
    this.name = name;
    this.hostInterface = hostInterface;
    this.hostAddress = hostAddress;
    this.address = address;
  }

  /**
   * Tells why a namespace cannot be made here, if it cannot: not root, or {@code ip} or {@code
   * iptables} not installed.
   *
   * @return the reason, with the fix; empty when {@link #create} can be tried
   */
  public static Optional<String> unavailable() {
    if (!"root".equals(System.getProperty("user.name"))) {
      return Optional.of("network namespaces need root: run the tests as root");
    }
    for (String tool : List.of("ip", "iptables")) {
      if (which(tool).isEmpty()) {
        return Optional.of(tool + " is not installed: apt-get install iproute2 iptables");
      }
    }
    return Optional.empty();
  }

  /**
   * Creates a namespace named {@code wp-PID-TAG-N} and joins it to this one.
   *
   * @param tag a few letters or digits that say what the namespace is for
   * @return the namespace; close it when done
   * @throws IllegalArgumentException if the tag is not 1 to 8 letters or digits
   * @throws UncheckedIOException if a command fails (what is made so far is removed)
   */
  public static NetworkNamespace create(String tag) {
    requireNonNull(tag, "tag");
    if (!tag.matches("[A-Za-z0-9]{1,8}")) {
      throw new IllegalArgumentException(
          "namespace tag \"" + tag + "\" is not 1 to 8 letters or digits: use e.g. \"filter\"");
    }
    int n = SEQUENCE.incrementAndGet();
    String name = "wp-" + PID + "-" + tag + "-" + n;
    // Interface names have at most 15 characters.
    String stem = "wp" + (PID % 100_000) + "x" + (n % 100);
    String hostIf = stem + "h";
    String nsIf = stem + "n";
    String used = run("ip", "-4", "addr");
    int block = (int) ((PID * 131 + n * 7919L) % 16_384);
    while (used.contains(" " + quad(block, 1) + "/") || used.contains(" " + quad(block, 2) + "/")) {
      block = (block + 1) % 16_384;
    }
    String hostAddress = quad(block, 1);
    String address = quad(block, 2);
    run("ip", "netns", "add", name);
    NetworkNamespace ns = new NetworkNamespace(name, hostIf, hostAddress, address);
    try {
      run("ip", "link", "add", hostIf, "type", "veth", "peer", "name", nsIf);
      run("ip", "link", "set", nsIf, "netns", name);
      run("ip", "addr", "add", hostAddress + "/30", "dev", hostIf);
      run("ip", "link", "set", hostIf, "up");
      run("ip", "-n", name, "addr", "add", address + "/30", "dev", nsIf);
      run("ip", "-n", name, "link", "set", nsIf, "up");
      run("ip", "-n", name, "link", "set", "lo", "up");
    } catch (RuntimeException e) {
      ns.close();
      throw e;
    }
    return ns;
  }

  /** The address of host {@code h} (1 or 2) of /30 block {@code block} of 10.200.0.0/16. */
  private static String quad(int block, int h) {
    return "10.200." + (block >> 6) + "." + ((block & 63) * 4 + h);
  }

  /**
   * Returns the namespace's name, for {@code ip netns exec}.
   *
   * @return e.g. {@code wp-4242-filter-1}
   */
  public String name() {
    return name;
  }

  /**
   * Returns the address inside the namespace: the one to probe.
   *
   * @return a 10.200.x.y address
   */
  public String address() {
    return address;
  }

  /**
   * Returns this side's address on the link.
   *
   * @return a 10.200.x.y address
   */
  public String hostAddress() {
    return hostAddress;
  }

  /**
   * Runs {@code iptables} inside the namespace, e.g. {@code iptables("-A", "INPUT", "-p", "tcp",
   * "--dport", "81", "-j", "DROP")}.
   *
   * @param arguments iptables' arguments
   * @return this namespace
   * @throws UncheckedIOException if iptables fails, with its output
   */
  public NetworkNamespace iptables(String... arguments) {
    List<String> cmd = new ArrayList<>(List.of("ip", "netns", "exec", name, "iptables"));
    cmd.addAll(List.of(arguments));
    run(cmd.toArray(String[]::new));
    return this;
  }

  /**
   * Runs a command inside the namespace and waits for it (at most 20 s).
   *
   * @param command the program and its arguments
   * @return its output, standard error included
   * @throws UncheckedIOException if it fails or does not finish, with its output
   */
  public String exec(String... command) {
    List<String> cmd = new ArrayList<>(List.of("ip", "netns", "exec", name));
    cmd.addAll(List.of(command));
    return run(cmd.toArray(String[]::new));
  }

  /** Deletes the namespace and the veth pair. Idempotent. */
  @Override
  public synchronized void close() {
    if (closed) {
      return;
    }
    closed = true;
    try {
      run("ip", "netns", "del", name);
    } finally {
      // The host end goes with its peer; make sure.
      try {
        run("ip", "link", "del", hostInterface);
      } catch (UncheckedIOException alreadyGone) {
        // expected
      }
    }
  }

  @Override
  public String toString() {
    return "network namespace " + name + " at " + address + " (this side " + hostAddress + ")";
  }

  private static String run(String... command) {
    String line = String.join(" ", command);
    try {
      Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
      String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      if (!p.waitFor(20, TimeUnit.SECONDS)) {
        p.destroyForcibly();
        throw new UncheckedIOException(new IOException(line + " did not finish within 20 s"));
      }
      if (p.exitValue() != 0) {
        throw new UncheckedIOException(
            new IOException(line + " failed (exit " + p.exitValue() + "): " + out.strip()));
      }
      return out;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot run " + line + ": " + e.getMessage(), e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new UncheckedIOException(new IOException("interrupted while running " + line, e));
    }
  }

  private static Optional<Path> which(String name) {
    String path = System.getenv().getOrDefault("PATH", "") + ":/usr/sbin:/sbin:/usr/bin";
    for (String dir : path.split(":")) {
      if (!dir.isEmpty() && Files.isExecutable(Path.of(dir, name))) {
        return Optional.of(Path.of(dir, name));
      }
    }
    return Optional.empty();
  }
}
