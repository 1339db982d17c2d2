package dev.wdmports.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * {@code probe} over networks, ranges and files, in-process, against listeners on 127.0.11.0 ..
 * 127.0.11.7 (on Linux all of 127.0.0.0/8 is local).
 */
class ProbeSweepCliTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final List<ServerSocket> listeners = new ArrayList<>();
  private static int port;

  @BeforeAll
  static void listen() throws IOException {
    for (int attempt = 0; attempt < 20 && listeners.size() < 8; attempt++) {
      closeAll();
      try (ServerSocket probe = new ServerSocket()) {
        probe.bind(new InetSocketAddress(InetAddress.getByName("127.0.11.0"), 0));
        port = probe.getLocalPort();
      }
      try {
        for (int i = 0; i < 8; i++) {
          ServerSocket s = new ServerSocket();
          s.bind(new InetSocketAddress(InetAddress.getByName("127.0.11." + i), port), 64);
          listeners.add(s);
        }
      } catch (IOException taken) {
        // the port is taken on one of the addresses: try another
      }
    }
    assertThat(listeners).hasSize(8);
  }

  @AfterAll
  static void closeAll() throws IOException {
    for (ServerSocket s : listeners) {
      s.close();
    }
    listeners.clear();
  }

  @Test
  void json_ofASlash24_collapsesRanges_andExits1() throws IOException {
    CliRun r = CliRun.inProcess("probe", "127.0.11.0/24:" + port + "/tcp", "--format", "json");
    assertThat(r.exit()).as(r.err()).isEqualTo(1);
    JsonNode root = JSON.readTree(r.out());
    assertThat(root.has("results")).isFalse();
    assertThat(root.get("targets").get("total").asLong()).isEqualTo(256);
    JsonNode g = root.get("groups").get(0);
    assertThat(g.get("port").asInt()).isEqualTo(port);
    assertThat(g.get("checker").asText()).isEqualTo("tcp");
    assertThat(g.get("byStatus").get("OPEN").asLong()).isEqualTo(8);
    assertThat(g.get("byStatus").get("REFUSED").asLong()).isEqualTo(248);
    JsonNode ranges = g.get("ranges");
    assertThat(ranges).hasSize(2);
    assertThat(ranges.get(0).get("range").asText()).isEqualTo("127.0.11.0/29");
    assertThat(ranges.get(0).get("first").asText()).isEqualTo("127.0.11.0");
    assertThat(ranges.get(0).get("last").asText()).isEqualTo("127.0.11.7");
    assertThat(ranges.get(0).get("addresses").asLong()).isEqualTo(8);
    assertThat(ranges.get(0).get("status").asText()).isEqualTo("OPEN");
    assertThat(ranges.get(1).get("range").asText()).isEqualTo("127.0.11.8-127.0.11.255");
    assertThat(ranges.get(1).get("status").asText()).isEqualTo("REFUSED");
    JsonNode s = root.get("summary");
    assertThat(s.get("total").asLong()).isEqualTo(256);
    assertThat(s.get("byStatus").get("OPEN").asLong()).isEqualTo(8);
    assertThat(s.get("notProbed").asLong()).isZero();
    assertThat(s.get("elapsedMs").isNumber()).isTrue();
  }

  @Test
  void text_printsOneRowPerRange_andTheSummary() {
    CliRun r = CliRun.inProcess("probe", "127.0.11.0/24:" + port + "/tcp");
    assertThat(r.exit()).isEqualTo(1);
    assertThat(r.out())
        .containsPattern("127\\.0\\.11\\.0/29 +" + port + " +tcp +OPEN +8")
        .containsPattern("127\\.0\\.11\\.8-127\\.0\\.11\\.255 +" + port + " +tcp +REFUSED +248")
        .contains("total: 256\nOPEN: 8\nREFUSED: 248\n" + port + "/tcp: OPEN 8, REFUSED 248\n");
  }

  @Test
  void exit0_onlyWhenEveryProbedAddressIsOpen_withExcludeAndARange() {
    CliRun r =
        CliRun.inProcess(
            "probe",
            "127.0.11.0-127.0.11.9:" + port + "/tcp",
            "--exclude",
            "127.0.11.8/31",
            "--format",
            "summary");
    assertThat(r.exit()).as(r.out()).isZero();
    assertThat(r.out()).startsWith("total: 8\nOPEN: 8\n");
  }

  @Test
  void shortRange_asNmapWritesIt_probesToTheLastOctetGiven_andExcludesToo() {
    CliRun r =
        CliRun.inProcess(
            "probe",
            "127.0.11.4-9:" + port + "/tcp",
            "--exclude",
            "127.0.11.8-9",
            "--format",
            "summary");
    assertThat(r.exit()).as(r.out() + r.err()).isZero();
    assertThat(r.out()).startsWith("total: 4\nOPEN: 4\n");
  }

  @Test
  void sample_printsAReusableSeed_andTheSameSeedPicksTheSameAddresses() throws IOException {
    String spec = "127.0.11.0/24:" + port + "/tcp";
    CliRun first = CliRun.inProcess("probe", spec, "--sample", "16", "--format", "text");
    String line = first.out().lines().findFirst().orElseThrow();
    assertThat(line).matches("sampled 16 of 256 addresses with --seed -?\\d+");
    String seed = line.substring(line.lastIndexOf(' ') + 1);
    CliRun a =
        CliRun.inProcess("probe", spec, "--sample", "16", "--seed", seed, "--format", "json");
    CliRun b =
        CliRun.inProcess("probe", spec, "--sample", "16", "--seed", seed, "--format", "json");
    JsonNode ja = JSON.readTree(a.out());
    assertThat(ja.get("sample").get("size").asLong()).isEqualTo(16);
    assertThat(ja.get("sample").get("of").asLong()).isEqualTo(256);
    assertThat(ja.get("sample").get("seed").asText()).isEqualTo(seed);
    assertThat(ja.get("summary").get("total").asLong()).isEqualTo(16);
    assertThat(ja.get("groups")).isEqualTo(JSON.readTree(b.out()).get("groups"));
  }

  @Test
  void targetFile_isOneTargetALine(@TempDir Path dir) throws IOException {
    Path f = dir.resolve("devices.txt");
    Files.writeString(f, "# lab\n127.0.11.0/30:" + port + "/tcp\n\n127.0.11.4:" + port + "/tcp\n");
    CliRun r = CliRun.inProcess("probe", "@" + f, "--format", "summary");
    assertThat(r.exit()).as(r.err()).isZero();
    assertThat(r.out()).startsWith("total: 5\nOPEN: 5\n");
  }

  @Test
  void singleHost_keepsThePerTargetOutput() throws IOException {
    CliRun r = CliRun.inProcess("probe", "127.0.11.0:" + port + "/tcp", "--format", "json");
    assertThat(r.exit()).isZero();
    assertThat(JSON.readTree(r.out()).get("results").get(0).get("status").asText())
        .isEqualTo("OPEN");
  }

  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      value = {
        "probe [2001:db8::/64]:80/tcp | target \"[2001:db8::/64]:80/tcp\" has 18,446,744,073,709,551,616 IPv6 addresses, more than the 65,536 (a /112) probed in full: probe a /112 or smaller, or pick some with --sample N",
        "probe 10.0.0.0/24:80/tcp --exclude db.example | --exclude: exclusion \"db.example\" is not an address, CIDR or range",
        "probe 10.0.0.0/24:80/tcp --seed 5 | --seed 5: --seed is for --sample: add --sample N",
        "probe 10.0.0.0/24:80/tcp --sample 0 | --sample 0: sample size 0 is out of range 1..1000000",
        "probe 10.0.0.0/24:80/gopher | target \"10.0.0.0/24:80/gopher\": unknown checker \"gopher\": use one of",
        "probe 10.0.0.9-10.0.0.1:80/tcp | target \"10.0.0.9-10.0.0.1:80/tcp\": range \"10.0.0.9-10.0.0.1\" ends before it starts",
        "probe @/nonexistent/devices.txt | /nonexistent/devices.txt: file not found: check the path",
      })
  void badInput_exits2_withOneLine(String args, String message) {
    CliRun r = CliRun.inProcess(args.trim().split(" +"));
    assertThat(r.exit()).as(r.err()).isEqualTo(2);
    assertThat(r.err().lines().findFirst().orElseThrow()).startsWith(message);
  }
}
