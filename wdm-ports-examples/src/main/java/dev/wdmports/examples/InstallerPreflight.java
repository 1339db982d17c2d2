package dev.wdmports.examples;

import dev.wdmports.core.Address;
import dev.wdmports.core.InvalidInputException;
import dev.wdmports.core.catalog.Catalog;
import dev.wdmports.core.catalog.Catalogs;
import dev.wdmports.core.deploy.Deployment;
import dev.wdmports.core.graph.Availability;
import dev.wdmports.core.graph.OperationStatus;
import dev.wdmports.core.report.HostReport;
import dev.wdmports.probe.Preflight;
import dev.wdmports.probe.ProbeListener;
import dev.wdmports.probe.ProbeResult;
import dev.wdmports.probe.ProbeSummary;
import dev.wdmports.probe.Prober;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

/**
 * What an installer embeds before it installs WDM: check, from this machine, every connection the
 * WDM console and a device would open to the WDM server, and say which operations would fail.
 *
 * <pre>
 * java -cp wdm-ports-examples/target/wdm-ports.jar dev.wdmports.examples.InstallerPreflight 10.10.0.5
 * </pre>
 *
 * <p>It uses a catalog bundled with the installer ({@code installer-catalog.yaml}: the built-in
 * one, extended), draws a progress bar from the prober's callbacks, prints a short report and
 * returns the exit code an installer script can act on: 0 go, 1 something WDM needs is closed.
 */
public final class InstallerPreflight {
  private InstallerPreflight() {}

  /**
   * Checks the WDM server given as the first argument and exits with the result.
   *
   * @param args the server's address
   */
  public static void main(String[] args) {
    if (args.length != 1) {
      System.err.println("usage: InstallerPreflight SERVER-ADDRESS");
      System.exit(2);
    }
    System.exit(run(args[0], System.out, System.err));
  }

  /**
   * Checks a WDM server from this machine.
   *
   * @param server the server's IP address or DNS name
   * @param out where the report goes
   * @param progress where the progress bar goes
   * @return 0 when nothing WDM needs from here is closed, 1 otherwise, 2 for a bad address
   */
  public static int run(String server, PrintStream out, PrintStream progress) {
    Deployment deployment;
    try {
      // "Everything on one WDM server at ADDRESS": the console and a device are this machine.
      deployment = Deployment.singleServer(bundledCatalog(), Address.parse(server));
    } catch (InvalidInputException e) {
      progress.println(e.getMessage());
      return 2;
    }
    return check(deployment, "this-host", out, progress);
  }

  /**
   * Probes the flows of a deployment that start at one host and prints the report.
   *
   * @param deployment the deployment
   * @param from the host this code runs on
   * @param out where the report goes
   * @param progress where the progress bar goes
   * @return 0 when the preflight passed, else 1
   */
  public static int check(
      Deployment deployment, String from, PrintStream out, PrintStream progress) {
    Preflight preflight =
        Preflight.builder()
            .prober(Prober.builder().timeout(Duration.ofSeconds(3)).concurrency(16).build())
            .build();
    HostReport report = preflight.run(deployment, from, new ProgressBar(progress));
    for (OperationStatus op : report.operations()) {
      String mark =
          op.available() ? "ok  " : op.availability() == Availability.BROKEN ? "FAIL" : "??  ";
      out.println(mark + " " + op.operation().id() + ": " + report.explain(op));
    }
    out.println(
        report.passed()
            ? "Ready to install WDM."
            : "Fix the closed ports above, then run the installer again.");
    return report.passed() ? 0 : 1;
  }

  /** The catalog shipped inside the installer: the built-in one, extended for this site. */
  static Catalog bundledCatalog() {
    try (InputStream in = InstallerPreflight.class.getResourceAsStream("installer-catalog.yaml")) {
      if (in == null) {
        return Catalogs.wdm();
      }
      return Catalogs.parse(
          new String(in.readAllBytes(), StandardCharsets.UTF_8), "installer-catalog.yaml");
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** A progress bar drawn from the prober's callbacks; an installer would move its own widget. */
  static final class ProgressBar implements ProbeListener {
    private final PrintStream out;
    private int total;
    private int done;

    ProgressBar(PrintStream out) {
      this.out = out;
    }

    @Override
    public synchronized void started(int total) {
      this.total = total;
      out.print("checking " + total + " connections ");
    }

    @Override
    public synchronized void result(ProbeResult result) {
      done++;
      out.print(result.status() == dev.wdmports.core.report.ProbeStatus.OPEN ? "." : "x");
    }

    @Override
    public synchronized void finished(ProbeSummary summary) {
      out.println(" " + done + "/" + total + " in " + summary.elapsed().toMillis() + " ms");
    }
  }
}
