package dev.wdmports.core;

import dev.wdmports.core.catalog.Catalog;
import dev.wdmports.core.deploy.Deployment;
import dev.wdmports.core.deploy.Host;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Random;

/** Seeded random catalogs and deployments for property tests. */
public final class RandomCatalogs {
  private RandomCatalogs() {}

  public static Catalog catalog(Random rnd) {
    Catalog.Builder b =
        Catalog.builder()
            .name("random-" + rnd.nextInt(1000))
            .version(rnd.nextBoolean() ? "" : "1." + rnd.nextInt(9));
    int nc = 2 + rnd.nextInt(8);
    for (int i = 0; i < nc; i++) {
      b.component(
          new Component(
              "c" + i,
              "Component \"" + i + "\"",
              rnd.nextBoolean() ? "" : "desc: " + i + " ünïcödé"));
    }
    int np = 1 + rnd.nextInt(4);
    for (int i = 0; i < np; i++) {
      b.protocol(
          new Protocol(
              "p" + i,
              "P" + i,
              rnd.nextBoolean() ? Transport.TCP : Transport.UDP,
              rnd.nextBoolean() ? PortSet.empty() : ports(rnd)));
    }
    int nr = 1 + rnd.nextInt(20);
    List<String> rules = new ArrayList<>();
    for (int i = 0; i < nr; i++) {
      PortSet ports = ports(rnd);
      int kind = rnd.nextInt(3);
      Optional<String> choice =
          kind == 0 && ports.size() == 1 ? Optional.empty() : Optional.of("k" + rnd.nextInt(3));
      int defaultPort =
          ports.ports().skip(rnd.nextInt(Math.min(ports.size(), 5))).findFirst().orElseThrow();
      Provenance prov =
          switch (rnd.nextInt(3)) {
            case 0 -> Provenance.seed("row " + i);
            case 1 -> Provenance.inferred("evidence " + i);
            default -> Provenance.user();
          };
      String id = "r" + i;
      rules.add(id);
      b.rule(
          new PortRule(
              id,
              "c" + rnd.nextInt(nc),
              "c" + rnd.nextInt(nc),
              "p" + rnd.nextInt(np),
              ports,
              defaultPort,
              choice,
              choice.isPresent() && kind == 2,
              rnd.nextBoolean() ? "" : "f " + i + ": x",
              prov));
    }
    int no = 1 + rnd.nextInt(6);
    for (int i = 0; i < no; i++) {
      List<Requirement> reqs = new ArrayList<>();
      int nreq = 1 + rnd.nextInt(4);
      for (int j = 0; j < nreq; j++) {
        String a = rules.get(rnd.nextInt(rules.size()));
        String c = rules.get(rnd.nextInt(rules.size()));
        if (a.equals(c) || rnd.nextInt(3) == 0) {
          reqs.add(new Requirement.AllFlowsOf(a));
        } else if (rnd.nextBoolean()) {
          reqs.add(new Requirement.AnyOf(List.of(a, c)));
        } else {
          reqs.add(new Requirement.Channel(a, c));
        }
      }
      b.operation(
          new Operation(
              "o" + i,
              "Op " + i,
              Operation.Kind.values()[rnd.nextInt(3)],
              "",
              reqs,
              rnd.nextBoolean() ? Provenance.user() : Provenance.inferred("e")));
    }
    return b.build();
  }

  private static PortSet ports(Random rnd) {
    List<PortRange> ranges = new ArrayList<>();
    int n = 1 + rnd.nextInt(3);
    for (int i = 0; i < n; i++) {
      int first = 1 + rnd.nextInt(2000);
      ranges.add(
          rnd.nextInt(4) == 0
              ? PortRange.between(first, first + rnd.nextInt(50))
              : PortRange.of(first));
    }
    return new PortSet(ranges);
  }

  public static Deployment deployment(Catalog c, Random rnd) {
    Deployment.Builder b =
        Deployment.builder(c).name("d").securityMode(SecurityMode.values()[rnd.nextInt(4)]);
    int hosts = 1 + rnd.nextInt(4);
    for (int h = 0; h < hosts; h++) {
      List<String> runs = new ArrayList<>();
      for (Component comp : c.components()) {
        if (rnd.nextInt(hosts) == 0) {
          runs.add(comp.id());
        }
      }
      if (runs.isEmpty()) {
        runs.add(c.components().get(rnd.nextInt(c.components().size())).id());
      }
      b.host(
          new Host(
              "h" + h,
              rnd.nextBoolean()
                  ? Optional.empty()
                  : Optional.of(Address.parse("10.0." + h + ".0/24")),
              runs));
    }
    for (Component comp : c.components()) {
      if (rnd.nextInt(4) == 0) {
        b.redundancy(comp.id(), dev.wdmports.core.deploy.Redundancy.ANY);
      }
    }
    return b.build();
  }
}
