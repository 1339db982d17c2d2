package dev.wdmports.firewall;

import dev.wdmports.core.PortRange;

/** The assumptions an evaluation makes about what a flow does not say. */
final class EvalConfig {
  final PortRange ephemeral;
  final String iface;

  EvalConfig(PortRange ephemeral, String iface) {
    this.ephemeral = ephemeral;
    this.iface = iface;
  }
}
