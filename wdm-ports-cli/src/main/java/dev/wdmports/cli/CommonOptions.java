package dev.wdmports.cli;

import dev.wdmports.core.catalog.Catalog;
import dev.wdmports.core.deploy.Deployment;
import dev.wdmports.core.deploy.Deployments;
import java.nio.file.Path;
import org.jspecify.annotations.Nullable;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** The {@code --catalog}, {@code --deployment} and {@code --debug} options. */
final class CommonOptions {
  @Mixin CatalogOption catalogOption;

  @Option(
      names = "--deployment",
      paramLabel = "FILE",
      description =
          "A deployment file (JSON or YAML). Default: every component on a host of its own, default"
              + " ports and security mode.")
  @Nullable Path deployment;

  Catalog catalog() {
    return catalogOption.catalog();
  }

  Deployment deployment() {
    Catalog c = catalog();
    return deployment == null ? Deployment.standard(c) : Deployments.read(deployment, c);
  }
}
