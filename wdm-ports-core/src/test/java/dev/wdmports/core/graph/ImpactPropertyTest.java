package dev.wdmports.core.graph;

import static org.assertj.core.api.Assertions.assertThat;

import dev.wdmports.core.Flow;
import dev.wdmports.core.RandomCatalogs;
import dev.wdmports.core.catalog.Catalog;
import dev.wdmports.core.deploy.Deployment;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.stream.LongStream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** Seeded properties of the dependency graph over random catalogs and deployments. */
class ImpactPropertyTest {
  static LongStream seeds() {
    long base = Long.getLong("wdmports.seed", 20261126L);
    return LongStream.range(base, base + 300);
  }

  @ParameterizedTest(name = "seed {0}")
  @MethodSource("seeds")
  void closingMorePorts_neverMakesAnOperationAvailableAgain(long seed) {
    Random rnd = new Random(seed);
    Catalog c = RandomCatalogs.catalog(rnd);
    DependencyGraph g = DependencyGraph.of(RandomCatalogs.deployment(c, rnd));
    List<Flow> flows = new ArrayList<>(g.flows());
    java.util.Collections.shuffle(flows, rnd);
    Set<String> blocked = new HashSet<>();
    List<OperationStatus> before = g.impactOfBlocked(blocked);
    for (Flow f : flows) {
      blocked.add(f.id());
      List<OperationStatus> after = g.impactOfBlocked(blocked);
      for (int i = 0; i < after.size(); i++) {
        if (!before.get(i).available()) {
          assertThat(after.get(i).available())
              .as(
                  "seed %d: %s came back after also blocking %s",
                  seed, after.get(i).operation().id(), f.id())
              .isFalse();
        }
      }
      before = after;
    }
  }

  @ParameterizedTest(name = "seed {0}")
  @MethodSource("seeds")
  void minimalOpenings_sufficeAndAreMinimal(long seed) {
    Random rnd = new Random(seed);
    Catalog c = RandomCatalogs.catalog(rnd);
    Deployment d = RandomCatalogs.deployment(c, rnd);
    DependencyGraph g = DependencyGraph.of(d);
    List<String> workable =
        g.impact(new ClosedPorts(List.of())).stream()
            .filter(OperationStatus::available)
            .map(s -> s.operation().id())
            .toList();
    List<Flow> open = g.minimalOpenings(workable);
    assertThat(worksWith(g, open, workable)).as("seed %d: openings suffice", seed).isTrue();
    for (Flow f : open) {
      List<Flow> less = new ArrayList<>(open);
      less.remove(f);
      assertThat(worksWith(g, less, workable)).as("seed %d: %s is needed", seed, f.id()).isFalse();
    }
    for (String op : workable) {
      for (Flow spof : g.singlePointsOfFailure(op)) {
        assertThat(
                g.impactOfBlocked(List.of(spof.id())).stream()
                    .filter(s -> s.operation().id().equals(op))
                    .findFirst()
                    .orElseThrow()
                    .available())
            .as("seed %d: blocking %s breaks %s", seed, spof.id(), op)
            .isFalse();
      }
    }
  }

  private static boolean worksWith(DependencyGraph g, List<Flow> open, List<String> ops) {
    Map<String, FlowVerdict> v = new HashMap<>();
    g.flows().forEach(f -> v.put(f.id(), FlowVerdict.BLOCKED));
    open.forEach(f -> v.put(f.id(), FlowVerdict.OPEN));
    return g.availability(v).stream()
        .filter(s -> ops.contains(s.operation().id()))
        .allMatch(OperationStatus::available);
  }
}
