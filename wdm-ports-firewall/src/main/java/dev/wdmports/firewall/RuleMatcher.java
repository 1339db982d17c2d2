package dev.wdmports.firewall;

import dev.wdmports.core.PortRange;
import dev.wdmports.core.PortSet;
import dev.wdmports.core.Transport;
import dev.wdmports.core.report.Direction;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/** A rule in the form the evaluators match fast; both evaluators share {@link #match}. */
final class RuleMatcher {
  static final int YES = 0;
  static final int PARTIAL = 1;
  static final int UNKNOWN = 2;
  static final int NO = 3;

  final Rule rule;
  final int index;
  final int transportMask;
  final IpNet @Nullable [] src; // null: any
  final boolean srcNeg;
  final IpNet @Nullable [] dst;
  final boolean dstNeg;
  final int @Nullable [] dport; // null: any
  final int @Nullable [] sport;
  final int state;
  final boolean hasUnknown;

  /** True when every unknown construct only decides whether the rule matches. */
  final boolean conditionsOnly;

  int target = -1;

  RuleMatcher(Rule rule, int index) {
    this.rule = rule;
    this.index = index;
    int tm = 0;
    for (Transport t : rule.transports()) {
      tm |= FlowKey.bit(t);
    }
    this.transportMask = tm;
    this.src = nets(rule.source());
    this.srcNeg = rule.source().negated();
    this.dst = nets(rule.destination());
    this.dstNeg = rule.destination().negated();
    this.dport =
        rule.destinationPorts().isAny() ? null : ranges(rule.destinationPorts().effective());
    this.sport = rule.sourcePorts().isAny() ? null : ranges(rule.sourcePorts().effective());
    Optional<StateMatch> st = rule.state();
    this.state =
        st.isEmpty() ? YES : !st.get().isUnderstood() ? UNKNOWN : st.get().matchesNew() ? YES : NO;
    this.hasUnknown = !rule.unknown().isEmpty();
    this.conditionsOnly = rule.unknown().stream().allMatch(UnknownMatch::condition);
  }

  private static IpNet @Nullable [] nets(AddressMatch m) {
    if (m.isAny()) {
      return null;
    }
    return m.networks().stream().map(IpNet::of).toArray(IpNet[]::new);
  }

  private static int[] ranges(PortSet set) {
    int[] r = new int[set.ranges().size() * 2];
    int i = 0;
    for (PortRange pr : set.ranges()) {
      r[i++] = pr.first();
      r[i++] = pr.last();
    }
    return r;
  }

  static boolean inRanges(int[] r, int port) {
    for (int i = 0; i < r.length; i += 2) {
      if (port < r[i]) {
        return false;
      }
      if (port <= r[i + 1]) {
        return true;
      }
    }
    return false;
  }

  /** Returns YES, PARTIAL, UNKNOWN or NO. */
  int match(FlowKey k, EvalConfig cfg) {
    if ((transportMask & k.transportBit) == 0) {
      return NO;
    }
    if (dport != null && !inRanges(dport, k.port)) {
      return NO;
    }
    int worst = YES;
    if (src != null) {
      int m = address(src, srcNeg, k.src);
      if (m == NO) {
        return NO;
      }
      worst = Math.max(worst, m);
    }
    if (dst != null) {
      int m = address(dst, dstNeg, k.dst);
      if (m == NO) {
        return NO;
      }
      worst = Math.max(worst, m);
    }
    if (sport != null) {
      int m = sourcePort(sport, cfg);
      if (m == NO) {
        return NO;
      }
      worst = Math.max(worst, m);
    }
    if (state == NO) {
      return NO;
    }
    worst = Math.max(worst, state);
    if (rule.inInterface().isPresent() || rule.outInterface().isPresent()) {
      int m = interfaces(k, cfg);
      if (m == NO) {
        return NO;
      }
      worst = Math.max(worst, m);
    }
    if (hasUnknown) {
      worst = UNKNOWN;
    }
    return worst;
  }

  private static int address(IpNet[] nets, boolean negated, @Nullable IpNet flow) {
    if (flow == null) {
      return UNKNOWN;
    }
    // An address match of one family never matches a packet of the other (nftables "ip saddr !=
    // x" does not match IPv6 packets), negated or not.
    boolean sameFamily = false;
    for (IpNet n : nets) {
      sameFamily |= n.v6 == flow.v6;
    }
    if (!sameFamily) {
      return NO;
    }
    IpNet.Coverage c = IpNet.cover(nets, flow);
    if (c == IpNet.Coverage.SOME) {
      return PARTIAL;
    }
    return (c == IpNet.Coverage.ALL) != negated ? YES : NO;
  }

  private static int sourcePort(int[] sport, EvalConfig cfg) {
    int lo = cfg.ephemeral.first();
    int hi = cfg.ephemeral.last();
    int covered = 0;
    for (int i = 0; i < sport.length; i += 2) {
      int a = Math.max(lo, sport[i]);
      int b = Math.min(hi, sport[i + 1]);
      if (a <= b) {
        covered += b - a + 1;
      }
    }
    if (covered == 0) {
      return NO;
    }
    return covered == hi - lo + 1 ? YES : PARTIAL;
  }

  private int interfaces(FlowKey k, EvalConfig cfg) {
    Optional<InterfaceMatch> relevant =
        k.direction == Direction.IN ? rule.inInterface() : rule.outInterface();
    Optional<InterfaceMatch> other =
        k.direction == Direction.IN ? rule.outInterface() : rule.inInterface();
    if (other.isPresent() && !other.get().matches("")) {
      return NO;
    }
    if (relevant.isEmpty()) {
      return YES;
    }
    InterfaceMatch m = relevant.get();
    if (k.loopback()) {
      return m.matches("lo") ? YES : NO;
    }
    if (m.isLoopback()) {
      return m.negated() ? YES : NO;
    }
    if (cfg.iface != null) {
      return m.matches(cfg.iface) ? YES : NO;
    }
    return UNKNOWN;
  }

  /** Says why a rule's match was PARTIAL or UNKNOWN, for the warning. */
  String whyUncertain(FlowKey k, EvalConfig cfg) {
    StringBuilder sb = new StringBuilder();
    if (hasUnknown) {
      append(sb, rule.unknown().get(0).text() + " is not understood");
    }
    if (state == UNKNOWN) {
      append(sb, "connection state " + rule.state().orElseThrow() + " is not understood");
    }
    if (src != null) {
      explainAddress(sb, src, srcNeg, k.src, "source", k.flow.from(), rule.source());
    }
    if (dst != null) {
      explainAddress(sb, dst, dstNeg, k.dst, "destination", k.flow.to(), rule.destination());
    }
    if (sport != null && sourcePort(sport, cfg) == PARTIAL) {
      append(
          sb,
          "it matches source ports "
              + rule.sourcePorts()
              + " and the flow's source port is any of "
              + cfg.ephemeral);
    }
    if ((rule.inInterface().isPresent() || rule.outInterface().isPresent())
        && interfaces(k, cfg) == UNKNOWN) {
      InterfaceMatch m =
          (k.direction == Direction.IN ? rule.inInterface() : rule.outInterface()).orElseThrow();
      append(
          sb,
          "it matches interface "
              + m
              + " and the flow's interface is not known (FirewallPolicy.withInterface)");
    }
    return sb.toString();
  }

  private static void explainAddress(
      StringBuilder sb,
      IpNet[] nets,
      boolean negated,
      @Nullable IpNet flow,
      String what,
      String host,
      AddressMatch m) {
    if (flow == null) {
      append(sb, "it matches " + what + " " + m + " and " + host + " has no IP address");
    } else if (IpNet.cover(nets, flow) == IpNet.Coverage.SOME) {
      append(sb, "only part of " + what + " " + host + " is in " + m);
    }
  }

  private static void append(StringBuilder sb, String s) {
    if (sb.length() > 0) {
      sb.append("; ");
    }
    sb.append(s);
  }
}
