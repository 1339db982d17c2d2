/**
 * Firewall reasoning for WDM ports: policies read from iptables, nftables, Windows Firewall and AWS
 * security group exports, evaluated flow by flow with the deciding rule and its line, and rules
 * generated from a deployment. This module does no network I/O.
 */
module dev.wdmports.firewall {
  // Nullness annotations only: not needed at run time (as Guava does).
  requires static org.jspecify;
  requires transitive dev.wdmports.core;
  requires com.google.common;
  requires com.fasterxml.jackson.core;
  requires com.fasterxml.jackson.databind;

  exports dev.wdmports.firewall;
  exports dev.wdmports.firewall.format;
}
