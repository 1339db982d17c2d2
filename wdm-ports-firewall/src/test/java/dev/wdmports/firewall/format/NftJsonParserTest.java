package dev.wdmports.firewall.format;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.wdmports.core.Flow;
import dev.wdmports.core.InvalidInputException;
import dev.wdmports.core.report.Direction;
import dev.wdmports.firewall.Action;
import dev.wdmports.firewall.ChainPolicy;
import dev.wdmports.firewall.Decision;
import dev.wdmports.firewall.Evaluation;
import dev.wdmports.firewall.TestPolicies;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/**
 * Rulesets captured with {@code nft -f nft-captured.nft; nft -j list ruleset} in a network
 * namespace (nftables 1.0.6, Debian 12).
 */
class NftJsonParserTest {
  static String resource(String name) {
    try (InputStream in = NftJsonParserTest.class.getResourceAsStream("/firewall/" + name)) {
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new AssertionError(e);
    }
  }

  private final ChainPolicy policy =
      NftJsonParser.parse(resource("nft-captured-pretty.json"), "ruleset.json");

  private Evaluation in(String flow) {
    Evaluation v = policy.evaluate(Flow.parse(flow), Direction.IN);
    assertThat(TestPolicies.naive(policy, Flow.parse(flow), Direction.IN)).isEqualTo(v);
    return v;
  }

  @Test
  void baseChainsRunInPriorityOrder_andAcceptDoesNotStopTheNextOne() {
    Evaluation v = in("10.231.5.5->10.231.0.1:22/tcp");
    assertThat(v.decision()).isEqualTo(Decision.ALLOW);
    assertThat(v.path()).containsExactly("ip other/in2", "inet filter/input");
    assertThat(v.rule().orElseThrow().comment()).contains("WDM: web");
    assertThat(v.rule().orElseThrow().text())
        .isEqualTo("ip saddr 10.231.0.0/16 tcp dport { 22, 80, 1000-2000 } accept");
    assertThat(v.rule().orElseThrow().location())
        .startsWith("line 1")
        .contains("table inet filter, chain input, handle 8");
  }

  @Test
  void dropInAnEarlierBaseChainIsFinal() {
    Evaluation v = in("10.231.5.5->10.231.0.1:7/udp");
    assertThat(v.decision()).isEqualTo(Decision.DENY);
    assertThat(v.path()).containsExactly("ip other/in2");
  }

  @Test
  void negatedPrefixAndJumpAndGotoFollowNftSemantics() {
    assertThat(in("10.9.9.9->10.231.0.1:443/tcp").decision()).isEqualTo(Decision.ALLOW);
    Evaluation jump = in("10.0.0.1->10.231.0.1:8080/tcp");
    assertThat(jump.decision()).isEqualTo(Decision.ALLOW);
    assertThat(jump.path()).containsExactly("ip other/in2", "inet filter/input", "inet filter/wdm");
    Evaluation gotoReturn = in("10.2.0.5->10.231.0.1:9999/tcp");
    assertThat(gotoReturn.decision()).isEqualTo(Decision.DENY);
    assertThat(gotoReturn.rule()).isEmpty();
  }

  @Test
  void ip6RulesApplyToIpv6Flows_andIpTablesDoNot() {
    Evaluation v = in("[2001:db8::1]->[2001:db8::5]:69/udp");
    assertThat(v.decision()).isEqualTo(Decision.ALLOW);
    assertThat(v.path()).containsExactly("inet filter/input");
    // "ip saddr != 192.168.1.0/24" (handle 10) does not match IPv6 packets: the flow goes on to
    // the meta mark rule (handle 15), which drops it or lets the next rule (handle 16) drop it
    Evaluation v6 = in("[2001:db8::1]->[2001:db8::5]:443/tcp");
    assertThat(v6.decision()).isEqualTo(Decision.DENY);
    assertThat(v6.rule().orElseThrow().location()).contains("handle 16");
    assertThat(v6.warnings()).anyMatch(w -> w.contains("handle 15"));
  }

  @Test
  void interfaceAndMarkMatchesMakeTheVerdictUnknown() {
    Evaluation iface = in("10.231.1.1->10.231.0.1:9000/tcp");
    assertThat(iface.decision()).isEqualTo(Decision.UNKNOWN);
    assertThat(iface.warnings().get(0)).contains("handle 14").contains("interface eth*");
    // meta mark 1 drop (handle 15), then tcp dport != 25 drop: denied whether the mark matches
    Evaluation mark = in("192.168.1.5->10.231.0.1:443/tcp");
    assertThat(mark.decision()).isEqualTo(Decision.DENY);
    assertThat(mark.warnings().get(0))
        .contains("handle 15")
        .contains("{\"match\":{\"op\":\"==\",\"left\":{\"meta\":{\"key\":\"mark\"}},\"right\":1}}")
        .endsWith("is not understood; the verdict is DENY either way");
  }

  @Test
  void compactAndPrettyCapturesGiveTheSameVerdicts() {
    ChainPolicy compact = NftJsonParser.parse(resource("nft-captured.json"), "c.json");
    for (String f :
        new String[] {
          "10.231.5.5->10.231.0.1:22/tcp",
          "10.0.0.1->10.231.0.1:8080/tcp",
          "10.231.5.5->10.231.0.1:7/udp"
        }) {
      assertThat(compact.evaluate(Flow.parse(f), Direction.IN).decision())
          .isEqualTo(policy.evaluate(Flow.parse(f), Direction.IN).decision());
    }
    assertThat(compact.evaluate(Flow.parse("10.0.0.1->10.0.0.2:80/tcp"), Direction.OUT).decision())
        .isEqualTo(Decision.ALLOW);
  }

  @Test
  void truncatedJson_isReportedWithItsLocation() {
    String json = resource("nft-captured-pretty.json");
    String truncated = json.substring(0, json.length() / 2);
    assertThatThrownBy(() -> NftJsonParser.parse(truncated, "ruleset.json"))
        .isInstanceOf(InvalidInputException.class)
        .hasMessageMatching("ruleset\\.json:\\d+:\\d+: file ends too early \\(truncated\\?\\): .*");
  }

  @Test
  void nftText_isRefusedWithTheCommandToRun() {
    assertThatThrownBy(() -> NftJsonParser.parse(resource("nft-captured.nft"), "ruleset.nft"))
        .hasMessage(
            "ruleset.nft:1:1: this is nftables text, not JSON: pass --policy-format nft, or export"
                + " the ruleset with nft -j list ruleset");
  }

  private static String ruleWithMatch(String right) {
    return "{\"nftables\": [\n"
        + "{\"chain\": {\"family\": \"ip\", \"table\": \"t\", \"name\": \"c\","
        + " \"type\": \"filter\", \"hook\": \"input\", \"prio\": 0, \"policy\": \"accept\"}},\n"
        + "{\"rule\": {\"family\": \"ip\", \"table\": \"t\", \"chain\": \"c\", \"expr\":"
        + " [{\"match\": {\"op\": \"==\", \"left\": {\"payload\": {\"protocol\": \"ip\","
        + " \"field\": \"saddr\"}}, \"right\": "
        + right
        + "}}, {\"drop\": null}]}}\n"
        + "]}";
  }

  /** Found by PolicyFormatFuzzTest#nftJson: a prefix without addr was a NullPointerException. */
  @Test
  void malformedPrefixOrRange_isReportedAtTheRule_notANullPointer() {
    assertThatThrownBy(
            () -> NftJsonParser.parse(ruleWithMatch("{\"prefix\": {\"len\": 8}}"), "r.json"))
        .isInstanceOf(InvalidInputException.class)
        .hasMessageStartingWith(
            "r.json:3:1: a prefix needs a text addr and a number len, e.g. {\"addr\": \"10.0.0.0\","
                + " \"len\": 8}: {\"prefix\":{\"len\":8}} in {\"match\":");
    assertThatThrownBy(
            () -> NftJsonParser.parse(ruleWithMatch("{\"range\": [\"10.0.0.1\"]}"), "r.json"))
        .isInstanceOf(InvalidInputException.class)
        .hasMessageStartingWith(
            "r.json:3:1: a range needs two values [FIRST, LAST], e.g. [1000, 2000]: [\"10.0.0.1\"]"
                + " in {\"match\":");
  }

  /** Found by PolicyFormatFuzzTest#nftJson: a jump without target was a NullPointerException. */
  @Test
  void jumpWithoutTarget_isReportedAtTheRule_notANullPointer() {
    String json =
        "{\"nftables\": [\n"
            + "{\"chain\": {\"family\": \"ip\", \"table\": \"t\", \"name\": \"c\","
            + " \"type\": \"filter\", \"hook\": \"input\", \"prio\": 0, \"policy\": \"accept\"}},\n"
            + "{\"rule\": {\"family\": \"ip\", \"table\": \"t\", \"chain\": \"c\", \"expr\":"
            + " [{\"jump\": {\"tagret\": \"wdm\"}}]}}\n"
            + "]}";
    assertThatThrownBy(() -> NftJsonParser.parse(json, "r.json"))
        .isInstanceOf(InvalidInputException.class)
        .hasMessage(
            "r.json:3:1: jump needs a target chain, e.g. {\"jump\": {\"target\": \"wdm\"}}:"
                + " {\"jump\":{\"tagret\":\"wdm\"}}");
  }

  /** Found by PolicyFormatFuzzTest#nftJson: a chain named "" was an IllegalArgumentException. */
  @Test
  void chainWithBlankName_isReportedAtTheChain() {
    String json =
        "{\"nftables\": [\n"
            + "{\"chain\": {\"family\": \"ip\", \"table\": \"t\", \"name\": \"\"}}\n"
            + "]}";
    assertThatThrownBy(() -> NftJsonParser.parse(json, "r.json"))
        .isInstanceOf(InvalidInputException.class)
        .hasMessage(
            "r.json:2:1: a chain needs a table and a name that are not blank:"
                + " {\"family\":\"ip\",\"table\":\"t\",\"name\":\"\"}");
  }

  @Test
  void jumpToMissingChain_namesTheRule() {
    String json =
        "{\"nftables\": [\n"
            + "{\"chain\": {\"family\": \"inet\", \"table\": \"t\", \"name\": \"input\","
            + " \"type\": \"filter\", \"hook\": \"input\", \"prio\": \"filter\", \"policy\":"
            + " \"drop\"}},\n"
            + "{\"rule\": {\"family\": \"inet\", \"table\": \"t\", \"chain\": \"input\", \"handle\":"
            + " 3, \"expr\": [{\"jump\": {\"target\": \"nope\"}}]}}\n"
            + "]}";
    assertThatThrownBy(() -> NftJsonParser.parse(json, "r.json"))
        .isInstanceOf(InvalidInputException.class)
        .hasMessage(
            "r.json:3: chain input jumps to chain nope, which does not exist: define it (:nope - [0:0])"
                + " or fix the name");
  }

  @Test
  void loopBetweenChains_isRefused() {
    String json =
        "{\"nftables\": [\n"
            + "{\"chain\": {\"family\": \"ip\", \"table\": \"t\", \"name\": \"a\"}},\n"
            + "{\"chain\": {\"family\": \"ip\", \"table\": \"t\", \"name\": \"b\"}},\n"
            + "{\"rule\": {\"family\": \"ip\", \"table\": \"t\", \"chain\": \"a\", \"expr\":"
            + " [{\"jump\": {\"target\": \"b\"}}]}},\n"
            + "{\"rule\": {\"family\": \"ip\", \"table\": \"t\", \"chain\": \"b\", \"expr\":"
            + " [{\"goto\": {\"target\": \"a\"}}]}}\n"
            + "]}";
    assertThatThrownBy(() -> NftJsonParser.parse(json, "r.json"))
        .hasMessage("r.json:5: chains loop: a -> b -> a: remove one of the jumps");
  }

  @Test
  void skippedFamiliesAndHooksAreNoted() {
    String json =
        "{\"nftables\": [{\"metainfo\": {\"version\": \"1.0.6\"}},\n"
            + "{\"chain\": {\"family\": \"bridge\", \"table\": \"b\", \"name\": \"x\"}},\n"
            + "{\"chain\": {\"family\": \"ip\", \"table\": \"n\", \"name\": \"pre\", \"type\":"
            + " \"nat\", \"hook\": \"prerouting\", \"prio\": \"dstnat\", \"policy\": \"accept\"}},\n"
            + "{\"rule\": {\"family\": \"ip\", \"table\": \"n\", \"chain\": \"pre\", \"expr\":"
            + " [{\"accept\": null}]}},\n"
            + "{\"chain\": {\"family\": \"ip\", \"table\": \"f\", \"name\": \"in\", \"type\":"
            + " \"filter\", \"hook\": \"input\", \"prio\": \"filter + 10\"}},\n"
            + "{\"rule\": {\"family\": \"ip\", \"table\": \"f\", \"chain\": \"in\", \"expr\":"
            + " [{\"match\": {\"op\": \"<\", \"left\": {\"payload\": {\"protocol\": \"tcp\","
            + " \"field\": \"dport\"}}, \"right\": 1024}}, {\"limit\": {\"rate\": 1}},"
            + " {\"drop\": null}]}},\n"
            + "{\"rule\": {\"family\": \"ip\", \"table\": \"f\", \"chain\": \"in\", \"expr\":"
            + " [{\"match\": {\"op\": \"==\", \"left\": {\"meta\": {\"key\": \"l4proto\"}},"
            + " \"right\": \"udp\"}}, {\"reject\": null}]}}\n"
            + "]}";
    ChainPolicy p = NftJsonParser.parse(json, "r.json");
    assertThat(p.notes())
        .containsExactly(
            "line 2: chain bridge b x and the other chains of family bridge skipped (bridge tables"
                + " do not filter routed IP traffic to or from the host)",
            "line 3: chain ip n pre skipped (type nat, hook prerouting does not filter flows to or"
                + " from the host)");
    assertThat(p.evaluate(Flow.parse("10.0.0.1->10.0.0.2:80/tcp"), Direction.IN).decision())
        .isEqualTo(Decision.UNKNOWN);
    assertThat(p.evaluate(Flow.parse("10.0.0.1->10.0.0.2:8080/tcp"), Direction.IN).decision())
        .isEqualTo(Decision.ALLOW);
    assertThat(p.evaluate(Flow.parse("10.0.0.1->10.0.0.2:8080/udp"), Direction.IN).decision())
        .isEqualTo(Decision.DENY);
  }

  @Test
  void badValues_areReportedAtTheRule() {
    String json =
        "{\"nftables\": [\n"
            + "{\"chain\": {\"family\": \"ip\", \"table\": \"f\", \"name\": \"in\", \"type\":"
            + " \"filter\", \"hook\": \"input\", \"prio\": 0, \"policy\": \"accept\"}},\n"
            + "{\"rule\": {\"family\": \"ip\", \"table\": \"f\", \"chain\": \"in\", \"expr\":"
            + " [{\"match\": {\"op\": \"==\", \"left\": {\"payload\": {\"protocol\": \"tcp\","
            + " \"field\": \"dport\"}}, \"right\": 70000}}, {\"drop\": null}]}}\n"
            + "]}";
    assertThatThrownBy(() -> NftJsonParser.parse(json, "r.json"))
        .hasMessageStartingWith("r.json:3:1: port 70000 out of range 1..65535 in {\"match\"");
  }

  /** iptables-restore into iptables-nft, then nft -j list ruleset (captured in a namespace). */
  @Test
  void iptablesNftExtensions_commentLogRejectUnderstood_othersUnknown() {
    ChainPolicy p = NftJsonParser.parse(resource("nft-from-iptables-nft.json"), "xt.json");
    Evaluation multiport = p.evaluate(Flow.parse("10.0.0.1->10.0.0.2:80/tcp"), Direction.IN);
    assertThat(multiport.decision()).isEqualTo(Decision.UNKNOWN);
    assertThat(multiport.warnings().get(0))
        .contains(
            "xt match multiport (an iptables-nft extension; nft -j does not show its options: read"
                + " this host with iptables-save) is not understood");
    assertThat(p.evaluate(Flow.parse("10.0.0.1->10.0.0.2:81/udp"), Direction.IN).decision())
        .isEqualTo(Decision.DENY);
    Evaluation reject = p.evaluate(Flow.parse("10.0.0.1->10.0.0.2:81/tcp"), Direction.IN);
    assertThat(reject.decision()).isEqualTo(Decision.UNKNOWN); // the multiport rule comes first
    assertThat(p.chains().get(0).rules().get(1).action()).isEqualTo(Action.REJECT);
    assertThat(p.chains().get(0).rules().get(2).action()).isEqualTo(Action.CONTINUE);
  }

  @Test
  void aTunnelsInnerPort_isAnUnknownCondition_notTheFlowsPort() {
    // nftables 1.1's inner payload ("vxlan tcp dport 22"): the encapsulated packet's port.
    ChainPolicy p =
        nft(
            chain("ip", "in", "\"hook\": \"input\", \"policy\": \"accept\""),
            rule(
                "ip",
                "in",
                match(
                    "{\"payload\": {\"tunnel\": \"vxlan\", \"protocol\": \"tcp\","
                        + " \"field\": \"dport\"}}",
                    "==",
                    "22"),
                "{\"drop\": null}"));
    for (String flow : new String[] {"10.0.0.1->10.0.0.2:22/tcp", "10.0.0.1->10.0.0.2:80/tcp"}) {
      Evaluation v = p.evaluate(Flow.parse(flow), Direction.IN);
      assertThat(v.decision()).as(flow).isEqualTo(Decision.UNKNOWN);
      assertThat(v.warnings().get(0))
          .as(flow)
          .startsWith("line 3 (table ip t, chain in, JSON 3:1): ")
          .contains("\"tunnel\":\"vxlan\"")
          .endsWith("is not understood; the verdict may differ");
    }
  }

  /** A ruleset of one table: its chains (JSON objects without the wrapper) and rules. */
  private static ChainPolicy nft(String... objects) {
    return NftJsonParser.parse(
        "{\"nftables\": [\n" + String.join(",\n", objects) + "\n]}", "r.json");
  }

  private static String chain(String family, String name, String extra) {
    return "{\"chain\": {\"family\": \""
        + family
        + "\", \"table\": \"t\", \"name\": \""
        + name
        + "\", \"type\": \"filter\", \"prio\": 0, "
        + extra
        + "}}";
  }

  private static String rule(String family, String chain, String... exprs) {
    return "{\"rule\": {\"family\": \""
        + family
        + "\", \"table\": \"t\", \"chain\": \""
        + chain
        + "\", \"expr\": ["
        + String.join(", ", exprs)
        + "]}}";
  }

  private static String match(String left, String op, String right) {
    return "{\"match\": {\"op\": \""
        + op
        + "\", \"left\": "
        + left
        + ", \"right\": "
        + right
        + "}}";
  }

  private static String payload(String protocol, String field) {
    return "{\"payload\": {\"protocol\": \"" + protocol + "\", \"field\": \"" + field + "\"}}";
  }

  private static Decision decide(ChainPolicy p, String flow) {
    Evaluation v = p.evaluate(Flow.parse(flow), Direction.IN);
    assertThat(TestPolicies.naive(p, Flow.parse(flow), Direction.IN)).isEqualTo(v);
    return v.decision();
  }

  @Test
  void ip6MatchInInetTable_neverAppliesToIpv4Flow() {
    ChainPolicy p =
        nft(
            chain("inet", "in", "\"hook\": \"input\", \"policy\": \"accept\""),
            rule(
                "inet",
                "in",
                match(payload("ip6", "saddr"), "==", "\"::ffff:10.0.0.20\""),
                "{\"drop\": null}"),
            rule(
                "inet",
                "in",
                match(payload("ip6", "saddr"), "!=", "\"2001:db8::1\""),
                "{\"drop\": null}"),
            rule(
                "inet",
                "in",
                match(payload("ip6", "nexthdr"), "==", "\"tcp\""),
                "{\"drop\": null}"),
            rule(
                "inet",
                "in",
                match("{\"meta\": {\"key\": \"nfproto\"}}", "==", "\"ipv6\""),
                "{\"drop\": null}"));
    assertThat(decide(p, "10.0.0.20->10.0.0.5:22/tcp")).isEqualTo(Decision.ALLOW);
    assertThat(decide(p, "10.0.0.20->10.0.0.5:53/udp")).isEqualTo(Decision.ALLOW);
    assertThat(decide(p, "[::ffff:10.0.0.20]->[2001:db8::5]:22/tcp")).isEqualTo(Decision.DENY);
    assertThat(decide(p, "[2001:db8::1]->[2001:db8::5]:22/tcp")).isEqualTo(Decision.DENY);
    assertThat(decide(p, "[2001:db8::1]->[2001:db8::5]:53/udp")).isEqualTo(Decision.DENY);
  }

  @Test
  void ipv4MappedPrefix_isAnIpv6Prefix() {
    ChainPolicy p =
        nft(
            chain("inet", "in", "\"hook\": \"input\", \"policy\": \"accept\""),
            rule(
                "inet",
                "in",
                match(
                    payload("ip6", "daddr"),
                    "==",
                    "{\"set\": [{\"prefix\": {\"addr\": \"::ffff:0.0.0.0\", \"len\": 96}}]}"),
                "{\"drop\": null}"));
    assertThat(decide(p, "[2001:db8::1]->[::ffff:10.0.0.5]:22/tcp")).isEqualTo(Decision.DENY);
    assertThat(decide(p, "10.0.0.1->10.0.0.5:22/tcp")).isEqualTo(Decision.ALLOW);
  }

  @Test
  void netdevIngressChainWithPolicyDrop_dropsInboundFlowsOnItsDevice() {
    ChainPolicy p =
        nft(
            chain(
                "netdev", "ing", "\"hook\": \"ingress\", \"dev\": \"eth0\", \"policy\": \"drop\""),
            rule(
                "netdev", "ing", match(payload("tcp", "dport"), "==", "22"), "{\"accept\": null}"));
    ChainPolicy onEth0 = p.withInterface("eth0");
    assertThat(decide(onEth0, "10.0.0.20->10.0.0.5:1433/tcp")).isEqualTo(Decision.DENY);
    assertThat(decide(onEth0, "10.0.0.20->10.0.0.5:22/tcp")).isEqualTo(Decision.ALLOW);
    assertThat(decide(p.withInterface("eth1"), "10.0.0.20->10.0.0.5:1433/tcp"))
        .isEqualTo(Decision.ALLOW);
    assertThat(decide(p, "127.0.0.1->127.0.0.1:1433/tcp")).isEqualTo(Decision.ALLOW);
    assertThat(p.evaluate(Flow.parse("10.0.0.20->10.0.0.5:1433/tcp"), Direction.OUT).decision())
        .isEqualTo(Decision.ALLOW);
    Evaluation unknown = p.evaluate(Flow.parse("10.0.0.20->10.0.0.5:1433/tcp"), Direction.IN);
    assertThat(unknown.decision()).isEqualTo(Decision.UNKNOWN);
    assertThat(unknown.warnings())
        .anySatisfy(
            w ->
                assertThat(w)
                    .startsWith(
                        "line 2 (table netdev t, chain ing (hook ingress)): it matches interface"
                            + " eth0 and the flow's interface is not known"));
  }

  @Test
  void netdevIngressChainOnLoopback_dropsLoopbackFlows() {
    ChainPolicy p =
        nft(
            chain(
                "netdev",
                "ing",
                "\"hook\": \"ingress\", \"dev\": [\"lo\", \"eth9\"], \"policy\": \"drop\""));
    assertThat(decide(p, "127.0.0.1->127.0.0.1:1433/tcp")).isEqualTo(Decision.DENY);
    assertThat(decide(p.withInterface("eth9"), "10.0.0.20->10.0.0.5:1433/tcp"))
        .isEqualTo(Decision.DENY);
  }

  @Test
  void portZeroAndReversedRanges_matchNoFlow() {
    ChainPolicy p =
        nft(
            chain("ip", "in", "\"hook\": \"input\", \"policy\": \"accept\""),
            rule("ip", "in", match(payload("tcp", "dport"), "==", "0"), "{\"drop\": null}"),
            rule(
                "ip",
                "in",
                match(payload("udp", "dport"), "==", "{\"range\": [60000, 29]}"),
                "{\"drop\": null}"),
            rule("ip", "in", match(payload("tcp", "dport"), "<", "1"), "{\"drop\": null}"),
            rule(
                "ip",
                "in",
                match(payload("tcp", "dport"), "==", "{\"range\": [0, 22]}"),
                "{\"drop\": null}"));
    assertThat(decide(p, "10.0.0.20->10.0.0.5:1/tcp")).isEqualTo(Decision.DENY);
    assertThat(decide(p, "10.0.0.20->10.0.0.5:23/tcp")).isEqualTo(Decision.ALLOW);
    assertThat(decide(p, "10.0.0.20->10.0.0.5:29/udp")).isEqualTo(Decision.ALLOW);
    assertThat(decide(p, "10.0.0.20->10.0.0.5:60000/udp")).isEqualTo(Decision.ALLOW);
  }

  @Test
  void netdevIngressChainWithoutItsDeviceInTheJson_makesInboundFlowsUnknown() {
    // nft 1.0.6 (Debian 12) prints no "dev" for ingress chains
    ChainPolicy p = nft(chain("netdev", "ing", "\"hook\": \"ingress\", \"policy\": \"drop\""));
    Evaluation v = p.evaluate(Flow.parse("10.0.0.20->10.0.0.5:22/tcp"), Direction.IN);
    assertThat(v.decision()).isEqualTo(Decision.UNKNOWN);
    assertThat(v.warnings())
        .containsExactly(
            "line 2 (table netdev t, chain ing (hook ingress)): the devices of ingress chain ing"
                + " (this nft -j list ruleset does not name them, as nftables 1.0.6 does not; newer versions do) is"
                + " not understood; the verdict may differ");
    assertThat(p.evaluate(Flow.parse("10.0.0.20->10.0.0.5:22/tcp"), Direction.OUT).decision())
        .isEqualTo(Decision.ALLOW);
  }

  @Test
  void netdevIngressChainThatCannotDeny_withoutItsDevices_leavesVerdictsDecided() {
    ChainPolicy p =
        nft(
            chain("netdev", "ing", "\"hook\": \"ingress\", \"policy\": \"accept\""),
            rule("netdev", "ing", match(payload("tcp", "dport"), "==", "22"), "{\"accept\": null}"),
            chain("ip", "in", "\"hook\": \"input\", \"policy\": \"drop\""),
            rule("ip", "in", match(payload("tcp", "dport"), "==", "22"), "{\"accept\": null}"));
    assertThat(decide(p, "10.0.0.20->10.0.0.5:22/tcp")).isEqualTo(Decision.ALLOW);
    assertThat(decide(p, "10.0.0.20->10.0.0.5:23/tcp")).isEqualTo(Decision.DENY);
  }
}
