package dev.wdmports.cli;

import dev.wdmports.core.report.HostReport;
import dev.wdmports.core.report.ReportFormat;
import dev.wdmports.peers.PeerKind;
import dev.wdmports.probe.ProbeListener;
import java.io.PrintWriter;
import java.time.Duration;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code wdm-ports demo}: a WDM-like lab on loopback, checked by a preflight. */
@Command(
    name = "demo",
    mixinStandardHelpOptions = true,
    header = "Start a WDM-like lab on loopback and run a preflight against it.",
    description =
        "Start a WDM-like lab on loopback (HTTP, HTTPS with a certificate made at start, FTP and VNC greeting servers on free ports; the database deliberately missing), run a preflight against it and print the report. Exits like preflight: 1, since the database is missing.")
final class DemoCommand implements Callable<Integer> {
  @Spec picocli.CommandLine.Model.CommandSpec spec;

  @Option(
      names = "--keep-running",
      description = "Keep the lab running after the report, until interrupted (Ctrl-C).")
  boolean keepRunning;

  @Option(
      names = "--format",
      defaultValue = "text",
      description = "text, json, junit or markdown (default: ${DEFAULT-VALUE}).")
  ReportFormat format;

  @Mixin OutputOption output;

  @Override
  public Integer call() throws InterruptedException {
    PrintWriter err = spec.commandLine().getErr();
    try (DemoLab lab = DemoLab.start()) {
      err.println(
          "wdm-ports demo: lab on 127.0.0.1: HTTP "
              + lab.peers().peer(PeerKind.HTTP).port()
              + ", HTTPS "
              + lab.peers().peer(PeerKind.HTTPS).port()
              + ", FTP "
              + lab.peers().peer(PeerKind.FTP).port()
              + ", VNC "
              + lab.peers().peer(PeerKind.VNC).port()
              + "; database "
              + lab.databasePort()
              + " missing on purpose");
      err.println(
          "wdm-ports demo: TLS verification is off for the lab's self-signed certificate (trust is still reported)");
      err.flush();
      HostReport report =
          PreflightCommand.run(
              lab.deployment(), "this-host", Duration.ofSeconds(2), true, ProbeListener.none());
      output.write(spec.commandLine().getOut(), format.render(report));
      if (keepRunning) {
        err.println("wdm-ports demo: lab running; press Ctrl-C to stop");
        err.flush();
        new CountDownLatch(1).await();
      }
      return report.passed() ? WdmPortsCli.OK : WdmPortsCli.FAILED;
    }
  }
}
