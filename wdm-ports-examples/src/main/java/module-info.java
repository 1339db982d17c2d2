/** The embedding examples users copy: an installer preflight and an operations health service. */
module dev.wdmports.examples {
  // Nullness annotations only: not needed at run time (as Guava does).
  requires static org.jspecify;

  // Transitive: InstallerPreflight and OperationsHealthService take and return their types.
  requires transitive dev.wdmports.core;
  requires transitive dev.wdmports.firewall;
  requires transitive dev.wdmports.probe;
  // The demo lab, which OperationsHealthService runs on when given no deployment.
  requires dev.wdmports.cli;
  requires jdk.httpserver;
  requires org.slf4j;
  requires com.fasterxml.jackson.databind;

  exports dev.wdmports.examples;
}
