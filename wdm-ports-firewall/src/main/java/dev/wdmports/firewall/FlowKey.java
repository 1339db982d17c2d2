package dev.wdmports.firewall;

import dev.wdmports.core.Flow;
import dev.wdmports.core.Transport;
import dev.wdmports.core.report.Direction;
import org.jspecify.annotations.NullUnmarked;

/** A flow reduced to what matching needs, computed once per evaluation. */
// Package-private machinery not yet annotated (null marks "absent" in its hot paths): NullAway
// checks its callers against the public API, not its insides, as for the internal packages.
@NullUnmarked
final class FlowKey {
  final Flow flow;
  final Direction direction;
  final int transportBit;
  final int port;
  final IpNet src;
  final IpNet dst;
  final IpFamily family;

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
