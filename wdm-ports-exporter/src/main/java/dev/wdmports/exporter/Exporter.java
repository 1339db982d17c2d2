package dev.wdmports.exporter;

import static java.util.Objects.requireNonNull;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.wdmports.core.deploy.Deployment;
import dev.wdmports.core.internal.Messages;
import dev.wdmports.core.report.HostReport;
import dev.wdmports.probe.Devices;
import dev.wdmports.probe.Preflight;
import dev.wdmports.probe.ProbeOptions;
import dev.wdmports.probe.ProbeResult;
import dev.wdmports.probe.ProbeTarget;
import dev.wdmports.probe.Prober;
import io.prometheus.metrics.expositionformats.PrometheusTextFormatWriter;
import io.prometheus.metrics.model.snapshots.CounterSnapshot;
import io.prometheus.metrics.model.snapshots.CounterSnapshot.CounterDataPointSnapshot;
import io.prometheus.metrics.model.snapshots.Labels;
import io.prometheus.metrics.model.snapshots.MetricSnapshots;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.Semaphore;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAdder;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A Prometheus multi-target exporter, the way blackbox_exporter works: each scrape of {@code
 * /probe?module=MODULE&target=TARGET} runs one probe from this host and answers with its series.
 *
 * <pre>{@code
 * try (Exporter exporter = Exporter.builder(deployment, "admin")
 *     .listen(new InetSocketAddress("127.0.0.1", 9115))
 *     .build()
 *     .start()) {
 *   // GET http://127.0.0.1:9115/probe?module=https&target=10.0.0.5:443
 *   // GET http://127.0.0.1:9115/probe?module=preflight&target=wdm-server
 *   // GET http://127.0.0.1:9115/sd       (Prometheus HTTP service discovery)
 *   // GET http://127.0.0.1:9115/metrics  (the exporter's own metrics)
 * }
 * }</pre>
 *
 * <p>Endpoints:
 *
 * <ul>
 *   <li>{@code /probe?module=tcp|http|https|ftp|vnc|tds|tftp&target=HOST:PORT}: one handshake
 *       probe; HOST may be an address or a deployment host's name.
 *   <li>{@code /probe?module=preflight&target=NAME}: the preflight of the flows from this host to
 *       the deployment host or device network NAME. A device network is swept (every device, or the
 *       sample {@link Builder#devices} sets) and reported as counts by status and by availability
 *       ({@code wdmports_devices}, {@code wdmports_operation_devices}), never as one series per
 *       device.
 *   <li>{@code /sd}: the deployment's targets with their module, as Prometheus HTTP SD JSON.
 *   <li>{@code /metrics}: the exporter's own counters.
 * </ul>
 *
 * <p>Security: by default only targets the deployment names (endpoints of flows from this host,
 * destinations for preflight) are probed; any other gets HTTP 403. {@link
 * Builder#allowAnyTarget(boolean)} lifts that, and is logged. A bad query gets HTTP 400 with one
 * line. At most {@link Builder#maxConcurrentScrapes} probes run at once; a scrape beyond that gets
 * HTTP 503 at once (it does not wait). The scrape deadline is Prometheus' {@code
 * X-Prometheus-Scrape-Timeout-Seconds} minus {@value #MARGIN_MILLIS} ms, or {@link
 * #DEFAULT_DEADLINE} when the header is absent.
 *
 * <p>Each probe runs on the thread of its scrape ({@link Prober#probeHere}). {@link #start()} sets
 * the system property {@code sun.net.httpserver.nodelay} to {@code true} unless it is set: the JDK
 * HTTP server reads it once, when the JVM's first server is made, and without it each response
 * waits for the client's delayed ACK (about 40 ms).
 *
 * <p>Thread-safe; {@link #close()} stops the server and joins its threads.
 *
 * @since 0.1.0
 */
public final class Exporter implements AutoCloseable {
  /** The default listen address, loopback port 9115 (blackbox_exporter's). */
  public static final InetSocketAddress DEFAULT_LISTEN = new InetSocketAddress("127.0.0.1", 9115);

  /** The default number of scrapes probing at once. */
  public static final int DEFAULT_MAX_CONCURRENT_SCRAPES = 8;

  /** The deadline of a scrape without the scrape-timeout header. */
  public static final Duration DEFAULT_DEADLINE = Duration.ofSeconds(10);

  /** What is taken off the scrape timeout, as blackbox_exporter does. */
  public static final long MARGIN_MILLIS = 500;

  /** How long a preflight's result is reused by later preflight scrapes, by default. */
  public static final Duration DEFAULT_PREFLIGHT_REUSE = Duration.ofSeconds(5);

  private static final Duration MIN_DEADLINE = Duration.ofMillis(100);
  private static final Duration MAX_DEADLINE = Duration.ofMinutes(5);
  private static final String TEXT = "text/plain; charset=utf-8";
  static final String NO_DELAY = "sun.net.httpserver.nodelay";

  /** The JDK HTTP server's limit on reading a request's headers, in seconds. */
  static final String MAX_REQ_TIME = "sun.net.httpserver.maxReqTime";

  /** The JDK HTTP server's limit from a request's headers to its response's end, in seconds. */
  static final String MAX_RSP_TIME = "sun.net.httpserver.maxRspTime";

  /**
   * Connections served at once beyond the scrapes: one reading a request holds a thread until its
   * headers are in, so slow clients must not take the threads that scrapes and {@code /metrics}
   * need. Idle threads end after a minute.
   */
  static final int SPARE_THREADS = 64;

  private static final Logger LOG = LoggerFactory.getLogger(Exporter.class);

  private final Deployment deployment;
  private final String from;
  private final InetSocketAddress listen;
  private final boolean allowAnyTarget;
  private final int maxConcurrentScrapes;
  private final Prober prober;
  private final ProbeOptions options;
  private final Targets targets;
  private final Semaphore slots;
  private final PrometheusTextFormatWriter writer = PrometheusTextFormatWriter.create();
  private final Map<String, LongAdder> scrapes = new ConcurrentHashMap<>();
  private final AtomicInteger inFlight = new AtomicInteger();
  private final Devices devices;
  private final Duration preflightReuse;
  private final Object preflightLock = new Object();
  private final LongAdder preflightRuns = new LongAdder();
  private @Nullable CompletableFuture<HostReport> preflightRun;
  private long preflightEndNanos;
  // Set by start(): null before.
  private @Nullable HttpServer server;
  private @Nullable ExecutorService executor;

  private Exporter(Builder b) {
    this.deployment = b.deployment;
    this.from = b.from;
    this.listen = b.listen;
    this.allowAnyTarget = b.allowAnyTarget;
    this.maxConcurrentScrapes = b.maxConcurrentScrapes;
    this.prober = b.prober != null ? b.prober : Prober.builder().build();
    this.options = b.options;
    this.devices = b.devices;
    this.preflightReuse = b.preflightReuse;
    deployment.requireHost(from);
    this.targets = new Targets(deployment, from, Preflight.builder().prober(prober).build());
    this.slots = new Semaphore(maxConcurrentScrapes);
  }

  /**
   * Starts an exporter configuration.
   *
   * @param deployment the deployment whose targets it may probe
   * @param from the deployment's host the exporter runs on
   * @return a builder
   */
  public static Builder builder(Deployment deployment, String from) {
    return new Builder(deployment, from);
  }

  /**
   * Binds the listen address and starts serving.
   *
   * @return this exporter
   * @throws UncheckedIOException if the address cannot be bound
   * @throws IllegalStateException if already started
   */
  public synchronized Exporter start() {
    if (server != null) {
      throw new IllegalStateException(
          "the exporter is already started: start it once, close() stops it");
    }
    serverDefaults();
    try {
      server = HttpServer.create(listen, 64);
    } catch (IOException e) {
      throw new UncheckedIOException(
          "cannot listen on "
              + hostAndPort(listen)
              + ": "
              + e.getMessage()
              + ": pick a free port or stop what holds it",
          e);
    }
    AtomicInteger n = new AtomicInteger();
    ThreadPoolExecutor pool =
        new ThreadPoolExecutor(
            maxConcurrentScrapes + SPARE_THREADS,
            maxConcurrentScrapes + SPARE_THREADS,
            1,
            TimeUnit.MINUTES,
            new LinkedBlockingQueue<>(),
            r -> {
              Thread t = new Thread(r, "wdm-ports-exporter-" + n.incrementAndGet());
              t.setDaemon(true);
              return t;
            });
    pool.allowCoreThreadTimeOut(true);
    executor = pool;
    server.setExecutor(executor);
    server.createContext("/", this::handle);
    server.start();
    if (allowAnyTarget) {
      LOG.warn(
          "--allow-any-target: probing any address asked for; whoever reaches {} can use this host"
              + " to scan ports",
          hostAndPort(server.getAddress()));
    }
    LOG.info(
        "exporter for {} from {} listening on {}",
        deployment.name(),
        from,
        hostAndPort(server.getAddress()));
    return this;
  }

  /** {@code 127.0.0.1:9115} or {@code [::1]:9115}: no leading slash, IPv6 in brackets. */
  private static String hostAndPort(InetSocketAddress address) {
    String host = address.getHostString();
    return (host.contains(":") ? "[" + host + "]" : host) + ":" + address.getPort();
  }

  /**
   * Sets the JDK HTTP server's defaults for an exporter, each unless the JVM was told otherwise
   * (the JDK reads them once, when its first HTTP server of the JVM is made: in a JVM that made one
   * before, set them on its command line):
   *
   * <ul>
   *   <li>TCP_NODELAY on its connections. Without it a response leaves in two segments (headers,
   *       then body) and the second waits for the client's delayed ACK: about 40 ms per scrape on a
   *       kept-alive connection, which held the exporter to a fifth of blackbox_exporter's rate
   *       (bench/exporter.sh).
   *   <li>A request's headers must arrive within 10 s ({@value #MAX_REQ_TIME}): Prometheus sends
   *       them in one packet, and a client that trickles them (bench/soak.sh's slow clients, one
   *       byte every half second) held a thread each until it was done, and ten of them stalled the
   *       exporter, {@code /metrics} too.
   *   <li>A response must be done within the longest scrape deadline and a minute ({@value
   *       #MAX_RSP_TIME}; the JDK counts from the request's headers, so the probing is inside).
   * </ul>
   */
  static void serverDefaults() {
    setIfUnset(NO_DELAY, "true");
    setIfUnset(MAX_REQ_TIME, "10");
    setIfUnset(MAX_RSP_TIME, Long.toString(MAX_DEADLINE.toSeconds() + 60));
  }

  private static void setIfUnset(String property, String value) {
    if (System.getProperty(property) == null) {
      System.setProperty(property, value);
    }
  }

  /**
   * Returns the port listened on: the one bound when the listen port was 0.
   *
   * @return the port
   * @throws IllegalStateException if not started
   */
  public synchronized int port() {
    if (server == null) {
      throw new IllegalStateException("the exporter is not started: call start() first");
    }
    return server.getAddress().getPort();
  }

  /** Stops the server and waits for its threads to end. */
  @Override
  public synchronized void close() {
    // start() sets both.
    HttpServer s = server;
    ExecutorService threads = executor;
    if (s == null || threads == null) {
      return;
    }
    s.stop(0);
    threads.shutdownNow();
    try {
      threads.awaitTermination(30, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private void handle(HttpExchange ex) throws IOException {
    try (ex) {
      if (!ex.getRequestMethod().equals("GET") && !ex.getRequestMethod().equals("HEAD")) {
        reply(
            ex,
            405,
            "method " + Text.printable(ex.getRequestMethod()) + " is not allowed: use GET");
        return;
      }
      String path = ex.getRequestURI().getRawPath();
      switch (path) {
        case "/probe" -> probe(ex);
        case "/sd" ->
            send(
                ex,
                200,
                "application/json",
                targets.serviceDiscoveryJson().getBytes(StandardCharsets.UTF_8));
        case "/metrics" -> metrics(ex);
        case "/" ->
            reply(ex, 200, "wdm-ports exporter: /probe?module=MODULE&target=TARGET, /sd, /metrics");
        default ->
            reply(
                ex,
                404,
                "no such endpoint " + Text.printable(path) + ": use /probe, /sd or /metrics");
      }
    } catch (RuntimeException e) {
      LOG.error("scrape {} failed", Text.printable(String.valueOf(ex.getRequestURI())), e);
      try {
        reply(ex, 500, "internal error: " + Text.printable(String.valueOf(e)));
      } catch (IOException | RuntimeException ignored) {
        // the response may already have started; nothing more to tell
      }
    }
  }

  private void probe(HttpExchange ex) throws IOException {
    ProbeQuery query;
    Duration deadline;
    String refusal;
    try {
      query = ProbeQuery.parse(ex.getRequestURI().getRawQuery());
      deadline = deadline(ex.getRequestHeaders().getFirst("X-Prometheus-Scrape-Timeout-Seconds"));
      refusal = refusal(query);
    } catch (ProbeQuery.BadQueryException e) {
      count("bad_query");
      reply(ex, 400, Messages.of(e));
      return;
    }
    if (refusal != null) {
      count("forbidden");
      reply(ex, 403, refusal);
      return;
    }
    if (!slots.tryAcquire()) {
      count("rejected");
      reply(
          ex,
          503,
          "too many scrapes at once (at most " + maxConcurrentScrapes + "): try again later");
      return;
    }
    MetricSnapshots snapshots;
    inFlight.incrementAndGet();
    try {
      snapshots = run(query, deadline);
    } catch (SharedPreflightTimeout e) {
      count("rejected");
      reply(ex, 503, e.getMessage() + ": try again later");
      return;
    } finally {
      inFlight.decrementAndGet();
      slots.release();
    }
    count(query.module().id());
    ByteArrayOutputStream body = new ByteArrayOutputStream();
    writer.write(body, snapshots);
    send(ex, 200, writer.getContentType(), body.toByteArray());
  }

  /** Why a query's target may not be probed, or null when it may. */
  private @Nullable String refusal(ProbeQuery q) {
    if (q.module() == ProbeQuery.Module.PREFLIGHT) {
      return targets.destinations().contains(q.target())
          ? null
          : "target \""
              + Text.printable(q.target())
              + "\" is not a destination of the flows from "
              + from
              + " in the deployment: use a host or device network that /sd lists";
    }
    Map.Entry<String, Integer> hp = Targets.parseHostPort(q.target());
    try {
      ProbeTarget.of(hp.getKey(), hp.getValue(), q.module().id());
    } catch (IllegalArgumentException e) {
      throw new ProbeQuery.BadQueryException("target " + q.target() + ": " + e.getMessage());
    }
    if (allowAnyTarget || targets.names(hp.getKey(), hp.getValue())) {
      return null;
    }
    return "target "
        + Text.printable(q.target())
        + " is not named by the deployment (flows from "
        + from
        + "); start the exporter with --allow-any-target to probe any address";
  }

  private MetricSnapshots run(ProbeQuery q, Duration deadline) {
    long start = System.nanoTime();
    return switch (q.module()) {
      case TCP, HTTP, HTTPS, FTP, VNC, TDS, TFTP -> {
        Map.Entry<String, Integer> hp = Targets.parseHostPort(q.target());
        Prober p = prober.toBuilder().timeout(deadline).overallTimeout(deadline).build();
        ProbeTarget t =
            ProbeTarget.of(targets.addressOf(hp.getKey()), hp.getValue(), q.module().id())
                .withOptions(options);
        // On this scrape's own thread: a run's threads and selectors would cost more than the
        // probe (figures in bench/README.md).
        ProbeResult r = p.probeHere(t);
        yield ScrapeMetrics.ofProbe(r, Duration.ofNanos(System.nanoTime() - start));
      }
      case PREFLIGHT -> {
        HostReport report = sharedPreflight(deadline);
        yield ScrapeMetrics.ofPreflight(
            report, q.target(), Duration.ofNanos(System.nanoTime() - start));
      }
    };
  }

  /**
   * The preflight of every flow from this host, shared: a scrape of any preflight target that
   * arrives while one runs waits for it rather than starting another (Prometheus scrapes every
   * target of a job at about the same time, and each would otherwise sweep every device network
   * again), and a result is reused for {@link Builder#preflightReuse} after it ends.
   */
  private HostReport sharedPreflight(Duration deadline) {
    CompletableFuture<HostReport> mine;
    CompletableFuture<HostReport> shared;
    synchronized (preflightLock) {
      CompletableFuture<HostReport> last = preflightRun;
      boolean fresh =
          last != null
              && (!last.isDone()
                  || System.nanoTime() - preflightEndNanos < preflightReuse.toNanos());
      if (last != null && fresh && !last.isCompletedExceptionally()) {
        shared = last;
        mine = null;
      } else {
        mine = new CompletableFuture<>();
        preflightRun = mine;
        shared = mine;
      }
    }
    if (mine != null) {
      preflightRuns.increment();
      try {
        Duration perProbe = prober.timeout().compareTo(deadline) < 0 ? prober.timeout() : deadline;
        Preflight preflight =
            Preflight.builder()
                .prober(prober.toBuilder().timeout(perProbe).overallTimeout(deadline).build())
                .options(options)
                .devices(devices)
                .build();
        HostReport report = preflight.run(deployment, from);
        synchronized (preflightLock) {
          preflightEndNanos = System.nanoTime();
        }
        mine.complete(report);
        return report;
      } catch (RuntimeException | Error e) {
        mine.completeExceptionally(e);
        throw e;
      }
    }
    try {
      // The run started by another scrape has a deadline of its own, about this one's.
      return shared.get(deadline.toNanos() + MARGIN_MILLIS * 1_000_000L, TimeUnit.NANOSECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while waiting for the shared preflight", e);
    } catch (TimeoutException e) {
      throw new SharedPreflightTimeout();
    } catch (ExecutionException e) {
      throw e.getCause() instanceof RuntimeException r
          ? r
          : new IllegalStateException(e.getCause());
    }
  }

  /** The shared preflight did not end within this scrape's deadline. */
  static final class SharedPreflightTimeout extends RuntimeException {
    private static final long serialVersionUID = 1L;

    SharedPreflightTimeout() {
      super("the preflight another scrape started did not end within this scrape's deadline");
    }
  }

  /** The scrape deadline: the header's seconds minus the margin, or the default. */
  static Duration deadline(String header) {
    if (header == null || header.isBlank()) {
      return DEFAULT_DEADLINE;
    }
    double seconds;
    try {
      seconds = Double.parseDouble(header.trim());
    } catch (NumberFormatException e) {
      seconds = Double.NaN;
    }
    if (!(seconds > 0) || Double.isInfinite(seconds)) {
      throw new ProbeQuery.BadQueryException(
          "X-Prometheus-Scrape-Timeout-Seconds \"" + header + "\" is not a positive number");
    }
    Duration d = Duration.ofMillis((long) (seconds * 1000) - MARGIN_MILLIS);
    if (d.compareTo(MIN_DEADLINE) < 0) {
      return MIN_DEADLINE;
    }
    return d.compareTo(MAX_DEADLINE) > 0 ? MAX_DEADLINE : d;
  }

  private void metrics(HttpExchange ex) throws IOException {
    CounterSnapshot.Builder c =
        CounterSnapshot.builder()
            .name("wdmports_exporter_scrapes")
            .help(
                "Probe scrapes by result: a module's id when it ran, or bad_query, forbidden, rejected.");
    new java.util.TreeMap<>(scrapes)
        .forEach(
            (result, n) ->
                c.dataPoint(
                    CounterDataPointSnapshot.builder()
                        .labels(Labels.of("result", result))
                        .value(n.sum())
                        .build()));
    MetricSnapshots s =
        new MetricSnapshots(
            c.build(),
            ScrapeMetrics.gauge(
                "wdmports_exporter_scrapes_in_flight",
                "Probe scrapes running now.",
                inFlight.get()),
            ScrapeMetrics.gauge(
                "wdmports_exporter_max_concurrent_scrapes",
                "The most probe scrapes that run at once.",
                maxConcurrentScrapes),
            ScrapeMetrics.gauge(
                "wdmports_exporter_targets",
                "Targets listed by /sd.",
                targets.endpoints().size() + targets.destinations().size()),
            CounterSnapshot.builder()
                .name("wdmports_exporter_preflight_runs")
                .help(
                    "Preflights run; preflight scrapes that arrive while one runs, or just after, share it.")
                .dataPoint(CounterDataPointSnapshot.builder().value(preflightRuns.sum()).build())
                .build());
    ByteArrayOutputStream body = new ByteArrayOutputStream();
    writer.write(body, s);
    send(ex, 200, writer.getContentType(), body.toByteArray());
  }

  private void count(String result) {
    scrapes.computeIfAbsent(result, k -> new LongAdder()).increment();
  }

  private static void reply(HttpExchange ex, int code, String line) throws IOException {
    send(ex, code, TEXT, (line + "\n").getBytes(StandardCharsets.UTF_8));
  }

  private static void send(HttpExchange ex, int code, String type, byte[] body) throws IOException {
    ex.getResponseHeaders().set("Content-Type", type);
    boolean head = ex.getRequestMethod().equals("HEAD");
    ex.sendResponseHeaders(code, head ? -1 : body.length);
    if (!head) {
      try (OutputStream out = ex.getResponseBody()) {
        out.write(body);
      }
    }
  }

  /**
   * Builds an {@link Exporter}. Not thread-safe.
   *
   * @since 0.1.0
   */
  public static final class Builder {
    private final Deployment deployment;
    private final String from;
    private InetSocketAddress listen = DEFAULT_LISTEN;
    private boolean allowAnyTarget;
    private int maxConcurrentScrapes = DEFAULT_MAX_CONCURRENT_SCRAPES;
    private @Nullable Prober prober;
    private ProbeOptions options = ProbeOptions.defaults();
    private Devices devices = Devices.all();
    private Duration preflightReuse = DEFAULT_PREFLIGHT_REUSE;

    private Builder(Deployment deployment, String from) {
      this.deployment = requireNonNull(deployment, "deployment");
      this.from = requireNonNull(from, "from");
    }

    /**
     * Sets the address to listen on.
     *
     * @param listen the address; {@code 127.0.0.1:9115} by default, port 0 for a free port
     * @return this builder
     */
    public Builder listen(InetSocketAddress listen) {
      this.listen = requireNonNull(listen, "listen");
      return this;
    }

    /**
     * Lets {@code /probe} probe any {@code HOST:PORT}, not only those the deployment names. An
     * exporter that probes any address is an open relay for port scans: use it on loopback.
     *
     * @param allow true to allow; false by default
     * @return this builder
     */
    public Builder allowAnyTarget(boolean allow) {
      this.allowAnyTarget = allow;
      return this;
    }

    /**
     * Sets how many scrapes probe at once; more get HTTP 503.
     *
     * @param max 1..256; {@value Exporter#DEFAULT_MAX_CONCURRENT_SCRAPES} by default
     * @return this builder
     * @throws IllegalArgumentException if out of range
     */
    public Builder maxConcurrentScrapes(int max) {
      if (max < 1 || max > 256) {
        throw new IllegalArgumentException(
            "maxConcurrentScrapes " + max + " is out of range 1..256: use e.g. 16");
      }
      this.maxConcurrentScrapes = max;
      return this;
    }

    /**
     * Sets the prober; each scrape derives one with the scrape's deadline from it.
     *
     * @param prober the prober; {@code Prober.builder().build()} by default
     * @return this builder
     */
    public Builder prober(Prober prober) {
      this.prober = requireNonNull(prober, "prober");
      return this;
    }

    /**
     * Sets the options of every probe (TLS trust, insecure TLS).
     *
     * @param options the options; {@link ProbeOptions#defaults()} by default
     * @return this builder
     */
    public Builder probeOptions(ProbeOptions options) {
      this.options = requireNonNull(options, "options");
      return this;
    }

    /**
     * Sets which devices of each device network a preflight scrape checks.
     *
     * @param devices {@link Devices#all()} by default, or a sample by seed (the same devices at
     *     every scrape)
     * @return this builder
     */
    public Builder devices(Devices devices) {
      this.devices = requireNonNull(devices, "devices");
      return this;
    }

    /**
     * Sets how long a preflight's result serves later preflight scrapes, of any target, after it
     * ends (scrapes that arrive while it runs always share it).
     *
     * @param reuse 0..1h; {@link Exporter#DEFAULT_PREFLIGHT_REUSE} by default, zero to run one
     *     preflight per scrape unless they overlap
     * @return this builder
     * @throws IllegalArgumentException if out of range
     */
    public Builder preflightReuse(Duration reuse) {
      requireNonNull(reuse, "reuse");
      if (reuse.isNegative() || reuse.compareTo(Duration.ofHours(1)) > 0) {
        throw new IllegalArgumentException(
            "preflightReuse " + reuse + " is out of range 0..1h: use e.g. Duration.ofSeconds(5)");
      }
      this.preflightReuse = reuse;
      return this;
    }

    /**
     * Builds the exporter; {@link Exporter#start()} starts it.
     *
     * @return the exporter
     * @throws dev.wdmports.core.InvalidInputException if the deployment has no host {@code from}
     */
    public Exporter build() {
      return new Exporter(this);
    }
  }
}
