package dev.wdmports.cli;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.wdmports.core.InvalidInputException;
import dev.wdmports.core.internal.Messages;
import dev.wdmports.core.internal.TextTable;
import dev.wdmports.core.report.ProbeStatus;
import dev.wdmports.probe.ProbeAggregate;
import dev.wdmports.probe.ProbeListener;
import dev.wdmports.probe.ProbeOptions;
import dev.wdmports.probe.ProbeReport;
import dev.wdmports.probe.ProbeResult;
import dev.wdmports.probe.ProbeSummary;
import dev.wdmports.probe.ProbeTarget;
import dev.wdmports.probe.ProbeTargets;
import dev.wdmports.probe.Prober;
import dev.wdmports.probe.TlsTrust;
import java.io.PrintWriter;
import java.math.BigInteger;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicLong;
import org.jspecify.annotations.Nullable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code wdm-ports probe}: is it really open? */
@Command(
    name = "probe",
    mixinStandardHelpOptions = true,
    header = "Probe targets with a real handshake per protocol.",
    description =
        "Probe targets with a real handshake per protocol. TARGET = HOST:PORTS/CHECKER, e.g. 127.0.0.1:8080/http, db.example:1433/tds, 10.0.0.5:1-65535/tcp, [::1]:21/ftp. HOST may be a network (10.10.8.0/22, [2001:db8::/112]) or a range (10.10.8.10-10.10.9.20, or 10.10.8.10-20), and TARGET may be @FILE (one target a line, # comments); these are probed as a stream and reported in aggregate: counts by status and contiguous addresses with one status as ranges. Checkers: tcp, http, https, ftp, vnc, tds, tftp (and any found through the SPI). Exits 0 when every target is OPEN, else 1.")
final class ProbeCommand implements Callable<Integer> {
  /**
   * How probe results are printed. Not a {@link dev.wdmports.core.report.ReportFormat}: a probe run
   * is a list of targets with their status, not flows rolled up into operations.
   */
  enum ProbeOutput {
    TEXT,
    JSON,
    SUMMARY
  }

  @Spec picocli.CommandLine.Model.CommandSpec spec;

  @Parameters(
      paramLabel = "TARGET",
      arity = "1..*",
      description =
          "What to probe: HOST:PORTS/CHECKER, NETWORK:PORTS/CHECKER, FIRST-LAST:PORTS/CHECKER or @FILE.")
  List<String> targets;

  @Option(
      names = "--exclude",
      paramLabel = "ADDRESSES",
      description =
          "Do not probe these addresses: an address, CIDR or FIRST-LAST range; repeatable.")
  List<String> exclude = new ArrayList<>();

  @Option(
      names = "--sample",
      paramLabel = "N",
      description = "Probe N addresses picked at random from the targets (the seed is printed).")
  @Nullable Integer sample;

  @Option(
      names = "--seed",
      paramLabel = "S",
      description = "The seed of --sample, to pick the same addresses again (default: random).")
  @Nullable Long seed;

  @Mixin ProbeSettings settings;

  @Option(
      names = "--overall-timeout",
      converter = Durations.class,
      description = "Deadline of the whole run (default: none).")
  @Nullable Duration overallTimeout;

  @Option(
      names = "--concurrency",
      defaultValue = "64",
      description =
          "Handshake probes at once (default: ${DEFAULT-VALUE}); tcp connects use a non-blocking scanner.")
  int concurrency;

  @Option(
      names = "--max-in-flight",
      paramLabel = "N",
      description =
          "At most N tcp connects outstanding at once, 1..16384 (default: 16384); each holds a file"
              + " descriptor, and a lower ulimit -n slows a sweep down without changing results.")
  @Nullable Integer maxInFlight;

  @Option(
      names = "--rate",
      description = "At most this many probes per second (default: no limit).")
  @Nullable Double rate;

  @Option(
      names = "--only-open",
      description = "Keep only OPEN results in the output (the summary still counts all).")
  boolean onlyOpen;

  @Option(
      names = "--format",
      defaultValue = "text",
      description = "text, json or summary (default: ${DEFAULT-VALUE}).")
  ProbeOutput format;

  @Mixin DebugOption debugOption;

  @Override
  public Integer call() {
    // SIGINT or SIGTERM while probing: the run is cancelled and what was probed is printed.
    SignalReport signals = SignalReport.install(spec.commandLine().getErr());
    try {
      return probeAndReport();
    } finally {
      signals.close();
    }
  }

  private Integer probeAndReport() {
    if (format == ProbeOutput.JSON) {
      Json.prepareInBackground();
    }
    TlsTrust trust = settings.trust();
    // Parsed targets carry the default options: one set of options replaces them all.
    ProbeOptions options =
        settings.insecure || !trust.isJdkDefault()
            ? ProbeOptions.defaults().withTlsInsecure(settings.insecure).withTlsTrust(trust)
            : null;
    ProbeTargets set = ProbeTargets.parse(targets);
    if (seed != null && sample == null) {
      throw new InvalidInputException("--seed " + seed, "--seed is for --sample: add --sample N");
    }
    if (set.isExpanded() || !exclude.isEmpty() || sample != null) {
      return sweep(set, options);
    }
    List<ProbeTarget> parsed = new ArrayList<>();
    for (String t : targets) {
      // ProbeTarget.parse's messages name the target already: they reach stderr as they are.
      for (ProbeTarget target : ProbeTarget.parse(t)) {
        parsed.add(options != null ? target.withOptions(options) : target);
      }
    }
    Prober prober = prober();
    Set<String> known = new HashSet<>();
    for (ProbeTarget t : parsed) {
      if (known.contains(t.checker())) {
        continue; // a range is one checker on thousands of ports: look it up once
      }
      if (prober.registry().find(t.checker()).isPresent()) {
        known.add(t.checker());
      } else {
        throw new InvalidInputException(
            "target \"" + t + "\"",
            "unknown checker \""
                + t.checker()
                + "\": use one of "
                + String.join(", ", prober.registry().ids()));
      }
    }
    PrintWriter err = spec.commandLine().getErr();
    ProbeListener progress = System.console() != null ? new Progress(err) : ProbeListener.none();
    ProbeReport report = prober.run(parsed, progress);
    PrintWriter out = spec.commandLine().getOut();
    List<ProbeResult> shown =
        report.results().stream().filter(r -> !onlyOpen || r.status() == ProbeStatus.OPEN).toList();
    switch (format) {
      case JSON -> out.println(Json.write(json(shown, report.summary())));
      case SUMMARY -> out.print(summary(report.summary()));
      case TEXT -> {
        TextTable t = new TextTable("TARGET", "ADDRESS", "STATUS", "LATENCY", "DETAIL");
        for (ProbeResult r : shown) {
          t.row(
              r.target(),
              r.address().map(a -> a.getAddress().getHostAddress()).orElse("-"),
              r.status(),
              r.latency().toMillis() + " ms",
              r.detail());
        }
        out.print(t.text());
        out.println();
        out.print(summary(report.summary()));
      }
    }
    out.flush();
    return report.allOpen() ? WdmPortsCli.OK : WdmPortsCli.FAILED;
  }

  private Prober prober() {
    Prober.Builder b = Prober.builder().timeout(settings.timeout);
    try {
      b.concurrency(concurrency);
      if (maxInFlight != null) {
        b.maxInFlightConnects(maxInFlight);
      }
      if (rate != null) {
        b.ratePerSecond(rate);
      }
    } catch (IllegalArgumentException e) {
      throw new InvalidInputException("options", Messages.of(e));
    }
    if (overallTimeout != null) {
      b.overallTimeout(overallTimeout);
    }
    return b.build();
  }

  /**
   * Probes networks, ranges and files: streamed through {@link Prober#sweep}, reported in
   * aggregate.
   */
  private int sweep(ProbeTargets parsed, @Nullable ProbeOptions options) {
    ProbeTargets set;
    try {
      set = parsed.excluding(exclude);
    } catch (InvalidInputException e) {
      throw new InvalidInputException("--exclude", Messages.of(e));
    }
    String sampled = null;
    ObjectNode sampleJson = null;
    if (sample != null) {
      long s = seed != null ? seed : ThreadLocalRandom.current().nextLong();
      BigInteger of = set.addresses();
      try {
        set = set.sample(sample, s);
      } catch (IllegalArgumentException e) {
        throw new InvalidInputException("--sample " + sample, Messages.of(e));
      }
      sampled =
          String.format(
              Locale.ROOT, "sampled %,d of %,d addresses with --seed %d", set.addresses(), of, s);
      sampleJson = Json.object();
      sampleJson.put("size", set.addresses());
      sampleJson.put("of", of);
      sampleJson.put("seed", s);
    }
    if (options != null) {
      set = set.withOptions(options);
    }
    Prober prober = prober();
    for (Map.Entry<String, String> c : set.checkers().entrySet()) {
      if (prober.registry().find(c.getKey()).isEmpty()) {
        throw new InvalidInputException(
            "target \"" + c.getValue() + "\"",
            "unknown checker \""
                + c.getKey()
                + "\": use one of "
                + String.join(", ", prober.registry().ids()));
      }
    }
    long total = set.size(); // refuses an IPv6 network over the limit, naming --sample
    PrintWriter err = spec.commandLine().getErr();
    ProbeListener progress =
        System.console() != null ? new Progress(err, total) : ProbeListener.none();
    ProbeAggregate a = prober.sweep(set, progress);
    PrintWriter out = spec.commandLine().getOut();
    switch (format) {
      case JSON -> out.println(Json.write(json(a, set, sampleJson, onlyOpen)));
      case SUMMARY -> {
        if (sampled != null) {
          out.println(sampled);
        }
        out.print(summary(a));
      }
      case TEXT -> {
        if (sampled != null) {
          out.println(sampled);
        }
        TextTable t = new TextTable("ADDRESSES", "PORT", "CHECKER", "STATUS", "COUNT");
        List<String> omitted = new ArrayList<>();
        for (ProbeAggregate.Group g : a.groups()) {
          for (ProbeAggregate.StatusRange r : g.ranges()) {
            if (!onlyOpen || r.status() == ProbeStatus.OPEN) {
              t.row(r.text(), g.port(), g.checker(), r.status(), r.addresses());
            }
          }
          if (g.rangesOmitted() > 0) {
            omitted.add(
                g.rangesOmitted()
                    + " more ranges of "
                    + g.port()
                    + "/"
                    + g.checker()
                    + " not listed (over "
                    + ProbeAggregate.MAX_RANGES
                    + "; the counts include them)");
          }
        }
        out.print(t.text());
        omitted.forEach(out::println);
        out.println();
        out.print(summary(a));
      }
    }
    out.flush();
    return a.allOpen() ? WdmPortsCli.OK : WdmPortsCli.FAILED;
  }

  static ObjectNode json(
      ProbeAggregate a, ProbeTargets set, @Nullable ObjectNode sample, boolean onlyOpen) {
    ObjectNode root = Json.object();
    ObjectNode ts = root.putObject("targets");
    ts.put("total", a.total());
    ts.put("addresses", set.addresses());
    if (sample != null) {
      root.set("sample", sample);
    }
    ArrayNode gs = root.putArray("groups");
    for (ProbeAggregate.Group g : a.groups()) {
      ObjectNode o = gs.addObject();
      o.put("port", g.port());
      o.put("checker", g.checker());
      ObjectNode by = o.putObject("byStatus");
      g.byStatus().forEach((k, v) -> by.put(k.name(), v));
      ArrayNode rs = o.putArray("ranges");
      for (ProbeAggregate.StatusRange r : g.ranges()) {
        if (onlyOpen && r.status() != ProbeStatus.OPEN) {
          continue;
        }
        ObjectNode ro = rs.addObject();
        ro.put("range", r.text());
        ro.put("first", r.first());
        ro.put("last", r.last());
        ro.put("addresses", r.addresses());
        ro.put("status", r.status().name());
      }
      o.put("rangesOmitted", g.rangesOmitted());
    }
    ObjectNode s = root.putObject("summary");
    s.put("total", a.total());
    ObjectNode by = s.putObject("byStatus");
    a.byStatus().forEach((k, v) -> by.put(k.name(), v));
    s.put("notProbed", a.notProbed());
    s.put("elapsedMs", a.elapsed().toMillis());
    s.put("deadlineReached", a.deadlineReached());
    return root;
  }

  static String summary(ProbeAggregate a) {
    StringBuilder sb = new StringBuilder();
    sb.append("total: ").append(a.total()).append('\n');
    a.byStatus().forEach((k, v) -> sb.append(k.name()).append(": ").append(v).append('\n'));
    if (a.notProbed() > 0) {
      sb.append("not probed: ").append(a.notProbed()).append('\n');
    }
    for (ProbeAggregate.Group g : a.groups()) {
      sb.append(g.port()).append('/').append(g.checker()).append(':');
      String sep = " ";
      for (Map.Entry<ProbeStatus, Long> e : g.byStatus().entrySet()) {
        sb.append(sep).append(e.getKey().name()).append(' ').append(e.getValue());
        sep = ", ";
      }
      sb.append('\n');
    }
    sb.append("elapsed: ").append(a.elapsed().toMillis()).append(" ms");
    if (a.deadlineReached()) {
      sb.append(" (overall deadline reached)");
    }
    return sb.append('\n').toString();
  }

  static ObjectNode json(List<ProbeResult> results, ProbeSummary summary) {
    ObjectNode root = Json.object();
    ArrayNode rs = root.putArray("results");
    for (ProbeResult r : results) {
      ObjectNode o = rs.addObject();
      o.put("host", r.target().host());
      if (r.address().isPresent()) {
        o.put("address", r.address().get().getAddress().getHostAddress());
      } else {
        o.putNull("address");
      }
      o.put("port", r.target().port());
      o.put("transport", r.transport().id());
      o.put("checker", r.target().checker());
      o.put("status", r.status().name());
      o.put("latencyMs", r.latency().toMillis());
      o.put("detail", r.detail());
    }
    ObjectNode s = root.putObject("summary");
    s.put("total", summary.total());
    ObjectNode by = s.putObject("byStatus");
    summary.byStatus().forEach((k, v) -> by.put(k.name(), v));
    s.put("elapsedMs", summary.elapsed().toMillis());
    return root;
  }

  static String summary(ProbeSummary s) {
    StringBuilder sb = new StringBuilder();
    sb.append("total: ").append(s.total()).append('\n');
    s.byStatus().forEach((k, v) -> sb.append(k.name()).append(": ").append(v).append('\n'));
    sb.append("elapsed: ").append(s.elapsed().toMillis()).append(" ms");
    if (s.deadlineReached()) {
      sb.append(" (overall deadline reached)");
    }
    return sb.append('\n').toString();
  }

  /** A one-line progress bar on stderr, redrawn at most every 100 ms. */
  static final class Progress implements ProbeListener {
    private final PrintWriter err;
    private final AtomicLong done = new AtomicLong();
    private final boolean fixed;
    private volatile long total;
    private volatile long lastDraw;

    /**
     * A bar for a run ({@code total} &lt; 0: the total comes with {@code started}), or for a sweep
     * of many runs with a known total.
     */
    Progress(PrintWriter err) {
      this(err, -1);
    }

    /** As {@link #Progress(PrintWriter)}, or with the total of a sweep when not negative. */
    Progress(PrintWriter err, long total) {
      this.err = err;
      this.fixed = total >= 0;
      this.total = total;
    }

    @Override
    public void started(int total) {
      if (!fixed) {
        this.total = total;
      }
    }

    @Override
    public void result(ProbeResult result) {
      long d = done.incrementAndGet();
      long now = System.nanoTime();
      if (now - lastDraw > 100_000_000L || d == total) {
        lastDraw = now;
        int width = 30;
        int filled = total == 0 ? width : (int) Math.min(width, d * width / total);
        synchronized (err) {
          err.print(
              "\r[" + "#".repeat(filled) + " ".repeat(width - filled) + "] " + d + "/" + total);
          err.flush();
        }
      }
    }

    @Override
    public void finished(ProbeSummary summary) {
      if (fixed && done.get() < total) {
        return; // one run of a sweep: more follow
      }
      synchronized (err) {
        err.print("\r" + " ".repeat(50) + "\r");
        err.flush();
      }
    }
  }
}
