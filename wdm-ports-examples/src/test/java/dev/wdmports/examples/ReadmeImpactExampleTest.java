package dev.wdmports.examples;

import static org.assertj.core.api.Assertions.assertThat;

import dev.wdmports.core.catalog.Catalogs;
import dev.wdmports.core.deploy.Deployment;
import dev.wdmports.core.deploy.Deployments;
import dev.wdmports.core.graph.ClosedPorts;
import dev.wdmports.core.graph.DependencyGraph;
import dev.wdmports.core.graph.OperationStatus;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** The README's Java example of {@code impact}, compiled and run. Keep the two in sync. */
class ReadmeImpactExampleTest {
  @Test
  void readmeImpactExample_runs() {
    ByteArrayOutputStream buffer = new ByteArrayOutputStream();
    PrintStream out = new PrintStream(buffer, true, StandardCharsets.UTF_8);
    // README: begin impact example
    Deployment site = Deployments.read(Path.of("../examples/branch-office.yaml"), Catalogs.wdm());
    DependencyGraph graph = DependencyGraph.of(site);

    for (OperationStatus op : graph.impact(ClosedPorts.parse("wdm-server:443"))) {
      if (!op.available()) {
        out.println(op.reason());
        // reboot: broken, because admin->wdm-server:443/tcp (gui-to-web-service-https), ...
      }
    }
    // README: end impact example
    assertThat(buffer.toString(StandardCharsets.UTF_8))
        .startsWith(
            "refresh-device-information: broken, because admin->wdm-server:443/tcp (gui-to-web-service-https), thin-clients->wdm-server:443/tcp (web-agent-to-web-service-https) are blocked")
        .contains("reboot: broken, because admin->wdm-server:443/tcp (gui-to-web-service-https)");
  }

  @Test
  void readme_showsExactlyThisExample() throws java.io.IOException {
    String test =
        java.nio.file.Files.readString(
            Path.of("src/test/java/dev/wdmports/examples/ReadmeImpactExampleTest.java"));
    String snippet =
        test.substring(
            test.indexOf("// README: begin impact example") + 32,
            test.indexOf("    // README: end impact example"));
    String readme = java.nio.file.Files.readString(Path.of("../README.md"));
    assertThat(readme).contains(snippet.stripTrailing().stripIndent().strip());
  }
}
