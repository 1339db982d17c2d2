package dev.wdmports.examples;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.wdmports.cli.DemoLab;
import dev.wdmports.core.deploy.Deployment;
import dev.wdmports.core.report.HostReport;
import dev.wdmports.core.report.ReportFormat;
import dev.wdmports.probe.Preflight;
import dev.wdmports.probe.Prober;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;
import org.jspecify.annotations.Nullable;

/**
 * A small service that keeps WDM's operation availability fresh: it re-runs a preflight on a
 * schedule and serves the latest report at {@code GET /operations}, rendered by the report model's
 * {@link ReportFormat}: JSON by default (the fields of {@code wdm-ports preflight --format json},
 * and {@code checkedAt}), or {@code ?format=text}, {@code markdown} or {@code junit}.
 *
 * <pre>{@code
 * try (OperationsHealthService service = OperationsHealthService.builder(deployment, "admin")
 *     .every(Duration.ofMinutes(1))
 *     .probeTimeout(Duration.ofSeconds(2))
 *     .concurrency(16)
 *     .port(8099)
 *     .build()
 *     .start()) {
 *   // GET http://127.0.0.1:8099/operations
 *   // {"checkedAt":"...","from":"admin","flows":[...],"operations":[{"id":"reboot",
 *   //   "available":false,"availability":"BROKEN",...,"reason":"broken, because ... is FILTERED"},
 *   //   ...],"passed":false,"summary":{...}}
 * }
 * }</pre>
 *
 * <p>How to embed the prober in a long-running service without leaking threads: one prober, built
 * once (it is immutable and thread-safe; each run makes its threads and stops them when it ends);
 * one scheduler thread that never overlaps runs ({@code scheduleWithFixedDelay}); one HTTP thread;
 * and {@link #close()} stops all three and waits for them.
 */
public final class OperationsHealthService implements AutoCloseable {
  // The service's own mapper, as an application that embeds wdm-ports has one: the library's JSON
  // writer is internal (no Jackson types in its API), and this endpoint's JSON is the service's.
  private static final ObjectMapper JSON = new ObjectMapper();

  private final Deployment deployment;
  private final String from;
  private final Duration every;
  private final Preflight preflight;
  private final int port;
  private final Consumer<HostReport> onRefresh;
  private final AtomicReference<Result> latest = new AtomicReference<>();
  // Set by start(): null before.
  private @Nullable ScheduledExecutorService scheduler;
  private @Nullable ExecutorService httpThreads;
  // An executor has terminated once its tasks are done, a moment before its thread has ended:
  // close() joins the threads themselves, so that none is left when it returns.
  private final List<Thread> threads = new CopyOnWriteArrayList<>();
  private @Nullable HttpServer http;

  private record Result(Instant checkedAt, HostReport report) {}

  private OperationsHealthService(Builder b) {
    this.deployment = b.deployment;
    this.from = b.from;
    this.every = b.every;
    this.port = b.port;
    this.onRefresh = b.onRefresh;
    this.preflight =
        Preflight.builder()
            .prober(Prober.builder().timeout(b.probeTimeout).concurrency(b.concurrency).build())
            .build();
  }

  /**
   * Runs the service until interrupted: on {@code DEPLOYMENT-FILE HOST} (every 30 s, port 8099), or
   * with no arguments on the demo lab, so that it can be tried on any machine.
   *
   * <pre>
   * java -cp wdm-ports-examples/target/wdm-ports.jar dev.wdmports.examples.OperationsHealthService
   * curl http://127.0.0.1:8099/operations
   * </pre>
   *
   * @param args nothing, or a deployment file and the host this runs on
   * @throws InterruptedException when interrupted, after stopping
   */
  public static void main(String[] args) throws InterruptedException {
    DemoLab lab = args.length == 0 ? DemoLab.start() : null;
    Deployment deployment =
        lab != null
            ? lab.deployment()
            : dev.wdmports.core.deploy.Deployments.read(
                java.nio.file.Path.of(args[0]), dev.wdmports.core.catalog.Catalogs.wdm());
    String from = lab != null ? "this-host" : args[1];
    try (OperationsHealthService service =
        builder(deployment, from).every(Duration.ofSeconds(30)).port(8099).build().start()) {
      System.err.println(
          "serving http://127.0.0.1:" + service.port() + "/operations; Ctrl-C to stop");
      new java.util.concurrent.CountDownLatch(1).await();
    } finally {
      if (lab != null) {
        lab.close();
      }
    }
  }

  /**
   * Starts a configuration.
   *
   * @param deployment the deployment to watch
   * @param from the deployment's host this service runs on
   * @return a builder: every minute, 2 s per probe, 16 probes at once, an ephemeral loopback port
   */
  public static Builder builder(Deployment deployment, String from) {
    return new Builder(deployment, from);
  }

  /**
   * Starts the schedule and the HTTP endpoint.
   *
   * @return this service
   * @throws UncheckedIOException if the port cannot be bound
   */
  public synchronized OperationsHealthService start() {
    try {
      http = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 16);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot listen on 127.0.0.1:" + port, e);
    }
    httpThreads = Executors.newSingleThreadExecutor(r -> daemon(r, "wdm-health-http"));
    http.setExecutor(httpThreads);
    http.createContext("/operations", this::serveOperations);
    http.start();
    scheduler = Executors.newSingleThreadScheduledExecutor(r -> daemon(r, "wdm-health-probe"));
    scheduler.scheduleWithFixedDelay(this::refresh, 0, every.toMillis(), TimeUnit.MILLISECONDS);
    return this;
  }

  private Thread daemon(Runnable r, String name) {
    Thread t = new Thread(r, name);
    t.setDaemon(true);
    threads.add(t);
    return t;
  }

  private void refresh() {
    try {
      HostReport report = preflight.run(deployment, from);
      latest.set(new Result(Instant.now(), report));
      onRefresh.accept(report);
    } catch (RuntimeException e) {
      // Keep the schedule alive: a failed run leaves the previous result in place.
      org.slf4j.LoggerFactory.getLogger(OperationsHealthService.class).warn("preflight failed", e);
    }
  }

  /**
   * Returns the port the endpoint listens on.
   *
   * @return the bound port
   */
  public int port() {
    return requireNonNull(http, "http: not started").getAddress().getPort();
  }

  /**
   * Returns the latest report.
   *
   * @return the report, once the first run has finished
   */
  public Optional<HostReport> latest() {
    return Optional.ofNullable(latest.get()).map(Result::report);
  }

  private void serveOperations(HttpExchange ex) throws IOException {
    try (ex) {
      if (!ex.getRequestMethod().equals("GET")) {
        send(ex, 405, "{\"error\":\"use GET\"}");
        return;
      }
      Result r = latest.get();
      if (r == null) {
        send(ex, 503, "{\"error\":\"the first check is still running\"}");
        return;
      }
      Optional<ReportFormat> format = format(ex);
      if (format.isEmpty()) {
        send(ex, 400, "{\"error\":\"use ?format=json, text, markdown or junit\"}");
        return;
      }
      send(ex, 200, render(r, format.get()), contentType(format.get()));
    }
  }

  /**
   * The report in the format the query asks for ({@code ?format=markdown}), JSON by default; JSON
   * gets the time of the check on top of the report's own fields.
   */
  private static String render(Result r, ReportFormat format) throws JsonProcessingException {
    if (format != ReportFormat.JSON) {
      return format.render(r.report());
    }
    ObjectNode root = JSON.createObjectNode();
    root.put("checkedAt", r.checkedAt().toString());
    root.setAll((ObjectNode) JSON.readTree(ReportFormat.JSON.render(r.report())));
    return JSON.writeValueAsString(root);
  }

  /** {@code format=NAME} of the query, or JSON; empty for a name that is no format. */
  private static Optional<ReportFormat> format(HttpExchange ex) {
    String query = ex.getRequestURI().getQuery();
    if (query == null || !query.startsWith("format=")) {
      return Optional.of(ReportFormat.JSON);
    }
    String name = query.substring("format=".length()).toUpperCase(java.util.Locale.ROOT);
    return java.util.Arrays.stream(ReportFormat.values())
        .filter(f -> f.name().equals(name))
        .findFirst();
  }

  private static String contentType(ReportFormat format) {
    return switch (format) {
      case JSON -> "application/json";
      case TEXT -> "text/plain; charset=utf-8";
      case MARKDOWN -> "text/markdown; charset=utf-8";
      case JUNIT -> "application/xml";
    };
  }

  private static void send(HttpExchange ex, int status, String body) throws IOException {
    send(ex, status, body, "application/json");
  }

  private static void send(HttpExchange ex, int status, String body, String contentType)
      throws IOException {
    byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
    ex.getResponseHeaders().set("Content-Type", contentType);
    ex.sendResponseHeaders(status, bytes.length);
    try (OutputStream out = ex.getResponseBody()) {
      out.write(bytes);
    }
  }

  /** Stops the schedule (waiting for a run in progress) and the endpoint. */
  @Override
  public synchronized void close() {
    if (scheduler != null) {
      scheduler.shutdownNow();
      await(scheduler);
    }
    if (http != null) {
      http.stop(0);
    }
    if (httpThreads != null) {
      httpThreads.shutdownNow();
      await(httpThreads);
    }
    for (Thread t : threads) {
      try {
        t.join(TimeUnit.SECONDS.toMillis(30));
      } catch (InterruptedException ie) {
        Thread.currentThread().interrupt();
        return;
      }
    }
  }

  private static void await(ExecutorService e) {
    try {
      if (!e.awaitTermination(30, TimeUnit.SECONDS)) {
        throw new IllegalStateException("threads did not stop within 30 s");
      }
    } catch (InterruptedException ie) {
      Thread.currentThread().interrupt();
    }
  }

  /** Builds an {@link OperationsHealthService}. Not thread-safe. */
  public static final class Builder {
    private final Deployment deployment;
    private final String from;
    private Duration every = Duration.ofMinutes(1);
    private Duration probeTimeout = Duration.ofSeconds(2);
    private int concurrency = 16;
    private int port;
    private Consumer<HostReport> onRefresh = r -> {};

    private Builder(Deployment deployment, String from) {
      this.deployment = requireNonNull(deployment, "deployment");
      this.from = requireNonNull(from, "from");
      deployment.flowsFrom(from);
    }

    /**
     * Sets the pause between the end of one run and the start of the next (default 1 minute).
     *
     * @param every a positive duration
     * @return this builder
     */
    public Builder every(Duration every) {
      if (every.isNegative() || every.isZero()) {
        throw new IllegalArgumentException("every " + every + " must be positive, e.g. PT1M");
      }
      this.every = every;
      return this;
    }

    /**
     * Sets the per-probe timeout (default 2 s).
     *
     * @param timeout the timeout
     * @return this builder
     */
    public Builder probeTimeout(Duration timeout) {
      this.probeTimeout = requireNonNull(timeout, "timeout");
      return this;
    }

    /**
     * Sets how many probes run at once (default 16).
     *
     * @param concurrency 1..1024
     * @return this builder
     */
    public Builder concurrency(int concurrency) {
      this.concurrency = concurrency;
      return this;
    }

    /**
     * Sets the loopback port of the endpoint (default 0: any free port).
     *
     * @param port 0..65535
     * @return this builder
     */
    public Builder port(int port) {
      if (port < 0 || port > 65535) {
        throw new IllegalArgumentException(
            "port " + port + " out of range 0..65535 (0 picks a free one)");
      }
      this.port = port;
      return this;
    }

    /**
     * Calls back after each run, e.g. to alert.
     *
     * @param onRefresh called with each new report, on the scheduler thread
     * @return this builder
     */
    public Builder onRefresh(Consumer<HostReport> onRefresh) {
      this.onRefresh = requireNonNull(onRefresh, "onRefresh");
      return this;
    }

    /**
     * Builds the service; {@link OperationsHealthService#start()} starts it.
     *
     * @return the service
     */
    public OperationsHealthService build() {
      return new OperationsHealthService(this);
    }
  }
}
