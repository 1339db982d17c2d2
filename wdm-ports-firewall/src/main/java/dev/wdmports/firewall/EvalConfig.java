package dev.wdmports.firewall;

import dev.wdmports.core.PortRange;
import org.jspecify.annotations.Nullable;

/** The assumptions an evaluation makes about what a flow does not say. */
final class EvalConfig {
  final PortRange ephemeral;
  final @Nullable String iface;

  EvalConfig(PortRange ephemeral, @Nullable String iface) {
    this.ephemeral = ephemeral;
    this.iface = iface;
  }
}
