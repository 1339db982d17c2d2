package dev.wdmports.firewall;

import static org.assertj.core.api.Assertions.assertThat;

import dev.wdmports.core.Flow;
import dev.wdmports.core.report.Direction;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.stream.LongStream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Property: a verdict decided although a rule with an unknown condition ({@code -m recent}) was
 * reached is the verdict of every ruleset where each such rule is replaced by one that always
 * matches or one that never matches (the naive scan of each), whatever interface the flow uses.
 */
class UnknownConditionPropertyTest {
  /** Verdicts decided although an unknown condition was reached; the property is not vacuous. */
  private static final java.util.concurrent.atomic.AtomicInteger DECIDED_EITHER_WAY =
      new java.util.concurrent.atomic.AtomicInteger();

  @org.junit.jupiter.api.AfterAll
  static void someVerdictsWereDecidedEitherWay() {
    System.out.println(
        "UnknownConditionPropertyTest: " + DECIDED_EITHER_WAY + " verdicts decided either way");
    assertThat(DECIDED_EITHER_WAY.get()).isPositive();
  }

  private static final int[] PORTS = {20, 21, 22, 80, 443, 1433, 5000, 5001, 5010, 8080, 65535};
  private static final String UNKNOWN = " -m recent --name x --rcheck";

  static LongStream seeds() {
    long base = Long.getLong("wdm.seed", 20261201L);
    return LongStream.range(base, base + 300);
  }

  @ParameterizedTest(name = "seed {0}")
  @MethodSource("seeds")
  void decidedDespiteUnknownConditions_equalsEveryResolutionOfThem(long seed) {
    RandomRulesets gen = new RandomRulesets(seed, "10.231.7.2", "10.231.7.1", PORTS, false);
    String ruleset = gen.iptablesSave(5 + (int) (seed % 30));
    List<String> lines = List.of(ruleset.split("\n"));
    List<Integer> unknown = new ArrayList<>();
    for (int i = 0; i < lines.size(); i++) {
      if (lines.get(i).contains(UNKNOWN)) {
        unknown.add(i);
      }
    }
    if (unknown.isEmpty() || unknown.size() > 5) {
      return;
    }
    FirewallPolicy policy = TestPolicies.iptablesSave(ruleset, "seed-" + seed);
    List<FirewallPolicy> resolutions = new ArrayList<>();
    for (int mask = 0; mask < 1 << unknown.size(); mask++) {
      StringBuilder sb = new StringBuilder();
      for (int i = 0; i < lines.size(); i++) {
        int k = unknown.indexOf(i);
        if (k < 0) {
          sb.append(lines.get(i)).append('\n');
        } else if ((mask & 1 << k) != 0) {
          sb.append(lines.get(i).replace(UNKNOWN, "")).append('\n'); // always matches
        } // else: never matches, the rule is left out
      }
      resolutions.add(TestPolicies.iptablesSave(sb.toString(), "resolved"));
    }
    Random r = new Random(seed * 17);
    String[] sources = {"10.231.7.2", "10.231.7.0/24", "192.168.1.9", "10.231.0.0/16"};
    for (int i = 0; i < 40; i++) {
      String src = sources[r.nextInt(sources.length)];
      String transport = r.nextInt(4) == 0 ? "udp" : "tcp";
      Flow flow = Flow.parse(src + "->10.231.7.1:" + gen.port() + "/" + transport);
      for (Direction d : Direction.values()) {
        Evaluation v = policy.evaluate(flow, d);
        assertThat(TestPolicies.naive(policy, flow, d)).isEqualTo(v);
        if (v.decision() == Decision.UNKNOWN) {
          continue;
        }
        if (v.warnings().stream().anyMatch(w -> w.endsWith("either way"))) {
          DECIDED_EITHER_WAY.incrementAndGet();
        }
        for (FirewallPolicy resolved : resolutions) {
          // the generator's interface matches are on eth0 and eth1: try both and another
          for (String iface : List.of("eth0", "eth1", "ens3")) {
            assertThat(TestPolicies.naive(resolved.withInterface(iface), flow, d).decision())
                .as(
                    "seed %d (rerun with -Dwdm.seed=%d), flow %s %s on %s, model %s, ruleset:%n%s",
                    seed, seed, flow, d, iface, v, ruleset)
                .isEqualTo(v.decision());
          }
        }
      }
    }
  }
}
