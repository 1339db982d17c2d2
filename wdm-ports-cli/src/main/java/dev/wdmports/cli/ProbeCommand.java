package dev.wdmports.cli;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.wdmports.core.InvalidInputException;
import dev.wdmports.core.internal.TextTable;
import dev.wdmports.core.report.ProbeStatus;
import dev.wdmports.probe.ProbeListener;
import dev.wdmports.probe.ProbeOptions;
import dev.wdmports.probe.ProbeReport;
import dev.wdmports.probe.ProbeResult;
import dev.wdmports.probe.ProbeSummary;
import dev.wdmports.probe.ProbeTarget;
import dev.wdmports.probe.Prober;
import dev.wdmports.probe.TlsTrust;
import java.io.PrintWriter;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.atomic.AtomicInteger;
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
        "Probe targets with a real handshake per protocol. TARGET = HOST:PORTS/CHECKER, e.g. 127.0.0.1:8080/http, db.example:1433/tds, 10.0.0.5:1-65535/tcp, [::1]:21/ftp. Checkers: tcp, http, https, ftp, vnc, tds, tftp (and any found through the SPI). Exits 0 when every target is OPEN, else 1.")
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

  @Parameters(paramLabel = "TARGET", arity = "1..*", description = "What to probe.")
  List<String> targets;

  @Mixin ProbeSettings settings;

  @Option(
      names = "--overall-timeout",
      converter = Durations.class,
      description = "Deadline of the whole run (default: none).")
  Duration overallTimeout;

  @Option(
      names = "--concurrency",
      defaultValue = "64",
      description =
          "Handshake probes at once (default: ${DEFAULT-VALUE}); tcp connects use a non-blocking scanner.")
  int concurrency;

  @Option(
      names = "--rate",
      description = "At most this many probes per second (default: no limit).")
  Double rate;

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
    if (format == ProbeOutput.JSON) {
      Json.prepareInBackground();
    }
    TlsTrust trust = settings.trust();
    // Parsed targets carry the default options: one set of options replaces them all.
    ProbeOptions options =
        settings.insecure || !trust.isJdkDefault()
            ? ProbeOptions.defaults().withTlsInsecure(settings.insecure).withTlsTrust(trust)
            : null;
    List<ProbeTarget> parsed = new ArrayList<>();
    for (String t : targets) {
      // ProbeTarget.parse's messages name the target already: they reach stderr as they are.
      for (ProbeTarget target : ProbeTarget.parse(t)) {
        parsed.add(options != null ? target.withOptions(options) : target);
      }
    }
    Prober.Builder b = Prober.builder().timeout(settings.timeout);
    try {
      b.concurrency(concurrency);
      if (rate != null) {
        b.ratePerSecond(rate);
      }
    } catch (IllegalArgumentException e) {
      throw new InvalidInputException("options", e.getMessage());
    }
    if (overallTimeout != null) {
      b.overallTimeout(overallTimeout);
    }
    Prober prober = b.build();
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
    private final AtomicInteger done = new AtomicInteger();
    private volatile int total;
    private volatile long lastDraw;

    Progress(PrintWriter err) {
      this.err = err;
    }

    @Override
    public void started(int total) {
      this.total = total;
    }

    @Override
    public void result(ProbeResult result) {
      int d = done.incrementAndGet();
      long now = System.nanoTime();
      if (now - lastDraw > 100_000_000L || d == total) {
        lastDraw = now;
        int width = 30;
        int filled = total == 0 ? width : (int) ((long) d * width / total);
        synchronized (err) {
          err.print(
              "\r[" + "#".repeat(filled) + " ".repeat(width - filled) + "] " + d + "/" + total);
          err.flush();
        }
      }
    }

    @Override
    public void finished(ProbeSummary summary) {
      synchronized (err) {
        err.print("\r" + " ".repeat(50) + "\r");
        err.flush();
      }
    }
  }
}
