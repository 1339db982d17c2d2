package dev.wdmports.firewall.format;

import static org.assertj.core.api.Assertions.assertThat;

import dev.wdmports.core.Flow;
import dev.wdmports.core.report.Direction;
import dev.wdmports.firewall.ChainPolicy;
import dev.wdmports.firewall.Decision;
import dev.wdmports.firewall.Evaluation;
import dev.wdmports.firewall.TestPolicies;
import org.junit.jupiter.api.Test;

/**
 * Named sets and maps of {@code nft -j list ruleset}: the resource was captured from nftables 1.0.6
 * (Debian 12) in a network namespace, from a ruleset with sets of addresses, services,
 * concatenations, a map, a mark set, an empty and a dynamic set.
 */
class NftNamedSetsTest {
  private final ChainPolicy policy =
      NftJsonParser.parse(NftJsonParserTest.resource("nft-named-sets.json"), "ruleset.json");

  private Evaluation in(String flow) {
    Evaluation v = policy.evaluate(Flow.parse(flow), Direction.IN);
    assertThat(TestPolicies.naive(policy, Flow.parse(flow), Direction.IN)).isEqualTo(v);
    return v;
  }

  @Test
  void addressSet_withPrefixRangeAndCommentedElements_decides() {
    assertThat(in("10.0.0.5->10.231.0.1:22/tcp").decision()).isEqualTo(Decision.ALLOW);
    assertThat(in("10.5.0.9->10.231.0.1:22/tcp").decision()).isEqualTo(Decision.ALLOW);
    assertThat(in("10.7.0.7->10.231.0.1:22/tcp").decision()).isEqualTo(Decision.ALLOW);
    assertThat(in("10.5.0.10->10.231.0.1:22/tcp").decision()).isEqualTo(Decision.DENY);
    assertThat(in("[fd00::5]->[fd00::1]:22/tcp").decision()).isEqualTo(Decision.ALLOW);
    assertThat(in("[fd00::6]->[fd00::1]:22/tcp").decision()).isEqualTo(Decision.DENY);
  }

  @Test
  void serviceSet_andMapUsedAsSet_matchPorts() {
    assertThat(in("192.168.1.1->10.231.0.1:8005/tcp").decision()).isEqualTo(Decision.ALLOW);
    assertThat(in("192.168.1.1->10.231.0.1:8005/udp").decision()).isEqualTo(Decision.DENY);
    assertThat(in("192.168.1.1->10.231.0.1:3333/udp").decision()).isEqualTo(Decision.ALLOW);
    assertThat(in("192.168.1.1->10.231.0.1:4444/udp").decision()).isEqualTo(Decision.DENY);
  }

  @Test
  void concatenatedSet_matchesAddressAndPortTogether() {
    assertThat(in("10.9.0.2->10.231.0.1:22/tcp").decision()).isEqualTo(Decision.ALLOW);
    assertThat(in("10.9.0.3->10.231.0.1:53/tcp").decision()).isEqualTo(Decision.ALLOW);
    assertThat(in("10.9.0.3->10.231.0.1:22/tcp").decision()).isEqualTo(Decision.DENY);
  }

  @Test
  void negatedLookup_matchesAddressesOutsideTheSet_ofItsFamilyOnly() {
    Evaluation outside = in("192.168.1.1->10.231.0.1:23/tcp");
    assertThat(outside.decision()).isEqualTo(Decision.DENY);
    assertThat(outside.ruleText()).contains("ip saddr != @admins tcp dport 23 reject");
    assertThat(in("10.0.0.5->10.231.0.1:23/tcp").decision()).isEqualTo(Decision.ALLOW);
    assertThat(in("[fd00::7]->[fd00::1]:23/tcp").decision()).isEqualTo(Decision.ALLOW);
  }

  @Test
  void dynamicOrUnmodelledSet_isUnknownOnlyForTheFlowsTheRestMatches() {
    Evaluation seen = in("192.168.1.1->10.231.0.1:25/tcp");
    assertThat(seen.decision()).isEqualTo(Decision.UNKNOWN);
    assertThat(seen.warnings().get(0))
        .contains("ip saddr @seen (set seen is changed by the rule at JSON line ")
        .contains(" as packets pass")
        .contains("is not understood");
    Evaluation mark = in("192.168.1.1->10.231.0.1:26/tcp");
    assertThat(mark.decision()).isEqualTo(Decision.UNKNOWN);
    assertThat(mark.warnings().get(0)).contains("meta mark @marks");
    assertThat(in("192.168.1.1->10.231.0.1:27/tcp").decision()).isEqualTo(Decision.DENY);
  }

  @Test
  void lookupOfASetTheDocumentLacks_isUnknownNamingTheSet() {
    String json =
        "{\"nftables\":[{\"chain\":{\"family\":\"ip\",\"table\":\"t\",\"name\":\"in\","
            + "\"type\":\"filter\",\"hook\":\"input\",\"prio\":0,\"policy\":\"accept\"}},"
            + "{\"rule\":{\"family\":\"ip\",\"table\":\"t\",\"chain\":\"in\",\"expr\":["
            + "{\"match\":{\"op\":\"==\",\"left\":{\"payload\":{\"protocol\":\"tcp\","
            + "\"field\":\"dport\"}},\"right\":22}},"
            + "{\"match\":{\"op\":\"==\",\"left\":{\"payload\":{\"protocol\":\"ip\","
            + "\"field\":\"saddr\"}},\"right\":\"@blocked\"}},{\"drop\":null}]}}]}";
    ChainPolicy p = NftJsonParser.parse(json, "ruleset.json");
    Evaluation v = p.evaluate(Flow.parse("10.0.0.1->10.0.0.2:22/tcp"), Direction.IN);
    assertThat(v.decision()).isEqualTo(Decision.UNKNOWN);
    assertThat(v.warnings().get(0))
        .contains(
            "ip saddr @blocked (set blocked is not defined: define it in the same table (nft add"
                + " set ...)) is not understood");
    assertThat(p.evaluate(Flow.parse("10.0.0.1->10.0.0.2:80/tcp"), Direction.IN).decision())
        .isEqualTo(Decision.ALLOW);
  }

  @Test
  void lookupOfATunnelsInnerPort_isUnknown_notAFailure() {
    // nftables 1.1's inner (tunnel) payload: the port is the encapsulated packet's, not the flow's.
    String json =
        "{\"nftables\":[{\"chain\":{\"family\":\"ip\",\"table\":\"t\",\"name\":\"in\","
            + "\"type\":\"filter\",\"hook\":\"input\",\"prio\":0,\"policy\":\"accept\"}},"
            + "{\"rule\":{\"family\":\"ip\",\"table\":\"t\",\"chain\":\"in\",\"expr\":["
            + "{\"match\":{\"op\":\"==\",\"left\":{\"payload\":{\"tunnel\":\"vxlan\","
            + "\"protocol\":\"tcp\",\"field\":\"dport\"}},\"right\":\"@ports\"}},"
            + "{\"drop\":null}]}}]}";
    ChainPolicy p = NftJsonParser.parse(json, "ruleset.json");
    Evaluation v = p.evaluate(Flow.parse("10.0.0.1->10.0.0.2:22/tcp"), Direction.IN);
    assertThat(v.decision()).isEqualTo(Decision.UNKNOWN);
    assertThat(v.warnings().get(0))
        .startsWith("line 1 (table ip t, chain in, JSON 1:")
        .contains("vxlan tcp dport @ports (a lookup of vxlan tcp dport is not modelled)");
  }
}
