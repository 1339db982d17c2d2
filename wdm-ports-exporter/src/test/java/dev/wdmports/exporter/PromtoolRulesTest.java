package dev.wdmports.exporter;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** The shipped scrape config and rules pass promtool, and the rules' unit tests pass. */
class PromtoolRulesTest {
  private static final Path DIR = Path.of("..", "examples", "prometheus");

  @Test
  void shippedRules_passTheirPromtoolUnitTests_andTheConfigIsValid() throws Exception {
    Optional<Path> promtool = Tools.onPath("promtool");
    assumeTrue(promtool.isPresent(), "promtool is not on the PATH: apt-get install prometheus");
    assertThat(run(promtool.get(), "test", "rules", "wdm-ports.rules.test.yml"))
        .contains("SUCCESS");
    assertThat(run(promtool.get(), "check", "config", "prometheus.yml")).contains("SUCCESS");
  }

  private static String run(Path tool, String... args) throws IOException, InterruptedException {
    List<String> cmd = new java.util.ArrayList<>(List.of(tool.toString()));
    cmd.addAll(List.of(args));
    Process p = new ProcessBuilder(cmd).directory(DIR.toFile()).redirectErrorStream(true).start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(p.waitFor(60, TimeUnit.SECONDS)).as("promtool ends").isTrue();
    assertThat(p.exitValue()).as(out).isZero();
    return out;
  }
}
