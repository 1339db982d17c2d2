package dev.wdmports.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code preflight --devices}: a deployment whose thin clients are a loopback network
 * (127.78.0.0/28) with the agent's wake-up port (TCP 80, fixed by the catalog) open on the first
 * half of them. Binding port 80 needs root: the tests are skipped otherwise. Only loopback is
 * touched.
 */
class FleetPreflightCliTest {
  private final List<ServerSocket> agents = new ArrayList<>();

  @BeforeEach
  void startAgents() throws IOException {
    for (int i = 0; i < 8; i++) {
      try {
        agents.add(new ServerSocket(80, 50, InetAddress.getByName("127.78.0." + i)));
      } catch (java.net.BindException e) {
        stopAgents();
        Assumptions.assumeTrue(
            false, "binding the agents' port 80 on loopback needs root: run the tests as root");
      }
    }
  }

  @AfterEach
  void stopAgents() throws IOException {
    for (ServerSocket s : agents) {
      s.close();
    }
  }

  private static Path deployment(Path dir) throws IOException {
    Path d = dir.resolve("fleet.yaml");
    Files.writeString(
        d,
        "hosts:\n"
            + "  - name: wdm-server\n"
            + "    address: 127.0.0.1\n"
            + "    runs: [web-service, standard-service, database, master-repository]\n"
            + "  - {name: admin, address: 127.0.0.1, runs: [gui]}\n"
            + "  - {name: thin-clients, address: 127.78.0.0/28, runs: [web-agent]}\n");
    return d;
  }

  @Test
  void preflight_fromTheServer_checksTheWakeUpOnEveryDevice_andSaysWhereItIsRefused(
      @TempDir Path dir) throws IOException {
    CliRun r =
        CliRun.inProcess(
            "preflight", "--deployment", deployment(dir).toString(), "--from", "wdm-server");

    assertThat(r.exit()).isEqualTo(1);
    // Nothing serves the database here, so reboot is broken on every device anyway: said once.
    assertThat(r.out())
        .contains(
            "wdm-server->thin-clients:80/tcp (web-service-to-web-agent-wakeup) is REFUSED for 8 of"
                + " 16 devices (127.78.0.8/29)")
        .contains("tcp      MIXED             REFUSED for 8 of 16 devices (127.78.0.8/29)");
  }

  @Test
  void preflight_devicesN_checksASample_andPrintsTheSeedToRepeatIt(@TempDir Path dir)
      throws IOException {
    String d = deployment(dir).toString();
    String[] args = {
      "preflight",
      "--deployment",
      d,
      "--from",
      "wdm-server",
      "--devices",
      "4",
      "--seed",
      "9",
      "--format",
      "json"
    };
    CliRun a = CliRun.inProcess(args);
    CliRun b = CliRun.inProcess(args);

    assertThat(a.err()).contains("checking 4 devices of each device network, picked with --seed 9");
    JsonNode wake = devices(new ObjectMapper().readTree(a.out()));
    assertThat(wake.get("devices").asLong()).isEqualTo(4);
    assertThat(wake.get("seed").asLong()).isEqualTo(9);
    assertThat(devices(new ObjectMapper().readTree(b.out())).get("ranges"))
        .isEqualTo(wake.get("ranges"));
  }

  /** The swept flow's {@code devices} object. */
  private static JsonNode devices(JsonNode report) {
    for (JsonNode f : report.get("flows")) {
      if (f.has("devices")) {
        return f.get("devices");
      }
    }
    throw new AssertionError("no swept flow in " + report);
  }

  @Test
  void preflight_badDevices_isOneLineAndExit2(@TempDir Path dir) throws IOException {
    String d = deployment(dir).toString();

    CliRun bad =
        CliRun.inProcess(
            "preflight", "--deployment", d, "--from", "wdm-server", "--devices", "some");
    assertThat(bad.exit()).isEqualTo(2);
    assertThat(bad.err().strip())
        .isEqualTo(
            "--devices some: \"some\" is neither all nor a count 1..1000000: give all,"
                + " or a count such as 256");
    CliRun seed =
        CliRun.inProcess("preflight", "--deployment", d, "--from", "wdm-server", "--seed", "3");
    assertThat(seed.exit()).isEqualTo(2);
    assertThat(seed.err().strip())
        .isEqualTo("--seed 3: --seed is for --devices N: add e.g. --devices 256");
  }
}
