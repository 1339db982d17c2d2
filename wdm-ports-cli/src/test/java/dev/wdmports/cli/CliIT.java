package dev.wdmports.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Runs the packaged {@code wdm-ports.jar} as a user would, checking output and exit codes. */
class CliIT {
  private static final ObjectMapper JSON = new ObjectMapper();

  static CliRun jar(String... args) throws IOException, InterruptedException {
    Process p = new ProcessBuilder(CliRun.jarCommand(args)).start();
    p.getOutputStream().close();
    var out = p.getInputStream().readAllBytes();
    var err = p.getErrorStream().readAllBytes();
    if (!p.waitFor(60, TimeUnit.SECONDS)) {
      p.destroyForcibly();
      throw new AssertionError("wdm-ports " + String.join(" ", args) + " did not finish");
    }
    return new CliRun(
        p.exitValue(),
        new String(out, StandardCharsets.UTF_8),
        new String(err, StandardCharsets.UTF_8));
  }

  /**
   * SIGINT or SIGTERM during a long probe: the jar ends at once with the signal's status, prints
   * what it had (the probes in flight cancelled, saying so) and closes its connections.
   */
  @org.junit.jupiter.params.ParameterizedTest
  @org.junit.jupiter.params.provider.CsvSource({"INT, 130", "TERM, 143"})
  void signalDuringALongProbe_endsAtOnce_reportsWhatWasNotProbed_andClosesItsSockets(
      String signal, int status) throws Exception {
    try (java.net.ServerSocket silent =
        new java.net.ServerSocket(0, 50, java.net.InetAddress.getLoopbackAddress())) {
      Process p =
          new ProcessBuilder(
                  CliRun.jarCommand(
                      "probe", "127.0.0.1:" + silent.getLocalPort() + "/http", "--timeout", "60s"))
              .start();
      try (java.net.Socket held = silent.accept()) { // the probe is in flight: it waits 60 s
        new ProcessBuilder("kill", "-" + signal, Long.toString(p.pid())).start().waitFor();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        String err = new String(p.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
        // A bound on a hang, not a timing: the probe alone would take 60 s.
        assertThat(p.waitFor(20, TimeUnit.SECONDS))
            .as("ends long before the probe's 60 s")
            .isTrue();

        assertThat(p.exitValue()).isEqualTo(status);
        assertThat(out).contains("ERROR").contains("cancelled before a complete HTTP status line");
        assertThat(err).contains("wdm-ports: stopped by a signal");
        held.setSoTimeout(10_000);
        // The probe's request, then the end of the stream: the prober closed its socket (a
        // socket left open would make this read time out instead).
        assertThat(new String(held.getInputStream().readAllBytes(), StandardCharsets.US_ASCII))
            .startsWith("GET / HTTP/1.1");
      } finally {
        p.destroyForcibly();
      }
    }
  }

  @Test
  void standardOutputOnAFullDisk_isExit2_notASilentLoss() throws Exception {
    org.junit.jupiter.api.Assumptions.assumeTrue(
        Files.isWritable(Path.of("/dev/full")), "needs /dev/full (Linux)");
    Process p =
        new ProcessBuilder(CliRun.jarCommand("catalog", "--format", "json"))
            .redirectOutput(new java.io.File("/dev/full"))
            .start();
    String err = new String(p.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();

    assertThat(p.exitValue()).isEqualTo(2);
    assertThat(err.strip()).isEqualTo(WdmPortsCli.STDOUT_FAILED);
  }

  @Test
  void version_printsTheProjectVersion() throws Exception {
    CliRun r = jar("--version");
    assertThat(r.exit()).isZero();
    assertThat(r.out().strip()).isEqualTo("wdm-ports " + System.getProperty("wdmports.version"));
  }

  @Test
  void catalogJson_listsEverySeedRowWithProvenance() throws Exception {
    CliRun r = jar("catalog", "--format", "json");
    assertThat(r.exit()).isZero();
    JsonNode rules = JSON.readTree(r.out()).get("rules");
    long seed = 0;
    for (JsonNode rule : rules) {
      assertThat(rule.get("provenance").get("kind").asText()).isIn("seed", "inferred");
      assertThat(rule.get("provenance").get("evidence").asText()).isNotBlank();
      seed += rule.get("provenance").get("kind").asText().equals("seed") ? 1 : 0;
    }
    assertThat(seed).isEqualTo(14);
  }

  @Test
  void impact_answersTheIssuesQuestions() throws Exception {
    assertThat(jar("impact", "--closed", "80,443").exit()).isEqualTo(1);
    CliRun only443 = jar("impact", "--closed", "443", "--format", "json");
    assertThat(only443.exit()).isEqualTo(1);
    for (JsonNode op : JSON.readTree(only443.out()).get("operations")) {
      if (op.get("id")
          .asText()
          .matches(
              "refresh-device-information|reboot|change-.*|get-device-configuration|distribute-.*")) {
        assertThat(op.get("available").asBoolean()).as(op.get("id").asText()).isFalse();
      }
    }
    assertThat(jar("impact", "--closed", "280").exit()).isZero();
    CliRun shadow = jar("impact", "--closed", "5900", "--format", "json");
    assertThat(shadow.exit()).isEqualTo(1);
    List<String> broken = new ArrayList<>();
    JSON.readTree(shadow.out())
        .get("operations")
        .forEach(
            op -> {
              if (!op.get("available").asBoolean()) broken.add(op.get("id").asText());
            });
    assertThat(broken).containsExactly("remote-shadow");
  }

  @Test
  void graphDot_isAWholeDigraph() throws Exception {
    CliRun r = jar("graph", "--format", "dot");
    assertThat(r.exit()).isZero();
    assertThat(r.out()).startsWith("digraph").endsWith("}\n");
  }

  @Test
  void graphDot_rendersWithGraphviz(@TempDir Path dir) throws Exception {
    boolean dot =
        java.util.stream.Stream.of(System.getenv("PATH").split(java.io.File.pathSeparator))
            .anyMatch(p -> Files.isExecutable(Path.of(p, "dot")));
    org.junit.jupiter.api.Assumptions.assumeTrue(
        dot,
        "graphviz 'dot' is not installed (apt-get install graphviz): skipping the rendering check");
    Path gv = dir.resolve("graph.dot");
    Files.writeString(gv, jar("graph", "--format", "dot").out());
    Process p = new ProcessBuilder("dot", "-Tsvg", gv.toString()).redirectErrorStream(true).start();
    String svg = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(p.waitFor()).as(svg).isZero();
    assertThat(svg).contains("<svg").contains("Reboot");
  }

  @Test
  void badFiles_giveOneLineWithFileLineColumn_andExit2(@TempDir Path dir) throws Exception {
    Path catalog = dir.resolve("catalog.json");
    Files.writeString(catalog, "{\"name\": \"x\", \"components\": [");
    CliRun r = jar("catalog", "--catalog", catalog.toString());
    assertThat(r.exit()).isEqualTo(2);
    assertThat(r.err())
        .isEqualTo(
            catalog
                + ":1:30: file ends too early (truncated?): expected close marker for Array"
                + System.lineSeparator());
    Path deployment = dir.resolve("deployment.yaml");
    Files.writeString(deployment, "ports: {http: 8080}\nhosts:\n  - name: a\n    runs: [gui]\n");
    CliRun d = jar("impact", "--closed", "80", "--deployment", deployment.toString());
    assertThat(d.exit()).isEqualTo(2);
    assertThat(d.err().strip())
        .isEqualTo(
            deployment
                + ":1:15: port 8080 is not a choice for http: rule gui-to-web-service-http allows 80 or 280 (the catalog's allowed ports; extend the catalog to allow others)");
    assertThat(jar("impact", "--closed", "0").err().strip())
        .isEqualTo("--closed 0: port 0 out of range 1..65535");
  }
}
