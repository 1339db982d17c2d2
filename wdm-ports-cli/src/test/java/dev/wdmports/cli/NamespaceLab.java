package dev.wdmports.cli;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/**
 * Network namespaces that a test creates, the processes it starts inside them, and veth pairs
 * between them with addresses that exist only inside them: nothing is added to the root namespace
 * (the veth ends are created in the namespaces themselves). {@link #close()} stops every process
 * started here, kills whatever else still runs in the namespaces, and deletes them, whatever the
 * test's outcome. Root only: see {@link #unavailableReason}.
 */
final class NamespaceLab implements AutoCloseable {
  private static final String GET =
      String.join(
          "\n",
          "import sys, urllib.request",
          "try:",
          "    with urllib.request.urlopen(sys.argv[1], timeout=5) as r:",
          "        sys.stdout.write(r.read().decode())",
          "except Exception as e:",
          "    sys.stderr.write(str(e))",
          "    sys.exit(1)");

  private final String prefix;
  private final List<String> namespaces = new ArrayList<>();
  private final List<Process> processes = new ArrayList<>();
  private int links;

  /**
   * Makes an empty lab.
   *
   * @param tag a short tag that keeps this lab's names apart from other labs' (a few letters)
   */
  NamespaceLab(String tag) {
    this.prefix = "wpx" + (ProcessHandle.current().pid() % 100_000) + tag;
  }

  /** Returns null when namespaces and the tools can be used here, else why not. */
  static String unavailableReason(String... tools) {
    if (!"root".equals(System.getProperty("user.name"))) {
      return "network namespaces need root; running as " + System.getProperty("user.name");
    }
    for (String tool : tools) {
      if (which(tool).isEmpty()) {
        return tool + " is not installed (CI installs it: see .ci/run)";
      }
    }
    String ns = "wpx" + ProcessHandle.current().pid() + "-can";
    try {
      run("ip", "netns", "add", ns);
      run("ip", "netns", "del", ns);
    } catch (RuntimeException e) {
      return "cannot create a network namespace here: " + e.getMessage();
    }
    return null;
  }

  static Optional<Path> which(String tool) {
    String path = System.getenv().getOrDefault("PATH", "") + ":/usr/sbin:/sbin:/usr/bin:/bin";
    for (String dir : path.split(File.pathSeparator)) {
      File f = new File(dir, tool);
      if (f.canExecute()) {
        return Optional.of(f.toPath());
      }
    }
    return Optional.empty();
  }

  /**
   * Creates a namespace with its loopback up (so all of 127.0.0.0/8 answers inside it).
   *
   * @param name a short name, unique in this lab
   * @return the namespace's full name
   */
  String namespace(String name) {
    String ns = prefix + "-" + name;
    run("ip", "netns", "add", ns);
    namespaces.add(ns);
    run("ip", "-n", ns, "link", "set", "lo", "up");
    return ns;
  }

  /**
   * Joins two namespaces of this lab by a veth pair, with an address on each end.
   *
   * @param a one namespace
   * @param addressA its end's address with prefix length, e.g. {@code 10.232.7.1/30}
   * @param b the other namespace
   * @param addressB its end's address with prefix length
   */
  void link(String a, String addressA, String b, String addressB) {
    links++;
    String endA = prefix.substring(3) + "l" + links + "a";
    String endB = prefix.substring(3) + "l" + links + "b";
    run("ip", "-n", a, "link", "add", endA, "type", "veth", "peer", "name", endB, "netns", b);
    run("ip", "-n", a, "addr", "add", addressA, "dev", endA);
    run("ip", "-n", b, "addr", "add", addressB, "dev", endB);
    run("ip", "-n", a, "link", "set", endA, "up");
    run("ip", "-n", b, "link", "set", endB, "up");
  }

  /**
   * Runs a command inside a namespace to its end.
   *
   * @return its standard output
   * @throws IllegalStateException if it fails, with its standard error
   */
  String exec(String ns, String... command) {
    List<String> cmd = new ArrayList<>(List.of("ip", "netns", "exec", ns));
    cmd.addAll(List.of(command));
    return run(cmd.toArray(String[]::new));
  }

  /**
   * Starts a long-running command inside a namespace; {@link #close()} stops it. {@code ip netns
   * exec} execs the command, so the process is the command itself.
   *
   * @param log where its standard output and error go
   */
  Process start(String ns, Path log, List<String> command) {
    List<String> cmd = new ArrayList<>(List.of("ip", "netns", "exec", ns));
    cmd.addAll(command);
    try {
      Process p =
          new ProcessBuilder(cmd)
              .redirectErrorStream(true)
              .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()))
              .start();
      processes.add(p);
      return p;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot start " + String.join(" ", cmd), e);
    }
  }

  /**
   * GETs a URL from inside a namespace (Python's urllib: nothing but python3 is needed there).
   *
   * @return the body, or empty when there is no answer or the status is not 2xx
   */
  Optional<String> get(String ns, String url) {
    try {
      Process p =
          new ProcessBuilder("ip", "netns", "exec", ns, "python3", "-c", GET, url)
              .redirectError(ProcessBuilder.Redirect.DISCARD)
              .start();
      p.getOutputStream().close();
      String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      if (!p.waitFor(20, TimeUnit.SECONDS)) {
        p.destroyForcibly();
        return Optional.empty();
      }
      return p.exitValue() == 0 ? Optional.of(out) : Optional.empty();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  /**
   * Polls until a condition holds, or fails with what was last seen.
   *
   * @param what what is awaited, for the failure message
   * @param deadline how long to wait at most: the test's bound, not an expected duration
   * @param condition checked every 250 ms; null while it does not hold, else the result
   * @param lastSeen what to report on failure (e.g. the last answer and the logs)
   */
  static <T> T await(
      String what, Duration deadline, Supplier<T> condition, Supplier<String> lastSeen)
      throws InterruptedException {
    long start = System.nanoTime();
    long until = start + deadline.toNanos();
    while (true) {
      T t = condition.get();
      if (t != null) {
        // How long each wait took, for the figures (the failsafe report keeps it).
        System.out.printf(
            "%s: %d ms%n", what, TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start));
        return t;
      }
      if (System.nanoTime() > until) {
        throw new AssertionError(
            "not within " + deadline.toSeconds() + " s: " + what + "\n" + lastSeen.get());
      }
      // A poll interval, not a timed assertion: the deadline above is what fails the test.
      Thread.sleep(250);
    }
  }

  static String run(String... command) {
    try {
      Process p = new ProcessBuilder(command).start();
      p.getOutputStream().close();
      String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      String err = new String(p.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
      if (!p.waitFor(30, TimeUnit.SECONDS)) {
        p.destroyForcibly();
        throw new IllegalStateException(String.join(" ", command) + " did not finish in 30 s");
      }
      if (p.exitValue() != 0) {
        throw new IllegalStateException(
            String.join(" ", command) + " failed (" + p.exitValue() + "): " + err.strip());
      }
      return out;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  private static void kill(ProcessHandle p) {
    p.destroyForcibly();
    try {
      p.onExit().get(10, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } catch (java.util.concurrent.ExecutionException | java.util.concurrent.TimeoutException e) {
      // reported by ip netns del below, if it matters
    }
  }

  @Override
  public void close() {
    long start = System.nanoTime();
    // SIGKILL, not SIGTERM: nothing of a test's processes needs keeping, and a Prometheus agent
    // asked to stop would spend up to its flush deadline (a minute) writing to a centre that is
    // stopping too.
    for (Process p : processes) {
      p.destroyForcibly();
    }
    for (Process p : processes) {
      try {
        p.waitFor(10, TimeUnit.SECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
    for (String ns : namespaces) {
      // Whatever the processes above left running inside (nginx's workers, say) was started by
      // this lab: nothing else runs in its namespaces.
      try {
        for (String pid : run("ip", "netns", "pids", ns).split("\\s+")) {
          if (!pid.isBlank()) {
            ProcessHandle.of(Long.parseLong(pid)).ifPresent(NamespaceLab::kill);
          }
        }
      } catch (RuntimeException e) {
        // the namespace is gone already
      }
      try {
        run("ip", "netns", "del", ns);
      } catch (RuntimeException e) {
        // the namespace is gone already
      }
    }
    System.out.printf(
        "lab %s closed: %d ms%n", prefix, TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start));
  }
}
