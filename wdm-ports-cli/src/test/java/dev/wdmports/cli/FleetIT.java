package dev.wdmports.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The packaged jar sweeping a {@link SimulatedFleet}: a /16 whose every address answers inside a
 * network namespace, a quarter refused and a quarter dropped. The whole /16 is swept once; the
 * variants use a few thousand addresses around the quarters' edges. Root only (skipped otherwise).
 */
class FleetIT {
  private static final ObjectMapper JSON = new ObjectMapper();

  /** 512 open, then 512 refused: the edge of the open and the refused quarter. */
  private static final String OPEN_REFUSED = "10.20.62.0-10.20.65.255:80/tcp";

  /** 2,048 refused, then 2,048 dropped. */
  private static final String REFUSED_DROPPED = "10.20.120.0-10.20.135.255:80/tcp";

  private static SimulatedFleet fleet;

  @BeforeAll
  static void start() {
    fleet = SimulatedFleet.builder().start();
  }

  @AfterAll
  static void stop() {
    if (fleet != null) {
      fleet.close();
    }
  }

  private static CliRun probe(String... args) {
    List<String> a = new ArrayList<>(List.of("probe"));
    a.addAll(List.of(args));
    a.addAll(List.of("--timeout", "500ms"));
    return fleet.jar(a.toArray(String[]::new));
  }

  @Test
  void wholeSlash16_countsEveryAddress_andCollapsesTheQuarters() throws Exception {
    CliRun r = probe("10.20.0.0/16:80/tcp", "--format", "json");
    assertThat(r.exit()).as(r.err()).isEqualTo(1);
    JsonNode root = JSON.readTree(r.out());
    assertThat(root.at("/targets/total").asLong()).isEqualTo(65_536);
    JsonNode s = root.get("summary");
    assertThat(s.get("total").asLong()).isEqualTo(65_536);
    assertThat(s.get("notProbed").asLong()).isZero();
    assertThat(s.get("deadlineReached").asBoolean()).isFalse();
    assertThat(counts(s.get("byStatus")))
        .containsExactly(
            Map.entry("OPEN", 32_768L),
            Map.entry("REFUSED", 16_384L),
            Map.entry("FILTERED", 16_384L));
    JsonNode g = root.get("groups").get(0);
    assertThat(root.get("groups")).hasSize(1);
    assertThat(g.get("port").asInt()).isEqualTo(80);
    assertThat(g.get("checker").asText()).isEqualTo("tcp");
    assertThat(g.get("rangesOmitted").asLong()).isZero();
    List<String> ranges = new ArrayList<>();
    g.get("ranges")
        .forEach(
            x ->
                ranges.add(
                    x.get("range").asText()
                        + " "
                        + x.get("status").asText()
                        + " "
                        + x.get("addresses").asLong()));
    assertThat(ranges)
        .containsExactly(
            "10.20.0.0/18 OPEN 16384",
            "10.20.64.0/18 REFUSED 16384",
            "10.20.128.0/18 FILTERED 16384",
            "10.20.192.0/18 OPEN 16384");
  }

  @Test
  void summaryAndText_agreeWithEachOther() {
    CliRun summary = probe(OPEN_REFUSED, REFUSED_DROPPED, "--format", "summary");
    CliRun text = probe(OPEN_REFUSED, REFUSED_DROPPED, "--format", "text");
    assertThat(summary.exit()).as(summary.err()).isEqualTo(1);
    assertThat(text.exit()).as(text.err()).isEqualTo(1);
    String expected =
        "total: 5120\nOPEN: 512\nREFUSED: 2560\nFILTERED: 2048\n"
            + "80/tcp: OPEN 512, REFUSED 2560, FILTERED 2048\n";
    assertThat(withoutElapsed(summary.out())).isEqualTo(expected);
    // text: the table, a blank line, and the same summary.
    String[] parts = text.out().split("\n\n", 2);
    assertThat(withoutElapsed(parts[1])).isEqualTo(expected);
    assertThat(tableRows(parts[0]))
        .containsExactly(
            "10.20.62.0/23 80 tcp OPEN 512",
            "10.20.64.0/23 80 tcp REFUSED 512",
            "10.20.120.0/21 80 tcp REFUSED 2048",
            "10.20.128.0/21 80 tcp FILTERED 2048");
  }

  @Test
  void exclude_leavesTheDroppedAddressesOut() {
    CliRun r = probe(REFUSED_DROPPED, "--exclude", SimulatedFleet.DROPPED, "--format", "summary");
    assertThat(r.exit()).as(r.err()).isEqualTo(1);
    assertThat(withoutElapsed(r.out()))
        .isEqualTo("total: 2048\nREFUSED: 2048\n80/tcp: REFUSED 2048\n");
  }

  @Test
  void sample_probesN_andItsPrintedSeedPicksTheSameAddressesAgain() throws Exception {
    CliRun first = probe("10.20.0.0/16:80/tcp", "--sample", "1000", "--format", "summary");
    assertThat(first.exit()).as(first.err()).isEqualTo(1);
    Matcher m =
        Pattern.compile("sampled 1,000 of 65,536 addresses with --seed (-?\\d+)\n")
            .matcher(first.out());
    assertThat(m.lookingAt()).as(first.out()).isTrue();
    assertThat(first.out()).contains("total: 1000\n");

    CliRun seeded =
        probe("10.20.0.0/16:80/tcp", "--sample", "1000", "--seed", "7", "--format", "json");
    CliRun again =
        probe("10.20.0.0/16:80/tcp", "--sample", "1000", "--seed", "7", "--format", "json");
    JsonNode a = JSON.readTree(seeded.out());
    JsonNode b = JSON.readTree(again.out());
    assertThat(a.at("/sample/seed").asLong()).isEqualTo(7);
    assertThat(a.at("/sample/size").asLong()).isEqualTo(1000);
    assertThat(a.at("/summary/total").asLong()).isEqualTo(1000);
    Map<String, Long> counts = counts(a.at("/summary/byStatus"));
    assertThat(counts.values().stream().mapToLong(Long::longValue).sum()).isEqualTo(1000);
    assertThat(counts).containsOnlyKeys("OPEN", "REFUSED", "FILTERED");
    assertThat(counts(b.at("/summary/byStatus"))).isEqualTo(counts);
    assertThat(b.at("/groups/0/ranges")).isEqualTo(a.at("/groups/0/ranges"));
  }

  @Test
  void aLowFileDescriptorLimit_slowsTheSweepDown_butChangesNoResult() {
    // 64 descriptors (the JVM holds about 30 of them) for 4,096 connects of which half wait out
    // their timeout: the scanner must start the rest as outstanding ones end, never report "too
    // many open files". A closed channel's descriptor is only released at the selector's next
    // select; retrying before it failed, and a few connects in every run ended as ERROR.
    List<String> cmd = new ArrayList<>(List.of("bash", "-c", "ulimit -n 64 && exec \"$@\"", "-"));
    cmd.addAll(
        CliRun.jarCommand("probe", REFUSED_DROPPED, "--timeout", "500ms", "--format", "summary"));
    CliRun r = fleet.exec(cmd.toArray(String[]::new));
    assertThat(r.exit()).as(r.err()).isEqualTo(1);
    assertThat(withoutElapsed(r.out()))
        .isEqualTo(
            "total: 4096\nREFUSED: 2048\nFILTERED: 2048\n80/tcp: REFUSED 2048, FILTERED 2048\n");
  }

  private static Map<String, Long> counts(JsonNode byStatus) {
    Map<String, Long> m = new LinkedHashMap<>();
    byStatus.properties().forEach(e -> m.put(e.getKey(), e.getValue().asLong()));
    return m;
  }

  private static String withoutElapsed(String summary) {
    return summary.replaceAll("(?m)^elapsed: .*\n", "");
  }

  private static List<String> tableRows(String table) {
    List<String> rows = new ArrayList<>();
    String[] lines = table.split("\n");
    for (int i = 1; i < lines.length; i++) { // after the header
      if (!lines[i].isBlank() && !lines[i].startsWith("-")) {
        rows.add(lines[i].trim().replaceAll("\\s+", " "));
      }
    }
    return rows;
  }
}
