package dev.wdmports.core.firewall;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.wdmports.core.Flow;
import dev.wdmports.core.firewall.format.FirewallGenerator;
import dev.wdmports.core.firewall.format.IptablesSaveParser;
import dev.wdmports.core.firewall.format.NftJsonParser;
import dev.wdmports.core.firewall.format.PolicyFormat;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * Differential test against the Linux kernel: rulesets are loaded into a network namespace, a
 * client in a second namespace connects to every port, and each outcome must match the verdict of
 * the policy read back with {@code iptables-save} / {@code nft -j list ruleset}: ALLOW ↔ connected,
 * DENY by REJECT ↔ refused, DENY by DROP or policy ↔ timeout.
 *
 * <p>Needs root and {@code ip}, {@code iptables-restore}, {@code nft}, {@code python3}; skipped
 * otherwise. Seeds: {@code -Dwdm.kernel.seed=N} starts the range.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class KernelDifferentialTest {
  static final int[] PORTS = IntStream.range(0, 40).map(i -> 20000 + i * 7).toArray();
  static final double TIMEOUT = 0.3;
  static final int RULESETS = 20;

  NetnsLab lab;
  int flowsChecked;
  final Map<String, Integer> outcomes = new java.util.TreeMap<>();

  @BeforeAll
  void up() {
    String why = NetnsLab.unavailableReason();
    assumeTrue(why == null, why);
    // 22 listens too (SSH), for the lock-out test; the random rulesets probe PORTS only
    lab = NetnsLab.start(IntStream.concat(IntStream.of(22), IntStream.of(PORTS)).toArray());
  }

  @AfterAll
  void down() {
    if (lab != null) {
      lab.close();
      System.out.println(
          "KernelDifferentialTest: "
              + flowsChecked
              + " flows checked against the kernel: "
              + outcomes);
    }
  }

  static long seedBase() {
    return Long.getLong("wdm.kernel.seed", 77_000L);
  }

  @Test
  void randomIptablesRulesets_matchTheKernel() {
    List<String> failures = new ArrayList<>();
    for (long seed = seedBase(); seed < seedBase() + RULESETS; seed++) {
      String ruleset =
          new RandomRulesets(seed, lab.clientAddress, lab.serverAddress, PORTS, true)
              .iptablesSave(8 + (int) (seed % 20));
      lab.inServer(null, "nft", "flush", "ruleset");
      lab.inServer(ruleset, "iptables-restore");
      String saved = lab.inServer(null, "iptables-save");
      FirewallPolicy policy = IptablesSaveParser.parse(saved, "iptables-save");
      compare("iptables seed " + seed, ruleset, policy, failures);
    }
    assertThat(failures).as("disagreements with the kernel").isEmpty();
    assertThat(outcomes).containsKeys("connected", "refused", "timeout");
  }

  @Test
  void randomRulesetsLoadedWithNft_matchTheKernel() {
    List<String> failures = new ArrayList<>();
    for (long seed = seedBase() + 1000; seed < seedBase() + 1000 + RULESETS; seed++) {
      String ruleset =
          new RandomRulesets(seed, lab.clientAddress, lab.serverAddress, PORTS, true)
              .iptablesSave(8 + (int) (seed % 20));
      String nft = lab.inServer(ruleset, "iptables-restore-translate", "-f", "/dev/stdin");
      lab.inServer(null, "nft", "flush", "ruleset");
      lab.inServer(nft, "nft", "-f", "-");
      String json = lab.inServer(null, "nft", "-j", "list", "ruleset");
      FirewallPolicy policy = NftJsonParser.parse(json, "nft-json");
      compare("nft seed " + seed, nft, policy, failures);
    }
    assertThat(failures).as("disagreements with the kernel").isEmpty();
  }

  @Test
  void randomNativeNftRulesetsWithSeveralBaseChains_matchTheKernel() {
    List<String> failures = new ArrayList<>();
    for (long seed = seedBase() + 5000; seed < seedBase() + 5000 + RULESETS; seed++) {
      String script =
          new RandomNftRulesets(seed, lab.clientAddress, lab.serverAddress, PORTS)
              .script(4 + (int) (seed % 8));
      lab.inServer(null, "nft", "flush", "ruleset");
      lab.inServer(script, "nft", "-f", "-");
      FirewallPolicy policy =
          NftJsonParser.parse(lab.inServer(null, "nft", "-j", "list", "ruleset"), "nft-json");
      compare("native nft seed " + seed, script, policy, failures);
    }
    assertThat(failures).as("disagreements with the kernel").isEmpty();
  }

  @Test
  void randomNftTextRulesets_parsedAsText_matchTheKernel_andSoDoesTheKernelsListing() {
    List<String> failures = new ArrayList<>();
    for (long seed = seedBase() + 6000; seed < seedBase() + 6000 + RULESETS; seed++) {
      String text =
          new RandomNftRulesets(seed, lab.clientAddress, lab.serverAddress, PORTS)
              .handWritten(4 + (int) (seed % 8));
      lab.inServer(null, "nft", "flush", "ruleset");
      lab.inServer(text, "nft", "-f", "-");
      compare("nft text seed " + seed, text, PolicyFormat.NFT.parse(text, "text"), failures);
      String listed = lab.inServer(null, "nft", "list", "ruleset");
      compare(
          "nft list ruleset of seed " + seed,
          listed,
          PolicyFormat.NFT.parse(listed, "nft list ruleset"),
          failures);
    }
    assertThat(failures).as("disagreements with the kernel").isEmpty();
  }

  /** The corpus folder: {@code -Dwdmports.corpus=DIR}, else ../../shared/corpus; null if absent. */
  static java.nio.file.Path corpus() {
    String prop = System.getProperty("wdmports.corpus");
    java.nio.file.Path dir =
        java.nio.file.Path.of(prop != null ? prop : "../../shared/corpus").toAbsolutePath();
    return java.nio.file.Files.isRegularFile(dir.resolve("MANIFEST.json")) ? dir : null;
  }

  /**
   * The kernel's own printing of real rulesets parses as nft text: every nftables shell-test dump
   * the corpus marks valid is loaded with {@code nft -j -f} into the lab's namespace and listed
   * with {@code nft list ruleset}; the text must never be rejected, and where the JSON listing of
   * the same ruleset decides a flow, the text must decide it the same way.
   */
  @Test
  void corpusRulesets_listedByTheKernel_parseAsText_withTheJsonListingsVerdicts()
      throws java.io.IOException {
    java.nio.file.Path dir = corpus();
    assumeTrue(
        dir != null,
        "corpus not found at ../../shared/corpus (set -Dwdmports.corpus=DIR): skipping the"
            + " corpus listing test");
    com.fasterxml.jackson.databind.JsonNode manifest =
        new com.fasterxml.jackson.databind.ObjectMapper()
            .readTree(dir.resolve("MANIFEST.json").toFile());
    List<String> failures = new ArrayList<>();
    Map<String, Integer> figures = new java.util.TreeMap<>();
    List<Flow> flows =
        List.of(
            Flow.parse("10.0.0.1->10.0.0.2:22/tcp"),
            Flow.parse("192.168.0.1->10.0.0.2:80/tcp"),
            Flow.parse("10.0.0.1->10.0.0.2:53/udp"),
            Flow.parse("[2001:db8::1]->[2001:db8::2]:443/tcp"));
    for (com.fasterxml.jackson.databind.JsonNode f : manifest.get("files")) {
      String path = f.path("path").asText();
      if (!path.startsWith("nft/shell-dumps/") || !"valid".equals(f.path("expect").asText())) {
        continue;
      }
      lab.inServer(null, "nft", "flush", "ruleset");
      try {
        lab.inServer(null, "nft", "-j", "-f", dir.resolve(path).toString());
      } catch (IllegalStateException e) {
        figures.merge("not loadable here (devices, kernel features)", 1, Integer::sum);
        continue;
      }
      String listed = lab.inServer(null, "nft", "list", "ruleset");
      String json = lab.inServer(null, "nft", "-j", "list", "ruleset");
      FirewallPolicy text;
      String jsonError = null;
      FirewallPolicy fromJson = null;
      try {
        fromJson = NftJsonParser.parse(json, "j");
      } catch (RuntimeException e) {
        jsonError = e.getMessage().replaceFirst("^j:\\d+:\\d+: ", "");
      }
      try {
        text = PolicyFormat.NFT.parse(listed, "t");
      } catch (RuntimeException e) {
        String why = e.getMessage().replaceFirst("^t:\\d+:\\d+: ", "");
        if (jsonError != null
            && why.replaceFirst(" in \\{.*", "").equals(jsonError.replaceFirst(" in \\{.*", ""))) {
          // the shared back end refuses a value of both listings: not the text reader's doing
          figures.merge("refused by the shared back end, text and JSON alike", 1, Integer::sum);
          System.out.println("corpus: " + path + ": both formats: " + why);
        } else {
          failures.add(path + ": " + e.getMessage() + "\n" + listed);
        }
        continue;
      }
      figures.merge("listed and parsed as text", 1, Integer::sum);
      if (fromJson == null) {
        figures.merge("JSON listing rejected by nft-json", 1, Integer::sum);
        continue;
      }
      for (Flow flow : flows) {
        for (Direction d : Direction.values()) {
          Decision a = text.evaluate(flow, d).decision();
          Decision b = fromJson.evaluate(flow, d).decision();
          if (a != b) {
            failures.add(
                path + ": " + flow.id() + " " + d + " text " + a + ", json " + b + "\n" + listed);
          }
        }
      }
    }
    System.out.println("corpus listings: " + figures);
    assertThat(failures).as("nft list ruleset text of corpus rulesets").isEmpty();
    assertThat(figures.getOrDefault("listed and parsed as text", 0)).isGreaterThan(100);
  }

  @Test
  void randomIp6tablesRulesets_matchTheKernel() {
    List<String> failures = new ArrayList<>();
    for (long seed = seedBase() + 4000; seed < seedBase() + 4000 + RULESETS / 2; seed++) {
      String ruleset =
          new RandomRulesets(seed, lab.clientAddress6, lab.serverAddress6, PORTS, true)
              .iptablesSave(8 + (int) (seed % 20));
      lab.inServer(null, "nft", "flush", "ruleset");
      lab.inServer(ruleset, "ip6tables-restore");
      FirewallPolicy policy =
          IptablesSaveParser.parse(lab.inServer(null, "ip6tables-save"), "ip6tables-save");
      assertThat(policy.families()).containsExactly(Family.IPV6);
      compare(
          "ip6tables seed " + seed,
          ruleset,
          policy,
          failures,
          lab.clientAddress6,
          lab.serverAddress6);
    }
    assertThat(failures).as("disagreements with the kernel").isEmpty();
  }

  /** Requests for the server: some ports from the client (as host or /24), some from others. */
  List<RuleRequest> generatedRequests(long seed) {
    java.util.Random r = new java.util.Random(seed);
    List<RuleRequest> out = new ArrayList<>();
    String prefix = lab.clientAddress.substring(0, lab.clientAddress.lastIndexOf('.'));
    for (int port : PORTS) {
      String peer;
      switch (r.nextInt(5)) {
        case 0:
          peer = lab.clientAddress;
          break;
        case 1:
          peer = prefix + ".0/24";
          break;
        case 2:
          peer = "10.231.255.0/24"; // not the client: its flow must stay closed
          break;
        case 3:
          peer = prefix + ".128/25"; // not the client either
          break;
        default:
          continue;
      }
      out.add(
          new RuleRequest(
              Flow.parse(peer + "->" + lab.serverAddress + ":" + port + "/tcp"),
              Direction.IN,
              "port " + port));
    }
    return out;
  }

  private void checkGenerated(
      String what,
      List<RuleRequest> requests,
      String text,
      FirewallPolicy policy,
      List<String> failures) {
    compare(what, text, policy, failures);
    for (RuleRequest q : requests) {
      if (policy.evaluate(q.flow(), Direction.IN).decision() != Decision.ALLOW) {
        failures.add(what + ": requested flow " + q.flow().id() + " is not allowed:\n" + text);
      }
    }
  }

  @Test
  void generatedIptablesRules_matchTheKernel_andOpenExactlyTheRequests() {
    List<String> failures = new ArrayList<>();
    for (long seed = seedBase() + 2000; seed < seedBase() + 2000 + RULESETS / 2; seed++) {
      List<RuleRequest> requests = generatedRequests(seed);
      String text =
          FirewallGenerator.IPTABLES.generate(requests, FirewallGenerator.Mode.DEFAULT_DENY);
      lab.inServer(null, "nft", "flush", "ruleset");
      lab.inServer(text, "iptables-restore");
      FirewallPolicy policy =
          IptablesSaveParser.parse(lab.inServer(null, "iptables-save"), "saved");
      checkGenerated("generated iptables seed " + seed, requests, text, policy, failures);
    }
    assertThat(failures).as("disagreements with the kernel").isEmpty();
  }

  /**
   * An operator's ruleset: SSH and two of the lab's ports accepted, one rejected, and the policy
   * given (DROP: a locked-down host; ACCEPT: one that blocks a few things only).
   */
  String operatorRules(String inputPolicy) {
    return String.join(
        "\n",
        "*filter",
        ":INPUT " + inputPolicy + " [0:0]",
        ":FORWARD DROP [0:0]",
        ":OUTPUT ACCEPT [0:0]",
        "-A INPUT -i lo -j ACCEPT",
        "-A INPUT -m conntrack --ctstate RELATED,ESTABLISHED -j ACCEPT",
        "-A INPUT -p tcp --dport 22 -j ACCEPT",
        "-A INPUT -p tcp --dport " + PORTS[0] + " -j ACCEPT",
        "-A INPUT -p tcp --dport " + PORTS[1] + " -j ACCEPT",
        "-A INPUT -p tcp --dport " + PORTS[2] + " -j REJECT --reject-with tcp-reset",
        "COMMIT",
        "");
  }

  @Test
  void generate_iptables_byDefault_loadedWithNoflush_keepsSsh_andChangesNothingElse() {
    List<String> failures = new ArrayList<>();
    List<Integer> ports = IntStream.of(PORTS).boxed().toList();
    for (long seed = seedBase() + 2500; seed < seedBase() + 2500 + RULESETS / 4; seed++) {
      List<RuleRequest> requests = generatedRequests(seed);
      String text = FirewallGenerator.IPTABLES.generate(requests);
      lab.inServer(null, "nft", "flush", "ruleset");
      String operator = operatorRules(seed % 2 == 0 ? "DROP" : "ACCEPT");
      lab.inServer(operator, "iptables-restore");
      Map<Integer, String> before = lab.connect(ports, TIMEOUT);
      lab.inServer(text, "iptables-restore", "--noflush");
      String what = "generated iptables (add-only) seed " + seed;
      assertThat(lab.connect(List.of(22), TIMEOUT))
          .as(what + ": SSH after loading\n" + text)
          .containsEntry(22, "connected");
      Map<Integer, String> after = lab.connect(ports, TIMEOUT);
      FirewallPolicy policy =
          IptablesSaveParser.parse(lab.inServer(null, "iptables-save"), "saved");
      dev.wdmports.core.Cidr client = dev.wdmports.core.Cidr.parse(lab.clientAddress);
      for (int port : ports) {
        boolean requested =
            requests.stream()
                .anyMatch(
                    q ->
                        q.flow().port() == port
                            && q.flow()
                                .fromAddress()
                                .flatMap(a -> a.cidr())
                                .orElseThrow()
                                .contains(client));
        // an earlier REJECT of the operator still wins; a DROP policy no longer applies to them
        String expected =
            requested && !"refused".equals(before.get(port)) ? "connected" : before.get(port);
        if (!expected.equals(after.get(port))) {
          failures.add(
              what
                  + ": port "
                  + port
                  + " was "
                  + before.get(port)
                  + ", is "
                  + after.get(port)
                  + ", expected "
                  + expected
                  + "\n"
                  + text);
        }
      }
      compare(what, operator + text, policy, failures);
    }
    assertThat(failures).as("the generated rules changed other traffic").isEmpty();
  }

  @Test
  void generatedNftablesRules_matchTheKernel_andOpenExactlyTheRequests() {
    List<String> failures = new ArrayList<>();
    for (long seed = seedBase() + 3000; seed < seedBase() + 3000 + RULESETS / 2; seed++) {
      List<RuleRequest> requests = generatedRequests(seed);
      String text =
          FirewallGenerator.NFTABLES.generate(requests, FirewallGenerator.Mode.DEFAULT_DENY);
      lab.inServer(null, "nft", "flush", "ruleset");
      lab.inServer(text, "nft", "-f", "-");
      // loading twice must work: the script replaces its table
      lab.inServer(text, "nft", "-f", "-");
      FirewallPolicy policy =
          NftJsonParser.parse(lab.inServer(null, "nft", "-j", "list", "ruleset"), "nft-json");
      checkGenerated("generated nftables seed " + seed, requests, text, policy, failures);
    }
    assertThat(failures).as("disagreements with the kernel").isEmpty();
  }

  @Test
  void generate_nftables_byDefault_besideTheOperatorsTable_matchesTheKernel_andKeepsSsh() {
    List<String> failures = new ArrayList<>();
    for (long seed = seedBase() + 3500; seed < seedBase() + 3500 + RULESETS / 4; seed++) {
      List<RuleRequest> requests = generatedRequests(seed);
      String text = FirewallGenerator.NFTABLES.generate(requests);
      lab.inServer(null, "nft", "flush", "ruleset");
      // the operator's own table: policy drop, SSH and two ports open, one rejected
      String operator =
          String.join(
              "\n",
              "table ip operator {",
              "  chain input {",
              "    type filter hook input priority filter; policy drop;",
              "    iif \"lo\" accept",
              "    ct state established,related accept",
              "    tcp dport 22 accept",
              "    tcp dport { " + PORTS[0] + ", " + PORTS[1] + " } accept",
              "    tcp dport " + PORTS[2] + " reject with tcp reset",
              "  }",
              "}",
              "");
      lab.inServer(operator, "nft", "-f", "-");
      lab.inServer(text, "nft", "-f", "-");
      lab.inServer(text, "nft", "-f", "-");
      assertThat(lab.connect(List.of(22), TIMEOUT))
          .as("SSH after loading\n" + text)
          .containsEntry(22, "connected");
      FirewallPolicy policy =
          NftJsonParser.parse(lab.inServer(null, "nft", "-j", "list", "ruleset"), "nft-json");
      compare("generated nftables (add-only) seed " + seed, operator + text, policy, failures);
    }
    assertThat(failures).as("disagreements with the kernel").isEmpty();
  }

  /** Connects to every port and compares each outcome with the policy's verdict. */
  void compare(String what, String ruleset, FirewallPolicy policy, List<String> failures) {
    compare(what, ruleset, policy, failures, lab.clientAddress, lab.serverAddress);
  }

  void compare(
      String what,
      String ruleset,
      FirewallPolicy policy,
      List<String> failures,
      String client,
      String server) {
    List<Integer> ports = IntStream.of(PORTS).boxed().toList();
    Map<Integer, String> observed = lab.connect(server, ports, TIMEOUT);
    boolean v6 = server.contains(":");
    for (int port : ports) {
      Flow flow =
          Flow.parse(
              (v6 ? "[" + client + "]->[" + server + "]" : client + "->" + server)
                  + ":"
                  + port
                  + "/tcp");
      Verdict v = policy.evaluate(flow, Direction.IN);
      String expected = expected(v);
      flowsChecked++;
      outcomes.merge(observed.get(port), 1, Integer::sum);
      // Linux (6.x here) does not fail an IPv6 connect() on ICMPv6 port-unreachable: the SYN is
      // retried, so an IPv6 REJECT without tcp-reset shows as a timeout. Still a DENY.
      boolean v6IcmpReject =
          v6
              && expected.equals("refused")
              && !v.ruleText().orElse("").contains("tcp-reset")
              && "timeout".equals(observed.get(port));
      if (!expected.equals(observed.get(port)) && !v6IcmpReject) {
        failures.add(
            what
                + ": flow "
                + flow.id()
                + " kernel says "
                + observed.get(port)
                + ", model says "
                + v
                + "\nruleset:\n"
                + ruleset);
      }
    }
  }

  static String expected(Verdict v) {
    switch (v.decision()) {
      case ALLOW:
        return "connected";
      case DENY:
        return v.rule().map(r -> r.action() == Action.REJECT).orElse(false) ? "refused" : "timeout";
      default:
        return "unknown: " + v.warnings();
    }
  }
}
