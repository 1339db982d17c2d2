package dev.wdmports.firewall.format;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.wdmports.core.Flow;
import dev.wdmports.core.InvalidInputException;
import dev.wdmports.core.report.Direction;
import dev.wdmports.firewall.Decision;
import dev.wdmports.firewall.Evaluation;
import dev.wdmports.firewall.RulePolicy;
import dev.wdmports.firewall.WindowsProfile;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** The same corpus as netsh text and as PowerShell JSON must give the same verdicts. */
class WindowsFirewallTest {
  static Stream<RulePolicy> policies() {
    return Stream.of(
        NetshParser.parse(NftJsonParserTest.resource("netsh-verbose.txt"), "netsh.txt"),
        PowerShellJsonParser.parse(NftJsonParserTest.resource("powershell-rules.json"), "ps.json"));
  }

  private static Evaluation in(RulePolicy p, String flow) {
    return p.evaluate(Flow.parse(flow), Direction.IN);
  }

  @ParameterizedTest
  @MethodSource("policies")
  void allowRule_opensListedPortsFromListedPeers(RulePolicy p) {
    assertThat(p).isInstanceOf(RulePolicy.class);
    Evaluation v = in(p, "10.0.7.9->10.0.0.5:443/tcp");
    assertThat(v.decision()).isEqualTo(Decision.ALLOW);
    assertThat(v.rule().orElseThrow().comment()).contains("WDM Web Service (HTTP-In)");
    assertThat(v.path()).containsExactly("Domain", "Private", "Public");
    assertThat(in(p, "192.168.5.15->10.0.0.5:5001/tcp").decision()).isEqualTo(Decision.ALLOW);
    assertThat(in(p, "192.168.5.21->10.0.0.5:5001/tcp").decision()).isEqualTo(Decision.DENY);
    assertThat(in(p, "10.1.0.1->10.0.0.5:80/tcp").decision()).isEqualTo(Decision.DENY);
  }

  @ParameterizedTest
  @MethodSource("policies")
  void blockRule_winsOverAllowRule(RulePolicy p) {
    Evaluation v = in(p, "10.0.7.9->10.0.0.5:5005/tcp");
    assertThat(v.decision()).isEqualTo(Decision.DENY);
    assertThat(v.rule().orElseThrow().comment()).contains("Block Telnet");
  }

  @ParameterizedTest
  @MethodSource("policies")
  void profilesThatDisagree_giveUnknown_unlessOneIsChosen(RulePolicy p) {
    Evaluation v = in(p, "10.9.9.9->10.0.0.5:1433/tcp");
    assertThat(v.decision()).isEqualTo(Decision.UNKNOWN);
    assertThat(v.warnings().get(0))
        .startsWith("the profiles disagree: Domain ALLOW (line ")
        .endsWith(
            "Private DENY (by policy or default), Public DENY (by policy or default); evaluate one"
                + " profile with withProfile(...)");
    Flow f = Flow.parse("10.9.9.9->10.0.0.5:1433/tcp");
    assertThat(p.withProfile(WindowsProfile.DOMAIN).evaluate(f, Direction.IN).decision())
        .isEqualTo(Decision.ALLOW);
    assertThat(p.withProfile(WindowsProfile.PUBLIC).evaluate(f, Direction.IN).decision())
        .isEqualTo(Decision.DENY);
  }

  @ParameterizedTest
  @MethodSource("policies")
  void disabledRules_areIgnored(RulePolicy p) {
    assertThat(in(p, "10.0.7.9->10.0.0.5:5900/tcp").decision()).isEqualTo(Decision.DENY);
  }

  @ParameterizedTest
  @MethodSource("policies")
  void localSubnet_isUnknown(RulePolicy p) {
    Evaluation v = in(p, "10.0.7.9->10.0.0.5:445/tcp");
    assertThat(v.decision()).isEqualTo(Decision.UNKNOWN);
    assertThat(v.warnings().get(0)).contains("LocalSubnet not known here");
  }

  @ParameterizedTest
  @MethodSource("policies")
  void outboundDefaultAllows_andOutboundBlockDenies(RulePolicy p) {
    assertThat(p.evaluate(Flow.parse("10.0.0.5->10.0.9.9:443/tcp"), Direction.OUT).decision())
        .isEqualTo(Decision.ALLOW);
    assertThat(p.evaluate(Flow.parse("10.0.0.5->10.0.9.9:25/tcp"), Direction.OUT).decision())
        .isEqualTo(Decision.DENY);
  }

  @Test
  void allowRuleThatMayMatch_changesNothing_whenTheDefaultAllows() {
    // Windows' "Core Networking - IPHTTPS (TCP-Out)": an outbound allow on a port keyword and a
    // program; outbound is allowed by default, so whether it matches does not matter
    RulePolicy p =
        NetshParser.parse(
            "Rule Name:                            Core Networking - IPHTTPS (TCP-Out)\n"
                + "-------------------------------------------------------------------\n"
                + "Enabled:                              Yes\n"
                + "Direction:                            Out\n"
                + "Profiles:                             Domain,Private,Public\n"
                + "Protocol:                             TCP\n"
                + "RemotePort:                           IPHTTPS\n"
                + "Program:                              C:\\WINDOWS\\system32\\svchost.exe\n"
                + "InterfaceTypes:                       Any\n"
                + "Security:                             NotRequired\n"
                + "Action:                               Allow\n"
                + "Ok.\n",
            "netsh.txt");
    Evaluation out = p.evaluate(Flow.parse("10.0.0.5->203.0.113.9:443/tcp"), Direction.OUT);
    assertThat(out.decision()).isEqualTo(Decision.ALLOW);
    assertThat(out.warnings()).isEmpty();
  }

  @Test
  void netshExportWithoutVerbose_makesItsFlowsUnknown_andGivesTheCommand() {
    // "netsh advfirewall firewall show rule name=all" (devl00p's HackTheBox write-up) prints no
    // Program line: "Allow Port 80, 8080" may be one program's rule only
    String plain =
        "Rule Name:                            Allow Port 80, 8080\n"
            + "----------------------------------------------------------------------\n"
            + "Enabled:                              Yes\n"
            + "Direction:                            In\n"
            + "Profiles:                             Domain,Private,Public\n"
            + "Grouping:\n"
            + "LocalIP:                              Any\n"
            + "RemoteIP:                             Any\n"
            + "Protocol:                             TCP\n"
            + "LocalPort:                            80,8080\n"
            + "RemotePort:                           Any\n"
            + "Edge traversal:                       No\n"
            + "Action:                               Allow\n";
    RulePolicy p = NetshParser.parse(plain, "netsh.txt");
    Evaluation v = in(p, "10.0.0.20->10.0.0.5:8080/tcp");
    assertThat(v.decision()).isEqualTo(Decision.UNKNOWN);
    assertThat(v.warnings().get(0)).startsWith("line 1 (rule \"Allow Port 80, 8080\"): the export");
    assertThat(in(p, "10.0.0.20->10.0.0.5:22/tcp").decision()).isEqualTo(Decision.DENY);
    assertThat(p.notes())
        .containsExactly(
            "netsh.txt: no rule has a Program, InterfaceTypes or Security line: the export was made"
                + " without verbose, so the flows its rules might decide are UNKNOWN. Export with:"
                + " netsh advfirewall firewall show rule name=all verbose");
    RulePolicy verbose =
        NetshParser.parse(
            plain.replace("Action:", "InterfaceTypes:                       Any\nAction:"),
            "netsh.txt");
    assertThat(in(verbose, "10.0.0.20->10.0.0.5:8080/tcp").decision()).isEqualTo(Decision.ALLOW);
    assertThat(verbose.notes()).isEmpty();
  }

  @Test
  void netsh_programRestriction_andIcmpRules() {
    RulePolicy p = policies().findFirst().orElseThrow();
    Evaluation tftp = in(p, "10.0.7.9->10.0.0.5:69/udp");
    assertThat(tftp.decision()).isEqualTo(Decision.UNKNOWN);
    assertThat(tftp.warnings().get(0))
        .isEqualTo(
            "line 69 (rule \"TFTP (UDP-In)\"): Program=%SystemRoot%\\system32\\tftpd.exe is not"
                + " understood; the verdict may differ");
    assertThat(p.rules()).hasSize(8);
    assertThat(p.rules().get(7).rule().transports()).isEmpty();
  }

  @Test
  void powershell_keywordPortsAreUnknown_andProfileFlagsAreRead() {
    RulePolicy p = policies().skip(1).findFirst().orElseThrow();
    assertThat(p.rules().get(5).profiles())
        .containsExactlyInAnyOrder(WindowsProfile.PRIVATE, WindowsProfile.PUBLIC);
    Evaluation v =
        p.withProfile(WindowsProfile.PUBLIC)
            .evaluate(Flow.parse("10.0.7.9->10.0.0.5:135/tcp"), Direction.IN);
    assertThat(v.decision()).isEqualTo(Decision.UNKNOWN);
    assertThat(v.warnings().get(0)).contains("LocalPort=RPCEPMap");
  }

  @Test
  void powershell_singleObject_isOneRule() {
    RulePolicy p =
        PowerShellJsonParser.parse(
            "{\"DisplayName\":\"x\",\"Direction\":\"Outbound\",\"Action\":\"Allow\",\"Enabled\":false}",
            "one.json");
    assertThat(p.rules()).hasSize(1);
    assertThat(p.rules().get(0).enabled()).isFalse();
  }

  @Test
  void badValues_areNamed() {
    assertThatThrownBy(
            () ->
                NetshParser.parse(
                    "Rule Name: x\n---\nEnabled: Maybe\nDirection: In\nAction: Allow\n", "n.txt"))
        .isInstanceOf(InvalidInputException.class)
        .hasMessage(
            "n.txt:3:10: Enabled \"Maybe\" is not known: use Yes/No, True/False or 1/2 (rule \"x\")");
    assertThatThrownBy(
            () ->
                NetshParser.parse(
                    "Rule Name: x\n---\nEnabled: Yes\nDirection: In\nLocalPort: 70000\nAction:"
                        + " Allow\n",
                    "n.txt"))
        .hasMessage("n.txt:5:12: LocalPort: port 70000 out of range 1..65535 (rule \"x\")");
    assertThatThrownBy(
            () ->
                NetshParser.parse(
                    "Rule Name: x\n---\nEnabled: Yes\nDirection: In\nRemoteIP: 10.0.0.300/33\nAction:"
                        + " Allow\n",
                    "n.txt"))
        .hasMessage(
            "n.txt:5:11: address \"10.0.0.300/33\" is not an IP address or CIDR: use e.g. 10.0.0.5,"
                + " 10.0.0.0/24 or 2001:db8::/32 (rule \"x\")");
    assertThatThrownBy(() -> NetshParser.parse("Rule Name: x\n---\nEnabled: Yes\n", "n.txt"))
        .hasMessage("n.txt:1: rule \"x\" has no Direction line: the block is incomplete");
    assertThatThrownBy(() -> NetshParser.parse("Enabled: Yes\n", "n.txt"))
        .hasMessage(
            "n.txt:1:1: \"Enabled\" comes before the first \"Rule Name:\": expected netsh show rule"
                + " output");
    assertThatThrownBy(() -> NetshParser.parse("Rule Name: x\nGarbage\n", "n.txt"))
        .hasMessage(
            "n.txt:2:1: \"Garbage\" is not a \"Field: value\" line: expected netsh ... show rule"
                + " name=all verbose output (in English)");
    assertThatThrownBy(() -> NetshParser.parse("", "n.txt"))
        .hasMessage(
            "n.txt:1:1: the file is empty: expected netsh advfirewall firewall show rule name=all"
                + " verbose output");
    assertThatThrownBy(
            () ->
                PowerShellJsonParser.parse(
                    "[\n {\"DisplayName\": \"x\", \"Direction\": 3, \"Action\": 2}\n]", "p.json"))
        .hasMessage(
            "p.json:2:2: Direction \"3\" is not known: use In/Inbound (1) or Out/Outbound (2) (rule"
                + " \"x\", /0/Direction)");
    assertThatThrownBy(
            () ->
                PowerShellJsonParser.parse(
                    "[\n {\"DisplayName\": \"x\", \"Action\": 2}\n]", "p.json"))
        .hasMessage("p.json:2:2: rule \"x\" has no Direction: export it too");
    assertThatThrownBy(() -> PowerShellJsonParser.parse("[{\"DisplayName\": \"x\",", "p.json"))
        .hasMessage("p.json:1:22: file ends too early (truncated?): within/between Object entries");
    assertThatThrownBy(
            () ->
                PowerShellJsonParser.parse(
                    "[{\"DisplayName\":\"x\",\"Direction\":1,\"Action\":9}]", "p.json"))
        .hasMessageContaining("Action \"9\" is not known");
    assertThatThrownBy(
            () ->
                PowerShellJsonParser.parse(
                    "[{\"DisplayName\":\"x\",\"Direction\":1,\"Action\":2,\"Profile\":\"Home\"}]",
                    "p.json"))
        .hasMessageContaining("profile \"Home\" is not known");
    assertThatThrownBy(() -> PowerShellJsonParser.parse("42", "p.json"))
        .hasMessage("p.json:1:1: expected an array of rules from ConvertTo-Json");
  }

  @Test
  void wrongFormat_saysWhichItLooksLike() {
    assertThatThrownBy(
            () -> NetshParser.parse(NftJsonParserTest.resource("powershell-rules.json"), "r.txt"))
        .hasMessage(
            "r.txt:1:1: this looks like powershell-json (Get-NetFirewallRule ... | ConvertTo-Json),"
                + " not netsh: pass --policy-format powershell-json");
  }

  @Test
  void bypassAction_isUnknown() {
    RulePolicy p =
        NetshParser.parse(
            "Rule Name: b\n---\nEnabled: Yes\nDirection: In\nProfiles: Any\nAction: Bypass\n",
            "b.txt");
    assertThat(p.evaluate(Flow.parse("10.0.0.1->10.0.0.2:80/tcp"), Direction.IN).decision())
        .isEqualTo(Decision.UNKNOWN);
    assertThat(List.of(p.rules().get(0).profiles().size())).containsExactly(3);
  }

  @Test
  void plainGetNetFirewallRuleExport_makesItsFlowsUnknown_andGivesThePipeline() {
    RulePolicy p =
        PowerShellJsonParser.parse(
            "[{\"Name\": \"SSH\", \"DisplayName\": \"OpenSSH Server (sshd)\", \"Enabled\": 1,"
                + " \"Direction\": 1, \"Action\": 2, \"Profile\": 0,"
                + " \"PrimaryStatus\": 1, \"EnforcementStatus\": [0]}]",
            "plain.json");
    Evaluation v = p.evaluate(Flow.parse("10.0.7.9->10.0.0.5:1433/tcp"), Direction.IN);
    assertThat(v.decision()).isEqualTo(Decision.UNKNOWN);
    assertThat(v.warnings().get(0))
        .isEqualTo(
            "line 1 (rule \"OpenSSH Server (sshd)\", JSON /0): no Protocol, LocalPort, RemotePort,"
                + " LocalAddress or RemoteAddress in the export (a plain Get-NetFirewallRule |"
                + " ConvertTo-Json leaves the filters out; export with: "
                + PowerShellJsonParser.PIPELINE
                + ") is not understood; the verdict may differ");
    assertThat(p.notes())
        .containsExactly(
            "plain.json: 1 of 1 rules have no port or address filters in the export (a plain"
                + " Get-NetFirewallRule | ConvertTo-Json leaves them out); their flows are UNKNOWN."
                + " Export with: "
                + PowerShellJsonParser.PIPELINE);
    assertThat(PowerShellJsonParser.PIPELINE)
        .startsWith(
            "Get-NetFirewallRule | ForEach-Object { $r=$_; $p=$r | Get-NetFirewallPortFilter;")
        .endsWith("} } | ConvertTo-Json -Depth 3 > rules.json");
  }
}
