package dev.wdmports.cli;

import dev.wdmports.core.InvalidInputException;
import dev.wdmports.core.PortRange;
import dev.wdmports.core.deploy.Deployment;
import dev.wdmports.core.internal.Messages;
import dev.wdmports.exporter.Exporter;
import dev.wdmports.probe.ProbeOptions;
import dev.wdmports.probe.Prober;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code wdm-ports exporter}: a Prometheus multi-target exporter, until SIGINT or SIGTERM. */
@Command(
    name = "exporter",
    mixinStandardHelpOptions = true,
    header = "Serve probes and preflights of a deployment to Prometheus (a multi-target exporter).",
    description =
        "Serve GET /probe?module=tcp|http|https|ftp|vnc|tds|tftp&target=HOST:PORT, GET /probe?module=preflight&target=NAME, GET /sd (Prometheus HTTP service discovery) and GET /metrics until SIGINT or SIGTERM. Only targets the deployment names (flows from --from) are probed, unless --allow-any-target.")
final class ExporterCommand implements Callable<Integer> {
  @Spec picocli.CommandLine.Model.CommandSpec spec;

  @Mixin CatalogOption catalogOption;

  @Mixin DeploymentFileOption deploymentFile;

  @Option(
      names = "--from",
      required = true,
      paramLabel = "HOST",
      description = "The deployment's host this exporter runs on.")
  String from;

  @Option(
      names = "--listen",
      defaultValue = "127.0.0.1:9115",
      paramLabel = "ADDRESS:PORT",
      description = "Where to listen (default: ${DEFAULT-VALUE}, loopback only).")
  String listen;

  @Option(
      names = "--allow-any-target",
      description =
          "Probe any HOST:PORT asked for, not only those the deployment names (an open relay for"
              + " port scans: keep the exporter on loopback).")
  boolean allowAnyTarget;

  @Option(
      names = "--max-concurrent-scrapes",
      defaultValue = "8",
      paramLabel = "N",
      description = "Scrapes probing at once; more get HTTP 503 (default: ${DEFAULT-VALUE}).")
  int maxConcurrentScrapes;

  @Mixin ProbeSettings settings;

  @Mixin DevicesOption devicesOption;

  @Override
  public Integer call() throws InterruptedException {
    Deployment deployment = deploymentFile.deployment(catalogOption.catalog());
    CliInputs.requireHost(deployment, "--from " + from, from);
    ProbeOptions options =
        ProbeOptions.defaults().withTlsInsecure(settings.insecure).withTlsTrust(settings.trust());
    Exporter exporter =
        Exporter.builder(deployment, from)
            .listen(listenAddress(listen))
            .allowAnyTarget(allowAnyTarget)
            .maxConcurrentScrapes(maxConcurrentScrapes)
            .prober(Prober.builder().timeout(settings.timeout).build())
            .probeOptions(options)
            .devices(devicesOption.devices("exporter", spec.commandLine().getErr()))
            .build();
    try {
      exporter.start();
    } catch (UncheckedIOException e) {
      // A port in use or an address not on this host: the user's to fix, exit 2 in one line.
      Throwable why = e.getCause() == null ? e : e.getCause();
      throw new InvalidInputException(
          "--listen " + listen,
          "cannot listen (" + why.getMessage() + "): pick a free port, or stop what holds it");
    }
    CountDownLatch stopped = new CountDownLatch(1);
    Thread hook =
        new Thread(
            () -> {
              exporter.close();
              stopped.countDown();
            },
            "wdm-ports-exporter-stop");
    Runtime.getRuntime().addShutdownHook(hook);
    var err = spec.commandLine().getErr();
    err.println(
        "wdm-ports exporter: listening on "
            + listen.replaceFirst(":[0-9]+$", "")
            + ":"
            + exporter.port()
            + (allowAnyTarget ? " (--allow-any-target: any address may be probed)" : "")
            + "; stop with Ctrl-C");
    err.flush();
    stopped.await();
    return WdmPortsCli.OK;
  }

  /** Parses {@code ADDRESS:PORT}, IPv6 in brackets. */
  static InetSocketAddress listenAddress(String text) {
    int colon = text.lastIndexOf(':');
    if (colon <= 0) {
      throw new InvalidInputException(
          "--listen " + text, "is not ADDRESS:PORT: write e.g. 127.0.0.1:9115 or [::1]:9115");
    }
    String host = text.substring(0, colon);
    if (host.startsWith("[") && host.endsWith("]")) {
      host = host.substring(1, host.length() - 1);
    }
    int port;
    try {
      port =
          text.substring(colon + 1).equals("0")
              ? 0
              : PortRange.parsePort(text.substring(colon + 1));
    } catch (IllegalArgumentException e) {
      throw new InvalidInputException("--listen " + text, Messages.of(e));
    }
    return new InetSocketAddress(host, port);
  }
}
