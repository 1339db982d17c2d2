package dev.wdmports.benchmarks;

import dev.wdmports.core.catalog.Catalog;
import dev.wdmports.core.deploy.Deployment;
import dev.wdmports.core.graph.DependencyGraph;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.util.Locale;

/**
 * Measures the retained heap of a built graph: used heap after a full GC with the graph reachable,
 * minus the same with only its deployment reachable.
 *
 * <pre>
 * java -cp wdm-ports-benchmarks/target/benchmarks.jar dev.wdmports.benchmarks.GraphFootprint
 * </pre>
 */
public final class GraphFootprint {
  private GraphFootprint() {}

  /**
   * Prints the footprint of the large generated catalog, its deployment and its graph.
   *
   * @param args ignored
   */
  public static void main(String[] args) {
    long base = used();
    Catalog c = LargeCatalogs.generate(5_000, 50_000, 2_000, 42);
    long withCatalog = used();
    Deployment d = Deployment.standard(c);
    long withDeployment = used();
    DependencyGraph g = DependencyGraph.of(d);
    long withGraph = used();
    System.out.printf(
        Locale.ROOT,
        "catalog: %.1f MB, deployment (%d flows): %.1f MB, graph: %.1f MB%n",
        mb(withCatalog - base),
        d.flows().size(),
        mb(withDeployment - withCatalog),
        mb(withGraph - withDeployment));
    if (g.flows().isEmpty()) {
      throw new AssertionError("empty graph");
    }
  }

  private static double mb(long bytes) {
    return bytes / 1024.0 / 1024.0;
  }

  private static long used() {
    MemoryMXBean mem = ManagementFactory.getMemoryMXBean();
    for (int i = 0; i < 4; i++) {
      System.gc();
    }
    return mem.getHeapMemoryUsage().getUsed();
  }
}
