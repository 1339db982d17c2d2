package dev.wdmports.core.firewall;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.wdmports.core.Flow;
import dev.wdmports.core.firewall.format.FirewallGenerator;
import dev.wdmports.core.firewall.format.IptablesSaveParser;
import dev.wdmports.core.firewall.format.NftJsonParser;
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
