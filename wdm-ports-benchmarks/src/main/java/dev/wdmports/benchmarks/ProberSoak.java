package dev.wdmports.benchmarks;

import com.sun.management.GarbageCollectorMXBean;
import com.sun.management.GcInfo;
import dev.wdmports.core.report.ProbeStatus;
import dev.wdmports.probe.ProbeListener;
import dev.wdmports.probe.ProbeOptions;
import dev.wdmports.probe.ProbeResult;
import dev.wdmports.probe.ProbeTarget;
import dev.wdmports.probe.Prober;
import dev.wdmports.probe.TlsTrust;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.lang.management.MemoryUsage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.ToLongFunction;
import java.util.stream.Stream;

/**
 * The prober's soak (issue 12, item 3): probes a mix of peers back to back at full concurrency for
 * some minutes and prints, every window, probes per second, exact p50/p99 latency per status, the
 * heap (used, and after a collection), live threads and open descriptors; at the end a verdict,
 * FLAT or GROWING, and exit status 1 when GROWING. {@code bench/soak.sh prober} starts the peers in
 * a network namespace and runs this there.
 *
 * <pre>
 * java -cp wdm-ports-benchmarks/target/benchmarks.jar dev.wdmports.benchmarks.ProberSoak \
 *     --minutes 10 --ca-file ca.pem open-http=127.0.0.1:80/http refused=127.0.0.1:81/tcp
 * </pre>
 *
 * <p>Options: {@code --minutes M} (10), {@code --window-seconds S} (30), {@code --timeout DURATION}
 * (1s, per probe), {@code --concurrency N} ({@value Prober#DEFAULT_CONCURRENCY}), {@code
 * --parallel-runs N} (2: runs at once, each starting the next as soon as it ends, so that the tail
 * of one run never leaves the prober idle), {@code --repeat N} (8: each target this many times per
 * run), {@code --ca-file PEM} (trusted by every {@code https} target). Targets are {@code
 * LABEL=HOST:PORT/CHECKER}.
 *
 * <p>Threads and descriptors are sampled every {@value #SAMPLE_MILLIS} ms, since runs start and end
 * their threads all along; a window reports the least and the most it saw. The heap is sampled at
 * the window's end as is, then after a full collection ({@code System.gc()}, as {@code jcmd PID
 * GC.run} does), read from the collector's last-GC information.
 *
 * <p>Verdict: over the windows after the first (JIT and class loading; all of them when there are
 * three or fewer), the last third's maximum of threads (the most a window saw) may exceed the first
 * third's by at most {@value #THREAD_SLACK}, of descriptors by at most {@value #FD_SLACK}, and of
 * the heap after a collection by at most 20 % plus {@value #HEAP_SLACK_MB} MB; otherwise GROWING.
 */
public final class ProberSoak {
  static final int THREAD_SLACK = 4;
  static final int FD_SLACK = 16;
  static final double HEAP_SLACK_MB = 4;
  static final long SAMPLE_MILLIS = 100;

  private ProberSoak() {}

  /** One window's figures. */
  record Window(
      double seconds,
      double probesPerSecond,
      double heapMb,
      double afterGcMb,
      int minThreads,
      int threads,
      long minFds,
      long fds,
      Map<ProbeStatus, long[]> latencies) {}

  /** Collects the results of one window; shared by the runs. */
  static final class Collector {
    private Map<ProbeStatus, long[]> lat = new EnumMap<>(ProbeStatus.class);
    private Map<ProbeStatus, Integer> n = new EnumMap<>(ProbeStatus.class);
    private final Map<ProbeTarget, String> labels;
    private final Map<String, Map<ProbeStatus, Long>> tally = new LinkedHashMap<>();
    private final Set<String> errors = new LinkedHashSet<>();

    Collector(Map<ProbeTarget, String> labels) {
      this.labels = labels;
      labels.values().forEach(l -> tally.put(l, new EnumMap<>(ProbeStatus.class)));
    }

    synchronized void add(ProbeResult r) {
      ProbeStatus s = r.status();
      int i = n.getOrDefault(s, 0);
      long[] a = lat.computeIfAbsent(s, k -> new long[1024]);
      if (i == a.length) {
        a = Arrays.copyOf(a, a.length * 2);
        lat.put(s, a);
      }
      a[i] = r.latency().toNanos();
      n.put(s, i + 1);
      tally.get(labels.get(r.target())).merge(s, 1L, Long::sum);
      if ((s == ProbeStatus.ERROR || r.cancelled()) && errors.size() < 10) {
        errors.add(labels.get(r.target()) + ": " + r.detail());
      }
    }

    /** Returns this window's latencies, sorted, and starts the next window. */
    synchronized Map<ProbeStatus, long[]> swap() {
      Map<ProbeStatus, long[]> out = new EnumMap<>(ProbeStatus.class);
      n.forEach(
          (s, count) -> {
            long[] a = Arrays.copyOf(lat.get(s), count);
            Arrays.sort(a);
            out.put(s, a);
          });
      lat = new EnumMap<>(ProbeStatus.class);
      n = new EnumMap<>(ProbeStatus.class);
      return out;
    }

    synchronized Map<String, Map<ProbeStatus, Long>> tally() {
      Map<String, Map<ProbeStatus, Long>> copy = new LinkedHashMap<>();
      tally.forEach((k, v) -> copy.put(k, new EnumMap<>(v)));
      return copy;
    }

    synchronized Set<String> errors() {
      return new LinkedHashSet<>(errors);
    }
  }

  /**
   * Runs the soak.
   *
   * @param args options and targets, as in the class comment
   * @throws InterruptedException if interrupted
   */
  public static void main(String[] args) throws InterruptedException {
    Map<String, String> opts = new HashMap<>();
    Map<ProbeTarget, String> labels = new LinkedHashMap<>();
    Map<String, String> defaults =
        Map.of(
            "minutes", "10",
            "window-seconds", "30",
            "timeout", "1s",
            "concurrency", String.valueOf(Prober.DEFAULT_CONCURRENCY),
            "parallel-runs", "2",
            "repeat", "8");
    List<String> specs = new ArrayList<>();
    for (int i = 0; i < args.length; i++) {
      if (args[i].startsWith("--")) {
        String key = args[i].substring(2);
        if (!defaults.containsKey(key) && !key.equals("ca-file")) {
          throw new IllegalArgumentException(
              "unknown option " + args[i] + ": use --" + String.join(", --", defaults.keySet()));
        }
        if (i + 1 == args.length) {
          throw new IllegalArgumentException(args[i] + " needs a value");
        }
        opts.put(key, args[++i]);
      } else {
        specs.add(args[i]);
      }
    }
    defaults.forEach(opts::putIfAbsent);
    if (specs.isEmpty()) {
      throw new IllegalArgumentException("no targets: give LABEL=HOST:PORT/CHECKER...");
    }
    ProbeOptions https =
        opts.containsKey("ca-file")
            ? ProbeOptions.defaults().withTlsTrust(TlsTrust.fromPem(Path.of(opts.get("ca-file"))))
            : ProbeOptions.defaults();
    for (String spec : specs) {
      int eq = spec.indexOf('=');
      if (eq <= 0) {
        throw new IllegalArgumentException(
            "target " + spec + " has no label: write LABEL=HOST:PORT/CHECKER");
      }
      for (ProbeTarget t : ProbeTarget.parse(spec.substring(eq + 1))) {
        labels.put(t.checker().equals("https") ? t.withOptions(https) : t, spec.substring(0, eq));
      }
    }
    Duration timeout = duration(opts.get("timeout"));
    int concurrency = Integer.parseInt(opts.get("concurrency"));
    int parallel = Integer.parseInt(opts.get("parallel-runs"));
    int repeat = Integer.parseInt(opts.get("repeat"));
    double minutes = Double.parseDouble(opts.get("minutes"));
    long windowNanos = Duration.ofSeconds(Long.parseLong(opts.get("window-seconds"))).toNanos();

    Prober prober = Prober.builder().timeout(timeout).concurrency(concurrency).build();
    List<ProbeTarget> batch = new ArrayList<>();
    for (int r = 0; r < repeat; r++) {
      batch.addAll(labels.keySet());
    }
    Collector collector = new Collector(labels);
    ProbeListener listener =
        new ProbeListener() {
          @Override
          public void result(ProbeResult result) {
            collector.add(result);
          }
        };
    System.out.printf(
        "prober soak: %.1f min, %d targets x %d per run, %d runs at once, concurrency %d, timeout"
            + " %s, max heap %.0f MB%n",
        minutes,
        labels.size(),
        repeat,
        parallel,
        concurrency,
        opts.get("timeout"),
        mb(Runtime.getRuntime().maxMemory()));
    long start = System.nanoTime();
    long end = start + (long) (minutes * 60e9);
    List<Thread> runners = new ArrayList<>();
    for (int i = 0; i < parallel; i++) {
      Thread t =
          new Thread(
              () -> {
                while (System.nanoTime() < end) {
                  prober.run(batch, listener);
                }
              },
              "soak-runner-" + i);
      t.setDaemon(true);
      t.start();
      runners.add(t);
    }
    List<Window> windows = new ArrayList<>();
    long windowStart = start;
    while (windowStart < end) {
      long windowEnd = Math.min(end, windowStart + windowNanos);
      // Runs start and end their threads all along: threads and descriptors are sampled every
      // SAMPLE_MILLIS, and the window keeps the least and the most seen.
      int minThreads = Integer.MAX_VALUE;
      int threads = 0;
      long minFds = Long.MAX_VALUE;
      long fds = 0;
      long left;
      while ((left = windowEnd - System.nanoTime()) > 0) {
        int t = ManagementFactory.getThreadMXBean().getThreadCount();
        long f = openFds();
        minThreads = Math.min(minThreads, t);
        threads = Math.max(threads, t);
        minFds = Math.min(minFds, f);
        fds = Math.max(fds, f);
        Thread.sleep(Math.max(1, Math.min(SAMPLE_MILLIS, left / 1_000_000)));
      }
      long now = System.nanoTime();
      Map<ProbeStatus, long[]> lat = collector.swap();
      double heap = mb(ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed());
      double afterGc = heapAfterGc();
      long count = lat.values().stream().mapToLong(a -> a.length).sum();
      Window w =
          new Window(
              (now - start) / 1e9,
              count / ((now - windowStart) / 1e9),
              heap,
              afterGc,
              minThreads,
              threads,
              minFds,
              fds,
              lat);
      windows.add(w);
      System.out.println(line(w));
      windowStart = now;
    }
    for (Thread t : runners) {
      t.join();
    }
    System.out.println("statuses by target over the whole soak:");
    collector
        .tally()
        .forEach((label, byStatus) -> System.out.printf("  %-16s %s%n", label, byStatus));
    collector.errors().forEach(e -> System.out.println("  ERROR or cancelled: " + e));
    boolean flat = verdict(windows);
    System.exit(flat ? 0 : 1);
  }

  static String line(Window w) {
    StringBuilder b =
        new StringBuilder(
            String.format(
                Locale.ROOT,
                "%6.0fs %7.1f/s heap %6.1f MB after GC %5.1f MB threads %3d-%3d fds %4d-%4d |",
                w.seconds(),
                w.probesPerSecond(),
                w.heapMb(),
                w.afterGcMb(),
                w.minThreads(),
                w.threads(),
                w.minFds(),
                w.fds()));
    w.latencies()
        .forEach(
            (s, a) ->
                b.append(
                    String.format(
                        Locale.ROOT,
                        " %s %d p50 %.2f p99 %.2f ms |",
                        s,
                        a.length,
                        percentile(a, 0.50) / 1e6,
                        percentile(a, 0.99) / 1e6)));
    return b.toString();
  }

  /** The exact percentile of a sorted array: the value at rank ceil(q * n). */
  static long percentile(long[] sorted, double q) {
    if (sorted.length == 0) {
      return 0;
    }
    int rank = (int) Math.ceil(q * sorted.length);
    return sorted[Math.max(0, Math.min(sorted.length - 1, rank - 1))];
  }

  /**
   * Prints and returns the verdict: the last third of the windows (after the first) against the
   * first third.
   */
  static boolean verdict(List<Window> all) {
    List<Window> w = all.size() > 3 ? all.subList(1, all.size()) : all;
    int third = Math.max(1, w.size() / 3);
    List<Window> first = w.subList(0, third);
    List<Window> last = w.subList(w.size() - third, w.size());
    boolean threads = flat(first, last, Window::threads, THREAD_SLACK);
    boolean fds = flat(first, last, Window::fds, FD_SLACK);
    double h0 = first.stream().mapToDouble(Window::afterGcMb).max().orElse(0);
    double h1 = last.stream().mapToDouble(Window::afterGcMb).max().orElse(0);
    boolean heap = h1 <= h0 * 1.2 + HEAP_SLACK_MB;
    System.out.printf(
        Locale.ROOT,
        "verdict: %s (first third -> last third of %d windows, their maxima: threads %d -> %d %s,"
            + " fds %d -> %d %s, heap after GC %.1f -> %.1f MB %s; the least threads %d -> %d and"
            + " fds %d -> %d are not judged)%n",
        threads && fds && heap ? "FLAT" : "GROWING",
        w.size(),
        max(first, Window::threads),
        max(last, Window::threads),
        threads ? "flat" : "GROWING",
        max(first, Window::fds),
        max(last, Window::fds),
        fds ? "flat" : "GROWING",
        h0,
        h1,
        heap ? "flat" : "GROWING",
        max(first, Window::minThreads),
        max(last, Window::minThreads),
        max(first, Window::minFds),
        max(last, Window::minFds));
    return threads && fds && heap;
  }

  private static long max(List<Window> ws, ToLongFunction<Window> f) {
    return ws.stream().mapToLong(f).max().orElse(0);
  }

  /** Whether the last windows' most of a figure is at most the first windows' most plus slack. */
  private static boolean flat(
      List<Window> first, List<Window> last, ToLongFunction<Window> f, long slack) {
    return max(last, f) <= max(first, f) + slack;
  }

  /** The heap in use after a full collection (the collector's own figure for its last run). */
  static double heapAfterGc() {
    System.gc(); // as `jcmd PID GC.run` does: once per window, after the window's own sample
    Set<String> heapPools = new LinkedHashSet<>();
    for (MemoryPoolMXBean p : ManagementFactory.getMemoryPoolMXBeans()) {
      if (p.getType() == MemoryType.HEAP) {
        heapPools.add(p.getName());
      }
    }
    GcInfo latest = null;
    for (java.lang.management.GarbageCollectorMXBean gc :
        ManagementFactory.getGarbageCollectorMXBeans()) {
      if (gc instanceof GarbageCollectorMXBean sun) {
        GcInfo info = sun.getLastGcInfo();
        if (info != null && (latest == null || info.getEndTime() > latest.getEndTime())) {
          latest = info;
        }
      }
    }
    if (latest == null) {
      return mb(ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed());
    }
    long used = 0;
    for (Map.Entry<String, MemoryUsage> e : latest.getMemoryUsageAfterGc().entrySet()) {
      if (heapPools.contains(e.getKey())) {
        used += e.getValue().getUsed();
      }
    }
    return mb(used);
  }

  /** Parses {@code 500ms} or {@code 2s}. */
  static Duration duration(String text) {
    if (text.endsWith("ms")) {
      return Duration.ofMillis(Long.parseLong(text.substring(0, text.length() - 2)));
    }
    if (text.endsWith("s")) {
      return Duration.ofSeconds(Long.parseLong(text.substring(0, text.length() - 1)));
    }
    throw new IllegalArgumentException("timeout " + text + " has no unit: write 500ms or 2s");
  }

  static long openFds() {
    try (Stream<Path> s = Files.list(Path.of("/proc/self/fd"))) {
      return s.count();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot list /proc/self/fd: " + e.getMessage(), e);
    }
  }

  private static double mb(long bytes) {
    return bytes / 1024.0 / 1024.0;
  }
}
