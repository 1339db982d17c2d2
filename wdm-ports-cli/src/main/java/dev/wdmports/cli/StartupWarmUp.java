package dev.wdmports.cli;

import dev.wdmports.core.catalog.Catalogs;
import dev.wdmports.probe.CheckerRegistry;
import dev.wdmports.probe.Prober;
import java.io.IOException;
import java.nio.channels.Selector;
import java.util.List;

/**
 * Loads what almost every command needs on a second thread while the main thread builds the command
 * line: the built-in catalog (parsed once and kept, so commands on it get it for free; the YAML and
 * model classes for commands that read their own), the checker registry and the probe engine. A JVM
 * loads and initializes classes on the thread that first needs them, so without this the main
 * thread does all of it in sequence; with it, picocli's set-up and this work overlap on a second
 * core (bench/deadline.sh: the preflight's probes start about a tenth of a second earlier).
 *
 * <p>Only {@link WdmPortsCli#main} starts it: a failure here is ignored, since the command that
 * needs the same thing reports it in its own words.
 */
final class StartupWarmUp {
  private StartupWarmUp() {}

  static void start(String[] args) {
    // probe reads no catalog: parsing one would only take a core from it.
    boolean catalog = args.length == 0 || !args[0].equals("probe");
    inBackground(
        "wdm-ports-warm-up",
        () -> {
          try {
            if (catalog) {
              Catalogs.wdm();
            }
            // An empty run sets up the engine's classes and threads; the selector, NIO's.
            Prober.builder().registry(CheckerRegistry.defaults()).build().run(List.of());
            Selector.open().close();
          } catch (IOException | RuntimeException | LinkageError e) {
            // The command that needs them reports it.
          }
        });
  }

  /** Runs work on a daemon thread of its own, which never holds up the JVM's exit. */
  static void inBackground(String name, Runnable work) {
    Thread t = new Thread(work, name);
    t.setDaemon(true);
    t.start();
  }
}
