/** The wdm-ports command line and its demo lab ({@link dev.wdmports.cli.DemoLab}). */
module dev.wdmports.cli {
  // Nullness annotations only: not needed at run time (as Guava does).
  requires static org.jspecify;

  // Transitive: DemoLab takes and returns their types.
  requires transitive dev.wdmports.core;
  requires transitive dev.wdmports.firewall;
  requires transitive dev.wdmports.probe;
  requires transitive dev.wdmports.peers;
  requires dev.wdmports.exporter;
  requires java.xml;
  requires info.picocli;
  requires com.fasterxml.jackson.databind;

  exports dev.wdmports.cli;

  opens dev.wdmports.cli to
      info.picocli;
}
