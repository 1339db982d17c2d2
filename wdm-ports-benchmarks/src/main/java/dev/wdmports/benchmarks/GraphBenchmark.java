package dev.wdmports.benchmarks;

import dev.wdmports.core.Flow;
import dev.wdmports.core.catalog.Catalog;
import dev.wdmports.core.catalog.Catalogs;
import dev.wdmports.core.deploy.Deployment;
import dev.wdmports.core.graph.ClosedPorts;
import dev.wdmports.core.graph.DependencyGraph;
import dev.wdmports.core.graph.FlowVerdict;
import dev.wdmports.core.graph.OperationStatus;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * {@code impact} and {@code availability} on the WDM catalog and on a generated catalog of 5,000
 * components, 50,000 rules and 2,000 operations (standard deployment: one host per component).
 *
 * <pre>
 * ./mvnw -B -q -pl wdm-ports-benchmarks -am -DskipTests package
 * java -jar wdm-ports-benchmarks/target/benchmarks.jar GraphBenchmark -prof gc
 * </pre>
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(
    value = 1,
    jvmArgsAppend = {"-Xmx2g"})
public class GraphBenchmark {
  @Param({"wdm", "large"})
  public String catalog;

  private DependencyGraph graph;
  private ClosedPorts closed;
  private Map<String, FlowVerdict> verdicts;

  @Setup(Level.Trial)
  public void setUp() {
    Catalog c =
        catalog.equals("wdm") ? Catalogs.wdm() : LargeCatalogs.generate(5_000, 50_000, 2_000, 42);
    graph = DependencyGraph.of(Deployment.standard(c));
    closed = ClosedPorts.parse("80,443,1433,1000-1010");
    SplittableRandom rnd = new SplittableRandom(7);
    verdicts = new HashMap<>();
    for (Flow f : graph.flows()) {
      int r = rnd.nextInt(100);
      verdicts.put(
          f.id(), r < 95 ? FlowVerdict.OPEN : r < 98 ? FlowVerdict.BLOCKED : FlowVerdict.UNKNOWN);
    }
  }

  /** Which operations break when a set of ports is closed on every host. */
  @Benchmark
  public List<OperationStatus> impact() {
    return graph.impact(closed);
  }

  /** Roll a verdict for every flow up into operations. */
  @Benchmark
  public List<OperationStatus> availability() {
    return graph.availability(verdicts);
  }
}
