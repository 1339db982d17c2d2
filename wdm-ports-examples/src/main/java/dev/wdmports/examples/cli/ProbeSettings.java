package dev.wdmports.examples.cli;

import java.time.Duration;
import picocli.CommandLine.Option;

/** The {@code --timeout} and {@code --insecure} options of the commands that probe. */
final class ProbeSettings {
  @Option(
      names = "--timeout",
      defaultValue = "2s",
      converter = Durations.class,
      description = "Per-probe deadline (default: ${DEFAULT-VALUE}).")
  Duration timeout;

  @Option(
      names = "--insecure",
      description =
          "Do not verify TLS certificates (trust and host-name facts are still reported).")
  boolean insecure;
}
