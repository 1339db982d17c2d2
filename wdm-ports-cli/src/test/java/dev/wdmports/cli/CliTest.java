package dev.wdmports.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The CLI run in-process; {@code CliIT} runs the packaged jar. */
class CliTest {
  private static final ObjectMapper JSON = new ObjectMapper();

  @Test
  void catalogJson_listsEverySeedRuleWithProvenance() throws IOException {
    CliRun r = CliRun.inProcess("catalog", "--format", "json");
    assertThat(r.exit()).isZero();
    assertThat(r.err()).isEmpty();
    JsonNode root = JSON.readTree(r.out());
    assertThat(root.get("rules")).hasSize(15);
    JsonNode first = root.get("rules").get(0);
    assertThat(first.get("ports").toString()).isEqualTo("[80,280]");
    assertThat(first.get("defaultPort").asInt()).isEqualTo(80);
    assertThat(first.get("portChoice").asText()).isEqualTo("http");
    assertThat(first.get("transport").asText()).isEqualTo("tcp");
    assertThat(first.get("configurable").asBoolean()).isFalse();
    assertThat(first.get("provenance").get("kind").asText()).isEqualTo("seed");
    assertThat(root.get("operations").get(0).get("kind").asText()).isEqualTo("push");
    assertThat(root.get("protocols").get(0).get("defaultPorts").toString()).isEqualTo("[80]");
  }

  @ParameterizedTest
  @CsvSource({"text,RULE", "markdown,| RULE |", "yaml,name: wdm"})
  void catalog_rendersEachFormat(String format, String expected) {
    CliRun r = CliRun.inProcess("catalog", "--format", format);
    assertThat(r.exit()).isZero();
    assertThat(r.out()).contains(expected);
  }

  @ParameterizedTest
  @CsvSource({"'80,443',1", "443,1", "280,0", "5900,1"})
  void impact_exitCodes(String closed, int exit) {
    assertThat(CliRun.inProcess("impact", "--closed", closed).exit()).isEqualTo(exit);
  }

  @Test
  void impactJunit_failsTheBrokenOperations() {
    CliRun r = CliRun.inProcess("impact", "--closed", "443", "--format", "junit");
    assertThat(r.exit()).isEqualTo(WdmPortsCli.FAILED);
    assertThat(r.out())
        .contains("<testsuite name=\"wdm-ports impact operations\"")
        .contains("<failure message=\"reboot: broken, because ");
    assertThat(CliRun.inProcess("impact", "--closed", "443", "--format", "markdown").out())
        .startsWith("# Closed: 443\n\n## Operations\n\n| OPERATION | STATUS | BECAUSE |");
  }

  @Test
  void impactJson_followsTheContract() throws IOException {
    CliRun r = CliRun.inProcess("impact", "--closed", "5900", "--format", "json");
    assertThat(r.exit()).isEqualTo(1);
    JsonNode root = JSON.readTree(r.out());
    assertThat(root.get("closed").toString()).isEqualTo("[\"5900\"]");
    for (JsonNode op : root.get("operations")) {
      boolean shadow = op.get("id").asText().equals("remote-shadow");
      assertThat(op.get("available").asBoolean()).isEqualTo(!shadow);
      if (shadow) {
        assertThat(op.get("blockedBy").toString()).isEqualTo("[\"gui->web-agent:5900/tcp\"]");
        assertThat(op.get("blockedRules").toString()).isEqualTo("[\"gui-to-web-agent-vnc\"]");
      }
    }
  }

  @Test
  void impactText_explains() {
    CliRun r = CliRun.inProcess("impact", "--closed", "280");
    assertThat(r.out()).contains("Closed: 280").contains("No operation breaks.");
    CliRun broken = CliRun.inProcess("impact", "--closed", "5900");
    assertThat(broken.out())
        .contains(
            "remote-shadow                 BROKEN     gui->web-agent:5900/tcp (gui-to-web-agent-vnc) is blocked")
        .contains("1 of 11 operations break.");
  }

  @Test
  void impactText_saysWhyAnOperationIsDegraded_andJsonReasonsLeaveTheIdOut(@TempDir Path dir)
      throws IOException {
    Path either = dir.resolve("either.yaml");
    Files.writeString(
        either,
        Files.readString(Path.of("../examples/branch-office.yaml"))
            .replace("security: http-and-https", "security: http-or-https"));
    CliRun r = CliRun.inProcess("impact", "--closed", "443", "--deployment", either.toString());
    assertThat(r.exit()).isZero();
    assertThat(r.out())
        .containsPattern(
            "reboot +DEGRADED +admin->wdm-server:443/tcp \\(gui-to-web-service-https\\),"
                + " thin-clients->wdm-server:443/tcp \\(web-agent-to-web-service-https\\) blocked");
    CliRun json =
        CliRun.inProcess(
            "impact", "--closed", "443", "--deployment", either.toString(), "--format", "json");
    JsonNode reboot = JSON.readTree(json.out()).get("operations").get(1);
    assertThat(reboot.get("reason").asText()).startsWith("available, but degraded: ");
  }

  @ParameterizedTest
  @CsvSource({"dot,digraph", "mermaid,flowchart LR", "json,\"nodes\""})
  void graph_rendersEachFormat(String format, String expected) {
    CliRun r = CliRun.inProcess("graph", "--format", format);
    assertThat(r.exit()).isZero();
    assertThat(r.out()).contains(expected);
  }

  @Test
  void impact_ofOneRedundantWebServer_breaksNothing_unlessBothAreRequired(@TempDir Path dir)
      throws IOException {
    String site =
        "security: https\nports: {https: 8443}\nREDUNDANCYhosts:\n"
            + "  - {name: wdm1, address: 10.0.0.5, runs: [web-service]}\n"
            + "  - {name: wdm2, address: 10.0.0.6, runs: [web-service]}\n"
            + "  - {name: db, address: 10.0.0.7, runs: [database, master-repository]}\n"
            + "  - {name: admin, address: 10.0.0.20, runs: [gui]}\n"
            + "  - {name: devices, address: 10.0.1.0/24, runs: [web-agent]}\n";
    Path every = dir.resolve("every.yaml");
    Files.writeString(every, site.replace("REDUNDANCY", ""));
    CliRun both =
        CliRun.inProcess("impact", "--closed", "wdm1:8443", "--deployment", every.toString());
    assertThat(both.exit()).isEqualTo(1);
    assertThat(both.out()).contains("8 of 11 operations break.");
    Path any = dir.resolve("any.yaml");
    Files.writeString(any, site.replace("REDUNDANCY", "redundancy: {web-service: any}\n"));
    CliRun one =
        CliRun.inProcess("impact", "--closed", "wdm1:8443", "--deployment", any.toString());
    assertThat(one.exit()).as(one.out() + one.err()).isZero();
    assertThat(one.out()).contains("No operation breaks.").contains("DEGRADED");
  }

  @Test
  void badInput_isOneLine_exit2_noStackTrace(@TempDir Path dir) throws IOException {
    Path bad = dir.resolve("deployment.yaml");
    Files.writeString(bad, "hosts:\n  - name: a\n    address: 10.0.0.300/33\n    runs: [gui]\n");
    CliRun r = CliRun.inProcess("impact", "--closed", "80", "--deployment", bad.toString());
    assertThat(r.exit()).isEqualTo(2);
    assertThat(r.err().lines())
        .containsExactly(
            bad
                + ":3:14: address \"10.0.0.300/33\" is not an IP address or CIDR: use e.g. 10.0.0.5, 10.0.0.0/24 or 2001:db8::/32");
    assertThat(r.out()).isEmpty();
  }

  @Test
  void yamlSyntaxError_isOneLine_pointingAtTheTab_withTheCauseAndTheFix(@TempDir Path dir)
      throws IOException {
    Path bad = dir.resolve("deployment.yaml");
    Files.writeString(bad, "hosts:\n  - name: a\n    address: 10.0.0.5\n\truns: [gui]\n");
    CliRun r = CliRun.inProcess("impact", "--closed", "80", "--deployment", bad.toString());
    assertThat(r.exit()).isEqualTo(2);
    assertThat(r.err().lines())
        .containsExactly(
            bad
                + ":4:1: malformed YAML: found character '\\t' that cannot start any token"
                + " (indent with spaces, not tabs)");
  }

  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      value = {
        "impact --closed 70000                | --closed 70000: port 70000 out of range 1..65535",
        "impact --closed http                 | --closed http: port \"http\" is not a number: use a port number in 1..65535, e.g. 80",
        "impact --closed 90-80                | --closed 90-80: port range 90-80 is reversed: write the lower port first (80-90)",
        "impact --closed nohost:80            | --closed nohost:80: deployment standard has no host \"nohost\": use one of gui, web-service, standard-service, database, master-repository, remote-repository, web-agent",
        "impact                               | wdm-ports: Missing required option: '--closed=PORTS' (see --help)",
        "catalog --format xml                 | wdm-ports: Invalid value for option '--format': expected one of [TEXT, JSON, YAML, MARKDOWN] (case-insensitive) but was 'xml' (see --help)",
        "catalog --catalog /nonexistent.yaml  | /nonexistent.yaml: file not found: check the path",
        "frobnicate                           | wdm-ports: Unmatched argument at index 0: 'frobnicate': did you mean probe or catalog or exporter? (see --help)",
        "impct --closed 443                   | wdm-ports: Unmatched arguments from index 0: 'impct', '--closed', '443': did you mean impact? (see --help)",
        "impact --closed :80                  | --closed :80: \":80\" has an empty host before ':': write HOST:PORTS, e.g. wdm-server:80",
        "impact --closed 80/sctp              | --closed 80/sctp: transport \"sctp\" is not known: use tcp or udp",
        "preflight --server 10.0.0.300        | --server 10.0.0.300: address \"10.0.0.300\" is not an IP address or CIDR: use e.g. 10.0.0.5, 10.0.0.0/24 or 2001:db8::/32",
        "preflight --server 127.0.0.1 --timeout 0s | wdm-ports: Invalid value for option '--timeout': duration \"0s\" must be positive, e.g. 500ms, 2s or 1m (see --help)",
        "probe 127.0.0.1:x/tcp                | target \"127.0.0.1:x/tcp\": port \"x\" is not a number: use a port number in 1..65535, e.g. 80",
        "firewall check --policy ../examples/firewall/wdm-server.iptables --policy-format iptables-save --flow 10.0.0.1->10.0.0.2:80/tcp --profile home | --profile home: unknown profile: use domain, private or public",
        "firewall check --policy ../examples/firewall/wdm-server.iptables --policy-format iptables-save --flow 10.0.0.1->10.0.0.2:80/tcp --direction up | --direction up: use in or out",
      })
  void usageErrors_areOneLine_exit2(String args, String message) {
    CliRun r = CliRun.inProcess(args.trim().split(" +"));
    assertThat(r.exit()).isEqualTo(2);
    assertThat(r.err().lines().findFirst()).contains(message);
    assertThat(r.err()).doesNotContain("\tat ");
  }

  @Test
  void debug_addsTheStackTrace() {
    CliRun r = CliRun.inProcess("impact", "--closed", "70000", "--debug");
    assertThat(r.exit()).isEqualTo(2);
    assertThat(r.err()).contains("\tat ");
  }

  @Test
  void sharedOptions_readTheSameInEveryCommandThatHasThem() {
    for (String[] command :
        new String[][] {
          {"catalog"},
          {"graph"},
          {"impact"},
          {"probe"},
          {"preflight"},
          {"firewall", "check"},
          {"firewall", "generate"}
        }) {
      String help = CliRun.inProcess(append(command, "--help")).out();
      assertThat(help)
          .as(String.join(" ", command))
          .contains("--debug")
          .containsPattern("--debug +Print stack traces of errors\\.");
    }
    for (String[] command :
        new String[][] {{"preflight"}, {"firewall", "check"}, {"firewall", "generate"}}) {
      assertThat(CliRun.inProcess(append(command, "--help")).out())
          .as(String.join(" ", command))
          .containsPattern("--deployment=FILE +A deployment file\\.");
    }
  }

  private static String[] append(String[] words, String last) {
    String[] all = java.util.Arrays.copyOf(words, words.length + 1);
    all[words.length] = last;
    return all;
  }

  @Test
  void help_andVersion_exit0() {
    assertThat(CliRun.inProcess("--help").out())
        .contains("catalog", "graph", "impact", "Exit codes:");
    assertThat(CliRun.inProcess("--version").out()).startsWith("wdm-ports ");
  }

  @Test
  void version_printsTheProjectVersion() {
    CliRun r = CliRun.inProcess("--version");
    assertThat(r.exit()).isZero();
    assertThat(r.out()).isEqualTo("wdm-ports " + System.getProperty("wdmports.version") + "\n");
  }

  @Test
  void help_listsEveryCommand_withAOneLineHeader() {
    String help = CliRun.inProcess("--help").out();

    assertThat(help)
        .contains(
            "  catalog ",
            "  graph      Print the push-operation dependency graph.",
            "  impact     Tell which operations break when ports are closed.",
            "  probe      Probe targets with a real handshake per protocol.",
            "  preflight ",
            "  firewall ",
            "  demo       Start a WDM-like lab on loopback and run a preflight against it.");
  }

  @Test
  void aNamedCommand_getsItsFullHelpAndOptions_thoughOnlyItIsBuilt() {
    CliRun probe = CliRun.inProcess("probe", "--help");
    assertThat(probe.exit()).isZero();
    assertThat(probe.out()).contains("Usage: wdm-ports probe", "--only-open", "--concurrency");

    CliRun check = CliRun.inProcess("firewall", "check", "--help");
    assertThat(check.exit()).isZero();
    assertThat(check.out()).contains("Usage: wdm-ports firewall check", "--policy");

    // Options of the root still work in front of nothing else.
    assertThat(CliRun.inProcess("-V").out()).startsWith("wdm-ports ");
  }
}
