package dev.wdmports.cli;

import dev.wdmports.core.Address;
import dev.wdmports.core.InvalidInputException;
import dev.wdmports.core.PortRange;
import dev.wdmports.core.SecurityMode;
import dev.wdmports.core.catalog.Catalog;
import dev.wdmports.core.deploy.Deployment;
import dev.wdmports.core.internal.Messages;
import dev.wdmports.core.report.HostReport;
import dev.wdmports.core.report.ReportFormat;
import dev.wdmports.probe.Devices;
import dev.wdmports.probe.Preflight;
import dev.wdmports.probe.ProbeListener;
import dev.wdmports.probe.ProbeOptions;
import dev.wdmports.probe.Prober;
import dev.wdmports.probe.TlsTrust;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Callable;
import org.jspecify.annotations.Nullable;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code wdm-ports preflight}: probe what this host needs, roll it up into operations. */
@Command(
    name = "preflight",
    mixinStandardHelpOptions = true,
    header = "Probe every flow that starts at this host; roll the results up into operations.",
    description =
        "Probe every flow that starts at this host (--from, a host of the deployment; or --server ADDRESS: everything on one WDM server, checked from here) and roll the results up into operations. Flows to a device network are checked on each device (--devices); from a host whose address lies in a device network, that network's own flows (the agent's) are checked too. Exits 0 when no operation is broken and every operation that needs only flows from this host is available, else 1.")
final class PreflightCommand implements Callable<Integer> {
  @Spec picocli.CommandLine.Model.CommandSpec spec;

  @Mixin CatalogOption catalogOption;

  static final class Where {
    @ArgGroup(exclusive = false)
    FromDeployment deployment;

    @ArgGroup(exclusive = false)
    @Nullable OnServer server;
  }

  static final class OnServer {
    @Option(
        names = "--server",
        required = true,
        paramLabel = "ADDRESS",
        description =
            "Everything on one WDM server at ADDRESS (one IP address or DNS name), checked from here.")
    String address;

    @Option(
        names = "--ports",
        paramLabel = "SETTING=PORT[,...]",
        split = ",",
        description =
            "With --server: the designated ports, e.g. http=280,https=8443,database=14330 (default: each rule's default, 80, 443, 1433).")
    @Nullable List<String> ports;

    @Option(
        names = "--security",
        paramLabel = "MODE",
        description =
            "With --server: http, https, http-and-https or http-or-https (default: http-and-https).")
    @Nullable String security;
  }

  static final class FromDeployment extends DeploymentFileOption {
    @Option(
        names = "--from",
        required = true,
        paramLabel = "HOST",
        description = "The deployment's host this command runs on.")
    String from;
  }

  @ArgGroup(exclusive = true, multiplicity = "1")
  Where where;

  @Mixin ProbeSettings settings;

  @Mixin DevicesOption devicesOption;

  @Mixin OutputOption output;

  @Option(
      names = "--format",
      defaultValue = "text",
      description = "text, json, junit or markdown (default: ${DEFAULT-VALUE}).")
  ReportFormat format;

  @Override
  public Integer call() {
    // SIGINT or SIGTERM while probing: the run is cancelled and what was probed is printed.
    SignalReport signals = SignalReport.install(spec.commandLine().getErr());
    try {
      return probeAndReport();
    } finally {
      signals.close();
    }
  }

  private Integer probeAndReport() {
    if (format == ReportFormat.JSON) {
      Json.prepareInBackground();
    }
    Catalog catalog = catalogOption.catalog();
    Deployment deployment;
    String from;
    if (where.server != null) {
      deployment = onServer(catalog, where.server);
      from = "this-host";
    } else {
      deployment = where.deployment.deployment(catalog);
      from = where.deployment.from;
      CliInputs.requireHost(deployment, "--from " + from, from);
    }
    Devices which = devicesOption.devices("preflight", spec.commandLine().getErr());
    HostReport report =
        run(
            deployment,
            from,
            settings.timeout,
            settings.insecure,
            settings.trust(),
            which,
            progress());
    output.write(spec.commandLine().getOut(), format.render(report));
    return report.passed() ? WdmPortsCli.OK : WdmPortsCli.FAILED;
  }

  /**
   * "Everything on one WDM server at ADDRESS", with the designated ports and security mode given.
   */
  static Deployment onServer(Catalog catalog, OnServer server) {
    String option = "--server " + server.address;
    Deployment.Builder b;
    try {
      b = Deployment.singleServer(catalog, Address.parse(server.address)).toBuilder();
    } catch (InvalidInputException e) {
      throw new InvalidInputException(option, e.detail());
    }
    if (server.security != null) {
      try {
        b.securityMode(SecurityMode.parse(server.security.trim()));
      } catch (InvalidInputException e) {
        throw new InvalidInputException("--security " + server.security, e.detail());
      }
    }
    for (String p : server.ports == null ? List.<String>of() : server.ports) {
      int eq = p.indexOf('=');
      try {
        if (eq <= 0) {
          throw new InvalidInputException(
              "\"" + p + "\" is not SETTING=PORT: write e.g. http=280,https=8443,database=14330");
        }
        b.port(p.substring(0, eq).trim(), PortRange.parsePort(p.substring(eq + 1)));
      } catch (InvalidInputException | IllegalArgumentException e) {
        throw new InvalidInputException("--ports " + p, Messages.of(e));
      }
    }
    try {
      return b.build();
    } catch (IllegalArgumentException e) {
      throw new InvalidInputException("--ports " + String.join(",", server.ports), Messages.of(e));
    }
  }

  private ProbeListener progress() {
    return System.console() != null
        ? new ProbeCommand.Progress(spec.commandLine().getErr())
        : ProbeListener.none();
  }

  static HostReport run(
      Deployment deployment,
      String from,
      Duration timeout,
      boolean insecure,
      ProbeListener listener) {
    return run(deployment, from, timeout, insecure, TlsTrust.jdkDefault(), Devices.all(), listener);
  }

  static HostReport run(
      Deployment deployment,
      String from,
      Duration timeout,
      boolean insecure,
      TlsTrust trust,
      Devices devices,
      ProbeListener listener) {
    Preflight preflight =
        Preflight.builder()
            .prober(Prober.builder().timeout(timeout).build())
            .options(ProbeOptions.defaults().withTlsInsecure(insecure))
            .tlsTrust(trust)
            .devices(devices)
            .build();
    return preflight.run(deployment, from, listener);
  }
}
