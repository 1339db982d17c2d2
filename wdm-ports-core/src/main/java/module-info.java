/**
 * The WDM port model: records, the built-in catalog, deployments, the push-operation dependency
 * graph, and the report model every check is rendered through. This module does no network I/O.
 */
// The qualified export names modules that are built after this one: javac's "module not found"
// warning for them is expected.
@SuppressWarnings("module")
module dev.wdmports.core {
  // Nullness annotations only: not needed at run time (as Guava does).
  requires static org.jspecify;
  requires com.google.common;
  requires java.xml;
  requires com.fasterxml.jackson.core;
  requires com.fasterxml.jackson.databind;
  requires com.fasterxml.jackson.dataformat.yaml;
  requires org.yaml.snakeyaml;

  exports dev.wdmports.core;
  exports dev.wdmports.core.catalog;
  exports dev.wdmports.core.deploy;
  exports dev.wdmports.core.graph;
  exports dev.wdmports.core.report;

  // Shared machinery (the located-tree reader, the bounded text read, the writers, enum ids) for
  // sibling modules only; not API.
  exports dev.wdmports.core.internal to
      dev.wdmports.firewall,
      dev.wdmports.probe,
      dev.wdmports.exporter,
      dev.wdmports.cli;
}
