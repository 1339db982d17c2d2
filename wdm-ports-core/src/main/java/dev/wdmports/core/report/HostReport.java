package dev.wdmports.core.report;

import static java.util.Objects.requireNonNull;

import dev.wdmports.core.Flow;
import dev.wdmports.core.graph.Availability;
import dev.wdmports.core.graph.FlowVerdict;
import dev.wdmports.core.graph.OperationStatus;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * What a check found: flows with a verdict and its evidence, rolled up into operations. The
 * firewall check ({@code HostCheck.of} in wdm-ports-firewall), the preflight ({@code Preflight.run}
 * in wdm-ports-probe) and the impact of closed ports ({@link #ofImpact}) all produce one; {@link
 * ReportFormat} renders it as text, JSON, Markdown or JUnit XML.
 *
 * <pre>{@code
 * HostReport report = HostCheck.of(policy, deployment, "wdm-server");
 * for (OperationStatus op : report.operations()) {
 *   System.out.println(op.operation().id() + ": " + report.explain(op));
 * }
 * System.out.print(ReportFormat.MARKDOWN.render(report));
 * }</pre>
 *
 * <p>Immutable and thread-safe.
 *
 * @param kind which check produced the report
 * @param host the host checked (whose firewall, or the host probed from); empty for an impact
 *     report and for a firewall check of flows given without a host
 * @param flows one entry per flow checked, in deployment order; empty for an impact report
 * @param operations every operation of the catalog, in catalog order; empty when no deployment was
 *     given
 * @param localOperations the ids of the operations that need only flows from {@code host} (a
 *     preflight's; empty otherwise)
 * @param coveredFlows the ids of flows that are not open but whose allowed alternative stands in
 *     for them (security http-or-https, a redundant host): they fail nothing (a firewall check's;
 *     empty otherwise)
 * @param elapsed the wall time of the check ({@link Duration#ZERO} when it does no I/O)
 * @param closed the closed ports, e.g. {@code wdm-server:1433} (an impact report's; empty
 *     otherwise)
 * @param devices for each operation that depends on a swept device network, for how many of its
 *     devices it works and where it does not (a preflight's; empty otherwise); the operation's
 *     status in {@code operations} is the devices' worst
 * @since 0.1.0
 */
public record HostReport(
    Kind kind,
    String host,
    List<FlowCheck> flows,
    List<OperationStatus> operations,
    List<String> localOperations,
    Set<String> coveredFlows,
    Duration elapsed,
    List<String> closed,
    List<DeviceBreakdown> devices) {

  /**
   * Which check produced a report: it decides the report's pass rule and its headings.
   *
   * @since 0.1.0
   */
  public enum Kind {
    /** A host's firewall policy evaluated against flows; passes when every flow is allowed. */
    FIREWALL_CHECK,
    /**
     * Flows probed from a host; passes when no operation is broken and every operation that needs
     * only this host's flows works.
     */
    PREFLIGHT,
    /** Operations with ports closed, from the graph alone; passes when every operation works. */
    IMPACT
  }

  /**
   * Copies the collections.
   *
   * @throws NullPointerException if a part is null
   */
  public HostReport {
    requireNonNull(kind, "kind");
    requireNonNull(host, "host");
    flows = List.copyOf(flows);
    operations = List.copyOf(operations);
    localOperations = List.copyOf(localOperations);
    coveredFlows = Set.copyOf(coveredFlows);
    requireNonNull(elapsed, "elapsed");
    closed = List.copyOf(closed);
    devices = List.copyOf(devices);
  }

  /**
   * A firewall check's report.
   *
   * @param host the host whose policy decided; empty for flows given without a host
   * @param flows the checked flows
   * @param operations the operations, or empty
   * @param coveredFlows ids of flows not allowed whose allowed alternative stands in for them
   * @return the report
   */
  public static HostReport ofFirewall(
      String host,
      List<FlowCheck> flows,
      List<OperationStatus> operations,
      Set<String> coveredFlows) {
    return new HostReport(
        Kind.FIREWALL_CHECK,
        host,
        flows,
        operations,
        List.of(),
        coveredFlows,
        Duration.ZERO,
        List.of(),
        List.of());
  }

  /**
   * A preflight's report.
   *
   * @param from the host the flows were probed from
   * @param flows one entry per flow that starts at {@code from}
   * @param operations every operation
   * @param localOperations the ids of the operations that need only flows from {@code from}
   * @param elapsed the wall time of the probe run
   * @return the report
   */
  public static HostReport ofPreflight(
      String from,
      List<FlowCheck> flows,
      List<OperationStatus> operations,
      List<String> localOperations,
      Duration elapsed) {
    return ofPreflight(from, flows, operations, localOperations, elapsed, List.of());
  }

  /**
   * A preflight's report that swept device networks.
   *
   * @param from the host the flows were probed from
   * @param flows one entry per flow that starts at {@code from}
   * @param operations every operation, each with the worst availability over the devices
   * @param localOperations the ids of the operations that need only flows from {@code from}
   * @param elapsed the wall time of the probe run
   * @param devices the breakdown by device of each operation that depends on a swept network
   * @return the report
   */
  public static HostReport ofPreflight(
      String from,
      List<FlowCheck> flows,
      List<OperationStatus> operations,
      List<String> localOperations,
      Duration elapsed,
      List<DeviceBreakdown> devices) {
    return new HostReport(
        Kind.PREFLIGHT,
        from,
        flows,
        operations,
        localOperations,
        Set.of(),
        elapsed,
        List.of(),
        devices);
  }

  /**
   * An impact report: what the operations are with ports closed.
   *
   * @param closed the closed ports, e.g. {@code 1433} or {@code wdm-server:80,443/tcp}
   * @param operations the operations' statuses, e.g. {@code DependencyGraph.impact(ports)}
   * @return the report
   */
  public static HostReport ofImpact(List<String> closed, List<OperationStatus> operations) {
    return new HostReport(
        Kind.IMPACT,
        "",
        List.of(),
        operations,
        List.of(),
        Set.of(),
        Duration.ZERO,
        closed,
        List.of());
  }

  /**
   * Tells whether the check passed; the CLI's exit code follows it.
   *
   * <ul>
   *   <li>firewall check: every flow is open, or covered by an open alternative;
   *   <li>preflight: no operation is broken, and every operation that needs only flows from this
   *       host works;
   *   <li>impact: every operation works.
   * </ul>
   *
   * @return true if it passed
   */
  public boolean passed() {
    return switch (kind) {
      case FIREWALL_CHECK -> flows.stream().allMatch(c -> !fails(c));
      case PREFLIGHT ->
          operations.stream()
              .noneMatch(
                  s ->
                      s.availability() == Availability.BROKEN
                          || (localOperations.contains(s.operation().id()) && !s.available()));
      case IMPACT -> operations.stream().allMatch(OperationStatus::available);
    };
  }

  /**
   * Tells whether a flow fails the check: for a firewall check, a flow that is not open and not
   * covered by an alternative; for a preflight, a blocked flow.
   *
   * @param check one of {@link #flows()}
   * @return true if it fails
   */
  public boolean fails(FlowCheck check) {
    return switch (kind) {
      case FIREWALL_CHECK ->
          check.verdict() != FlowVerdict.OPEN && !coveredFlows.contains(check.flow().id());
      case PREFLIGHT, IMPACT -> check.verdict() == FlowVerdict.BLOCKED;
    };
  }

  /**
   * Tells whether every flow is open.
   *
   * @return true if every verdict is {@code OPEN} (also when there are no flows)
   */
  public boolean allOpen() {
    return flows.stream().allMatch(c -> c.verdict() == FlowVerdict.OPEN);
  }

  /**
   * Tells whether an operation needs only flows from this report's host.
   *
   * @param status one of {@link #operations()}
   * @return true for a preflight's local operation
   */
  public boolean local(OperationStatus status) {
    return localOperations.contains(status.operation().id());
  }

  /**
   * Counts the flows that are not open, blocked and unknown apart: {@code Every flow is allowed.},
   * {@code 2 of 12 flows are denied.}, {@code 3 of 12 flows are unknown.} or {@code 2 of 12 flows
   * are denied, 3 unknown.} (a firewall says denied, a preflight blocked). An unknown or unchecked
   * flow is neither open nor blocked.
   *
   * @return the summary
   */
  public String summary() {
    long blocked = flows.stream().filter(c -> c.verdict() == FlowVerdict.BLOCKED).count();
    long unknown = flows.stream().filter(c -> c.verdict() != FlowVerdict.OPEN).count() - blocked;
    String of = " of " + flows.size() + (flows.size() == 1 ? " flow is " : " flows are ");
    String word = kind == Kind.FIREWALL_CHECK ? "denied" : "blocked";
    if (blocked == 0 && unknown == 0) {
      return kind == Kind.FIREWALL_CHECK ? "Every flow is allowed." : "Every flow is open.";
    }
    if (unknown == 0) {
      return blocked + of + word + ".";
    }
    if (blocked == 0) {
      return unknown + of + "unknown.";
    }
    return blocked + of + word + ", " + unknown + " unknown.";
  }

  /**
   * Says why an operation has its status, with the evidence of its flows. The text does not start
   * with the operation's id: print it next to the id, e.g. {@code op.operation().id() + ": " +
   * report.explain(op)}.
   *
   * <ul>
   *   <li>{@code available}
   *   <li>{@code broken, because admin->wdm-server:443/tcp (gui-to-web-service-https) is denied by
   *       line 12 (-A INPUT -p tcp --dport 443 -j DROP)}: a firewall rule decided
   *   <li>{@code broken, because admin->wdm-server:443/tcp (gui-to-web-service-https) is
   *       TLS_FAILURE (certificate not trusted: ...)}: a probe saw it; the probe's detail follows
   *       in parentheses unless the status says it all ({@link ProbeStatus#saysItAll()})
   *   <li>{@code available, but degraded, because ... is REFUSED}: it works through an alternative
   *   <li>{@code unknown, because web-service->web-agent:80/tcp (web-service-to-web-agent-wakeup)
   *       is not checked from admin}: flows unknown for the same reason are named together
   * </ul>
   *
   * <p>An operation that depends on a swept device network says for how many devices it works and
   * where it does not, from its {@link #devicesOf breakdown}: {@code broken for 1,024 of 4,096
   * devices of thin-clients (10.10.12.0/22: web-service-to-web-agent-wakeup 80/tcp FILTERED)}.
   *
   * <p>Flows that block are named one by one (separated by {@code ; } in a firewall check, whose
   * rule texts hold commas, else by {@code , }); a rule that no host places both ends of follows
   * ({@code no host runs both ends of ...}). An impact report has no flow evidence: it explains
   * with {@link OperationStatus#reason()}, without the id.
   *
   * @param status one of {@link #operations()}
   * @return the explanation, without the operation's id
   */
  public String explain(OperationStatus status) {
    requireNonNull(status, "status");
    if (kind == Kind.IMPACT) {
      String id = status.operation().id() + ": ";
      return status.reason().startsWith(id)
          ? status.reason().substring(id.length())
          : status.reason();
    }
    List<DeviceBreakdown> fleet = devicesOf(status.operation().id());
    if (!fleet.isEmpty()) {
      return String.join("; ", fleet.stream().map(DeviceBreakdown::describe).toList());
    }
    return switch (status.availability()) {
      case AVAILABLE -> "available";
      case DEGRADED ->
          status.blockedBy().isEmpty()
              ? "available, but degraded"
              : "available, but degraded, because " + blocking(status.blockedBy());
      case UNKNOWN ->
          status.unknown().isEmpty() ? "unknown" : "unknown, because " + unknown(status.unknown());
      case BROKEN -> {
        StringBuilder sb = new StringBuilder("broken, because ");
        sb.append(blocking(status.blockedBy()));
        if (!status.unplacedRules().isEmpty()) {
          sb.append(status.blockedBy().isEmpty() ? "" : ", and ")
              .append("no host runs both ends of ")
              .append(String.join(", ", status.unplacedRules()));
        }
        yield sb.toString();
      }
    };
  }

  /**
   * Returns the breakdown by device of an operation.
   *
   * @param operationId an operation's id
   * @return one per swept device network the operation depends on; empty when it depends on none
   */
  public List<DeviceBreakdown> devicesOf(String operationId) {
    requireNonNull(operationId, "operationId");
    return devices.stream().filter(d -> d.operation().equals(operationId)).toList();
  }

  /**
   * {@code F is denied by line 5 (...); G is denied by ...} for a firewall, whose rule texts hold
   * commas ({@code --dports 80,21}); {@code F is REFUSED, G is TLS_FAILURE (...)} otherwise.
   */
  private String blocking(List<Flow> blocked) {
    String separator = kind == Kind.FIREWALL_CHECK ? "; " : ", ";
    StringBuilder sb = new StringBuilder();
    for (Flow f : blocked) {
      sb.append(sb.length() == 0 ? "" : separator).append(f).append(" is ");
      sb.append(check(f, FlowVerdict.BLOCKED).map(HostReport::seen).orElse("blocked"));
    }
    return sb.toString();
  }

  /** Flows unknown for the same reason named together, the reason once. */
  private String unknown(List<Flow> unknown) {
    Map<String, List<String>> byReason = new LinkedHashMap<>();
    Set<String> named = new HashSet<>();
    for (Flow f : unknown) {
      if (named.add(f.id())) {
        String why =
            check(f, FlowVerdict.UNKNOWN)
                .or(() -> check(f, FlowVerdict.NOT_CHECKED))
                .map(HostReport::seen)
                .orElse("not checked from " + host);
        byReason.computeIfAbsent(why, k -> new ArrayList<>()).add(f.toString());
      }
    }
    StringBuilder sb = new StringBuilder();
    for (Map.Entry<String, List<String>> e : byReason.entrySet()) {
      sb.append(sb.length() == 0 ? "" : "; ")
          .append(String.join(", ", e.getValue()))
          .append(e.getValue().size() == 1 ? " is " : " are ")
          .append(e.getKey());
    }
    return sb.toString();
  }

  private Optional<FlowCheck> check(Flow f, FlowVerdict verdict) {
    return flows.stream()
        .filter(c -> c.flow().id().equals(f.id()) && c.verdict() == verdict)
        .findFirst();
  }

  /** What the evidence says of a flow that is not open, after "is ". */
  private static String seen(FlowCheck c) {
    Evidence e = c.evidence();
    if (e instanceof Evidence.Probed p) {
      return p.status().name()
          + (p.status().saysItAll() || p.detail().isBlank() ? "" : " (" + p.detail() + ")");
    }
    if (e instanceof Evidence.Swept w) {
      return w.describe();
    }
    if (e instanceof Evidence.NotChecked n) {
      return "not checked" + (n.reason().isEmpty() ? "" : " (" + n.reason() + ")");
    }
    Evidence.Decided d = (Evidence.Decided) e;
    if (c.verdict() == FlowVerdict.BLOCKED) {
      return "denied by " + d.describe();
    }
    // The warnings name the rule's location already; it is said once, after "at".
    String prefix = d.rule().map(r -> r.location() + ": ").orElse("");
    List<String> why =
        d.warnings().stream()
            .map(w -> !prefix.isEmpty() && w.startsWith(prefix) ? w.substring(prefix.length()) : w)
            .toList();
    return "unknown"
        + (d.rule().isPresent() ? " at " + d.describe() : "")
        + (why.isEmpty() ? "" : ": " + String.join("; ", why));
  }
}
