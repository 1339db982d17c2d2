package dev.wdmports.cli;

import dev.wdmports.core.InvalidInputException;
import dev.wdmports.core.internal.Messages;
import dev.wdmports.probe.Devices;
import java.io.PrintWriter;
import java.util.Locale;
import org.jspecify.annotations.Nullable;
import picocli.CommandLine.Option;

/** {@code --devices all|N [--seed SEED]}: which devices of each device network are checked. */
final class DevicesOption {
  @Option(
      names = "--devices",
      paramLabel = "all|N",
      defaultValue = "all",
      description =
          "Flows to a device network (a host whose address is a network, e.g. 10.10.8.0/22) are checked on every device (all, the default) or on N devices of each network picked at random (the seed is printed). Operations then say for how many devices they work and where they do not.")
  String devices;

  @Option(
      names = "--seed",
      paramLabel = "SEED",
      description = "The seed of --devices N, to pick the same devices again (default: random).")
  @Nullable Long seed;

  /**
   * The selection; a sample's seed is printed on {@code err}, to repeat it.
   *
   * @throws InvalidInputException naming the option when it is not all or a count, or --seed is
   *     given without a count
   */
  Devices devices(String command, PrintWriter err) {
    Devices which;
    try {
      which = Devices.parse(devices, seed);
    } catch (InvalidInputException e) {
      throw new InvalidInputException("--devices " + devices, Messages.of(e));
    }
    if (seed != null && which.isAll()) {
      throw new InvalidInputException(
          "--seed " + seed, "--seed is for --devices N: add e.g. --devices 256");
    }
    if (!which.isAll()) {
      err.printf(
          Locale.ROOT,
          "wdm-ports %s: checking %,d devices of each device network, picked with --seed %d%n",
          command,
          which.sample(),
          which.seed());
      err.flush();
    }
    return which;
  }
}
