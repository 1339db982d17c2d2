package dev.wdmports.firewall.format;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.wdmports.core.InvalidInputException;
import org.junit.jupiter.api.Test;

/**
 * The errors audit (issue 12, item 6) for the firewall readers: the messages no other test pinned
 * word for word. Each names the file, line and column, the value and the fix.
 */
class FirewallMessagesTest {
  private static String netshRule(String field) {
    return "Rule Name: x\n---\nEnabled: Yes\nDirection: In\n" + field + "\nAction: Allow\n";
  }

  private static String psRule(String fields) {
    return "[{\"DisplayName\":\"x\",\"Direction\":1," + fields + "}]";
  }

  @Test
  void netsh_reversedAddressRange_saysToWriteTheLowerFirst() {
    assertThatThrownBy(() -> NetshParser.parse(netshRule("RemoteIP: 10.0.0.9-10.0.0.1"), "n.txt"))
        .isInstanceOf(InvalidInputException.class)
        .hasMessage(
            "n.txt:5:11: address range \"10.0.0.9-10.0.0.1\" is reversed: write the lower address"
                + " first (rule \"x\")");
  }

  @Test
  void netsh_rangeOfTwoFamilies_isNamed() {
    assertThatThrownBy(() -> NetshParser.parse(netshRule("RemoteIP: 10.0.0.1-::5"), "n.txt"))
        .isInstanceOf(InvalidInputException.class)
        .hasMessage(
            "n.txt:5:11: address range \"10.0.0.1-::5\" must join two addresses of one family"
                + " (rule \"x\")");
  }

  @Test
  void iptables_addressWithANetmaskOfTheOtherFamily_isNamed() {
    assertThatThrownBy(
            () ->
                PolicyFormat.IPTABLES_SAVE.parse(
                    "*filter\n:INPUT ACCEPT [0:0]\n-A INPUT -s 10.0.0.0/ffff:: -j DROP\nCOMMIT\n",
                    "rules.v4"))
        .isInstanceOf(InvalidInputException.class)
        .hasMessage(
            "rules.v4:3:13: address \"10.0.0.0/ffff::\" joins an address and a netmask of different"
                + " families: use e.g. 10.0.0.0/255.255.255.0 or a prefix such as /24");
  }

  @Test
  void nft_priorityWithAnOffsetTooLarge_isNamedNotCrashed() {
    assertThatThrownBy(
            () ->
                PolicyFormat.NFT.parse(
                    "table ip t {\n  chain c {\n    type filter hook input priority filter +"
                        + " 99999999999; policy drop;\n  }\n}\n",
                    "rules.nft"))
        .isInstanceOf(InvalidInputException.class)
        .hasMessage(
            "rules.nft:2:9: chain priority \"filter+99999999999\" has no whole-number offset: use e.g."
                + " filter + 10 or a number");
  }

  @Test
  void nftJson_priorityWithABadOffset_isNamedNotCrashed() {
    assertThatThrownBy(
            () ->
                PolicyFormat.NFT_JSON.parse(
                    "{\"nftables\": [{\"table\": {\"family\": \"ip\", \"name\": \"t\"}},"
                        + " {\"chain\": {\"family\": \"ip\", \"table\": \"t\", \"name\":"
                        + " \"c\", \"type\": \"filter\", \"hook\": \"input\", \"prio\":"
                        + " \"filter + x\", \"policy\": \"drop\"}}]}",
                    "rules.json"))
        .isInstanceOf(InvalidInputException.class)
        .hasMessage(
            "rules.json:1:57: chain priority \"filter + x\" has no whole-number offset: use e.g. filter"
                + " + 10 or a number");
  }

  @Test
  void netsh_unknownAction_listsTheKnownOnes() {
    assertThatThrownBy(
            () ->
                NetshParser.parse(
                    "Rule Name: x\n---\nEnabled: Yes\nDirection: In\nAction: Maybe\n", "n.txt"))
        .isInstanceOf(InvalidInputException.class)
        .hasMessage(
            "n.txt:5:9: Action \"Maybe\" is not known: use Allow (2) or Block (4) (rule \"x\")");
  }

  @Test
  void powerShell_unknownProfileFlags_listTheFlags() {
    assertThatThrownBy(
            () -> PowerShellJsonParser.parse(psRule("\"Action\":2,\"Profile\":8"), "p.json"))
        .isInstanceOf(InvalidInputException.class)
        .hasMessage(
            "p.json:1:2: Profile 8 is not known: use flags Domain=1, Private=2, Public=4 (rule"
                + " \"x\", /0/Profile)");
  }

  @Test
  void powerShell_profileTooLargeForAnInt_isNamedNotCrashed() {
    assertThatThrownBy(
            () ->
                PowerShellJsonParser.parse(
                    psRule("\"Action\":2,\"Profile\":\"99999999999\""), "p.json"))
        .isInstanceOf(InvalidInputException.class)
        .hasMessage(
            "p.json:1:2: Profile 99999999999 is not known: use flags Domain=1, Private=2, Public=4"
                + " (rule \"x\", /0/Profile)");
  }

  @Test
  void powerShell_unknownProfileName_listsTheNames() {
    assertThatThrownBy(
            () -> PowerShellJsonParser.parse(psRule("\"Action\":2,\"Profile\":\"Home\""), "p.json"))
        .isInstanceOf(InvalidInputException.class)
        .hasMessage(
            "p.json:1:2: profile \"Home\" is not known: use Domain, Private, Public or Any (rule"
                + " \"x\", /0/Profile)");
  }

  @Test
  void ipset_entryWithoutPort_saysWhatTheTypeNeeds() {
    assertThatThrownBy(
            () ->
                IpSets.parse("create web hash:ip,port family inet\nadd web 10.0.0.5\n", "sets.txt"))
        .isInstanceOf(InvalidInputException.class)
        .hasMessage(
            "sets.txt:2:9: entry \"10.0.0.5\" of set web (hash:ip,port): expected"
                + " ADDRESS,[PROTO:]PORT, e.g. 10.0.0.5,tcp:443");
  }
}
