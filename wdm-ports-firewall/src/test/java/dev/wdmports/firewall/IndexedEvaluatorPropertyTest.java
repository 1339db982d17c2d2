package dev.wdmports.firewall;

import static org.assertj.core.api.Assertions.assertThat;

import dev.wdmports.core.Flow;
import dev.wdmports.core.report.Direction;
import java.util.Random;
import java.util.stream.LongStream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** Property: the indexed evaluator gives exactly the naive first-match scan's verdicts. */
class IndexedEvaluatorPropertyTest {
  private static final int[] PORTS = {20, 21, 22, 80, 443, 1433, 5000, 5001, 5010, 8080, 65535};

  static LongStream seeds() {
    long base = Long.getLong("wdm.seed", 20261126L);
    return LongStream.range(base, base + 300);
  }

  @ParameterizedTest(name = "seed {0}")
  @MethodSource("seeds")
  void indexedEvaluation_equalsNaiveScan(long seed) {
    RandomRulesets gen = new RandomRulesets(seed, "10.231.7.2", "10.231.7.1", PORTS, false);
    String ruleset = gen.iptablesSave(5 + (int) (seed % 40));
    FirewallPolicy policy = TestPolicies.iptablesSave(ruleset, "seed-" + seed);
    Random r = new Random(seed * 31);
    String[] sources = {
      "10.231.7.2",
      "10.231.7.0/24",
      "10.231.7.128/25",
      "10.231.0.0/16",
      "192.168.1.9",
      "client.example.com",
      "10.231.7.0/26"
    };
    for (int i = 0; i < 60; i++) {
      String src = sources[r.nextInt(sources.length)];
      String dst = r.nextInt(8) == 0 ? "server.example.com" : "10.231.7.1";
      String transport = r.nextInt(4) == 0 ? "udp" : "tcp";
      int port = r.nextInt(3) == 0 ? 1 + r.nextInt(65535) : gen.port();
      Flow flow = Flow.parse(src + "->" + dst + ":" + port + "/" + transport);
      for (Direction d : Direction.values()) {
        Evaluation indexed = policy.evaluate(flow, d);
        Evaluation naive = TestPolicies.naive(policy, flow, d);
        assertThat(indexed)
            .as(
                "seed %d (rerun with -Dwdm.seed=%d), flow %s %s, ruleset:%n%s",
                seed, seed, flow, d, ruleset)
            .isEqualTo(naive);
      }
    }
  }
}
