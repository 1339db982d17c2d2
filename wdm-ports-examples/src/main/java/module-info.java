/** The wdm-ports command line and the embedding examples. */
module dev.wdmports.examples {
  // Transitive: DemoLab, InstallerPreflight and OperationsHealthService take and return their
  // types.
  requires transitive dev.wdmports.core;
  requires transitive dev.wdmports.probe;
  requires transitive dev.wdmports.peers;
  requires java.xml;
  requires jdk.httpserver;
  requires org.slf4j;
  requires info.picocli;
  requires com.fasterxml.jackson.databind;

  exports dev.wdmports.examples;
  exports dev.wdmports.examples.cli;

  opens dev.wdmports.examples.cli to
      info.picocli;
}
