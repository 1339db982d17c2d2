package dev.wdmports.cli;

import dev.wdmports.core.InvalidInputException;
import dev.wdmports.core.deploy.Deployment;

/** Checks of command-line values that turn misuse into one-line input errors. */
final class CliInputs {
  private CliInputs() {}

  /** Fails with {@code OPTION VALUE: deployment D has no host "X": use one of ...}. */
  static void requireHost(Deployment deployment, String option, String host) {
    try {
      deployment.requireHost(host);
    } catch (InvalidInputException e) {
      throw new InvalidInputException(option, e.detail());
    }
  }
}
