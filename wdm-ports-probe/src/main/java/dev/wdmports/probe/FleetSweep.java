package dev.wdmports.probe;

import dev.wdmports.core.Cidr;
import dev.wdmports.core.Flow;
import dev.wdmports.core.graph.Availability;
import dev.wdmports.core.graph.DependencyGraph;
import dev.wdmports.core.graph.FlowVerdict;
import dev.wdmports.core.graph.OperationRequirements;
import dev.wdmports.core.graph.OperationStatus;
import dev.wdmports.core.report.DeviceBreakdown;
import dev.wdmports.core.report.Evidence;
import dev.wdmports.core.report.ProbeStatus;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.OptionalLong;
import java.util.Set;
import java.util.function.Function;
import java.util.function.Supplier;
import java.util.stream.Collectors;

/**
 * The part of a {@link Preflight} that checks the flows to one device network on each device: the
 * devices are streamed in runs of at most {@value Prober#SWEEP_CHUNK} probes (every flow of a
 * device in the same run), each device's flows are rolled up into the operations on their own, and
 * the results are folded into ranges as each run ends. Memory grows with the number of ranges, not
 * of devices. One instance per network and preflight; not thread-safe.
 */
final class FleetSweep {
  /** What an operation is on the devices of one combination of flow statuses. */
  private record Cell(Availability availability, String because) {}

  private final Prober prober;
  private final ProbeOptions options;
  private final DependencyGraph graph;
  private final String network;
  private final Cidr cidr;
  private final List<Flow> flows;
  private final List<String> operations;
  private final Devices devices;
  private final Supplier<Map<String, FlowVerdict>> otherVerdicts;
  private final Function<Flow, String> otherStatus;

  private final List<RangeFold<ProbeStatus>> flowRanges = new ArrayList<>();
  private final List<EnumMap<ProbeStatus, Long>> flowCounts = new ArrayList<>();
  private final Map<String, RangeFold<Cell>> opRanges = new LinkedHashMap<>();
  private final Map<String, EnumMap<Availability, Long>> opCounts = new HashMap<>();
  private final Map<String, OperationStatus> worst = new HashMap<>();
  private final Map<List<ProbeStatus>, Map<String, Cell>> cells = new HashMap<>();
  private final Map<String, Flow> byId;
  private long total;
  private long notProbed;
  private boolean baselineKnown;
  private Map<String, Cell> notProbedCells = Map.of();

  /**
   * @param network the deployment host that is the device network
   * @param flows its flows to check on each device (TCP, distinct ids)
   * @param otherVerdicts the verdicts of every other flow of the preflight (awaited on first use)
   * @param otherStatus the status word of another flow, for the reasons
   */
  FleetSweep(
      Prober prober,
      ProbeOptions options,
      DependencyGraph graph,
      String network,
      Cidr cidr,
      List<Flow> flows,
      Devices devices,
      Supplier<Map<String, FlowVerdict>> otherVerdicts,
      Function<Flow, String> otherStatus) {
    this.prober = prober;
    this.options = options;
    this.graph = graph;
    this.network = network;
    this.cidr = cidr;
    this.flows = List.copyOf(flows);
    this.devices = devices;
    this.otherVerdicts = otherVerdicts;
    this.otherStatus = otherStatus;
    this.byId = this.flows.stream().collect(Collectors.toMap(Flow::id, f -> f, (a, b) -> a));
    Set<String> ids = byId.keySet();
    List<String> ops = new ArrayList<>();
    for (OperationRequirements req : graph.requirements()) {
      boolean uses =
          req.clauses().stream()
              .flatMap(c -> c.alternatives().stream())
              .flatMap(a -> a.flows().stream())
              .anyMatch(f -> ids.contains(f.id()));
      if (uses) {
        ops.add(req.operation().id());
      }
    }
    this.operations = List.copyOf(ops);
    for (int j = 0; j < this.flows.size(); j++) {
      flowRanges.add(new RangeFold<>(Evidence.Swept.MAX_RANGES));
      flowCounts.add(new EnumMap<>(ProbeStatus.class));
    }
    for (String op : operations) {
      opRanges.put(op, new RangeFold<>(DeviceBreakdown.MAX_RANGES));
      opCounts.put(op, new EnumMap<>(Availability.class));
    }
  }

  /** The devices to check: the network's addresses, or a sample of them. */
  private ProbeTargets targets() {
    String hosts = cidr.isIpv4() ? cidr.toString() : "[" + cidr + "]";
    ProbeTargets t = ProbeTargets.parse(hosts + ":" + flows.get(0).port() + "/tcp");
    return devices.isAll() ? t : t.sample(devices.sample(), devices.seed());
  }

  /**
   * Probes every device, in overlapping runs of whole devices ({@link Prober#sweepRuns}), within
   * the prober's overall timeout.
   */
  void run(ProbeListener listener) {
    ProbeTargets targets = targets();
    total = targets.size();
    int k = flows.size();
    int perRun = Math.max(1, Prober.SWEEP_CHUNK / k);
    Iterator<ProbeTarget> it = targets.iterator();
    Iterator<List<ProbeTarget>> runs =
        new Iterator<>() {
          @Override
          public boolean hasNext() {
            return it.hasNext();
          }

          @Override
          public List<ProbeTarget> next() {
            List<ProbeTarget> run = new ArrayList<>(perRun * k);
            for (int d = 0; d < perRun && it.hasNext(); d++) {
              String host = it.next().host();
              for (Flow f : flows) {
                run.add(ProbeTarget.of(host, f.port(), "tcp").withOptions(options));
              }
            }
            return run;
          }
        };
    Prober.SweepOutcome outcome = prober.sweepRuns(runs, listener, this::fold);
    notProbed = total - outcome.probed() / k;
    if (notProbed > 0) {
      // Devices never probed (the deadline passed): their flows are not checked.
      dropOperationsBrokenAnyway();
      notProbedCells = classifyNotProbed();
      notProbedCells.forEach(
          (op, cell) -> countsOf(op).merge(cell.availability(), notProbed, Long::sum));
    }
  }

  // opRanges and opCounts hold every operation still followed, from the constructor on.
  private RangeFold<Cell> rangesOf(String op) {
    return Objects.requireNonNull(opRanges.get(op), op);
  }

  private EnumMap<Availability, Long> countsOf(String op) {
    return Objects.requireNonNull(opCounts.get(op), op);
  }

  /** Folds a run's results, each device's flows together, in address order. */
  private void fold(ProbeReport report) {
    // Here, not before the first run: it needs the other flows' verdicts, which are in by the
    // time a run of devices ends, so the devices' probes never wait for the server's.
    dropOperationsBrokenAnyway();
    int k = flows.size();
    List<ProbeResult> results = report.results();
    for (int d = 0; d < results.size() / k; d++) {
      String host = results.get(d * k).target().host();
      List<ProbeStatus> tuple = new ArrayList<>(k);
      for (int j = 0; j < k; j++) {
        ProbeStatus s = results.get(d * k + j).status();
        tuple.add(s);
        flowRanges.get(j).accept(host, s);
        flowCounts.get(j).merge(s, 1L, Long::sum);
      }
      for (Map.Entry<String, Cell> e :
          cells.computeIfAbsent(List.copyOf(tuple), this::classify).entrySet()) {
        rangesOf(e.getKey()).accept(host, e.getValue());
        countsOf(e.getKey()).merge(e.getValue().availability(), 1L, Long::sum);
      }
    }
  }

  /**
   * An operation that is broken even with every device's flows open (a rule no host places, a
   * server flow refused) is broken on all devices alike: a breakdown by device would only repeat
   * it, so it has none, and its status says why once.
   */
  private void dropOperationsBrokenAnyway() {
    if (baselineKnown) {
      return;
    }
    baselineKnown = true;
    Map<String, FlowVerdict> verdicts = new HashMap<>(otherVerdicts.get());
    for (Flow f : flows) {
      verdicts.put(f.id(), FlowVerdict.OPEN);
    }
    for (OperationStatus s : graph.availability(verdicts)) {
      if (s.availability() == Availability.BROKEN) {
        opRanges.remove(s.operation().id());
        opCounts.remove(s.operation().id());
      }
    }
  }

  /** The operations on a device whose flows have these statuses. */
  private Map<String, Cell> classify(List<ProbeStatus> tuple) {
    Map<String, FlowVerdict> verdicts = new HashMap<>(otherVerdicts.get());
    Map<String, String> words = new HashMap<>();
    for (int j = 0; j < flows.size(); j++) {
      FlowVerdict v = tuple.get(j).verdict();
      verdicts.put(flows.get(j).id(), v == FlowVerdict.NOT_CHECKED ? FlowVerdict.UNKNOWN : v);
      words.put(flows.get(j).id(), tuple.get(j).name());
    }
    return cellsOf(verdicts, words);
  }

  private Map<String, Cell> classifyNotProbed() {
    Map<String, FlowVerdict> verdicts = new HashMap<>(otherVerdicts.get());
    Map<String, String> words = new HashMap<>();
    for (Flow f : flows) {
      verdicts.put(f.id(), FlowVerdict.NOT_CHECKED);
      words.put(f.id(), "NOT_CHECKED (the deadline passed)");
    }
    return cellsOf(verdicts, words);
  }

  private Map<String, Cell> cellsOf(Map<String, FlowVerdict> verdicts, Map<String, String> words) {
    Map<String, Cell> out = new LinkedHashMap<>();
    for (OperationStatus s : graph.availability(verdicts)) {
      String op = s.operation().id();
      if (!opRanges.containsKey(op)) {
        continue;
      }
      List<Flow> why =
          switch (s.availability()) {
            case AVAILABLE -> List.of();
            case DEGRADED, BROKEN -> s.blockedBy();
            case UNKNOWN -> s.unknown();
          };
      List<String> parts = new ArrayList<>();
      why.stream()
          .map(Flow::id)
          .distinct()
          .forEach(
              id -> {
                Flow f = byId.get(id);
                Flow g =
                    f != null ? f : why.stream().filter(x -> x.id().equals(id)).findFirst().get();
                String word = words.getOrDefault(id, otherStatus.apply(g));
                parts.add(
                    g.rule().orElse(g.id())
                        + " "
                        + g.port()
                        + "/"
                        + g.transport().id()
                        + " "
                        + word);
              });
      if (s.availability() == Availability.BROKEN && !s.unplacedRules().isEmpty()) {
        parts.add("no host runs both ends of " + String.join(", ", s.unplacedRules()));
      }
      out.put(op, new Cell(s.availability(), String.join(", ", parts)));
      OperationStatus w = worst.get(op);
      if (w == null || rank(s.availability()) > rank(w.availability())) {
        worst.put(op, s);
      }
    }
    return out;
  }

  /** BROKEN, then UNKNOWN, then DEGRADED, then AVAILABLE. */
  static int rank(Availability a) {
    return switch (a) {
      case AVAILABLE -> 0;
      case DEGRADED -> 1;
      case UNKNOWN -> 2;
      case BROKEN -> 3;
    };
  }

  /** The evidence of each flow, by flow id. */
  Map<String, Evidence.Swept> evidence() {
    Map<String, Evidence.Swept> out = new LinkedHashMap<>();
    OptionalLong seed = devices.isAll() ? OptionalLong.empty() : OptionalLong.of(devices.seed());
    for (int j = 0; j < flows.size(); j++) {
      RangeFold<ProbeStatus> fold = flowRanges.get(j);
      List<Evidence.Swept.Range> ranges =
          fold.finish().stream()
              .map(s -> new Evidence.Swept.Range(s.text(), s.count(), s.state()))
              .toList();
      out.put(
          flows.get(j).id(),
          new Evidence.Swept(
              "tcp", cidr.toString(), total, flowCounts.get(j), ranges, fold.omitted(), seed));
    }
    return out;
  }

  /** The breakdown of each operation that depends on the network. */
  List<DeviceBreakdown> breakdowns() {
    List<DeviceBreakdown> out = new ArrayList<>();
    for (Map.Entry<String, RangeFold<Cell>> e : opRanges.entrySet()) {
      List<DeviceBreakdown.Range> ranges = new ArrayList<>();
      for (RangeFold.Span<Cell> s : e.getValue().finish()) {
        ranges.add(
            new DeviceBreakdown.Range(
                s.text(), s.count(), s.state().availability(), s.state().because()));
      }
      long omitted = e.getValue().omitted();
      Cell rest = notProbedCells.get(e.getKey());
      if (rest != null) {
        if (ranges.size() < DeviceBreakdown.MAX_RANGES) {
          ranges.add(
              new DeviceBreakdown.Range(
                  "not probed", notProbed, rest.availability(), rest.because()));
        } else {
          omitted++;
        }
      }
      out.add(
          new DeviceBreakdown(e.getKey(), network, total, countsOf(e.getKey()), ranges, omitted));
    }
    return out;
  }

  /** The operation's status on its worst device, for each operation that depends on the network. */
  Map<String, OperationStatus> worst() {
    return worst;
  }
}
