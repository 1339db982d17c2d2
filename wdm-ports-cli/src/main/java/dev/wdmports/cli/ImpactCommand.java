package dev.wdmports.cli;

import dev.wdmports.core.InvalidInputException;
import dev.wdmports.core.graph.ClosedPorts;
import dev.wdmports.core.graph.DependencyGraph;
import dev.wdmports.core.graph.OperationStatus;
import dev.wdmports.core.report.HostReport;
import dev.wdmports.core.report.ReportFormat;
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
  @Spec picocli.CommandLine.Model.CommandSpec spec;

  @Mixin CommonOptions options;

  @Mixin OutputOption output;

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
      description = "text, json, junit or markdown (default: ${DEFAULT-VALUE}).")
  ReportFormat format;

  @Override
  public Integer call() {
    ClosedPorts ports = new ClosedPorts(List.of());
    for (String c : closed) {
      try {
        ports = ports.and(ClosedPorts.parse(c));
      } catch (InvalidInputException e) {
        throw new InvalidInputException("--closed " + c, e.detail());
      }
    }
    var deployment = options.deployment();
    for (ClosedPorts.Entry e : ports.entries()) {
      if (e.host().isPresent()) {
        CliInputs.requireHost(deployment, "--closed " + e, e.host().get());
      }
    }
    List<OperationStatus> statuses = DependencyGraph.of(deployment).impact(ports);
    HostReport report =
        HostReport.ofImpact(ports.entries().stream().map(Object::toString).toList(), statuses);
    output.write(spec.commandLine().getOut(), format.render(report));
    return report.passed() ? WdmPortsCli.OK : WdmPortsCli.FAILED;
  }
}
