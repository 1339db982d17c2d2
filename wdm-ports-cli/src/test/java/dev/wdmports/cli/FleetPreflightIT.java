package dev.wdmports.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The packaged jar's fleet preflight in a {@link SimulatedFleet}: the thin clients are the whole
 * 10.20.0.0/16 (a quarter refusing the wake-up, a quarter dropping it), the WDM server is 127.0.0.2
 * inside the namespace with its Web Service (HTTP on the designated port 280) and its database (a
 * TDS PRELOGIN responder on 1433) answering. Root only (skipped otherwise).
 */
class FleetPreflightIT {
  private static final ObjectMapper JSON = new ObjectMapper();

  /**
   * Answers each connection to ADDRESS:PORT:KIND with one reply: {@code http}, a 200 status line;
   * {@code tds}, a PRELOGIN reply (VERSION 15.0.2000.0, ENCRYPTION not supported).
   */
  private static final String RESPONDER =
      String.join(
          "\n",
          "import socket, sys, select, threading",
          "TDS = bytes([4, 1, 0, 26, 0, 0, 1, 0, 0, 0, 11, 0, 6, 1, 0, 17, 0, 1, 255,",
          "             15, 0, 7, 208, 0, 0, 2])",
          "HTTP = b'HTTP/1.1 200 OK\\r\\nContent-Length: 0\\r\\nConnection: close\\r\\n\\r\\n'",
          "socks = {}",
          "for spec in sys.argv[1:]:",
          "    host, port, kind = spec.rsplit(':', 2)",
          "    s = socket.socket()",
          "    s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)",
          "    s.bind((host, int(port)))",
          "    s.listen(128)",
          "    socks[s] = TDS if kind == 'tds' else HTTP",
          "print('ready', flush=True)",
          "def serve(c, reply):",
          "    try:",
          "        c.settimeout(5)",
          "        c.recv(4096)",
          "        c.sendall(reply)",
          "    except OSError:",
          "        pass",
          "    finally:",
          "        c.close()",
          "while True:",
          "    r, _, _ = select.select(list(socks), [], [])",
          "    for s in r:",
          "        c, _ = s.accept()",
          "        threading.Thread(target=serve, args=(c, socks[s]), daemon=True).start()");

  private static final String DEPLOYMENT =
      String.join(
          "\n",
          "name: simulated-fleet",
          "security: http",
          "ports: {http: 280, database: 1433}",
          "hosts:",
          "  - name: wdm-server",
          "    address: 127.0.0.2",
          "    runs: [web-service, standard-service, database, master-repository]",
          "  - {name: admin, address: 127.0.0.3, runs: [gui]}",
          "  - {name: thin-clients, address: 10.20.0.0/16, runs: [web-agent]}",
          "  - {name: vlan-probe, address: 10.20.0.5, runs: [web-agent]}",
          "");

  private static SimulatedFleet fleet;
  private static String deployment;

  @BeforeAll
  static void start() throws Exception {
    fleet = SimulatedFleet.builder().file("fleet.yaml", DEPLOYMENT).start();
    deployment = fleet.dir().resolve("fleet.yaml").toString();
    Process p =
        fleet.spawn("python3", "-u", "-c", RESPONDER, "127.0.0.2:280:http", "127.0.0.2:1433:tds");
    awaitReady(p);
  }

  /** Polls the responder's output for its "ready" line (it is written to the fleet's directory). */
  private static void awaitReady(Process p) throws Exception {
    long until = System.nanoTime() + 20_000_000_000L;
    while (System.nanoTime() < until && p.isAlive()) {
      try (var files = Files.list(fleet.dir())) {
        for (Path f : files.filter(x -> x.getFileName().toString().startsWith("spawn-")).toList()) {
          if (Files.readString(f, StandardCharsets.UTF_8).contains("ready")) {
            return;
          }
        }
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
      Thread.onSpinWait();
      p.waitFor(50, java.util.concurrent.TimeUnit.MILLISECONDS);
    }
    throw new IllegalStateException(
        "the server's responders did not start (alive: " + p.isAlive() + ")");
  }

  @AfterAll
  static void stop() {
    if (fleet != null) {
      fleet.close();
    }
  }

  private static CliRun preflight(String... args) {
    List<String> a =
        new ArrayList<>(List.of("preflight", "--deployment", deployment, "--timeout", "500ms"));
    a.addAll(List.of(args));
    return fleet.jar(a.toArray(String[]::new));
  }

  private static JsonNode swept(JsonNode report) {
    for (JsonNode f : report.get("flows")) {
      if (f.has("devices")) {
        return f;
      }
    }
    throw new AssertionError("no swept flow in " + report);
  }

  private static JsonNode operation(JsonNode report, String id) {
    for (JsonNode op : report.get("operations")) {
      if (op.get("id").asText().equals(id)) {
        return op;
      }
    }
    throw new AssertionError("no operation " + id);
  }

  private static Map<String, Long> counts(JsonNode o) {
    Map<String, Long> m = new TreeMap<>();
    o.properties().forEach(e -> m.put(e.getKey(), e.getValue().asLong()));
    return m;
  }

  @Test
  void fromTheServer_theWakeUpIsCheckedOnAll65536Devices_andRebootSaysWhereItIsBroken()
      throws Exception {
    CliRun r = preflight("--from", "wdm-server", "--format", "json");

    assertThat(r.exit()).as(r.err()).isEqualTo(1);
    JsonNode root = JSON.readTree(r.out());
    JsonNode wake = swept(root);
    assertThat(wake.get("rule").asText()).isEqualTo("web-service-to-web-agent-wakeup");
    assertThat(wake.get("status").asText()).isEqualTo("MIXED");
    JsonNode d = wake.get("devices");
    assertThat(d.get("devices").asLong()).isEqualTo(65_536);
    assertThat(counts(d.get("byStatus")))
        .isEqualTo(Map.of("OPEN", 32_768L, "REFUSED", 16_384L, "FILTERED", 16_384L));
    List<String> ranges = new ArrayList<>();
    d.get("ranges")
        .forEach(x -> ranges.add(x.get("range").asText() + " " + x.get("status").asText()));
    assertThat(ranges)
        .containsExactly(
            "10.20.0.0/18 OPEN",
            "10.20.64.0/18 REFUSED",
            "10.20.128.0/18 FILTERED",
            "10.20.192.0/18 OPEN");
    // The server's own flows are open: reboot is broken by the devices alone.
    for (JsonNode f : root.get("flows")) {
      if (!f.has("devices")) {
        assertThat(f.get("status").asText()).as(f.toString()).isEqualTo("OPEN");
      }
    }
    JsonNode reboot = operation(root, "reboot");
    assertThat(reboot.get("availability").asText()).isEqualTo("BROKEN");
    JsonNode b = reboot.get("devices").get(0);
    assertThat(b.get("network").asText()).isEqualTo("thin-clients");
    assertThat(counts(b.get("byAvailability")))
        .isEqualTo(Map.of("BROKEN", 32_768L, "UNKNOWN", 32_768L));
    assertThat(reboot.get("reason").asText())
        .startsWith(
            "broken for 32,768 of 65,536 devices of thin-clients (10.20.64.0/18:"
                + " web-service-to-web-agent-wakeup 80/tcp REFUSED; 10.20.128.0/18:"
                + " web-service-to-web-agent-wakeup 80/tcp FILTERED); unknown for 32,768 of"
                + " 65,536 devices of thin-clients (10.20.0.0/18: ");
    // One JSON entry per range, never one per device.
    assertThat(r.out().length()).isLessThan(64 * 1024);
  }

  @Test
  void fromTheServer_aSampleChecksThatManyDevices_reproducibleBySeed() throws Exception {
    CliRun a =
        preflight("--from", "wdm-server", "--devices", "1000", "--seed", "7", "--format", "json");
    CliRun b =
        preflight("--from", "wdm-server", "--devices", "1000", "--seed", "7", "--format", "json");

    assertThat(a.err())
        .contains("checking 1,000 devices of each device network, picked with --seed 7");
    JsonNode da = swept(JSON.readTree(a.out())).get("devices");
    assertThat(da.get("devices").asLong()).isEqualTo(1000);
    assertThat(da.get("seed").asLong()).isEqualTo(7);
    assertThat(counts(da.get("byStatus")).values().stream().mapToLong(Long::longValue).sum())
        .isEqualTo(1000);
    assertThat(swept(JSON.readTree(b.out())).get("devices").get("byStatus"))
        .isEqualTo(da.get("byStatus"));
  }

  @Test
  void fromAHostInsideTheDeviceNetwork_theAgentsFlowsAreChecked() throws Exception {
    CliRun r = preflight("--from", "vlan-probe", "--format", "json");

    JsonNode root = JSON.readTree(r.out());
    List<String> checked = new ArrayList<>();
    for (JsonNode f : root.get("flows")) {
      checked.add(
          f.get("from").asText() + " " + f.get("rule").asText() + " " + f.get("status").asText());
    }
    assertThat(checked)
        .contains(
            "vlan-probe web-agent-to-web-service-http OPEN",
            "thin-clients web-agent-to-web-service-http OPEN");
  }
}
