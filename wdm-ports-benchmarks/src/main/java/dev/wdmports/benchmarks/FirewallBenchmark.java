package dev.wdmports.benchmarks;

import dev.wdmports.core.Flow;
import dev.wdmports.core.report.Direction;
import dev.wdmports.firewall.ChainPolicy;
import dev.wdmports.firewall.FirewallPolicy;
import dev.wdmports.firewall.NaiveEvaluation;
import dev.wdmports.firewall.format.PolicyFormat;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.infra.Blackhole;

/**
 * Evaluating 100,000 flows against a 10,000-rule iptables ruleset: the indexed evaluator and a
 * naive linear first-match scan over the same parsed rules, in one run; and parsing the ruleset.
 *
 * <pre>
 * java -jar wdm-ports-benchmarks/target/benchmarks.jar FirewallBenchmark
 * </pre>
 *
 * <p>Scores are per flow evaluation ({@code @OperationsPerInvocation}); invert for flows per
 * second. The naive scan runs on the first 1,000 flows only, so one invocation stays short.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(
    value = 1,
    jvmArgsAppend = {"-Xmx2g"})
public class FirewallBenchmark {
  static final int RULES = 10_000;
  static final int FLOWS = 100_000;
  static final int NAIVE_FLOWS = 1_000;

  private String ruleset;
  private ChainPolicy policy;
  private Flow[] flows;

  /** A random iptables-save filter table: /24 sources, one port each, accept or drop. */
  static String ruleset(int rules, long seed) {
    SplittableRandom r = new SplittableRandom(seed);
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

  @Setup(Level.Trial)
  public void setUp() {
    ruleset = ruleset(RULES, 1);
    policy = (ChainPolicy) PolicyFormat.IPTABLES_SAVE.parse(ruleset, "10k.rules");
    SplittableRandom r = new SplittableRandom(2);
    List<Flow> list = new ArrayList<>(FLOWS);
    for (int i = 0; i < FLOWS; i++) {
      list.add(
          Flow.parse(
              "10."
                  + r.nextInt(256)
                  + "."
                  + r.nextInt(256)
                  + ".7->10.0.0.1:"
                  + (1 + r.nextInt(65535))
                  + (r.nextBoolean() ? "/tcp" : "/udp")));
    }
    flows = list.toArray(Flow[]::new);
  }

  /** The indexed evaluator over 100,000 flows; score per flow. */
  @Benchmark
  @OperationsPerInvocation(FLOWS)
  public void indexed(Blackhole bh) {
    for (Flow f : flows) {
      bh.consume(policy.evaluate(f, Direction.IN));
    }
  }

  /** The naive first-match scan over the first 1,000 flows; score per flow. */
  @Benchmark
  @OperationsPerInvocation(NAIVE_FLOWS)
  public void naive(Blackhole bh) {
    for (int i = 0; i < NAIVE_FLOWS; i++) {
      bh.consume(NaiveEvaluation.evaluate(policy, flows[i], Direction.IN));
    }
  }

  /** Parsing the 10,000-rule iptables-save text into a policy; score per parse. */
  @Benchmark
  @OutputTimeUnit(TimeUnit.MILLISECONDS)
  public FirewallPolicy parse() {
    return PolicyFormat.IPTABLES_SAVE.parse(ruleset, "10k.rules");
  }
}
