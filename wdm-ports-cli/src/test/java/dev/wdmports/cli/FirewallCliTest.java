package dev.wdmports.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/** {@code firewall check} and {@code firewall generate}, in-process, on the checked-in examples. */
class FirewallCliTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String DEPLOYMENT = "../examples/branch-office.yaml";
  private static final String GOOD = "../examples/firewall/wdm-server.iptables";
  private static final String DROPS_443 = "../examples/firewall/wdm-server-drops-443.iptables";

  private static CliRun check(String policy, String... more) {
    String[] base = {
      "firewall",
      "check",
      "--policy",
      policy,
      "--policy-format",
      "iptables-save",
      "--deployment",
      DEPLOYMENT,
      "--host",
      "wdm-server"
    };
    String[] args = java.util.Arrays.copyOf(base, base.length + more.length);
    System.arraycopy(more, 0, args, base.length, more.length);
    return CliRun.inProcess(args);
  }

  @Test
  void goodPolicy_allowsEveryFlow_andExits0() {
    CliRun r = check(GOOD);
    assertThat(r.exit()).as(r.err()).isZero();
    assertThat(r.out())
        .contains("Every flow is allowed.")
        .contains("reboot                        AVAILABLE");
  }

  @Test
  void nftText_asKeptInEtcNftablesConf_allowsEveryFlow_andExits0() {
    CliRun r =
        CliRun.inProcess(
            "firewall",
            "check",
            "--policy",
            "../examples/firewall/wdm-server.nft",
            "--policy-format",
            "nft",
            "--deployment",
            DEPLOYMENT,
            "--host",
            "wdm-server");
    assertThat(r.exit()).as(r.err() + r.out()).isZero();
    assertThat(r.out()).contains("Every flow is allowed.");
  }

  @Test
  void nftTextWithInclude_exits2_withOneLineNamingFileLineAndColumn(@TempDir Path dir)
      throws IOException {
    Path f = dir.resolve("nftables.conf");
    Files.writeString(f, "flush ruleset\ninclude \"/etc/nftables.d/*.nft\"\n");
    CliRun r =
        CliRun.inProcess(
            "firewall",
            "check",
            "--policy",
            f.toString(),
            "--policy-format",
            "nft",
            "--flow",
            "10.0.0.1->10.0.0.2:80/tcp");
    assertThat(r.exit()).isEqualTo(2);
    assertThat(r.err())
        .isEqualTo(
            f
                + ":2:1: include \"/etc/nftables.d/*.nft\" is not read: inline the included file"
                + " here, or pass the output of nft list ruleset (it has no includes)"
                + System.lineSeparator());
  }

  @Test
  void policyThatDrops443_breaksThePushes_namingRuleAndLine_andExits1() throws IOException {
    CliRun r = check(DROPS_443, "--format", "json");
    assertThat(r.exit()).isEqualTo(1);
    JsonNode root = JSON.readTree(r.out());
    JsonNode denied = null;
    for (JsonNode f : root.get("flows")) {
      if (f.get("flow").asText().equals("admin->wdm-server:443/tcp")) {
        denied = f;
      }
    }
    assertThat(denied).isNotNull();
    assertThat(denied.get("verdict").asText()).isEqualTo("DENY");
    assertThat(denied.get("rule").asText()).isEqualTo("-A INPUT -p tcp --dport 443 -j DROP");
    assertThat(denied.get("line").asInt()).isEqualTo(10);
    assertThat(denied.get("warnings").isArray()).isTrue();
    JsonNode reboot = root.get("operations").get(1);
    assertThat(reboot.get("id").asText()).isEqualTo("reboot");
    assertThat(reboot.get("available").asBoolean()).isFalse();
    assertThat(reboot.get("blockedBy").toString()).contains("admin->wdm-server:443/tcp");
    assertThat(reboot.get("reason").asText())
        .contains("is denied by line 10 (-A INPUT -p tcp --dport 443 -j DROP)");
  }

  @Test
  void markdownFormat_rendersTheReportsTables_andExitsLikeText() {
    CliRun r = check(DROPS_443, "--format", "markdown");
    assertThat(r.exit()).isEqualTo(WdmPortsCli.FAILED);
    assertThat(r.out())
        .startsWith(
            "# Firewall check of wdm-server\n\n## Flows\n\n| FLOW | DIR | VERDICT | DECIDED BY |")
        .contains("| OPERATION | STATUS | BECAUSE |")
        .contains("| DENY | line 10 (-A INPUT -p tcp --dport 443 -j DROP) |")
        .endsWith("2 of 12 flows are denied.\n");
  }

  @Test
  void junitFormat_hasAFailurePerDeniedFlowAndBrokenOperation() {
    CliRun r = check(DROPS_443, "--format", "junit");
    assertThat(r.out())
        .startsWith("<?xml")
        .contains("<testsuite name=\"wdm-ports firewall flows\" tests=\"12\" failures=\"2\"")
        .contains("<testsuite name=\"wdm-ports firewall operations\" tests=\"11\" failures=\"8\"");
  }

  @Test
  void text_saysWhyAnOperationIsDegraded(@TempDir Path dir) throws IOException {
    Path either = dir.resolve("either.yaml");
    Files.writeString(
        either,
        Files.readString(Path.of(DEPLOYMENT))
            .replace("security: http-and-https", "security: http-or-https"));
    CliRun r =
        CliRun.inProcess(
            "firewall",
            "check",
            "--policy",
            DROPS_443,
            "--policy-format",
            "iptables-save",
            "--deployment",
            either.toString(),
            "--host",
            "wdm-server");
    assertThat(r.out())
        .containsPattern(
            "reboot +DEGRADED +admin->wdm-server:443/tcp \\(gui-to-web-service-https\\) is denied"
                + " by line 10 \\(-A INPUT -p tcp --dport 443 -j DROP\\)");
  }

  @Test
  void singleFlows_areEvaluatedInTheGivenDirection() throws IOException {
    CliRun r =
        CliRun.inProcess(
            "firewall",
            "check",
            "--policy",
            DROPS_443,
            "--policy-format",
            "iptables-save",
            "--flow",
            "10.10.0.20->10.10.0.5:443/tcp",
            "--flow",
            "10.10.8.7->10.10.0.5:21/tcp",
            "--format",
            "json");
    assertThat(r.exit()).isEqualTo(1);
    JsonNode flows = JSON.readTree(r.out()).get("flows");
    assertThat(flows.get(0).get("verdict").asText()).isEqualTo("DENY");
    assertThat(flows.get(1).get("verdict").asText()).isEqualTo("ALLOW");
    assertThat(
            CliRun.inProcess(
                    "firewall",
                    "check",
                    "--policy",
                    GOOD,
                    "--policy-format",
                    "iptables-save",
                    "--flow",
                    "10.10.0.5->10.10.8.7:80/tcp",
                    "--direction",
                    "out")
                .exit())
        .isZero();
  }

  @ParameterizedTest
  @ValueSource(strings = {"iptables", "nftables", "netsh", "powershell"})
  void generate_printsRulesForEveryTarget(String target) {
    CliRun r =
        CliRun.inProcess(
            "firewall",
            "generate",
            "--deployment",
            DEPLOYMENT,
            "--host",
            "wdm-server",
            "--target",
            target);
    assertThat(r.exit()).as(r.err()).isZero();
    assertThat(r.out())
        .contains("10.10.8.0/22")
        .contains("WDM: Communicate with the WDM Database.");
  }

  @ParameterizedTest
  @ValueSource(strings = {"iptables", "nftables", "netsh", "powershell"})
  void generate_byDefault_changesNoPolicy_andDefaultDenySaysWhatItCutsOff(String target) {
    String[] args = {
      "firewall", "generate", "--deployment", DEPLOYMENT, "--host", "wdm-server", "--target", target
    };
    CliRun added = CliRun.inProcess(args);
    assertThat(added.exit()).as(added.err()).isZero();
    assertThat(added.out())
        .doesNotContain("DROP [0:0]")
        .doesNotContain("policy drop")
        .doesNotContain("firewallpolicy")
        .doesNotContain("Set-NetFirewallProfile")
        .doesNotContain("DEFAULT-DENY");
    String[] strict = java.util.Arrays.copyOf(args, args.length + 1);
    strict[args.length] = "--default-deny";
    CliRun deny = CliRun.inProcess(strict);
    assertThat(deny.exit()).as(deny.err()).isZero();
    assertThat(deny.out())
        .contains("WARNING: DEFAULT-DENY RULESET.")
        .contains("IT CUTS OFF SSH (TCP 22), DNS (UDP/TCP 53), ICMP")
        .contains("WDM: Communicate with the WDM Database.");
  }

  /**
   * iptables output reads back as iptables-save; the netsh, PowerShell and nft scripts are
   * commands, not the listings the parsers read, so their round trips are tested in core
   * (FirewallGeneratorTest, and KernelDifferentialTest loads the nft script into a kernel).
   */
  @ParameterizedTest
  @ValueSource(booleans = {false, true})
  void generatedIptablesRules_fedBackToCheck_allowEveryRequiredFlow(
      boolean defaultDeny, @TempDir Path dir) throws IOException {
    List<String> args =
        new ArrayList<>(
            List.of(
                "firewall",
                "generate",
                "--deployment",
                DEPLOYMENT,
                "--host",
                "wdm-server",
                "--target",
                "iptables"));
    if (defaultDeny) {
      args.add("--default-deny");
    }
    CliRun gen = CliRun.inProcess(args.toArray(String[]::new));
    Path rules = dir.resolve("generated.iptables");
    Files.writeString(rules, gen.out());
    CliRun r = check(rules.toString());
    assertThat(r.exit()).as(r.out()).isZero();
    assertThat(r.out()).contains("Every flow is allowed.");
  }

  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      value = {
        "firewall check --policy ../examples/branch-office.yaml --policy-format nft-json --flow 10.0.0.1->10.0.0.2:80/tcp | ../examples/branch-office.yaml:",
        "firewall check --policy /nonexistent.rules --policy-format iptables-save --flow 10.0.0.1->10.0.0.2:80/tcp | /nonexistent.rules",
        "firewall check --policy ../examples/firewall/wdm-server.iptables --policy-format ipchains --flow 10.0.0.1->10.0.0.2:80/tcp | --policy-format ipchains: ",
        "firewall check --policy ../examples/firewall/wdm-server.iptables --policy-format iptables-save --flow 10.0.0.1->10.0.0.2:70000/tcp | --flow 10.0.0.1->10.0.0.2:70000/tcp: port 70000 out of range 1..65535",
        "firewall check --policy ../examples/firewall/wdm-server.iptables --policy-format iptables-save --flow 10.0.0.300->10.0.0.2:80/tcp | --flow 10.0.0.300->10.0.0.2:80/tcp: address \"10.0.0.300\" is not an IP address or CIDR",
        "firewall check --policy ../examples/firewall/wdm-server.iptables --policy-format iptables-save --deployment ../examples/branch-office.yaml --host nope | --host nope: deployment branch-office has no host \"nope\"",
        "firewall generate --deployment ../examples/branch-office.yaml --host wdm-server --target pf | --target pf: ",
      })
  void badInput_exits2_withOneLineNamingThePlace(String args, String start) {
    CliRun r = CliRun.inProcess(args.trim().split(" +"));
    assertThat(r.exit()).as(r.err()).isEqualTo(2);
    assertThat(r.err().lines().count()).isEqualTo(1);
    assertThat(r.err()).startsWith(start);
  }

  @Test
  void unquotedFlow_cutByTheShellsRedirect_saysToQuoteIt() {
    // bash runs `--flow 10.10.0.20->10.10.0.5:443/tcp` as `--flow 10.10.0.20-` >
    // '10.10.0.5:443/tcp'.
    CliRun r =
        CliRun.inProcess(
            "firewall",
            "check",
            "--policy",
            GOOD,
            "--policy-format",
            "iptables-save",
            "--flow",
            "10.10.0.20-");
    assertThat(r.exit()).isEqualTo(2);
    assertThat(r.err().lines())
        .containsExactly(
            "--flow 10.10.0.20-: the flow was cut at '>': the shell read it as a redirect (and"
                + " created a file named after the rest of the flow; delete it). Quote the flow,"
                + " e.g. --flow '10.0.0.20->10.0.0.5:443/tcp'");
    CliRun noArrow =
        CliRun.inProcess(
            "firewall",
            "check",
            "--policy",
            GOOD,
            "--policy-format",
            "iptables-save",
            "--flow",
            "10.10.0.5:443/tcp");
    assertThat(noArrow.err().lines())
        .containsExactly(
            "--flow 10.10.0.5:443/tcp: a flow is SRC->DST:PORT/TRANSPORT, quoted in the shell,"
                + " e.g. --flow '10.0.0.20->10.0.0.5:443/tcp'");
  }

  @Test
  void help_quotesTheFlowExample() {
    assertThat(CliRun.inProcess("firewall", "check", "--help").out())
        .contains("--flow=FLOW           In quotes, e.g. '10.0.0.20->10.0.0.5:443/tcp'\n");
  }

  @Test
  void wrongPolicyFormat_saysWhichFormatTheFileLooksLike() {
    CliRun r =
        CliRun.inProcess(
            "firewall",
            "check",
            "--policy",
            GOOD,
            "--policy-format",
            "nft-json",
            "--flow",
            "10.0.0.1->10.0.0.2:80/tcp");
    assertThat(r.exit()).isEqualTo(2);
    assertThat(r.err()).contains("iptables-save");
  }

  @Test
  void matchSetRules_areUnknownWithoutIpsets_countedApart_andResolvedWithIpsets(@TempDir Path dir)
      throws IOException {
    Path rules = dir.resolve("server.rules");
    Path sets = dir.resolve("ipsets.txt");
    Files.writeString(
        rules,
        String.join(
            "\n",
            "*filter",
            ":INPUT DROP [0:0]",
            ":FORWARD DROP [0:0]",
            ":OUTPUT ACCEPT [0:0]",
            "-A INPUT -p tcp -m set --match-set blocked src -j DROP",
            "-A INPUT -s 10.10.0.0/16 -p tcp -m multiport --dports 80,21,1433 -j ACCEPT",
            "COMMIT",
            ""));
    Files.writeString(sets, "create blocked hash:net family inet\nadd blocked 192.0.2.0/24\n");
    CliRun unknown = check(rules.toString());
    assertThat(unknown.exit()).isEqualTo(1);
    assertThat(unknown.out())
        .contains("3 of 12 flows are denied, 8 unknown.")
        .contains(
            "register-package              UNKNOWN  admin->wdm-server:21/tcp"
                + " (gui-to-master-repository-ftp) is unknown at line 5 (-A INPUT -p tcp -m set"
                + " --match-set blocked src -j DROP): -m set --match-set blocked src (set blocked is"
                + " not defined");
    CliRun resolved = check(rules.toString(), "--ipsets", sets.toString(), "--format", "json");
    assertThat(resolved.exit()).as(resolved.err()).isEqualTo(1);
    JsonNode summary = JSON.readTree(resolved.out()).get("summary");
    assertThat(summary.toString())
        .isEqualTo("{\"flows\":12,\"allowed\":9,\"denied\":3,\"unknown\":0}");
    CliRun bad = check(rules.toString(), "--ipsets", dir.resolve("none.txt").toString());
    assertThat(bad.exit()).isEqualTo(2);
    assertThat(bad.err().strip()).endsWith("none.txt: file not found: check the path");
  }

  private static final String OPEN_BUT =
      "*filter\n:INPUT ACCEPT [0:0]\n:FORWARD ACCEPT [0:0]\n:OUTPUT ACCEPT [0:0]\n"
          + "-A INPUT -p tcp --dport PORT -j DROP\nCOMMIT\n";

  private static Path site(Path dir, String mode) throws IOException {
    Path file = dir.resolve(mode + ".yaml");
    Files.writeString(
        file,
        Files.readString(Path.of(DEPLOYMENT))
            .replace("security: http-and-https", "security: " + mode)
            .replace("https: 443 ", "https: 8443"));
    return file;
  }

  private static CliRun checkSite(Path site, Path policy) {
    return CliRun.inProcess(
        "firewall",
        "check",
        "--policy",
        policy.toString(),
        "--policy-format",
        "iptables-save",
        "--deployment",
        site.toString(),
        "--host",
        "wdm-server");
  }

  private static Path policyDropping(Path dir, int port) throws IOException {
    Path p = dir.resolve("drops-" + port + ".iptables");
    Files.writeString(p, OPEN_BUT.replace("PORT", Integer.toString(port)));
    return p;
  }

  @Test
  void httpsOnly_generateOpensNoInboundHttpPort_onlyTheOutboundWakeUp(@TempDir Path dir)
      throws IOException {
    CliRun gen =
        CliRun.inProcess(
            "firewall",
            "generate",
            "--deployment",
            site(dir, "https").toString(),
            "--host",
            "wdm-server",
            "--target",
            "iptables");
    assertThat(gen.exit()).as(gen.err()).isZero();
    assertThat(gen.out().lines().filter(l -> l.contains("--dport 80 ")))
        .singleElement()
        .satisfies(l -> assertThat(l).startsWith("-A OUTPUT -d 10.10.8.0/22"));
    assertThat(gen.out()).contains("-A INPUT -s 10.10.8.0/22 -p tcp -m tcp --dport 8443");
  }

  @Test
  void httpsOnly_firewallThatKeeps80Closed_passesTheCheck(@TempDir Path dir) throws IOException {
    CliRun r = checkSite(site(dir, "https"), policyDropping(dir, 80));
    assertThat(r.exit()).as(r.out()).isZero();
    assertThat(r.out())
        .contains("Every flow is allowed.")
        .doesNotContain(":80/tcp (gui-to-web-service-http)")
        .contains("reboot                        AVAILABLE");
  }

  @Test
  void httpAndHttps_firewallThatKeeps80Closed_failsTheCheck(@TempDir Path dir) throws IOException {
    CliRun r = checkSite(site(dir, "http-and-https"), policyDropping(dir, 80));
    assertThat(r.exit()).isEqualTo(1);
    assertThat(r.out()).contains("4 of 12 flows are denied.");
  }

  @Test
  void httpOnly_firewallThatKeeps8443Closed_passesTheCheck(@TempDir Path dir) throws IOException {
    CliRun r = checkSite(site(dir, "http"), policyDropping(dir, 8443));
    assertThat(r.exit()).as(r.out()).isZero();
    assertThat(r.out()).contains("Every flow is allowed.").doesNotContain(":8443/tcp");
  }

  @Test
  void httpOrHttps_oneClosedSide_passesWithDegradedOperations_bothClosedFails(@TempDir Path dir)
      throws IOException {
    Path site = site(dir, "http-or-https");
    CliRun r = checkSite(site, policyDropping(dir, 8443));
    assertThat(r.exit()).as(r.out()).isZero();
    assertThat(r.out())
        .contains("3 of 12 flows are denied.")
        .contains("Each flow that is not allowed has an allowed alternative")
        .contains("reboot                        DEGRADED");
    Path both = dir.resolve("drops-both.iptables");
    Files.writeString(
        both,
        OPEN_BUT.replace(
            "-A INPUT -p tcp --dport PORT -j DROP",
            "-A INPUT -p tcp --dport 80 -j DROP\n-A INPUT -p tcp --dport 8443 -j DROP"));
    CliRun closed = checkSite(site, both);
    assertThat(closed.exit()).isEqualTo(1);
    assertThat(closed.out()).contains("reboot                        BROKEN");
  }

  @Test
  void httpOrHttps_junit_skipsADeniedFlowWhoseAlternativeIsAllowed_neverFailsWhatExitsZero(
      @TempDir Path dir) throws IOException {
    Path site = site(dir, "http-or-https");
    CliRun r =
        CliRun.inProcess(
            "firewall",
            "check",
            "--policy",
            policyDropping(dir, 8443).toString(),
            "--policy-format",
            "iptables-save",
            "--deployment",
            site.toString(),
            "--host",
            "wdm-server",
            "--format",
            "junit");
    assertThat(r.exit()).as(r.out()).isZero();
    assertThat(r.out())
        .doesNotContain("<failure")
        .contains("an allowed alternative stands in for it (security http-or-https");
    assertThat(r.out().split("<skipped message=\"DENY by line 5", -1)).hasSize(4); // 3 to 8443
  }

  @ParameterizedTest
  @ValueSource(strings = {"http", "https", "http-and-https", "http-or-https"})
  void generatedRules_fedBackToCheck_passInEveryMode(String mode, @TempDir Path dir)
      throws IOException {
    Path site = site(dir, mode);
    CliRun gen =
        CliRun.inProcess(
            "firewall",
            "generate",
            "--deployment",
            site.toString(),
            "--host",
            "wdm-server",
            "--target",
            "iptables");
    Path rules = dir.resolve("generated.iptables");
    Files.writeString(rules, gen.out());
    CliRun r = checkSite(site, rules);
    assertThat(r.exit()).as(r.out()).isZero();
    assertThat(r.out()).contains("Every flow is allowed.").doesNotContain("DEGRADED");
  }
}
