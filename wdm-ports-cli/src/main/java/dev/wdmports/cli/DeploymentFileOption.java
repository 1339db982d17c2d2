package dev.wdmports.cli;

import dev.wdmports.core.catalog.Catalog;
import dev.wdmports.core.deploy.Deployment;
import dev.wdmports.core.deploy.Deployments;
import java.nio.file.Path;
import picocli.CommandLine.Option;

/**
 * The required {@code --deployment FILE} option of the commands about one host of a deployment
 * ({@code firewall generate}, and through the argument groups that extend it, {@code firewall
 * check} and {@code preflight}). Picocli does not take a mixin inside an argument group, so the
 * groups extend this class instead; picocli reads the options of superclasses too.
 */
class DeploymentFileOption {
  @Option(
      names = "--deployment",
      required = true,
      paramLabel = "FILE",
      description = "A deployment file.")
  Path deployment;

  /** Reads the deployment against a catalog. */
  Deployment deployment(Catalog catalog) {
    return Deployments.read(deployment, catalog);
  }
}
