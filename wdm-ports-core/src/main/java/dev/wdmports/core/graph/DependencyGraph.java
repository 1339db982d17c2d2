package dev.wdmports.core.graph;

import static java.util.Objects.requireNonNull;

import com.google.common.collect.ImmutableList;
import com.google.common.graph.ElementOrder;
import com.google.common.graph.EndpointPair;
import com.google.common.graph.MutableValueGraph;
import com.google.common.graph.ValueGraphBuilder;
import dev.wdmports.core.Flow;
import dev.wdmports.core.InvalidInputException;
import dev.wdmports.core.Operation;
import dev.wdmports.core.PortRule;
import dev.wdmports.core.Provenance;
import dev.wdmports.core.Requirement;
import dev.wdmports.core.SecurityMode;
import dev.wdmports.core.catalog.Catalog;
import dev.wdmports.core.deploy.Deployment;
import dev.wdmports.core.deploy.Host;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.jspecify.annotations.Nullable;

/**
 * The push-operation dependency graph of a deployment: which operation needs which flows, and so
 * which operations break when a port is closed or a flow is blocked.
 *
 * <pre>{@code
 * DependencyGraph graph = DependencyGraph.of(Deployment.standard(Catalogs.wdm()));
 * for (OperationStatus s : graph.impact(ClosedPorts.parse("443"))) {
 *   if (!s.available()) {
 *     System.out.println(s.reason()); // reboot: broken, because gui->web-service:443/tcp ...
 *   }
 * }
 * }</pre>
 *
 * <p>An operation needs all of its requirements; a requirement is met by any one of its
 * alternatives (an {@code anyOf}, or a {@code channel} under {@link SecurityMode#HTTP_OR_HTTPS});
 * an alternative is every flow of one rule, except that the flows to (or from) the redundant hosts
 * of a component the deployment marks {@code any} stand in for each other ({@link
 * Deployment#flowGroups}): one of them open suffices, and one blocked leaves the operation {@code
 * DEGRADED}. A rule the deployment places on no host breaks the operations that need it, unless
 * another alternative of the same requirement is placed.
 *
 * <p>Flows are identified by {@link Flow#id()}: flows of different rules between the same hosts on
 * the same port are one connection, with one verdict. The graph is compiled to arrays on
 * construction, so queries do not allocate per flow. Instances are immutable and thread-safe.
 *
 * @since 0.1.0
 */
public final class DependencyGraph {
  private static final byte OPEN = 0;
  private static final byte BLOCKED = 1;
  private static final byte UNKNOWN = 2;

  private final Deployment deployment;
  private final ImmutableList<Flow> flows;
  private final Map<String, Integer> flowIndex;
  private final String[] flowIds;
  private final ImmutableList<Operation> operations;
  private final Map<String, Integer> operationIndex;
  private final ImmutableList<OperationRequirements> requirements;
  // [operation][clause][alternative][group] -> flow indices, any one of which suffices;
  // a null alternative is an unplaced rule
  private final int[][][][][] compiled;
  private final String[][][] alternativeRules;
  private final Flow[][][][][] alternativeFlows;

  private DependencyGraph(Deployment deployment) {
    this.deployment = deployment;
    Catalog catalog = deployment.catalog();
    Map<String, Integer> index = new LinkedHashMap<>();
    ImmutableList.Builder<Flow> distinct = ImmutableList.builder();
    Map<String, List<Flow>> byRule = new HashMap<>();
    for (Flow f : deployment.flows()) {
      if (index.putIfAbsent(f.id(), index.size()) == null) {
        distinct.add(f);
      }
      byRule.computeIfAbsent(f.rule().orElseThrow(), r -> new ArrayList<>()).add(f);
    }
    this.flows = distinct.build();
    this.flowIndex = Map.copyOf(index);
    this.flowIds = index.keySet().toArray(String[]::new);
    this.operations = ImmutableList.copyOf(catalog.operations());
    Map<String, Integer> opIndex = new HashMap<>();
    int n = operations.size();
    this.compiled = new int[n][][][][];
    this.alternativeRules = new String[n][][];
    this.alternativeFlows = new Flow[n][][][][];
    ImmutableList.Builder<OperationRequirements> reqs = ImmutableList.builder();
    for (int o = 0; o < n; o++) {
      Operation op = operations.get(o);
      opIndex.put(op.id(), o);
      List<OperationRequirements.Clause> clauses = new ArrayList<>();
      for (Requirement r : op.requires()) {
        for (List<String> alternatives : resolve(r, deployment.securityMode())) {
          List<OperationRequirements.Alternative> alts = new ArrayList<>();
          for (String rule : alternatives) {
            alts.add(
                new OperationRequirements.Alternative(rule, byRule.getOrDefault(rule, List.of())));
          }
          if (alts.stream().anyMatch(OperationRequirements.Alternative::placed)) {
            alts.removeIf(a -> !a.placed());
          }
          clauses.add(new OperationRequirements.Clause(r, alts));
        }
      }
      OperationRequirements or = new OperationRequirements(op, clauses);
      reqs.add(or);
      compile(o, or);
    }
    this.requirements = reqs.build();
    this.operationIndex = Map.copyOf(opIndex);
  }

  private void compile(int o, OperationRequirements or) {
    int c = or.clauses().size();
    compiled[o] = new int[c][][][];
    alternativeRules[o] = new String[c][];
    alternativeFlows[o] = new Flow[c][][][];
    for (int i = 0; i < c; i++) {
      List<OperationRequirements.Alternative> alts = or.clauses().get(i).alternatives();
      compiled[o][i] = new int[alts.size()][][];
      alternativeRules[o][i] = new String[alts.size()];
      alternativeFlows[o][i] = new Flow[alts.size()][][];
      for (int a = 0; a < alts.size(); a++) {
        OperationRequirements.Alternative alt = alts.get(a);
        alternativeRules[o][i][a] = alt.rule();
        if (!alt.placed()) {
          alternativeFlows[o][i][a] = new Flow[0][];
          continue;
        }
        List<List<Flow>> groups =
            deployment.flowGroups(deployment.catalog().rule(alt.rule()).orElseThrow());
        alternativeFlows[o][i][a] =
            groups.stream().map(g -> g.toArray(Flow[]::new)).toArray(Flow[][]::new);
        compiled[o][i][a] =
            groups.stream()
                .map(g -> g.stream().mapToInt(f -> flowIndex.get(f.id())).toArray())
                .toArray(int[][]::new);
      }
    }
  }

  /** A requirement as clauses (AND) of alternatives (OR) of rule ids. */
  private static List<List<String>> resolve(Requirement r, SecurityMode mode) {
    if (r instanceof Requirement.AllFlowsOf x) {
      return List.of(List.of(x.rule()));
    }
    if (r instanceof Requirement.AnyOf x) {
      return List.of(x.rules());
    }
    Requirement.Channel ch = (Requirement.Channel) r;
    return switch (mode) {
      case HTTP -> List.of(List.of(ch.http()));
      case HTTPS -> List.of(List.of(ch.https()));
      case HTTP_AND_HTTPS -> List.of(List.of(ch.http()), List.of(ch.https()));
      case HTTP_OR_HTTPS -> List.of(List.of(ch.http(), ch.https()));
    };
  }

  /**
   * Builds the graph of a deployment.
   *
   * @param deployment the deployment
   * @return the graph
   */
  public static DependencyGraph of(Deployment deployment) {
    return new DependencyGraph(requireNonNull(deployment, "deployment"));
  }

  /**
   * Returns the deployment.
   *
   * @return the deployment the graph was built from
   */
  public Deployment deployment() {
    return deployment;
  }

  /**
   * Returns the distinct flows (by id), in deployment order.
   *
   * @return an immutable list
   */
  public List<Flow> flows() {
    return flows;
  }

  /**
   * Returns what every operation needs, in catalog order.
   *
   * @return an immutable list
   */
  public List<OperationRequirements> requirements() {
    return requirements;
  }

  /**
   * Returns what an operation needs.
   *
   * @param operationId an operation id
   * @return its requirements
   * @throws InvalidInputException if the catalog has no such operation, listing its operations
   */
  public OperationRequirements requirements(String operationId) {
    return requirements.get(op(operationId));
  }

  private int op(String id) {
    Integer o = operationIndex.get(requireNonNull(id, "operationId"));
    if (o == null) {
      throw new InvalidInputException(
          "operation \""
              + id
              + "\" is not in catalog "
              + deployment.catalog().name()
              + ": use one of "
              + String.join(", ", operations.stream().map(Operation::id).toList()));
    }
    return o;
  }

  /**
   * Tells which operations break when ports are closed.
   *
   * @param closed the closed ports
   * @return every operation's status, in catalog order
   * @throws InvalidInputException if an entry names a host the deployment does not have, listing
   *     its hosts
   */
  public List<OperationStatus> impact(ClosedPorts closed) {
    requireNonNull(closed, "closed");
    for (ClosedPorts.Entry e : closed.entries()) {
      if (e.host().isPresent() && deployment.host(e.host().get()).isEmpty()) {
        throw new InvalidInputException(
            "closed ports "
                + e
                + " name host \""
                + e.host().get()
                + "\", which deployment "
                + deployment.name()
                + " does not have: use one of "
                + deployment.hosts().stream().map(Host::name).collect(Collectors.joining(", ")));
      }
    }
    byte[] state = new byte[flows.size()];
    for (int i = 0; i < state.length; i++) {
      state[i] = closed.blocks(flows.get(i)) ? BLOCKED : OPEN;
    }
    return evaluate(state);
  }

  /**
   * Tells which operations break when flows are blocked.
   *
   * @param blockedFlowIds ids of blocked flows ({@link Flow#id()})
   * @return every operation's status, in catalog order
   * @throws InvalidInputException if an id names no flow of the deployment
   */
  public List<OperationStatus> impactOfBlocked(Collection<String> blockedFlowIds) {
    byte[] state = new byte[flows.size()];
    for (String id : blockedFlowIds) {
      state[flow(id)] = BLOCKED;
    }
    return evaluate(state);
  }

  private int flow(String id) {
    Integer i = flowIndex.get(requireNonNull(id, "flow id"));
    if (i == null) {
      throw new InvalidInputException(
          "flow \""
              + id
              + "\" is not a flow of deployment "
              + deployment.name()
              + ": use one of "
              + (flowIds.length <= 20
                  ? String.join(", ", flowIds)
                  : String.join(", ", java.util.Arrays.asList(flowIds).subList(0, 20))
                      + ", ... ("
                      + flowIds.length
                      + " in all; see flows())"));
    }
    return i;
  }

  /**
   * Rolls verdicts on flows up into operations. Flows without a verdict count as {@link
   * FlowVerdict#NOT_CHECKED}.
   *
   * @param verdicts verdicts by flow id; ids that name no flow of the deployment are ignored
   * @return every operation's status, in catalog order
   */
  public List<OperationStatus> availability(Map<String, FlowVerdict> verdicts) {
    requireNonNull(verdicts, "verdicts");
    byte[] state = new byte[flows.size()];
    for (int i = 0; i < state.length; i++) {
      // One lookup per flow with the graph's own id strings (hash codes cached), rather than a
      // walk over the caller's map: faster for the usual map that holds every flow.
      FlowVerdict v = verdicts.get(flowIds[i]);
      state[i] = v == null ? UNKNOWN : code(v);
    }
    return evaluate(state);
  }

  private static byte code(FlowVerdict v) {
    return switch (v) {
      case OPEN -> OPEN;
      case BLOCKED -> BLOCKED;
      case UNKNOWN, NOT_CHECKED -> UNKNOWN;
    };
  }

  /**
   * Rolls verdicts on flows up into operations.
   *
   * @param verdict the verdict of each flow; called once per distinct flow
   * @return every operation's status, in catalog order
   */
  public List<OperationStatus> availability(Function<Flow, FlowVerdict> verdict) {
    requireNonNull(verdict, "verdict");
    byte[] state = new byte[flows.size()];
    for (int i = 0; i < state.length; i++) {
      state[i] = code(requireNonNull(verdict.apply(flows.get(i)), "verdict"));
    }
    return evaluate(state);
  }

  private List<OperationStatus> evaluate(byte[] state) {
    List<OperationStatus> out = new ArrayList<>(operations.size());
    for (int o = 0; o < operations.size(); o++) {
      out.add(evaluate(o, state));
    }
    return out;
  }

  private OperationStatus evaluate(int o, byte[] state) {
    boolean broken = false;
    boolean unknown = false;
    boolean degraded = false;
    List<Flow> blockedBy = new ArrayList<>();
    List<Flow> degradedBy = new ArrayList<>();
    List<Flow> unknownFlows = new ArrayList<>();
    List<String> unplaced = new ArrayList<>();
    int[][][][] clauses = compiled[o];
    for (int c = 0; c < clauses.length; c++) {
      int[][][] alts = clauses[c];
      boolean anyOpen = false;
      boolean allBlocked = true;
      for (int a = 0; a < alts.length; a++) {
        byte s = alternativeState(alts[a], state);
        anyOpen |= s == OPEN;
        allBlocked &= s == BLOCKED;
      }
      if (anyOpen) {
        for (int a = 0; a < alts.length; a++) {
          if (alts[a] == null) {
            continue;
          }
          byte s = alternativeState(alts[a], state);
          // a blocked alternative, or a redundant host of an open one that is blocked
          if (s == BLOCKED || (s == OPEN && anyIs(alts[a], state, BLOCKED))) {
            degraded = true;
            collect(alts[a], alternativeFlows[o][c][a], state, BLOCKED, null, degradedBy);
          }
        }
      } else if (allBlocked) {
        broken = true;
        for (int a = 0; a < alts.length; a++) {
          if (alts[a] == null) {
            addOnce(unplaced, alternativeRules[o][c][a]);
          } else {
            collect(alts[a], alternativeFlows[o][c][a], state, BLOCKED, BLOCKED, blockedBy);
          }
        }
      } else {
        unknown = true;
        for (int a = 0; a < alts.length; a++) {
          if (alts[a] != null) {
            collect(alts[a], alternativeFlows[o][c][a], state, UNKNOWN, UNKNOWN, unknownFlows);
          }
        }
      }
    }
    Availability availability;
    if (broken) {
      availability = Availability.BROKEN;
    } else if (unknown) {
      availability = Availability.UNKNOWN;
    } else if (degraded) {
      availability = Availability.DEGRADED;
      blockedBy = degradedBy;
    } else {
      availability = Availability.AVAILABLE;
    }
    return new OperationStatus(operations.get(o), availability, blockedBy, unknownFlows, unplaced);
  }

  /** An alternative is blocked if a group is, unknown if a group is, else open. */
  private static byte alternativeState(int[][] groups, byte[] state) {
    if (groups == null) {
      return BLOCKED;
    }
    byte s = OPEN;
    for (int[] g : groups) {
      byte gs = groupState(g, state);
      if (gs == BLOCKED) {
        return BLOCKED;
      }
      if (gs == UNKNOWN) {
        s = UNKNOWN;
      }
    }
    return s;
  }

  /** A group is open if any of its flows is, blocked if all are, else unknown. */
  private static byte groupState(int[] group, byte[] state) {
    boolean allBlocked = true;
    for (int f : group) {
      if (state[f] == OPEN) {
        return OPEN;
      }
      allBlocked &= state[f] == BLOCKED;
    }
    return allBlocked ? BLOCKED : UNKNOWN;
  }

  private static boolean anyIs(int[][] groups, byte[] state, byte wanted) {
    for (int[] g : groups) {
      for (int f : g) {
        if (state[f] == wanted) {
          return true;
        }
      }
    }
    return false;
  }

  /**
   * Adds the flows in state {@code wanted} of the groups in state {@code groupWanted} (of every
   * group when it is null).
   */
  private static void collect(
      int[][] groups,
      Flow[][] flows,
      byte[] state,
      byte wanted,
      @Nullable Byte groupWanted,
      List<Flow> out) {
    for (int g = 0; g < groups.length; g++) {
      if (groupWanted != null && groupState(groups[g], state) != groupWanted) {
        continue;
      }
      for (int i = 0; i < groups[g].length; i++) {
        if (state[groups[g][i]] == wanted && !out.contains(flows[g][i])) {
          out.add(flows[g][i]);
        }
      }
    }
  }

  private static <T> void addOnce(List<T> list, T item) {
    if (!list.contains(item)) {
      list.add(item);
    }
  }

  /**
   * Returns the flows that, blocked alone, break an operation: the flows every alternative of some
   * requirement needs.
   *
   * @param operationId an operation id
   * @return the single points of failure, in deployment flow order
   * @throws InvalidInputException if the catalog has no such operation, listing its operations
   */
  public List<Flow> singlePointsOfFailure(String operationId) {
    int o = op(operationId);
    BitSet spof = new BitSet(flows.size());
    for (int[][][] alts : compiled[o]) {
      BitSet common = null;
      for (int[][] alt : alts) {
        BitSet s = new BitSet(flows.size());
        if (alt != null) {
          for (int[] group : alt) {
            if (group.length == 1) { // a redundant flow does not break anything alone
              s.set(group[0]);
            }
          }
        }
        if (common == null) {
          common = s;
        } else {
          common.and(s);
        }
      }
      if (common != null) {
        spof.or(common);
      }
    }
    return spof.stream().mapToObj(flows::get).toList();
  }

  /**
   * Returns a smallest-effort set of flows that, open while everything else is closed, makes the
   * given operations work. For each requirement not yet met it takes the alternative that adds the
   * fewest flows, then drops every flow the result does not need; the result is minimal by
   * inclusion (no flow can be removed), though not always of least possible size.
   *
   * @param operationIds operation ids
   * @return the flows to open, in deployment flow order
   * @throws InvalidInputException if an id names no operation (listing the operations)
   * @throws IllegalArgumentException if an operation cannot work in this deployment (a rule it
   *     needs is placed on no host)
   */
  public List<Flow> minimalOpenings(Collection<String> operationIds) {
    List<Integer> ops = operationIds.stream().map(this::op).distinct().toList();
    BitSet open = new BitSet(flows.size());
    for (int o : ops) {
      for (int c = 0; c < compiled[o].length; c++) {
        int[][][] alts = compiled[o][c];
        if (satisfied(alts, open)) {
          continue;
        }
        int[][] best = null;
        int bestCost = Integer.MAX_VALUE;
        for (int[][] alt : alts) {
          if (alt == null) {
            continue;
          }
          int cost = 0;
          for (int[] group : alt) {
            cost += anyOpen(group, open) ? 0 : 1;
          }
          if (cost < bestCost) {
            bestCost = cost;
            best = alt;
          }
        }
        if (best == null) {
          throw new IllegalArgumentException(
              "operation "
                  + operations.get(o).id()
                  + " cannot work in deployment "
                  + deployment.name()
                  + ": no host runs both ends of "
                  + String.join(", ", alternativeRules[o][c]));
        }
        for (int[] group : best) {
          if (!anyOpen(group, open)) {
            open.set(group[0]);
          }
        }
      }
    }
    for (int f = open.nextSetBit(0); f >= 0; f = open.nextSetBit(f + 1)) {
      open.clear(f);
      if (!allSatisfied(ops, open)) {
        open.set(f);
      }
    }
    return open.stream().mapToObj(flows::get).toList();
  }

  private boolean allSatisfied(List<Integer> ops, BitSet open) {
    for (int o : ops) {
      for (int[][][] alts : compiled[o]) {
        if (!satisfied(alts, open)) {
          return false;
        }
      }
    }
    return true;
  }

  private static boolean satisfied(int[][][] alts, BitSet open) {
    outer:
    for (int[][] alt : alts) {
      if (alt == null) {
        continue;
      }
      for (int[] group : alt) {
        if (!anyOpen(group, open)) {
          continue outer;
        }
      }
      return true;
    }
    return false;
  }

  private static boolean anyOpen(int[] group, BitSet open) {
    for (int f : group) {
      if (open.get(f)) {
        return true;
      }
    }
    return false;
  }

  /**
   * Returns the graph as nodes and edges: operations, choices (requirements with alternatives),
   * rules and flows.
   *
   * @return the view
   */
  public GraphView view() {
    MutableValueGraph<String, GraphView.EdgeKind> g =
        ValueGraphBuilder.directed().nodeOrder(ElementOrder.insertion()).build();
    Map<String, GraphView.Node> nodes = new LinkedHashMap<>();
    Catalog catalog = deployment.catalog();
    for (OperationRequirements or : requirements) {
      String opId = "operation:" + or.operation().id();
      nodes.put(
          opId, new GraphView.Node(opId, GraphView.NodeKind.OPERATION, or.operation().name()));
      g.addNode(opId);
    }
    for (OperationRequirements or : requirements) {
      String opId = "operation:" + or.operation().id();
      int choice = 0;
      for (OperationRequirements.Clause clause : or.clauses()) {
        String parent = opId;
        if (clause.alternatives().size() > 1) {
          parent = "choice:" + or.operation().id() + "/" + ++choice;
          nodes.put(parent, new GraphView.Node(parent, GraphView.NodeKind.CHOICE, "any of"));
          g.putEdgeValue(opId, parent, GraphView.EdgeKind.REQUIRES);
        }
        for (OperationRequirements.Alternative alt : clause.alternatives()) {
          String ruleId = "rule:" + alt.rule();
          Optional<PortRule> rule = catalog.rule(alt.rule());
          nodes.computeIfAbsent(
              ruleId,
              k ->
                  new GraphView.Node(
                      k,
                      GraphView.NodeKind.RULE,
                      alt.rule()
                          + rule.map(r -> " (" + catalog.protocolOf(r).name() + ")").orElse("")
                          + rule.filter(r -> r.provenance().kind() == Provenance.Kind.INFERRED)
                              .map(r -> " [inferred]")
                              .orElse("")));
          g.putEdgeValue(
              parent,
              ruleId,
              parent.equals(opId) ? GraphView.EdgeKind.REQUIRES : GraphView.EdgeKind.ALTERNATIVE);
          for (Flow f : alt.flows()) {
            String flowId = "flow:" + f.id();
            nodes.computeIfAbsent(
                flowId, k -> new GraphView.Node(k, GraphView.NodeKind.FLOW, f.id()));
            g.putEdgeValue(ruleId, flowId, GraphView.EdgeKind.FLOW);
          }
        }
      }
    }
    List<GraphView.Node> nodeList = new ArrayList<>();
    for (String id : g.nodes()) {
      nodeList.add(nodes.get(id));
    }
    List<GraphView.Edge> edges = new ArrayList<>();
    for (EndpointPair<String> e : g.edges()) {
      edges.add(
          new GraphView.Edge(
              e.source(), e.target(), g.edgeValue(e).orElse(GraphView.EdgeKind.REQUIRES)));
    }
    return new GraphView(nodeList, edges);
  }

  /**
   * Renders the graph in Graphviz DOT; {@code dot -Tsvg} draws it.
   *
   * @return the DOT document
   */
  public String toDot() {
    return GraphRender.dot(view(), deployment.name());
  }

  /**
   * Renders the graph as a Mermaid flowchart, for Markdown that GitHub renders.
   *
   * @return the Mermaid document
   */
  public String toMermaid() {
    return GraphRender.mermaid(view());
  }
}
