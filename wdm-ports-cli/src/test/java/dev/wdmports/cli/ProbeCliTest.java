package dev.wdmports.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.wdmports.peers.LocalPeers;
import dev.wdmports.peers.PeerKind;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.w3c.dom.Document;

/** The probe, preflight and demo commands, in-process, against local peers. */
class ProbeCliTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static LocalPeers peers;
  private static int closed;

  @BeforeAll
  static void start() throws IOException {
    peers = LocalPeers.start(PeerKind.HTTP, PeerKind.FTP);
    try (java.net.ServerSocket s = new java.net.ServerSocket(0)) {
      closed = s.getLocalPort();
    }
  }

  @AfterAll
  static void stop() {
    peers.close();
  }

  private static String http() {
    return "127.0.0.1:" + peers.peer(PeerKind.HTTP).port() + "/http";
  }

  @Test
  void probeJson_followsTheContract_andExits1WhenOneIsNotOpen() throws IOException {
    CliRun r =
        CliRun.inProcess(
            "probe", http(), "127.0.0.1:" + closed + "/tcp", "--format", "json", "--timeout", "1s");
    assertThat(r.exit()).isEqualTo(1);
    JsonNode root = JSON.readTree(r.out());
    JsonNode first = root.get("results").get(0);
    assertThat(first.get("host").asText()).isEqualTo("127.0.0.1");
    assertThat(first.get("address").asText()).isEqualTo("127.0.0.1");
    assertThat(first.get("port").asInt()).isEqualTo(peers.peer(PeerKind.HTTP).port());
    assertThat(first.get("transport").asText()).isEqualTo("tcp");
    assertThat(first.get("checker").asText()).isEqualTo("http");
    assertThat(first.get("status").asText()).isEqualTo("OPEN");
    assertThat(first.get("latencyMs").isNumber()).isTrue();
    assertThat(first.get("detail").asText()).contains("200");
    assertThat(root.get("results").get(1).get("status").asText()).isEqualTo("REFUSED");
    JsonNode summary = root.get("summary");
    assertThat(summary.get("total").asInt()).isEqualTo(2);
    assertThat(summary.get("byStatus").get("OPEN").asInt()).isEqualTo(1);
    assertThat(summary.get("elapsedMs").isNumber()).isTrue();
  }

  @Test
  void onlyOpen_keepsOpenResults_butTheSummaryCountsAll() throws IOException {
    CliRun r =
        CliRun.inProcess(
            "probe", http(), "127.0.0.1:" + closed + "/tcp", "--only-open", "--format", "json");
    JsonNode root = JSON.readTree(r.out());
    assertThat(root.get("results")).hasSize(1);
    assertThat(root.get("summary").get("total").asInt()).isEqualTo(2);
  }

  @Test
  void probe_exits0_whenEverythingIsOpen_andPrintsASummary() {
    CliRun r =
        CliRun.inProcess(
            "probe",
            http(),
            "127.0.0.1:" + peers.peer(PeerKind.FTP).port() + "/ftp",
            "--format",
            "summary");
    assertThat(r.exit()).isZero();
    assertThat(r.out()).startsWith("total: 2\nOPEN: 2\nelapsed: ");
    assertThat(CliRun.inProcess("probe", http()).out()).contains("OPEN").contains("total: 1");
  }

  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      value = {
        "probe 127.0.0.1:0/tcp              | target \"127.0.0.1:0/tcp\": port 0 out of range 1..65535",
        "probe 127.0.0.1:80/gopher          | target \"127.0.0.1:80/gopher\": unknown checker \"gopher\": use one of",
        "probe 127.0.0.1:80                 | target \"127.0.0.1:80\" has no checker",
        "probe 127.0.0.1:80/tcp --timeout 2 | wdm-ports: Invalid value for option '--timeout': duration \"2\" is not valid: use e.g. 500ms, 2s or 1m",
        "probe 127.0.0.1:80/tcp --concurrency 0 | options: ",
        "preflight --server 10.0.0.300      | --server 10.0.0.300: address \"10.0.0.300\" is not an IP address or CIDR",
        "preflight                          | wdm-ports: Error: Missing required argument (specify one of these): (",
        "preflight --server 10.0.0.0/24     | --server 10.0.0.0/24: address 10.0.0.0/24 is a network, not one server: give the WDM server's address, e.g. 10.0.0.5 (a fleet of servers is not supported)",
        "preflight --server 127.0.0.1 --ports http=8080 | --ports http=8080: port 8080 is not a choice for http: rule gui-to-web-service-http allows 80 or 280",
        "preflight --server 127.0.0.1 --ports smtp=25   | --ports smtp=25: port setting \"smtp\" is not used by any rule of catalog wdm: use one of database, http, https",
        "preflight --server 127.0.0.1 --ports http      | --ports http: \"http\" is not SETTING=PORT: write e.g. http=280,https=8443,database=14330",
        "preflight --server 127.0.0.1 --ports http=x    | --ports http=x: port \"x\" is not a number",
        "preflight --server 127.0.0.1 --security tls    | --security tls: security mode \"tls\" is not known: use http, https, http-and-https or http-or-https",
        "preflight --deployment d.yaml --from a --security https | wdm-ports: Error: ",
      })
  void badInput_exits2_withOneLine(String args, String message) {
    CliRun r = CliRun.inProcess(args.trim().split(" +"));
    assertThat(r.exit()).as(r.err()).isEqualTo(2);
    assertThat(r.err().lines().findFirst().orElseThrow()).startsWith(message);
  }

  @Test
  void preflightOnServer_usesTheGivenPortsAndSecurityMode() throws Exception {
    CliRun r =
        CliRun.inProcess(
            "preflight",
            "--server",
            "127.0.0.1",
            "--ports",
            "http=280,https=8443,database=14330",
            "--security",
            "https",
            "--format",
            "json",
            "--timeout",
            "500ms");
    assertThat(r.err()).isEmpty();
    JsonNode root = JSON.readTree(r.out());
    java.util.Set<Integer> ports = new java.util.TreeSet<>();
    root.get("flows").forEach(f -> ports.add(f.get("port").asInt()));
    assertThat(ports).containsExactly(21, 5800, 5900, 8443, 14330);
    CliRun http =
        CliRun.inProcess(
            "preflight",
            "--server",
            "127.0.0.1",
            "--ports",
            "http=280",
            "--security",
            "http",
            "--format",
            "json",
            "--timeout",
            "500ms");
    java.util.Set<Integer> httpPorts = new java.util.TreeSet<>();
    JSON.readTree(http.out()).get("flows").forEach(f -> httpPorts.add(f.get("port").asInt()));
    assertThat(httpPorts).contains(280, 1433).doesNotContain(80, 443, 8443);
  }

  @Test
  void preflight_fromADeploymentHost_rendersJsonAndJunit(@TempDir Path dir) throws Exception {
    Path d = dir.resolve("d.yaml");
    Files.writeString(
        d,
        "hosts:\n  - name: here\n    address: 127.0.0.1\n    runs: [gui]\n  - name: server\n    address: 127.0.0.1\n    runs: [master-repository]\n");
    CliRun json =
        CliRun.inProcess(
            "preflight",
            "--deployment",
            d.toString(),
            "--from",
            "here",
            "--format",
            "json",
            "--timeout",
            "500ms");
    JsonNode root = JSON.readTree(json.out());
    JsonNode flow = root.get("flows").get(0);
    assertThat(flow.get("rule").asText()).isEqualTo("gui-to-master-repository-ftp");
    assertThat(flow.get("from").asText()).isEqualTo("here");
    assertThat(flow.get("to").asText()).isEqualTo("server");
    assertThat(flow.get("host").asText()).isEqualTo("127.0.0.1");
    assertThat(flow.get("port").asInt()).isEqualTo(21);
    assertThat(flow.get("checker").asText()).isEqualTo("ftp");
    assertThat(flow.get("status").asText()).isIn("REFUSED", "OPEN");
    JsonNode register = root.get("operations").get(7);
    assertThat(register.get("id").asText()).isEqualTo("register-package");
    assertThat(register.has("available")).isTrue();
    assertThat(register.has("blockedBy")).isTrue();

    CliRun junit =
        CliRun.inProcess(
            "preflight",
            "--deployment",
            d.toString(),
            "--from",
            "here",
            "--format",
            "junit",
            "--timeout",
            "500ms");
    Document doc =
        DocumentBuilderFactory.newInstance()
            .newDocumentBuilder()
            .parse(new org.xml.sax.InputSource(new java.io.StringReader(junit.out())));
    assertThat(doc.getElementsByTagName("testsuite").getLength()).isEqualTo(2);
    assertThat(doc.getElementsByTagName("testcase").getLength()).isEqualTo(1 + 11);
    CliRun noHost = CliRun.inProcess("preflight", "--deployment", d.toString(), "--from", "there");
    assertThat(noHost.exit()).isEqualTo(2);
    assertThat(noHost.err())
        .startsWith(
            "--from there: deployment deployment has no host \"there\": use one of here, server");
  }

  @Test
  void demo_reportsTheMissingDatabase_andExits1() {
    CliRun r = CliRun.inProcess("demo");
    assertThat(r.exit()).isEqualTo(1);
    assertThat(r.out())
        .contains("register-package              AVAILABLE")
        .contains("remote-shadow                 AVAILABLE")
        .contains("agent-check-in                AVAILABLE")
        .containsPattern(
            "console-database-access +BROKEN +this-host->wdm-server:\\d+/tcp \\(gui-to-database\\) is REFUSED")
        .contains("FAILED: broken: console-database-access");
    assertThat(r.err()).contains("missing on purpose");
  }
}
