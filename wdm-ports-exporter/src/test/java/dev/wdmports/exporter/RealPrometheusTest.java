package dev.wdmports.exporter;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.wdmports.core.deploy.Deployment;
import dev.wdmports.peers.LocalPeers;
import dev.wdmports.peers.PeerKind;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The real Prometheus discovers the exporter's targets through {@code /sd}, scrapes {@code /probe}
 * on loopback, and its query API shows {@code probe_success}.
 */
class RealPrometheusTest {
  @Test
  void prometheus_discoversTargetsThroughSd_andItsQueryApiShowsProbeSuccess(@TempDir Path dir)
      throws Exception {
    Optional<Path> prometheus = Tools.onPath("prometheus");
    assumeTrue(prometheus.isPresent(), "prometheus is not on the PATH: apt-get install prometheus");
    try (LocalPeers peers = LocalPeers.start(PeerKind.HTTP, PeerKind.HTTPS, PeerKind.FTP)) {
      Deployment site = ExporterHttpTest.deployment(peers);
      try (Exporter exporter =
          Exporter.builder(site, "this-host")
              .listen(new InetSocketAddress("127.0.0.1", 0))
              .build()
              .start()) {
        String at = "127.0.0.1:" + exporter.port();
        int webPort = ExporterHttpTest.freePort();
        Files.writeString(
            dir.resolve("prometheus.yml"),
            String.join(
                "\n",
                "global: {scrape_interval: 1s, scrape_timeout: 1s}",
                "scrape_configs:",
                "  - job_name: wdm-ports",
                "    metrics_path: /probe",
                "    http_sd_configs: [{url: 'http://" + at + "/sd', refresh_interval: 1s}]",
                "    relabel_configs:",
                "      - {source_labels: [__address__], target_label: __param_target}",
                "      - {source_labels: [__param_target], target_label: instance}",
                "      - {target_label: __address__, replacement: '" + at + "'}",
                ""),
            StandardCharsets.UTF_8);
        Process p =
            new ProcessBuilder(
                    prometheus.get().toString(),
                    "--config.file=" + dir.resolve("prometheus.yml"),
                    "--storage.tsdb.path=" + dir.resolve("data"),
                    "--web.listen-address=127.0.0.1:" + webPort)
                .redirectErrorStream(true)
                .redirectOutput(dir.resolve("prometheus.log").toFile())
                .start();
        try {
          String api =
              "http://127.0.0.1:"
                  + webPort
                  + "/api/v1/query?query=probe_success%7Bmodule%3D%22https%22%7D";
          String body = "";
          long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
          while (System.nanoTime() < until && !body.contains("\"module\":\"https\"")) {
            // A poll of the query API until the condition holds: Prometheus has no way to say
            // "scraped"; the 60 s bound is the test's timeout, not an expected duration.
            Thread.sleep(500);
            try {
              body = Http.get(api).body();
            } catch (java.io.UncheckedIOException notYetListening) {
              body = "";
            }
          }
          assertThat(body)
              .as("Prometheus log:%n%s", Files.readString(dir.resolve("prometheus.log")))
              .contains("\"status\":\"success\"")
              .contains("\"__name__\":\"probe_success\"")
              .contains("\"job\":\"wdm-ports\"")
              .contains("\"instance\":\"127.0.0.1:" + peers.peer(PeerKind.HTTPS).port() + "\"");
        } finally {
          p.destroy();
          if (!p.waitFor(20, TimeUnit.SECONDS)) {
            p.destroyForcibly().waitFor();
          }
        }
      }
    }
  }
}
