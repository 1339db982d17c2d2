package dev.wdmports.examples;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.wdmports.cli.DemoLab;
import dev.wdmports.core.report.HostReport;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.HttpURLConnection;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** Runs the embedding examples against the demo lab on loopback. */
class ExamplesTest {
  private static final ObjectMapper JSON = new ObjectMapper();

  private static String text(ByteArrayOutputStream b) {
    return b.toString(StandardCharsets.UTF_8);
  }

  @Test
  void installerPreflight_reportsEachOperation_andReturns1WhenTheDatabaseIsMissing() {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ByteArrayOutputStream progress = new ByteArrayOutputStream();
    try (DemoLab lab = DemoLab.start()) {
      int code =
          InstallerPreflight.check(
              lab.deployment(),
              "this-host",
              new PrintStream(out, true, StandardCharsets.UTF_8),
              new PrintStream(progress, true, StandardCharsets.UTF_8));
      assertThat(code).isEqualTo(1);
    }
    assertThat(text(out))
        .contains("ok   register-package: available")
        .containsPattern(
            "FAIL console-database-access: broken, because this-host->wdm-server:\\d+/tcp \\(gui-to-database\\) is REFUSED")
        .endsWith("Fix the closed ports above, then run the installer again.\n");
    assertThat(text(progress))
        .startsWith("checking 6 connections ")
        .containsPattern(" 6/6 in \\d+ ms");
  }

  @Test
  void installerPreflight_run_usesTheBundledCatalog_andRejectsBadAddresses() {
    assertThat(InstallerPreflight.bundledCatalog().name()).isEqualTo("wdm-acme");
    assertThat(InstallerPreflight.bundledCatalog().rule("gui-to-database").orElseThrow().ports())
        .hasToString("1433,14330");
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    assertThat(
            InstallerPreflight.run(
                "10.0.0.300", System.out, new PrintStream(err, true, StandardCharsets.UTF_8)))
        .isEqualTo(2);
    assertThat(text(err)).startsWith("address \"10.0.0.300\" is not an IP address or CIDR");
  }

  @Test
  void operationsHealthService_servesTheLatestAvailability_andStopsItsThreads() throws Exception {
    int threadsBefore = countThreads("wdm-health-");
    CountDownLatch refreshed = new CountDownLatch(2);
    try (DemoLab lab = DemoLab.start();
        OperationsHealthService service =
            OperationsHealthService.builder(lab.deployment(), "this-host")
                .every(Duration.ofMillis(100))
                .probeTimeout(Duration.ofSeconds(2))
                .concurrency(4)
                .onRefresh(r -> refreshed.countDown())
                .build()
                .start()) {
      assertThat(refreshed.await(60, TimeUnit.SECONDS)).as("two refreshes").isTrue();
      HttpURLConnection get = open(service.port(), "GET");
      assertThat(get.getResponseCode()).isEqualTo(200);
      JsonNode root = JSON.readTree(get.getInputStream());
      assertThat(root.get("passed").asBoolean()).isFalse();
      JsonNode db = root.get("operations").get(9);
      assertThat(db.get("id").asText()).isEqualTo("console-database-access");
      assertThat(db.get("availability").asText()).isEqualTo("BROKEN");
      assertThat(db.get("reason").asText()).endsWith("(gui-to-database) is REFUSED");
      assertThat(service.latest()).map(HostReport::passed).contains(false);
      HttpURLConnection post = open(service.port(), "POST");
      assertThat(post.getResponseCode()).isEqualTo(405);
      HttpURLConnection markdown = open(service.port(), "?format=markdown", "GET");
      assertThat(markdown.getResponseCode()).isEqualTo(200);
      assertThat(new String(markdown.getInputStream().readAllBytes(), StandardCharsets.UTF_8))
          .startsWith("# Preflight from this-host")
          .contains("| OPERATION | STATUS | BECAUSE |");
      assertThat(open(service.port(), "?format=yaml", "GET").getResponseCode()).isEqualTo(400);
    }
    assertThat(countThreads("wdm-health-")).isEqualTo(threadsBefore);
  }

  @Test
  void operationsHealthService_builderRejectsBadSettings() {
    try (DemoLab lab = DemoLab.start()) {
      assertThatThrownBy(() -> OperationsHealthService.builder(lab.deployment(), "nowhere"))
          .hasMessageStartingWith("deployment demo-lab has no host \"nowhere\"");
      assertThatThrownBy(
              () ->
                  OperationsHealthService.builder(lab.deployment(), "this-host")
                      .every(Duration.ZERO))
          .hasMessage("every PT0S must be positive, e.g. PT1M");
      assertThatThrownBy(
              () -> OperationsHealthService.builder(lab.deployment(), "this-host").port(70000))
          .hasMessage("port 70000 out of range 0..65535 (0 picks a free one)");
    }
  }

  private static HttpURLConnection open(int port, String method) throws java.io.IOException {
    return open(port, "", method);
  }

  private static HttpURLConnection open(int port, String query, String method)
      throws java.io.IOException {
    HttpURLConnection c =
        (HttpURLConnection)
            URI.create("http://127.0.0.1:" + port + "/operations" + query).toURL().openConnection();
    c.setRequestMethod(method);
    c.setConnectTimeout(5000);
    c.setReadTimeout(5000);
    return c;
  }

  private static int countThreads(String prefix) {
    return (int)
        Thread.getAllStackTraces().keySet().stream()
            .filter(t -> t.getName().startsWith(prefix) && t.isAlive())
            .count();
  }
}
