package dev.wdmports.cli;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.wdmports.core.Flow;
import dev.wdmports.core.InvalidInputException;
import dev.wdmports.core.graph.ClosedPorts;
import dev.wdmports.core.graph.DependencyGraph;
import dev.wdmports.core.graph.OperationStatus;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code wdm-ports impact}: which operations break when ports are closed. */
@Command(
    name = "impact",
    mixinStandardHelpOptions = true,
    header = "Tell which operations break when ports are closed.",
    description =
        "Tell which operations break when ports are closed, on every host or on one (HOST:PORTS). Exits 1 when any operation breaks.")
final class ImpactCommand implements Callable<Integer> {
  enum Format {
    TEXT,
    JSON
  }

  @Spec picocli.CommandLine.Model.CommandSpec spec;

  @Mixin CommonOptions options;

  @Option(
      names = "--closed",
      required = true,
      paramLabel = "PORTS",
      description =
          "Closed ports: 80,443 or 1-1024/tcp on every host; wdm-server:1433 on one host. Repeatable.")
  List<String> closed;

  @Option(
      names = "--format",
      defaultValue = "text",
      description = "text or json (default: ${DEFAULT-VALUE}).")
  Format format;

  @Override
  public Integer call() {
    ClosedPorts ports = new ClosedPorts(List.of());
    for (String c : closed) {
      try {
        ports = ports.and(ClosedPorts.parse(c));
      } catch (InvalidInputException e) {
        throw new InvalidInputException("--closed " + c, e.getMessage());
      }
    }
    var deployment = options.deployment();
    for (ClosedPorts.Entry e : ports.entries()) {
      if (e.host().isPresent()) {
        CliInputs.requireHost(deployment, "--closed " + e, e.host().get());
      }
    }
    List<OperationStatus> statuses = DependencyGraph.of(deployment).impact(ports);
    var out = spec.commandLine().getOut();
    if (format == Format.JSON) {
      ObjectNode root = Json.object();
      ArrayNode c = root.putArray("closed");
      ports.entries().forEach(e -> c.add(e.toString()));
      ArrayNode ops = root.putArray("operations");
      for (OperationStatus s : statuses) {
        ObjectNode o = ops.addObject();
        o.put("id", s.operation().id());
        o.put("name", s.operation().name());
        o.put("available", s.available());
        o.put("availability", s.availability().name());
        ArrayNode by = o.putArray("blockedBy");
        s.blockedBy().stream().map(Flow::id).distinct().forEach(by::add);
        ArrayNode rules = o.putArray("blockedRules");
        s.blockedBy().stream().map(f -> f.rule().orElse("")).distinct().forEach(rules::add);
        s.unplacedRules().forEach(rules::add);
        o.put("reason", Reasons.withoutId(s));
      }
      out.println(Json.write(root));
    } else {
      TextTable t = new TextTable("OPERATION", "STATUS", "BECAUSE");
      for (OperationStatus s : statuses) {
        t.row(s.operation().id(), s.availability().name(), Reasons.because(Reasons.withoutId(s)));
      }
      long broken = statuses.stream().filter(s -> !s.available()).count();
      out.print("Closed: " + ports + "\n\n" + t.text());
      out.println();
      out.println(
          broken == 0
              ? "No operation breaks."
              : broken + " of " + statuses.size() + " operations break.");
    }
    out.flush();
    return statuses.stream().allMatch(OperationStatus::available)
        ? WdmPortsCli.OK
        : WdmPortsCli.FAILED;
  }
}
