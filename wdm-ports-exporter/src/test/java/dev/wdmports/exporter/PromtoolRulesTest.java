package dev.wdmports.exporter;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * The shipped configs (single site, site agent, central) and rules pass promtool, the rules' unit
 * tests pass, and the site agent scrapes what the single-site config does.
 */
class PromtoolRulesTest {
  private static final Path DIR = Path.of("..", "examples", "prometheus");

  @Test
  void shippedRules_passTheirPromtoolUnitTests_andTheConfigIsValid() throws Exception {
    Optional<Path> promtool = Tools.onPath("promtool");
    assumeTrue(promtool.isPresent(), "promtool is not on the PATH: apt-get install prometheus");
    assertThat(run(promtool.get(), "test", "rules", "wdm-ports.rules.test.yml"))
        .contains("SUCCESS");
    assertThat(run(promtool.get(), "check", "config", "prometheus.yml")).contains("SUCCESS");
    assertThat(run(promtool.get(), "check", "config", "prometheus-site-agent.yml"))
        .contains("SUCCESS");
    assertThat(run(promtool.get(), "check", "config", "prometheus-central.yml"))
        .contains("SUCCESS")
        .contains("1 rule files found");
  }

  @Test
  void siteAgent_scrapesWhatTheSingleSiteConfigScrapes_andRemoteWritesWithASiteLabel()
      throws IOException {
    String single = Files.readString(DIR.resolve("prometheus.yml"));
    String agent = Files.readString(DIR.resolve("prometheus-site-agent.yml"));
    assertThat(section(agent, "scrape_configs").strip())
        .isEqualTo(section(single, "scrape_configs").strip());
    assertThat(section(agent, "global")).contains("external_labels:", "site: ");
    assertThat(section(agent, "remote_write")).contains("- url: ").contains("/api/v1/write");
    // An agent refuses rules and alerting: they belong to the central Prometheus.
    assertThat(agent).doesNotContain("\nrule_files:").doesNotContain("\nalerting:");
    assertThat(Files.readString(DIR.resolve("prometheus-central.yml")))
        .contains("--web.enable-remote-write-receiver")
        .contains("\nrule_files:\n  - wdm-ports.rules.yml\n");
  }

  /** The lines of a top-level key of a YAML file, up to the next top-level key or comment. */
  private static String section(String yaml, String key) {
    Matcher m = Pattern.compile("(?ms)^" + key + ":\n(.*?)(?=^\\S|\\z)").matcher(yaml);
    assertThat(m.find()).as("%s: in%n%s", key, yaml).isTrue();
    return m.group(1);
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
