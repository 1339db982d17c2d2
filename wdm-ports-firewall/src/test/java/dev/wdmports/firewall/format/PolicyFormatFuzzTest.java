package dev.wdmports.firewall.format;

import com.code_intelligence.jazzer.junit.DictionaryEntries;
import com.code_intelligence.jazzer.junit.FuzzTest;
import com.code_intelligence.jazzer.mutation.annotation.NotNull;
import com.code_intelligence.jazzer.mutation.annotation.WithUtf8Length;
import dev.wdmports.core.Flow;
import dev.wdmports.core.InvalidInputException;
import dev.wdmports.core.report.Direction;
import dev.wdmports.firewall.FirewallPolicy;
import java.util.List;

/**
 * Fuzzes every firewall format and {@code ipset save}. {@link PolicyFormat#parse} and {@link
 * IpSets#parse} may only throw {@link InvalidInputException} (a {@code PolicyException} from the
 * chains is turned into one with the line); a policy that parses must evaluate flows in both
 * directions without throwing. Inputs are at most 64 KiB.
 */
class PolicyFormatFuzzTest {
  private static final List<Flow> FLOWS =
      List.of(
          Flow.parse("10.0.0.20->10.0.0.5:443/tcp"),
          Flow.parse("192.168.5.15->10.0.0.5:69/udp"),
          Flow.parse("[2001:db8::1]->[2001:db8::5]:80/tcp"));

  @FuzzTest(maxDuration = "10m")
  @DictionaryEntries({
    "*filter",
    "*nat",
    ":INPUT DROP [0:0]",
    "-A INPUT ",
    "-p tcp ",
    "-m multiport --dports ",
    "-m set --match-set ",
    "-m conntrack --ctstate ",
    "-s 10.0.0.0/8 ",
    "-j ACCEPT",
    "-j ",
    "-N ",
    "! ",
    "COMMIT"
  })
  void iptablesSave(@NotNull @WithUtf8Length(max = 65536) String content) {
    parse(PolicyFormat.IPTABLES_SAVE, content);
  }

  @FuzzTest(maxDuration = "10m")
  @DictionaryEntries({
    "{\"nftables\":[",
    "{\"table\":{\"family\":\"inet\",\"name\":\"filter\"}}",
    "{\"chain\":{",
    "\"hook\":\"input\"",
    "\"policy\":\"drop\"",
    "{\"rule\":{",
    "\"expr\":[",
    "{\"match\":{\"op\":\"==\",\"left\":{\"payload\":{\"protocol\":\"tcp\",\"field\":\"dport\"}},"
        + "\"right\":",
    "{\"accept\":null}",
    "{\"jump\":{\"target\":",
    "{\"set\":[",
    "{\"range\":[",
    "{\"prefix\":{\"addr\":"
  })
  void nftJson(@NotNull @WithUtf8Length(max = 65536) String content) {
    parse(PolicyFormat.NFT_JSON, content);
  }

  @FuzzTest(maxDuration = "10m")
  @DictionaryEntries({
    "table inet filter {",
    "chain input {",
    "type filter hook input priority 0; policy drop;",
    "}",
    "tcp dport ",
    "ip saddr ",
    "ip6 saddr ",
    "{ ",
    " }",
    "accept",
    "jump ",
    "define ",
    "$",
    "set s { type ipv4_addr; elements = { ",
    "@",
    "!= ",
    "ct state established,related ",
    "include \"",
  })
  void nft(@NotNull @WithUtf8Length(max = 65536) String content) {
    parse(PolicyFormat.NFT, content);
  }

  @FuzzTest(maxDuration = "10m")
  @DictionaryEntries({
    "Rule Name:",
    "----------------------------------------------------------------------",
    "Enabled:",
    "Direction:",
    "Profiles:",
    "LocalIP:",
    "RemoteIP:",
    "Protocol:",
    "LocalPort:",
    "RemotePort:",
    "Action:",
    "Allow",
    "Block",
    "Any",
    "/255.255.0.0",
    "Ok."
  })
  void netsh(@NotNull @WithUtf8Length(max = 65536) String content) {
    parse(PolicyFormat.NETSH, content);
  }

  @FuzzTest(maxDuration = "10m")
  @DictionaryEntries({
    "[{\"Name\":",
    "\"Enabled\":",
    "\"Direction\":",
    "\"Action\":",
    "\"Profile\":",
    "\"Protocol\":",
    "\"LocalPort\":",
    "\"RemotePort\":",
    "\"LocalAddress\":",
    "\"RemoteAddress\":",
    "\"Any\"",
    "\"TCP\"",
  })
  void powerShellJson(@NotNull @WithUtf8Length(max = 65536) String content) {
    parse(PolicyFormat.POWERSHELL_JSON, content);
  }

  @FuzzTest(maxDuration = "10m")
  @DictionaryEntries({
    "{\"SecurityGroups\":[",
    "\"IpPermissions\":[",
    "\"IpPermissionsEgress\":[",
    "\"FromPort\":",
    "\"ToPort\":",
    "\"IpProtocol\":",
    "\"IpRanges\":[{\"CidrIp\":",
    "\"Ipv6Ranges\":[{\"CidrIpv6\":",
    "\"UserIdGroupPairs\":[",
    "\"-1\"",
  })
  void awsSecurityGroups(@NotNull @WithUtf8Length(max = 65536) String content) {
    parse(PolicyFormat.AWS_SG, content);
  }

  @FuzzTest(maxDuration = "10m")
  @DictionaryEntries({
    "create ",
    "add ",
    " hash:ip",
    " hash:net",
    " hash:ip,port",
    " bitmap:port range ",
    " family inet6",
    " timeout ",
    " nomatch",
    ",tcp:"
  })
  void ipsetSave(@NotNull @WithUtf8Length(max = 65536) String content) {
    IpSets sets;
    try {
      sets = IpSets.parse(content, "ipset.save");
    } catch (InvalidInputException expected) {
      return;
    }
    String rules =
        sets.names().stream()
            .map(n -> "-A INPUT -m set --match-set " + n + " src -j ACCEPT\n")
            .reduce("*filter\n:INPUT DROP [0:0]\n", String::concat);
    try {
      evaluate(PolicyFormat.IPTABLES_SAVE.parse(rules + "COMMIT\n", "rules.v4", sets));
    } catch (InvalidInputException expected) {
      // a set name iptables-save would not print
    }
  }

  private static void parse(PolicyFormat format, String content) {
    FirewallPolicy p;
    try {
      p = format.parse(content, "fuzz");
    } catch (InvalidInputException expected) {
      return;
    }
    evaluate(p);
  }

  private static void evaluate(FirewallPolicy p) {
    for (Flow f : FLOWS) {
      p.evaluate(f, Direction.IN);
      p.evaluate(f, Direction.OUT);
    }
  }
}
