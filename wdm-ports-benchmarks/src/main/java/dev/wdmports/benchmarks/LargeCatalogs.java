package dev.wdmports.benchmarks;

import dev.wdmports.core.Component;
import dev.wdmports.core.Operation;
import dev.wdmports.core.PortRule;
import dev.wdmports.core.PortSet;
import dev.wdmports.core.Protocol;
import dev.wdmports.core.Provenance;
import dev.wdmports.core.Requirement;
import dev.wdmports.core.Transport;
import dev.wdmports.core.catalog.Catalog;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.SplittableRandom;

/** Generated catalogs at the scale the core issue asks to measure. */
public final class LargeCatalogs {
  private LargeCatalogs() {}

  /**
   * A catalog of random components, rules and operations; deterministic for a seed. Rules use ports
   * 1..2000 with a few designated-port choices; operations need 8 requirements each, a mix of
   * single rules, any-of pairs and HTTP/HTTPS channels.
   */
  public static Catalog generate(int components, int rules, int operations, long seed) {
    SplittableRandom rnd = new SplittableRandom(seed);
    Catalog.Builder b =
        Catalog.builder().name("generated").version(components + "/" + rules + "/" + operations);
    for (int i = 0; i < components; i++) {
      b.component(new Component("c" + i, "Component " + i, ""));
    }
    b.protocol(new Protocol("tcp", "TCP", Transport.TCP, PortSet.empty()));
    b.protocol(new Protocol("udp", "UDP", Transport.UDP, PortSet.empty()));
    for (int i = 0; i < rules; i++) {
      boolean choice = rnd.nextInt(10) == 0;
      int port = 1 + rnd.nextInt(2000);
      PortSet ports = choice ? PortSet.of(port, port + 2000) : PortSet.of(port);
      b.rule(
          new PortRule(
              "r" + i,
              "c" + rnd.nextInt(components),
              "c" + rnd.nextInt(components),
              rnd.nextInt(8) == 0 ? "udp" : "tcp",
              ports,
              port,
              choice ? Optional.of("k" + rnd.nextInt(4)) : Optional.empty(),
              false,
              "",
              Provenance.user()));
    }
    for (int i = 0; i < operations; i++) {
      List<Requirement> reqs = new ArrayList<>();
      for (int j = 0; j < 8; j++) {
        String a = "r" + rnd.nextInt(rules);
        String c = "r" + rnd.nextInt(rules);
        int kind = rnd.nextInt(4);
        if (a.equals(c) || kind < 2) {
          reqs.add(new Requirement.AllFlowsOf(a));
        } else if (kind == 2) {
          reqs.add(new Requirement.AnyOf(List.of(a, c)));
        } else {
          reqs.add(new Requirement.Channel(a, c));
        }
      }
      b.operation(
          new Operation(
              "o" + i, "Operation " + i, Operation.Kind.PUSH, "", reqs, Provenance.user()));
    }
    return b.build();
  }
}
