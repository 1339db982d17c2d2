package dev.wdmports.cli;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.BufferedReader;
import java.io.File;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;

/**
 * A simulated fleet of devices (issue 11): a network namespace in which {@code ip route add local
 * 10.20.0.0/16 dev lo} makes every address of the network answer locally, one listener on port 80
 * plays the agents of all of them, and iptables rules inside the namespace play broken VLANs: by
 * default a quarter refused ({@value #REFUSED}, REJECT with a TCP reset) and a quarter dropped
 * ({@value #DROPPED}), the rest open. Only addresses inside the namespace are touched; {@link
 * #close()} kills what it started and deletes the namespace and its directory, also after a
 * failure. Root only: {@link Builder#start()} skips the test (an assumption) with the reason when
 * the fleet cannot run here.
 *
 * <pre>{@code
 * try (SimulatedFleet fleet = SimulatedFleet.builder().start()) {
 *   CliRun r = fleet.jar("probe", "10.20.0.0/16:80/tcp", "--timeout", "500ms", "--format", "json");
 * }
 * // A fleet for a preflight: a server inside the network, more listeners, more rules, files.
 * SimulatedFleet fleet = SimulatedFleet.builder()
 *     .listen("10.20.255.254", 443)
 *     .rule("-A", "INPUT", "-p", "tcp", "--syn", "-d", "10.20.32.0/20", "--dport", "80", "-j", "DROP")
 *     .file("deployment.yaml", "hosts: ...")
 *     .start();
 * }</pre>
 *
 * <p>Rules match only a connection's first packet ({@code --syn}), so that the answers of other
 * addresses of the network (which share the prefix as their source) never hit them.
 */
final class SimulatedFleet implements AutoCloseable {
  /** The network whose every address answers. */
  static final String NETWORK = "10.20.0.0/16";

  /** The default refused quarter. */
  static final String REFUSED = "10.20.64.0/18";

  /** The default dropped quarter. */
  static final String DROPPED = "10.20.128.0/18";

  /** The agents' port. */
  static final int AGENT_PORT = 80;

  static final String[] TOOLS = {"ip", "iptables", "python3"};

  private static final AtomicInteger COUNT = new AtomicInteger();

  /**
   * Listens on every ADDRESS:PORT argument and closes each connection it accepts at once: an epoll
   * loop that accepts until the queue is empty, with the largest backlog the namespace allows.
   */
  private static final String LISTENER =
      String.join(
          "\n",
          "import select, socket, sys",
          "ep = select.epoll()",
          "socks = {}",
          "for arg in sys.argv[1:]:",
          "    host, port = arg.rsplit(':', 1)",
          "    s = socket.socket(socket.AF_INET6 if ':' in host else socket.AF_INET)",
          "    s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)",
          "    s.bind((host, int(port)))",
          "    s.listen(65535)",
          "    s.setblocking(False)",
          "    socks[s.fileno()] = s",
          "    ep.register(s.fileno(), select.EPOLLIN)",
          "print('ready', flush=True)",
          "while True:",
          "    for fd, _ in ep.poll():",
          "        s = socks[fd]",
          "        while True:",
          "            try:",
          "                c, _ = s.accept()",
          "            except (BlockingIOError, InterruptedError):",
          "                break",
          "            except OSError:",
          "                break",
          "            c.close()");

  /** The namespace's life (creation, processes, clean-up) is a {@link NamespaceLab}'s. */
  private final NamespaceLab lab;

  private final String name;
  private final Path dir;
  private final List<Process> processes = new CopyOnWriteArrayList<>();

  private SimulatedFleet(NamespaceLab lab, String name, Path dir) {
    this.lab = lab;
    this.name = name;
    this.dir = dir;
  }

  /**
   * Starts a fleet configuration: {@value #NETWORK}, a listener on {@code 0.0.0.0:80}, {@value
   * #REFUSED} refused and {@value #DROPPED} dropped.
   */
  static Builder builder() {
    return new Builder();
  }

  /** Returns null when a fleet can run here, else why not (for a skip message). */
  static String unavailableReason() {
    String why = NamespaceLab.unavailableReason(TOOLS);
    return why == null ? null : "the simulated fleet cannot run: " + why;
  }

  /** The namespace's name, {@code wpxPIDfN-fleet} ({@link NamespaceLab} names it). */
  String name() {
    return name;
  }

  /** A directory of the fleet's own, deleted on close. */
  Path dir() {
    return dir;
  }

  /**
   * Writes a file into {@link #dir()}.
   *
   * @return its path
   */
  Path file(String fileName, String content) {
    try {
      return Files.writeString(dir.resolve(fileName), content);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /**
   * Runs a command inside the namespace and waits for it (at most {@code timeoutSeconds}).
   *
   * @return its exit status and output
   */
  CliRun exec(long timeoutSeconds, String... command) {
    List<String> cmd = new ArrayList<>(List.of("ip", "netns", "exec", name));
    cmd.addAll(List.of(command));
    return run(timeoutSeconds, cmd);
  }

  /** As {@link #exec(long, String...)} with a minute to finish. */
  CliRun exec(String... command) {
    return exec(60, command);
  }

  /** Runs the packaged CLI jar inside the namespace, as {@code ip netns exec NS java -jar ...}. */
  CliRun jar(String... args) {
    return exec(CliRun.jarCommand(args).toArray(String[]::new));
  }

  /**
   * Starts a long-running command inside the namespace (a server, say); it is killed on close.
   *
   * @return the process, its output and errors not read (redirect them in the command if needed)
   */
  Process spawn(String... command) {
    Path log = dir.resolve("spawn-" + processes.size() + ".out");
    Process p = lab.start(name, log, List.of(command));
    processes.add(p);
    return p;
  }

  /** Adds listeners on {@code ADDRESS:PORT} (or {@code 0.0.0.0:PORT}); returns once they listen. */
  void listen(String... addressPorts) {
    List<String> cmd =
        new ArrayList<>(List.of("ip", "netns", "exec", name, "python3", "-c", LISTENER));
    cmd.addAll(List.of(addressPorts));
    try {
      Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
      processes.add(p);
      BufferedReader r =
          new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8));
      String line = r.readLine();
      if (!"ready".equals(line)) {
        throw new IllegalStateException(
            "the fleet's listener on " + List.of(addressPorts) + " did not start: " + line);
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Runs {@code iptables ARGS} inside the namespace, e.g. {@code rule("-D", "INPUT", ...)}. */
  void iptables(String... args) {
    List<String> cmd = new ArrayList<>(List.of("iptables", "-w"));
    cmd.addAll(List.of(args));
    CliRun r = exec(30, cmd.toArray(String[]::new));
    if (r.exit() != 0) {
      throw new IllegalStateException("iptables " + String.join(" ", args) + " failed: " + r.err());
    }
  }

  /** Kills what the fleet started, deletes its namespace and directory. Idempotent. */
  @Override
  public void close() {
    for (Process p : processes) {
      p.descendants().forEach(ProcessHandle::destroyForcibly);
      p.destroyForcibly();
    }
    processes.clear();
    lab.close(); // whatever else runs inside, then the namespace
    deleteTree(dir);
  }

  private static void deleteTree(Path root) {
    if (!Files.exists(root)) {
      return;
    }
    try (Stream<Path> s = Files.walk(root)) {
      s.sorted(Comparator.reverseOrder()).map(Path::toFile).forEach(File::delete);
    } catch (IOException e) {
      // A temp directory left behind is no test failure.
    }
  }

  private static CliRun run(long timeoutSeconds, List<String> cmd) {
    try {
      Process p = new ProcessBuilder(cmd).start();
      p.getOutputStream().close();
      // Read both streams at once: a command that fills one pipe must not block on it.
      var err = new java.util.concurrent.CompletableFuture<byte[]>();
      Thread t =
          new Thread(
              () -> {
                try {
                  err.complete(p.getErrorStream().readAllBytes());
                } catch (IOException e) {
                  err.complete(new byte[0]);
                }
              });
      t.setDaemon(true);
      t.start();
      byte[] out = p.getInputStream().readAllBytes();
      if (!p.waitFor(timeoutSeconds, TimeUnit.SECONDS)) {
        p.descendants().forEach(ProcessHandle::destroyForcibly);
        p.destroyForcibly();
        throw new AssertionError(String.join(" ", cmd) + " did not finish in " + timeoutSeconds);
      }
      return new CliRun(
          p.exitValue(),
          new String(out, StandardCharsets.UTF_8),
          new String(err.join(), StandardCharsets.UTF_8));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  /** Configures a fleet. Not thread-safe. */
  static final class Builder {
    private String network = NETWORK;
    private final List<String> refused = new ArrayList<>(List.of(REFUSED));
    private final List<String> dropped = new ArrayList<>(List.of(DROPPED));
    private final List<String> listeners = new ArrayList<>(List.of("0.0.0.0:" + AGENT_PORT));
    private final List<List<String>> rules = new ArrayList<>();
    private final List<String[]> files = new ArrayList<>();

    private Builder() {}

    /** The network every address of which answers locally; {@value #NETWORK} by default. */
    Builder network(String cidr) {
      this.network = cidr;
      return this;
    }

    /** The prefixes whose connects are refused (replacing the default quarter); none for none. */
    Builder refused(String... prefixes) {
      refused.clear();
      refused.addAll(List.of(prefixes));
      return this;
    }

    /** The prefixes whose connects are dropped (replacing the default quarter); none for none. */
    Builder dropped(String... prefixes) {
      dropped.clear();
      dropped.addAll(List.of(prefixes));
      return this;
    }

    /** One more listener: {@code listen("10.20.255.254", 443)}; the agents' one stays. */
    Builder listen(String address, int port) {
      listeners.add(address + ":" + port);
      return this;
    }

    /** One more iptables rule, loaded after the refused and dropped ones: {@code -A INPUT ...}. */
    Builder rule(String... iptablesArgs) {
      rules.add(List.of(iptablesArgs));
      return this;
    }

    /** A file written into the fleet's directory before anything starts. */
    Builder file(String fileName, String content) {
      files.add(new String[] {fileName, content});
      return this;
    }

    /**
     * Creates the namespace, its route, rules, files and listeners.
     *
     * @return the running fleet
     * @throws org.opentest4j.TestAbortedException when the fleet cannot run here, with the reason
     */
    SimulatedFleet start() {
      String why = unavailableReason();
      assumeTrue(why == null, why);
      NamespaceLab lab = new NamespaceLab("f" + COUNT.incrementAndGet());
      String name;
      try {
        name = lab.namespace("fleet");
      } catch (RuntimeException e) {
        lab.close();
        assumeTrue(false, "cannot create a network namespace here: " + e.getMessage());
        throw e;
      }
      Path dir;
      try {
        dir = Files.createTempDirectory(name);
      } catch (IOException e) {
        lab.close();
        throw new UncheckedIOException(e);
      }
      SimulatedFleet fleet = new SimulatedFleet(lab, name, dir);
      boolean ok = false;
      try {
        must(fleet, "ip", "route", "add", "local", network, "dev", "lo");
        // Room for a whole /16 of connects at once in the listener's queues.
        must(fleet, "sysctl", "-q", "-w", "net.core.somaxconn=65535");
        must(fleet, "sysctl", "-q", "-w", "net.ipv4.tcp_max_syn_backlog=65536");
        for (String p : refused) {
          fleet.iptables(
              "-A",
              "INPUT",
              "-p",
              "tcp",
              "--syn",
              "-d",
              p,
              "-j",
              "REJECT",
              "--reject-with",
              "tcp-reset");
        }
        for (String p : dropped) {
          fleet.iptables("-A", "INPUT", "-p", "tcp", "--syn", "-d", p, "-j", "DROP");
        }
        for (List<String> r : rules) {
          fleet.iptables(r.toArray(String[]::new));
        }
        for (String[] f : files) {
          fleet.file(f[0], f[1]);
        }
        fleet.listen(listeners.toArray(String[]::new));
        ok = true;
        return fleet;
      } finally {
        if (!ok) {
          fleet.close();
        }
      }
    }

    private static void must(SimulatedFleet fleet, String... command) {
      CliRun r = fleet.exec(30, command);
      if (r.exit() != 0) {
        throw new IllegalStateException(
            String.join(" ", command) + " failed in " + fleet.name() + ": " + r.err());
      }
    }
  }
}
