package dev.wdmports.probe;

import static java.util.Objects.requireNonNull;

import dev.wdmports.core.Address;
import dev.wdmports.core.Cidr;
import dev.wdmports.core.Flow;
import dev.wdmports.core.InvalidInputException;
import dev.wdmports.core.Transport;
import dev.wdmports.core.catalog.Catalog;
import dev.wdmports.core.deploy.Deployment;
import dev.wdmports.core.deploy.Host;
import dev.wdmports.core.graph.DependencyGraph;
import dev.wdmports.core.graph.FlowVerdict;
import dev.wdmports.core.graph.OperationRequirements;
import dev.wdmports.core.graph.OperationStatus;
import dev.wdmports.core.report.DeviceBreakdown;
import dev.wdmports.core.report.Evidence;
import dev.wdmports.core.report.FlowCheck;
import dev.wdmports.core.report.HostReport;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;

/**
 * Probes every flow of a deployment that starts at one host, with the checker that speaks the
 * flow's protocol, and rolls the results up into operation availability.
 *
 * <pre>{@code
 * Preflight preflight = Preflight.builder()
 *     .prober(Prober.builder().timeout(Duration.ofSeconds(2)).build())
 *     .build();
 * HostReport report = preflight.run(deployment, "admin", listener);
 * report.operations().forEach(op -> System.out.println(op.operation().id() + ": " + report.explain(op)));
 * // reboot: broken, because admin->wdm-server:443/tcp (gui-to-web-service-https) is REFUSED
 *
 * // "everything on one WDM server at 10.0.0.5, checked from here"
 * HostReport quick = preflight.runSingleServer(Catalogs.wdm(), Address.parse("10.0.0.5"));
 *
 * // a fleet: the wake-up on 256 devices of each device network, the same 256 for the same seed
 * HostReport fleet = Preflight.builder().devices(Devices.sample(256, 7L)).build()
 *     .run(deployment, "wdm-server");
 * fleet.devicesOf("reboot").forEach(b -> System.out.println(b.describe()));
 * // broken for 64 of 256 devices of thin-clients (10.10.12.0/22: web-service-to-web-agent-wakeup 80/tcp FILTERED)
 * }</pre>
 *
 * <p>Checkers by protocol id (override with {@link Builder#checker}): {@code http} and {@code
 * vnc-http} → {@code http}, {@code https} → {@code https}, {@code ftp} → {@code ftp}, {@code
 * ole-db} → {@code tds}, {@code vnc} → {@code vnc}, {@code tftp} → {@code tftp}; any other TCP
 * protocol → {@code tcp}. A UDP flow without a checker and a destination without an address are
 * reported as not checked. Flows of different rules to the same host and port are probed once.
 *
 * <p><b>Device networks.</b> A TCP flow to a host whose address is a network (a fleet of devices)
 * is checked on every device, or on a {@linkplain Builder#devices sample}, with a TCP connect each,
 * in runs of at most {@value Prober#SWEEP_CHUNK} probes: its evidence is an {@link Evidence.Swept}
 * (counts by status, contiguous devices with one status as ranges). Each device's flows are rolled
 * up into the operations on their own; an operation that depends on the network has the worst
 * availability over its devices and a {@link DeviceBreakdown} beside it ({@link
 * HostReport#devicesOf}), unless it is broken on every device by other flows anyway. From a host
 * whose address lies inside a device network, that network's own flows (the agent's) are probed
 * too, as from one of its devices. The prober's overall timeout bounds the whole run; devices it
 * leaves unprobed are never reported open. The listener hears {@code started} and {@code finished}
 * once per run: the host's own flows, then each run of devices.
 *
 * <p>The result is the one report model, a {@link HostReport} of kind {@link
 * HostReport.Kind#PREFLIGHT}: each flow with its probe's {@link Evidence.Probed} status (or why it
 * was {@link Evidence.NotChecked not checked}), its verdict the status's {@link
 * dev.wdmports.core.report.ProbeStatus#verdict()}: {@code OPEN} is open; {@code OPEN_OR_FILTERED}
 * and {@code ERROR} are unknown; every other status blocks the flow. Render it with {@link
 * dev.wdmports.core.report.ReportFormat}. Immutable and thread-safe.
 *
 * @since 0.1.0
 */
public final class Preflight {
  private static final Map<String, String> DEFAULT_CHECKERS =
      Map.of(
          "http", "http",
          "vnc-http", "http",
          "https", "https",
          "ftp", "ftp",
          "ole-db", "tds",
          "vnc", "vnc",
          "tftp", "tftp");

  /** The least overall timeout a prober takes: a sweep begun past the deadline probes nothing. */
  private static final Duration MIN_LEFT = Duration.ofMillis(1);

  private final Prober prober;
  private final Map<String, String> checkers;
  private final ProbeOptions options;
  private final Devices devices;

  private Preflight(Builder b) {
    this.prober = b.prober != null ? b.prober : Prober.builder().build();
    for (String protocol : b.chosen) {
      // checker(protocol, id) puts every chosen protocol in checkers.
      String id = requireNonNull(b.checkers.get(protocol), protocol);
      if (prober.registry().find(id).isEmpty()) {
        throw new InvalidInputException(
            "checker \""
                + id
                + "\" for protocol "
                + protocol
                + " is not in the prober's registry: use one of "
                + String.join(", ", new java.util.TreeSet<>(prober.registry().ids())));
      }
    }
    this.checkers = Map.copyOf(b.checkers);
    this.options = b.tlsTrust != null ? b.options.withTlsTrust(b.tlsTrust) : b.options;
    this.devices = b.devices;
  }

  /**
   * Starts a configuration.
   *
   * @return a builder with the default prober and checkers
   */
  public static Builder builder() {
    return new Builder();
  }

  /**
   * Returns the prober.
   *
   * @return the prober used for the flows
   */
  public Prober prober() {
    return prober;
  }

  /**
   * Returns the checker for a protocol.
   *
   * @param protocol a protocol id
   * @param transport its transport
   * @return the checker id, or empty when none fits (a UDP protocol without a checker)
   */
  public Optional<String> checkerFor(String protocol, Transport transport) {
    String c = checkers.get(protocol);
    if (c != null) {
      return Optional.of(c);
    }
    return transport == Transport.TCP ? Optional.of("tcp") : Optional.empty();
  }

  /**
   * Checks everything on one WDM server from here: see {@link Deployment#singleServer}.
   *
   * @param catalog the catalog
   * @param server the server's address
   * @return the report
   */
  public HostReport runSingleServer(Catalog catalog, Address server) {
    return run(Deployment.singleServer(catalog, server), "this-host", ProbeListener.none());
  }

  /**
   * Probes the flows that start at a host.
   *
   * @param deployment the deployment
   * @param from the host the flows start at (this machine)
   * @return the report
   * @throws InvalidInputException if the deployment has no such host, listing its hosts
   */
  public HostReport run(Deployment deployment, String from) {
    return run(deployment, from, ProbeListener.none());
  }

  /**
   * Probes the flows that start at a host, telling a listener about each probe.
   *
   * @param deployment the deployment
   * @param from the host the flows start at (this machine)
   * @param listener told when the run starts, of each result and when it ends
   * @return the report
   * @throws InvalidInputException if the deployment has no such host, listing its hosts
   */
  public HostReport run(Deployment deployment, String from, ProbeListener listener) {
    requireNonNull(deployment, "deployment");
    requireNonNull(listener, "listener");
    long startNanos = prober.ticker.read();
    Long deadline = prober.overallTimeout().map(d -> startNanos + d.toNanos()).orElse(null);
    Set<String> vantage = vantage(deployment, from);
    List<Flow> flows = new ArrayList<>();
    for (String v : vantage) {
      flows.addAll(deployment.flowsFrom(v));
    }
    Map<String, ProbeTarget> targetsById = new LinkedHashMap<>();
    Map<String, Map<String, Flow>> deviceFlows = new LinkedHashMap<>();
    Map<Flow, String> checkerOf = new HashMap<>();
    Map<Flow, String> notes = new HashMap<>();
    for (Flow f : flows) {
      Optional<String> checker = checkerFor(f.protocol().orElse(""), f.transport());
      checkerOf.put(f, checker.orElse("none"));
      Optional<String> host = probeHost(f);
      if (checker.isEmpty()) {
        notes.put(
            f, "no checker speaks " + f.protocol().orElse("?") + " over " + f.transport().id());
      } else if (host.isEmpty() && network(f).isPresent() && f.transport() == Transport.TCP) {
        deviceFlows.computeIfAbsent(f.to(), k -> new LinkedHashMap<>()).putIfAbsent(f.id(), f);
      } else if (host.isEmpty()) {
        notes.put(f, reasonNotProbed(f));
      } else {
        ProbeTarget t = ProbeTarget.of(host.get(), f.port(), checker.get()).withOptions(options);
        ProbeTarget old = targetsById.get(f.id());
        // Flows of several rules may share a connection; probe it once, with the most specific
        // checker (anything beats plain tcp).
        if (old == null || old.checker().equals("tcp")) {
          targetsById.put(f.id(), t);
        }
      }
    }
    List<ProbeTarget> targets = new ArrayList<>(targetsById.values());
    ProbeRun run = prober.start(targets, listener);
    // The graph and which operations are this host's alone need no probe result: work them out
    // while the probes wait for their answers (or their timeouts), not after.
    DependencyGraph graph;
    List<String> local = new ArrayList<>();
    try {
      graph = DependencyGraph.of(deployment);
      for (OperationRequirements req : graph.requirements()) {
        boolean allLocal =
            req.clauses().stream()
                .flatMap(c -> c.alternatives().stream())
                .allMatch(
                    a ->
                        a.placed() && a.flows().stream().allMatch(f -> vantage.contains(f.from())));
        if (allLocal) {
          local.add(req.operation().id());
        }
      }
    } catch (RuntimeException e) {
      run.cancel();
      throw e;
    }
    Map<String, ProbeResult> resultById = new HashMap<>();
    // The devices' flows roll up with every other flow's verdict: those are known once the run of
    // the other flows ends, which it does while the first devices are probed.
    Supplier<Map<String, FlowVerdict>> others =
        memoize(
            () -> {
              ProbeReport probe = run.await();
              List<String> ids = new ArrayList<>(targetsById.keySet());
              for (int i = 0; i < ids.size(); i++) {
                resultById.put(ids.get(i), probe.results().get(i));
              }
              Map<String, FlowVerdict> v = new HashMap<>();
              for (Flow f : flows) {
                if (deviceFlows.containsKey(f.to())
                    && deviceFlows.get(f.to()).containsKey(f.id())) {
                  v.put(f.id(), FlowVerdict.OPEN); // another network's devices: not this device's
                } else {
                  v.put(f.id(), check(f, resultById.get(f.id()), checkerOf, notes).verdict());
                }
              }
              return v;
            });
    Function<Flow, String> statusWord =
        f -> {
          ProbeResult r = resultById.get(f.id());
          return r == null ? "NOT_CHECKED" : r.status().name();
        };
    Map<String, Evidence.Swept> swept = new HashMap<>();
    List<DeviceBreakdown> breakdowns = new ArrayList<>();
    Map<String, OperationStatus> worst = new HashMap<>();
    try {
      for (Map.Entry<String, Map<String, Flow>> e : deviceFlows.entrySet()) {
        Flow first = e.getValue().values().iterator().next();
        // The overall timeout bounds the whole preflight: each network gets what is left.
        Prober left =
            deadline == null
                ? prober
                : prober.toBuilder()
                    .overallTimeout(
                        Duration.ofNanos(
                            Math.max(deadline - prober.ticker.read(), MIN_LEFT.toNanos())))
                    .build();
        FleetSweep sweep =
            new FleetSweep(
                left,
                options,
                graph,
                e.getKey(),
                network(first).orElseThrow(),
                List.copyOf(e.getValue().values()),
                devices,
                others,
                statusWord);
        sweep.run(listener);
        swept.putAll(sweep.evidence());
        breakdowns.addAll(sweep.breakdowns());
        sweep
            .worst()
            .forEach(
                (op, st) ->
                    worst.merge(
                        op,
                        st,
                        (a, b) ->
                            FleetSweep.rank(b.availability()) > FleetSweep.rank(a.availability())
                                ? b
                                : a));
      }
    } catch (RuntimeException e) {
      run.cancel();
      throw e;
    }
    others.get();
    List<FlowCheck> checks = new ArrayList<>();
    Map<String, FlowVerdict> verdicts = new HashMap<>();
    for (Flow f : flows) {
      Evidence.Swept w = swept.get(f.id());
      FlowCheck check =
          w != null ? FlowCheck.swept(f, w) : check(f, resultById.get(f.id()), checkerOf, notes);
      verdicts.put(f.id(), check.verdict());
      checks.add(check);
    }
    List<OperationStatus> operations = new ArrayList<>();
    for (OperationStatus s : graph.availability(verdicts)) {
      operations.add(worst.getOrDefault(s.operation().id(), s));
    }
    Duration elapsed = Duration.ofNanos(prober.ticker.read() - startNanos);
    return HostReport.ofPreflight(from, checks, operations, local, elapsed, breakdowns);
  }

  /**
   * The host and every device network its address lies in: from inside a device network, the
   * devices' own flows (the agent's, to the server and the repositories) are checked too.
   */
  private static Set<String> vantage(Deployment deployment, String from) {
    Set<String> names = new LinkedHashSet<>();
    names.add(from);
    Optional<Cidr> self =
        deployment.requireHost(from).address().flatMap(Address::cidr).filter(Cidr::isHost);
    if (self.isPresent()) {
      for (Host h : deployment.hosts()) {
        Optional<Cidr> net = h.address().flatMap(Address::cidr).filter(c -> !c.isHost());
        if (net.isPresent() && net.get().contains(self.get().network())) {
          names.add(h.name());
        }
      }
    }
    return names;
  }

  private static FlowCheck check(
      Flow f, @Nullable ProbeResult r, Map<Flow, String> checkerOf, Map<Flow, String> notes) {
    return r == null
        ? FlowCheck.notChecked(
            f,
            new Evidence.NotChecked(checkerOf.getOrDefault(f, "none"), notes.getOrDefault(f, "")))
        : FlowCheck.probed(
            f,
            new Evidence.Probed(
                r.target().checker(), r.target().host(), r.status(), r.detail(), r.latency()));
  }

  private static <T> Supplier<T> memoize(Supplier<T> s) {
    return new Supplier<>() {
      private @Nullable T value;

      @Override
      public T get() {
        if (value == null) {
          value = s.get();
        }
        return value;
      }
    };
  }

  /** The network a flow goes to, when its destination is a network rather than one host. */
  private static Optional<Cidr> network(Flow f) {
    return f.toAddress().flatMap(Address::cidr).filter(c -> !c.isHost());
  }

  private static Optional<String> probeHost(Flow f) {
    Optional<Address> a = f.toAddress();
    if (a.isEmpty()) {
      return Optional.empty();
    }
    if (a.get().isDnsName()) {
      return Optional.of(a.get().text());
    }
    Cidr c = a.get().cidr().orElseThrow();
    return c.isHost() ? Optional.of(a.get().text()) : Optional.empty();
  }

  private static String reasonNotProbed(Flow f) {
    return f.toAddress().isEmpty()
        ? "host " + f.to() + " has no address in the deployment"
        : "destination "
            + f.toAddress().get()
            + " is a network, and only TCP flows are checked on each device";
  }

  /**
   * Builds a {@link Preflight}. Not thread-safe.
   *
   * @since 0.1.0
   */
  public static final class Builder {
    private @Nullable Prober prober;
    private final Map<String, String> checkers = new HashMap<>(DEFAULT_CHECKERS);
    private final java.util.Set<String> chosen = new java.util.LinkedHashSet<>();
    private ProbeOptions options = ProbeOptions.defaults();
    private @Nullable TlsTrust tlsTrust;
    private Devices devices = Devices.all();

    private Builder() {}

    /**
     * Sets which devices of each device network are checked (default {@link Devices#all()}).
     *
     * @param devices every device, or a sample by seed
     * @return this builder
     */
    public Builder devices(Devices devices) {
      this.devices = requireNonNull(devices, "devices");
      return this;
    }

    /**
     * Sets the prober (default: {@code Prober.builder().build()}).
     *
     * @param prober the prober
     * @return this builder
     */
    public Builder prober(Prober prober) {
      this.prober = requireNonNull(prober, "prober");
      return this;
    }

    /**
     * Uses a checker for a protocol, e.g. {@code checker("ole-db", "tcp")} to skip TDS.
     *
     * @param protocol a protocol id of the catalog
     * @param checker a checker id of the prober's registry; {@link #build()} fails if it is not
     * @return this builder
     */
    public Builder checker(String protocol, String checker) {
      checkers.put(requireNonNull(protocol, "protocol"), requireNonNull(checker, "checker"));
      chosen.add(protocol);
      return this;
    }

    /**
     * Sets the probe options of every target (default {@link ProbeOptions#defaults()}: TLS
     * verification on, no credentials).
     *
     * @param options the options
     * @return this builder
     */
    public Builder options(ProbeOptions options) {
      this.options = requireNonNull(options, "options");
      return this;
    }

    /**
     * Sets the CAs the {@code https} and FTP {@code AUTH TLS} probes trust, in place of the JDK's
     * default trust store; it wins over the trust of {@link #options}, whichever is set first.
     *
     * @param trust e.g. {@code TlsTrust.fromPem(Path.of("ca.pem"))}; the trust of the options, by
     *     default {@link TlsTrust#jdkDefault()}, when not set
     * @return this builder
     */
    public Builder tlsTrust(TlsTrust trust) {
      this.tlsTrust = requireNonNull(trust, "trust");
      return this;
    }

    /**
     * Builds the preflight.
     *
     * @return the preflight
     * @throws InvalidInputException if a checker given to {@link #checker} is not in the prober's
     *     registry, listing the checkers there are
     */
    public Preflight build() {
      return new Preflight(this);
    }
  }
}
