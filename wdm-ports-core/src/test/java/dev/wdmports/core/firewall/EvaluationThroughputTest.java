package dev.wdmports.core.firewall;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.wdmports.core.Flow;
import dev.wdmports.core.firewall.format.IptablesSaveParser;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * Prints evaluations per second, indexed and naive, on a 10,000-rule iptables ruleset. Not a timed
 * assertion: it runs only with {@code -Dwdm.throughput=true} and asserts nothing about time. The
 * JMH benchmark module is the place for real numbers.
 */
class EvaluationThroughputTest {
  static String ruleset(int rules, long seed) {
    Random r = new Random(seed);
    StringBuilder sb =
        new StringBuilder(
            "*filter\n:INPUT DROP [0:0]\n:FORWARD ACCEPT [0:0]\n:OUTPUT ACCEPT [0:0]\n");
    sb.append(
        "-A INPUT -i lo -j ACCEPT\n-A INPUT -m conntrack --ctstate RELATED,ESTABLISHED -j ACCEPT\n");
    for (int i = 0; i < rules; i++) {
      sb.append("-A INPUT -s 10.")
          .append(r.nextInt(256))
          .append('.')
          .append(r.nextInt(256))
          .append(".0/24 -p ")
          .append(r.nextBoolean() ? "tcp" : "udp")
          .append(" --dport ")
          .append(1 + r.nextInt(65535))
          .append(r.nextInt(3) == 0 ? " -j DROP\n" : " -j ACCEPT\n");
    }
    return sb.append("COMMIT\n").toString();
  }

  @Test
  void printThroughput() {
    assumeTrue(Boolean.getBoolean("wdm.throughput"), "run with -Dwdm.throughput=true");
    FirewallPolicy p = IptablesSaveParser.parse(ruleset(10_000, 1), "10k");
    Random r = new Random(2);
    List<Flow> flows = new ArrayList<>();
    for (int i = 0; i < 1000; i++) {
      flows.add(
          Flow.parse(
              "10."
                  + r.nextInt(256)
                  + "."
                  + r.nextInt(256)
                  + ".7->10.0.0.1:"
                  + (1 + r.nextInt(65535))
                  + "/tcp"));
    }
    long n = 0;
    int allowed = 0;
    long t0 = System.nanoTime();
    while (System.nanoTime() - t0 < 3_000_000_000L) {
      for (Flow f : flows) {
        allowed += p.evaluate(f, Direction.IN).allowed() ? 1 : 0;
        n++;
      }
    }
    double indexed = n / ((System.nanoTime() - t0) / 1e9);
    n = 0;
    t0 = System.nanoTime();
    while (System.nanoTime() - t0 < 3_000_000_000L) {
      for (Flow f : flows.subList(0, 100)) {
        allowed += p.evaluateNaively(f, Direction.IN).allowed() ? 1 : 0;
        n++;
      }
    }
    double naive = n / ((System.nanoTime() - t0) / 1e9);
    System.out.printf(
        "10k rules: indexed %.0f evaluations/s, naive %.0f/s, ratio %.1f (%d allowed)%n",
        indexed, naive, indexed / naive, allowed);
    assertThat(allowed).isGreaterThanOrEqualTo(0);
  }
}
