package dev.wdmports.benchmarks;

import dev.wdmports.core.catalog.Catalogs;
import dev.wdmports.core.deploy.Deployment;
import dev.wdmports.core.graph.DependencyGraph;
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
 * The one-off cost of building a dependency graph from a deployment.
 *
 * <pre>
 * java -jar wdm-ports-benchmarks/target/benchmarks.jar GraphBuildBenchmark
 * </pre>
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 2, time = 2)
@Measurement(iterations = 3, time = 2)
@Fork(
    value = 1,
    jvmArgsAppend = {"-Xmx2g"})
public class GraphBuildBenchmark {
  @Param({"wdm", "large"})
  public String catalog;

  private Deployment deployment;

  @Setup(Level.Trial)
  public void setUp() {
    deployment =
        Deployment.standard(
            catalog.equals("wdm")
                ? Catalogs.wdm()
                : LargeCatalogs.generate(5_000, 50_000, 2_000, 42));
  }

  /** Build the graph: index flows, resolve requirements, compile to arrays. */
  @Benchmark
  public DependencyGraph build() {
    return DependencyGraph.of(deployment);
  }
}
