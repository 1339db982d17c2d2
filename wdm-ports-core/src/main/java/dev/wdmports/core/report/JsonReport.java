package dev.wdmports.core.report;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.wdmports.core.Flow;
import dev.wdmports.core.graph.FlowVerdict;
import dev.wdmports.core.graph.OperationStatus;
import java.util.EnumMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * {@link ReportFormat#JSON}: the fields are the CLI's contract ({@code docs/cli.md}), one shape per
 * {@link HostReport.Kind}.
 */
final class JsonReport {
  private static final ObjectMapper MAPPER =
      new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

  private JsonReport() {}

  static String write(HostReport r) {
    ObjectNode root =
        switch (r.kind()) {
          case FIREWALL_CHECK -> firewall(r);
          case PREFLIGHT -> preflight(r);
          case IMPACT -> impact(r);
        };
    try {
      return MAPPER.writeValueAsString(root);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("cannot write JSON", e);
    }
  }

  private static ObjectNode firewall(HostReport r) {
    ObjectNode root = JsonNodeFactory.instance.objectNode();
    ObjectNode summary = root.putObject("summary");
    summary.put("flows", r.flows().size());
    summary.put("allowed", count(r, FlowVerdict.OPEN));
    summary.put("denied", count(r, FlowVerdict.BLOCKED));
    summary.put("unknown", count(r, FlowVerdict.UNKNOWN));
    ArrayNode flows = root.putArray("flows");
    for (FlowCheck c : r.flows()) {
      Evidence.Decided d = Tables.decided(c);
      ObjectNode o = flows.addObject();
      o.put("flow", c.flow().id());
      c.flow().rule().ifPresent(rule -> o.put("catalogRule", rule));
      o.put("direction", c.direction().name());
      o.put("verdict", Words.decision(c.verdict()));
      o.put("rule", d.rule().map(DecidingRule::text).orElse("(default policy)"));
      o.put("line", d.rule().map(DecidingRule::line).orElse(0));
      ArrayNode path = o.putArray("path");
      d.path().forEach(path::add);
      ArrayNode warnings = o.putArray("warnings");
      d.warnings().forEach(warnings::add);
    }
    ArrayNode ops = root.putArray("operations");
    for (OperationStatus s : r.operations()) {
      operation(ops.addObject(), r, s);
    }
    return root;
  }

  private static long count(HostReport r, FlowVerdict v) {
    return r.flows().stream().filter(c -> c.verdict() == v).count();
  }

  private static ObjectNode operation(ObjectNode o, HostReport r, OperationStatus s) {
    o.put("id", s.operation().id());
    if (r.kind() == HostReport.Kind.IMPACT) {
      o.put("name", s.operation().name());
    }
    o.put("available", s.available());
    o.put("availability", s.availability().name());
    if (r.kind() == HostReport.Kind.PREFLIGHT) {
      o.put("local", r.local(s));
    }
    ArrayNode by = o.putArray("blockedBy");
    s.blockedBy().stream().map(Flow::id).distinct().forEach(by::add);
    if (r.kind() == HostReport.Kind.IMPACT) {
      ArrayNode rules = o.putArray("blockedRules");
      s.blockedBy().stream().map(f -> f.rule().orElse("")).distinct().forEach(rules::add);
      s.unplacedRules().forEach(rules::add);
    }
    o.put("reason", r.explain(s));
    List<DeviceBreakdown> fleet = r.devicesOf(s.operation().id());
    if (!fleet.isEmpty()) {
      ArrayNode devices = o.putArray("devices");
      for (DeviceBreakdown b : fleet) {
        ObjectNode d = devices.addObject();
        d.put("network", b.network());
        d.put("devices", b.devices());
        ObjectNode counts = d.putObject("byAvailability");
        b.byAvailability().forEach((k, v) -> counts.put(k.name(), v));
        ArrayNode ranges = d.putArray("ranges");
        for (DeviceBreakdown.Range x : b.ranges()) {
          ranges
              .addObject()
              .put("range", x.range())
              .put("devices", x.devices())
              .put("availability", x.availability().name())
              .put("because", x.because());
        }
        d.put("rangesOmitted", b.rangesOmitted());
      }
    }
    return o;
  }

  private static ObjectNode preflight(HostReport r) {
    ObjectNode root = JsonNodeFactory.instance.objectNode();
    root.put("from", r.host());
    ArrayNode flows = root.putArray("flows");
    // A connection that flows of several rules share is probed once: count it once.
    Set<String> probed = new HashSet<>();
    Map<ProbeStatus, Long> byStatus = new EnumMap<>(ProbeStatus.class);
    long total = 0;
    for (FlowCheck c : r.flows()) {
      Flow f = c.flow();
      ObjectNode o = flows.addObject();
      o.put("rule", f.rule().orElse(""));
      o.put("from", f.from());
      o.put("to", f.to());
      o.put(
          "host",
          c.evidence() instanceof Evidence.Probed p
              ? p.host()
              : c.evidence() instanceof Evidence.Swept w
                  ? w.network()
                  : f.toAddress().map(Object::toString).orElse(""));
      o.put("port", f.port());
      o.put("transport", f.transport().id());
      o.put("checker", Words.checker(c));
      o.put("status", Words.status(c));
      if (c.evidence() instanceof Evidence.Probed p) {
        o.put("latencyMs", p.latency().toMillis());
        if (probed.add(f.id())) {
          byStatus.merge(p.status(), 1L, Long::sum);
          total++;
        }
      } else {
        o.putNull("latencyMs");
      }
      o.put("detail", Words.detail(c));
      if (c.evidence() instanceof Evidence.Swept w) {
        if (probed.add(f.id())) {
          w.byStatus().forEach((k, v) -> byStatus.merge(k, v, Long::sum));
          total += w.probed();
        }
        ObjectNode d = o.putObject("devices");
        d.put("network", w.network());
        d.put("devices", w.devices());
        d.put("probed", w.probed());
        ObjectNode by = d.putObject("byStatus");
        w.byStatus().forEach((k, v) -> by.put(k.name(), v));
        ArrayNode ranges = d.putArray("ranges");
        for (Evidence.Swept.Range x : w.ranges()) {
          ranges
              .addObject()
              .put("range", x.range())
              .put("devices", x.devices())
              .put("status", x.status().name());
        }
        d.put("rangesOmitted", w.rangesOmitted());
        if (w.seed().isPresent()) {
          d.put("seed", w.seed().getAsLong());
        } else {
          d.putNull("seed");
        }
      }
    }
    ArrayNode ops = root.putArray("operations");
    for (OperationStatus s : r.operations()) {
      operation(ops.addObject(), r, s);
    }
    root.put("passed", r.passed());
    ObjectNode summary = root.putObject("summary");
    summary.put("total", total);
    ObjectNode by = summary.putObject("byStatus");
    byStatus.forEach((k, v) -> by.put(k.name(), v));
    summary.put("elapsedMs", r.elapsed().toMillis());
    return root;
  }

  private static ObjectNode impact(HostReport r) {
    ObjectNode root = JsonNodeFactory.instance.objectNode();
    ArrayNode closed = root.putArray("closed");
    r.closed().forEach(closed::add);
    ArrayNode ops = root.putArray("operations");
    for (OperationStatus s : r.operations()) {
      operation(ops.addObject(), r, s);
    }
    return root;
  }
}
