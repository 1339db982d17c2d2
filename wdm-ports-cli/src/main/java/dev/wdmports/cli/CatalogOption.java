package dev.wdmports.cli;

import dev.wdmports.core.catalog.Catalog;
import dev.wdmports.core.catalog.Catalogs;
import java.nio.file.Path;
import org.jspecify.annotations.Nullable;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** The {@code --catalog FILE} and {@code --debug} options. */
final class CatalogOption {
  @Option(
      names = "--catalog",
      paramLabel = "FILE",
      description = "A catalog file (JSON or YAML) that replaces the built-in WDM catalog.")
  @Nullable Path catalog;

  @Mixin DebugOption debugOption;

  Catalog catalog() {
    return catalog == null ? Catalogs.wdm() : Catalogs.read(catalog);
  }
}
