package dev.wdmports.firewall;

import dev.wdmports.core.Flow;
import dev.wdmports.core.Transport;
import dev.wdmports.core.report.Direction;
import org.jspecify.annotations.Nullable;

/** A flow reduced to what matching needs, computed once per evaluation. */
final class FlowKey {
  final Flow flow;
  final Direction direction;
  final int transportBit;
  final int port;
  final @Nullable IpNet src; // null: a DNS name
  final @Nullable IpNet dst;
  final @Nullable IpFamily family; // null: neither end is an address

  FlowKey(Flow flow, Direction direction) {
    this.flow = flow;
    this.direction = direction;
    this.transportBit = bit(flow.transport());
    this.port = flow.port();
    this.src = flow.fromAddress().map(IpNet::of).orElse(null);
    this.dst = flow.toAddress().map(IpNet::of).orElse(null);
    IpFamily f = null;
    if (src != null) {
      f = src.family();
    } else if (dst != null) {
      f = dst.family();
    }
    this.family = f;
  }

  static int bit(Transport t) {
    return t == Transport.TCP ? 1 : 2;
  }

  /**
   * A flow uses the loopback interface when an address is a loopback one, or both ends are the same
   * host or {@code localhost}; flows between hosts never do.
   */
  boolean loopback() {
    return (src != null && src.isLoopback())
        || (dst != null && dst.isLoopback())
        || flow.from().equals(flow.to())
        || flow.from().equals("localhost")
        || flow.to().equals("localhost");
  }
}
