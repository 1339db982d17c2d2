package dev.wdmports.cli;

import dev.wdmports.core.Component;
import dev.wdmports.core.DocumentFormat;
import dev.wdmports.core.Operation;
import dev.wdmports.core.PortRule;
import dev.wdmports.core.catalog.Catalog;
import dev.wdmports.core.catalog.Catalogs;
import dev.wdmports.core.internal.TextTable;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code wdm-ports catalog}: prints the catalog. */
@Command(
    name = "catalog",
    mixinStandardHelpOptions = true,
    description = "Print the catalog: components, protocols, directed port rules and operations.")
final class CatalogCommand implements Callable<Integer> {
  /** How the catalog is printed: as a document (JSON, YAML) or as tables (text, Markdown). */
  enum CatalogOutput {
    TEXT,
    JSON,
    YAML,
    MARKDOWN
  }

  @Spec picocli.CommandLine.Model.CommandSpec spec;

  @Mixin CatalogOption catalogOption;

  @Option(
      names = "--format",
      defaultValue = "text",
      description = "text, json, yaml or markdown (default: ${DEFAULT-VALUE}).")
  CatalogOutput format;

  @Override
  public Integer call() {
    Catalog c = catalogOption.catalog();
    var out = spec.commandLine().getOut();
    switch (format) {
      case JSON -> out.print(Catalogs.write(c, DocumentFormat.JSON));
      case YAML -> out.print(Catalogs.write(c, DocumentFormat.YAML));
      case TEXT -> out.print(text(c, false));
      case MARKDOWN -> out.print(text(c, true));
    }
    out.flush();
    return WdmPortsCli.OK;
  }

  private static String text(Catalog c, boolean markdown) {
    TextTable comps = new TextTable("COMPONENT", "NAME", "DESCRIPTION");
    for (Component x : c.components()) {
      comps.row(x.id(), x.name(), x.description());
    }
    TextTable rules =
        new TextTable(
            "RULE",
            "FROM",
            "TO",
            "PROTOCOL",
            "PORTS",
            "DEFAULT",
            "CHOICE",
            "PROVENANCE",
            "FUNCTION");
    for (PortRule r : c.rules()) {
      String proto = c.protocolOf(r).name() + "/" + c.protocolOf(r).transport().id();
      String choice =
          r.portChoice().map(k -> k + (r.configurable() ? " (any port)" : "")).orElse("fixed");
      rules.row(
          r.id(),
          r.from(),
          r.to(),
          proto,
          r.ports(),
          r.defaultPort(),
          choice,
          r.provenance().kind().id(),
          r.function());
    }
    TextTable ops = new TextTable("OPERATION", "KIND", "NAME", "RULES");
    for (Operation o : c.operations()) {
      ops.row(o.id(), o.kind().id(), o.name(), String.join(", ", o.ruleIds()));
    }
    String title = "Catalog " + c.name() + (c.version().isEmpty() ? "" : " (" + c.version() + ")");
    if (markdown) {
      return "# "
          + title
          + "\n\n## Components\n\n"
          + comps.markdown()
          + "\n## Rules\n\n"
          + rules.markdown()
          + "\n## Operations\n\n"
          + ops.markdown();
    }
    return title + "\n\n" + comps.text() + "\n" + rules.text() + "\n" + ops.text();
  }
}
