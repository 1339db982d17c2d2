package dev.wdmports.firewall.format;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.wdmports.core.Flow;
import dev.wdmports.core.report.Direction;
import dev.wdmports.firewall.Chain;
import dev.wdmports.firewall.ChainPolicy;
import dev.wdmports.firewall.Decision;
import dev.wdmports.firewall.Evaluation;
import dev.wdmports.firewall.FlowToOpen;
import dev.wdmports.firewall.Rule;
import dev.wdmports.firewall.TestPolicies;
import java.util.List;
import java.util.Random;
import java.util.stream.LongStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class NftTextParserTest {
  static ChainPolicy nft(String text) {
    return (ChainPolicy) PolicyFormat.NFT.parse(text, "rules.nft");
  }

  static Evaluation in(ChainPolicy p, String flow) {
    Evaluation v = p.evaluate(Flow.parse(flow), Direction.IN);
    assertThat(TestPolicies.naive(p, Flow.parse(flow), Direction.IN)).isEqualTo(v);
    return v;
  }

  /** What a rule matches and does, without where it was read or how it was written. */
  static String meaning(Rule r) {
    return r.transports()
        + " "
        + r.source()
        + " "
        + r.destination()
        + " "
        + r.sourcePorts()
        + " "
        + r.destinationPorts()
        + " "
        + r.inInterface()
        + " "
        + r.outInterface()
        + " "
        + r.state()
        + " unknown="
        + r.unknown().size()
        + " "
        + r.action().kind()
        + " "
        + r.action().target()
        + " "
        + r.comment();
  }

  static List<String> meaning(ChainPolicy p) {
    return p.chains().stream()
        .flatMap(
            (Chain c) ->
                java.util.stream.Stream.concat(
                    java.util.stream.Stream.of(
                        c.table()
                            + "/"
                            + c.name()
                            + " "
                            + c.hook()
                            + " "
                            + c.priority()
                            + " "
                            + c.policy()),
                    c.rules().stream().map(NftTextParserTest::meaning)))
        .toList();
  }

  @Test
  void capturedText_meansWhatItsJsonMeans() {
    ChainPolicy text =
        (ChainPolicy)
            PolicyFormat.NFT.parse(NftJsonParserTest.resource("nft-captured.nft"), "ruleset.nft");
    ChainPolicy json =
        NftJsonParser.parse(NftJsonParserTest.resource("nft-captured-pretty.json"), "r.json");
    assertThat(meaning(text)).isEqualTo(meaning(json));
    Evaluation v = in(text, "10.231.5.5->10.231.0.1:22/tcp");
    assertThat(v.decision()).isEqualTo(Decision.ALLOW);
    assertThat(v.line()).isEqualTo(7);
    assertThat(v.rule().orElseThrow().location())
        .contains("table inet filter, chain input, line 7");
  }

  @Test
  void definesNestedAndInSets_areSubstituted() {
    ChainPolicy p =
        nft(
            String.join(
                "\n",
                "define web = { 80, 443 }",
                "define admin = 10.0.0.20",
                "define ports = { $web, 8443 }",
                "table inet filter {",
                "  chain input {",
                "    type filter hook input priority filter + 10; policy drop;",
                "    ip saddr $admin tcp dport $ports accept",
                "  }",
                "}"));
    assertThat(in(p, "10.0.0.20->10.0.0.5:8443/tcp").decision()).isEqualTo(Decision.ALLOW);
    assertThat(in(p, "10.0.0.20->10.0.0.5:443/tcp").decision()).isEqualTo(Decision.ALLOW);
    assertThat(in(p, "10.0.0.21->10.0.0.5:443/tcp").decision()).isEqualTo(Decision.DENY);
    assertThat(p.chains().get(0).priority()).isEqualTo(10);
  }

  @Test
  void commandForms_flushAddInsertDelete_buildTheSameRuleset() {
    ChainPolicy p =
        nft(
            String.join(
                "\n",
                "#!/usr/sbin/nft -f",
                "flush ruleset",
                "add table ip t",
                "add chain ip t input { type filter hook input priority 0 ; policy drop ; }",
                "add rule ip t input tcp dport 22 accept",
                "insert rule ip t input tcp dport 22 drop  # inserted first",
                "add table inet gone",
                "delete table inet gone",
                "add rule ip t input udp dport 53 \\",
                "    accept; add rule ip t input tcp dport 80 accept"));
    assertThat(in(p, "1.1.1.1->2.2.2.2:22/tcp").decision()).isEqualTo(Decision.DENY);
    assertThat(in(p, "1.1.1.1->2.2.2.2:22/tcp").line()).isEqualTo(6);
    assertThat(in(p, "1.1.1.1->2.2.2.2:53/udp").decision()).isEqualTo(Decision.ALLOW);
    assertThat(in(p, "1.1.1.1->2.2.2.2:80/tcp").decision()).isEqualTo(Decision.ALLOW);
    assertThat(p.chains()).hasSize(1);
  }

  @Test
  void statementItDoesNotModel_makesItsFlowsUnknown_namingTheLine() {
    ChainPolicy p =
        nft(
            String.join(
                "\n",
                "table ip f {",
                "  chain input {",
                "    type filter hook input priority filter; policy drop;",
                "    tcp dport 22 limit rate 10/minute accept",
                "    ct state established,related counter packets 3 bytes 120 accept",
                "    tcp dport 80 log prefix \"web \" level info accept",
                "  }",
                "}"));
    Evaluation ssh = in(p, "1.1.1.1->2.2.2.2:22/tcp");
    assertThat(ssh.decision()).isEqualTo(Decision.UNKNOWN);
    assertThat(ssh.warnings())
        .anySatisfy(w -> assertThat(w).startsWith("line 4 ").contains("limit rate 10/minute"));
    assertThat(in(p, "1.1.1.1->2.2.2.2:80/tcp").decision()).isEqualTo(Decision.ALLOW);
    assertThat(in(p, "1.1.1.1->2.2.2.2:81/tcp").decision()).isEqualTo(Decision.DENY);
  }

  @Test
  void namedSets_areResolvedFromTheDocument_byTheSharedBackEnd() {
    ChainPolicy p =
        nft(
            String.join(
                "\n",
                "table ip f {",
                "  set admins {",
                "    type ipv4_addr",
                "    flags interval",
                "    elements = { 10.0.0.0/24,",
                "                 10.9.0.1 }",
                "  }",
                "  chain input {",
                "    type filter hook input priority filter; policy drop;",
                "    ip saddr @admins tcp dport 22 accept",
                "  }",
                "}"));
    Evaluation v = in(p, "10.0.0.7->2.2.2.2:22/tcp");
    assertThat(v.decision()).isEqualTo(Decision.ALLOW);
    assertThat(v.line()).isEqualTo(10);
    assertThat(in(p, "10.9.0.1->2.2.2.2:22/tcp").decision()).isEqualTo(Decision.ALLOW);
    assertThat(in(p, "10.9.0.2->2.2.2.2:22/tcp").decision()).isEqualTo(Decision.DENY);
    assertThat(in(p, "10.0.0.7->2.2.2.2:23/tcp").decision()).isEqualTo(Decision.DENY);
  }

  @Test
  void transportHeaderMatchOfAnotherProtocol_doesNotMakeTcpFlowsUnknown() {
    ChainPolicy p =
        nft(
            String.join(
                "\n",
                "table inet f {",
                "  chain input {",
                "    type filter hook input priority filter; policy drop;",
                "    icmp type echo-request accept",
                "    icmpv6 type { nd-neighbor-solicit, echo-request } accept",
                "    tcp flags syn tcp dport 7 drop",
                "    tcp dport { ssh, https } accept",
                "  }",
                "}"));
    Evaluation https = in(p, "10.9.0.5->10.0.0.2:443/tcp");
    assertThat(https.decision()).isEqualTo(Decision.ALLOW);
    assertThat(https.line()).isEqualTo(7);
    assertThat(in(p, "10.9.0.5->10.0.0.2:22/tcp").decision()).isEqualTo(Decision.ALLOW);
    assertThat(in(p, "10.9.0.5->10.0.0.2:53/udp").decision()).isEqualTo(Decision.DENY);
    // tcp flags is not modelled, but 7/tcp is dropped whether the rule matches or not
    assertThat(in(p, "10.9.0.5->10.0.0.2:7/tcp").decision()).isEqualTo(Decision.DENY);
  }

  @Test
  void mapsAndConcatenatedSetElements_leaveTheirLookupsUnknown_neverRefuseTheFile() {
    ChainPolicy p =
        nft(
            String.join(
                "\n",
                "table ip t {",
                "  map m {",
                "    type ipv4_addr : mark",
                "  }",
                "  set pairs {",
                "    type ipv4_addr . inet_service",
                "    elements = { 10.0.0.7 . 22 }",
                "  }",
                "  chain input {",
                "    type filter hook input priority filter; policy accept;",
                "    ip saddr @m tcp dport 22 drop",
                "    ip saddr . tcp dport @pairs drop",
                "  }",
                "}",
                "add map ip t m2 { type ipv4_addr : mark; }"));
    Evaluation v = in(p, "10.0.0.7->2.2.2.2:22/tcp");
    assertThat(v.decision()).isEqualTo(Decision.UNKNOWN);
    assertThat(v.warnings()).anySatisfy(w -> assertThat(w).contains("@m"));
    // the text reader keeps a concatenation as an unknown expression, naming its line
    Evaluation udp = in(p, "10.0.0.7->2.2.2.2:53/udp");
    assertThat(udp.decision()).isEqualTo(Decision.UNKNOWN);
    assertThat(udp.warnings()).singleElement().asString().startsWith("line 12 ");
  }

  @Test
  void verdictMap_decidesUnknown_neverSkipped() {
    ChainPolicy p =
        nft(
            "table ip f {\n chain input {\n  type filter hook input priority 0; policy accept;\n"
                + "  tcp dport vmap { 22 : drop, 80 : accept }\n }\n}\n");
    Evaluation v = in(p, "10.9.0.5->10.0.0.2:22/tcp");
    assertThat(v.decision()).isEqualTo(Decision.UNKNOWN);
    assertThat(v.warnings()).anySatisfy(w -> assertThat(w).startsWith("line 4 ").contains("vmap"));
  }

  @Test
  void emptyRuleset_asNftListRulesetPrintsIt_filtersNothing() {
    ChainPolicy p = nft("# nothing loaded\n");
    assertThat(p.chains()).isEmpty();
    assertThat(p.notes()).containsExactly("rules.nft: no tables: nothing is filtered");
    assertThat(in(p, "10.9.0.5->10.0.0.2:22/tcp").decision()).isEqualTo(Decision.ALLOW);
  }

  @Test
  void definesThatGrowExponentially_areRefused_notExpanded() {
    StringBuilder sb = new StringBuilder("define d0 = { 1, 2 }\n");
    for (int i = 1; i <= 40; i++) {
      sb.append("define d").append(i).append(" = { $d").append(i - 1).append(", $d");
      sb.append(i - 1).append(" }\n");
    }
    sb.append("table ip f {\n chain c {\n  tcp dport $d40 accept\n }\n}\n");
    assertThatThrownBy(() -> nft(sb.toString()))
        .hasMessageStartingWith("rules.nft:16:17: variable $d14 expands")
        .hasMessageEndingWith(" expands to more than 100000 tokens: simplify the defines");
  }

  @Test
  void include_isAnErrorNamingTheLine_andWhatToDo() {
    assertThatThrownBy(() -> nft("flush ruleset\n  include \"/etc/nftables.d/*.nft\"\n"))
        .hasMessage(
            "rules.nft:2:3: include \"/etc/nftables.d/*.nft\" is not read: inline the included"
                + " file here, or pass the output of nft list ruleset (it has no includes)");
  }

  @Test
  void variableDefinedOnlyByAnInclude_isReportedAtTheInclude_notAtItsUse() {
    // dfinity/http-gateway-release's nftables.conf: $monitoring_saddr comes from the included
    // file; nft, too, reports the include (line 2) first
    assertThatThrownBy(
            () ->
                nft(
                    "flush ruleset\ninclude \"/mnt/nftables/defs.ruleset\"\n"
                        + "table ip6 f {\n chain c {\n  ip6 saddr $monitoring_saddr accept\n"
                        + " }\n}\n"))
        .hasMessage(
            "rules.nft:2:1: include \"/mnt/nftables/defs.ruleset\" is not read: inline the"
                + " included file here, or pass the output of nft list ruleset (it has no"
                + " includes)");
  }

  @Test
  void syntaxErrors_nameFileLineAndColumn() {
    assertThatThrownBy(() -> nft("table ip f {\n  chain input {\n    tcp dport 22 accept\n"))
        .hasMessage("rules.nft:2:9: chain input is not closed: add a }");
    assertThatThrownBy(() -> nft("table ip f {\n  chain c {\n    tcp dport $ssh accept\n  }\n}"))
        .hasMessage(
            "rules.nft:3:16: variable $ssh is not defined: add \"define ssh = ...\" before its"
                + " use");
    assertThatThrownBy(() -> nft("add rule ip f input tcp dport 22 accept\n"))
        .hasMessage(
            "rules.nft:1:5: table ip f does not exist: declare it first (table ip f { ... } or add"
                + " table ip f)");
    assertThatThrownBy(
            () ->
                nft(
                    "table ip f {\n chain c {\n  type filter hook input priority fliter; policy"
                        + " drop;\n }\n}"))
        .hasMessage(
            "rules.nft:3:35: chain priority \"fliter\" is not known: use a number or filter, raw,"
                + " mangle, dstnat, security, srcnat (+ n)");
    assertThatThrownBy(() -> nft("table ip f {\n  chain c {\n    tcp dport 22 jump ssh\n  }\n}"))
        .hasMessage(
            "rules.nft:3:5: chain c jumps to chain ssh, which table ip f does not have: declare it"
                + " (chain ssh { }) or fix the name");
    assertThatThrownBy(() -> nft("table ip f {\n  chain c {\n    comment \"x\n  }\n}"))
        .hasMessage("rules.nft:3:13: the string is not closed: add a \"");
  }

  @Test
  void sniffer_recognisesNftText_andOtherParsersNameIt() {
    assertThat(PolicyFormat.sniff("flush ruleset\ntable inet x {\n}\n")).contains(PolicyFormat.NFT);
    assertThat(PolicyFormat.sniff("define a = 1\n")).contains(PolicyFormat.NFT);
    assertThatThrownBy(() -> IptablesSaveParser.parse("table inet filter {\n}\n", "r"))
        .hasMessage(
            "r:1:1: this looks like nft (nft list ruleset, or an nft -f file), not iptables-save:"
                + " pass --policy-format nft");
    assertThatThrownBy(() -> nft("*filter\n:INPUT DROP [0:0]\nCOMMIT\n"))
        .hasMessage(
            "rules.nft:1:1: this looks like iptables-save (iptables-save or ip6tables-save output),"
                + " not nft: pass --policy-format iptables-save");
    assertThat(PolicyFormat.fromId("nft")).isSameAs(PolicyFormat.NFT);
  }

  @Test
  void mangledText_isParsedOrRefusedWithALocatedError_neverAnotherException() {
    String base =
        NftJsonParserTest.resource("nft-captured.nft")
            + "define p = { 22, 80 }\nadd rule inet filter wdm tcp dport $p counter packets 1"
            + " bytes 2 log prefix \"x\" limit rate 1/second accept\n"
            + "table ip s {\n set a {\n  type ipv4_addr; flags interval\n"
            + "  elements = { 10.0.0.0/8 }\n }\n}\n";
    String alphabet = "{};,=\"$@#\\\n -/:.!<>0123456789abcdef";
    for (long seed = 1; seed <= 2000; seed++) {
      Random r = new Random(seed);
      StringBuilder sb = new StringBuilder(base);
      for (int k = 0; k < 1 + r.nextInt(4); k++) {
        int at = r.nextInt(sb.length());
        switch (r.nextInt(3)) {
          case 0 -> sb.deleteCharAt(at);
          case 1 -> sb.insert(at, alphabet.charAt(r.nextInt(alphabet.length())));
          default -> sb.setCharAt(at, alphabet.charAt(r.nextInt(alphabet.length())));
        }
      }
      String text = sb.toString();
      try {
        nft(text);
      } catch (dev.wdmports.core.InvalidInputException e) {
        assertThat(e.getMessage()).as("seed " + seed).matches("(?s)rules\\.nft:\\d+:\\d+: .+");
      } catch (RuntimeException e) {
        throw new AssertionError("seed " + seed + ": " + e + "\n" + text, e);
      }
    }
  }

  static LongStream seeds() {
    return LongStream.range(9100, 9140);
  }

  @ParameterizedTest(name = "seed {0}")
  @MethodSource("seeds")
  void generatedNftables_parsesAsText_allowingEveryRequestedFlow_inBothModes(long seed) {
    List<FlowToOpen> requests = FirewallGeneratorTest.randomRequests(new Random(seed), "10.0.0.5");
    for (FirewallGenerator.Mode mode : FirewallGenerator.Mode.values()) {
      String text = FirewallGenerator.NFTABLES.generate(requests, mode);
      ChainPolicy p = nft(text);
      for (FlowToOpen q : requests) {
        assertThat(p.evaluate(q.flow(), q.direction()).decision())
            .as("seed " + seed + " " + mode + ":\n" + text + q)
            .isEqualTo(Decision.ALLOW);
      }
      Flow other = Flow.parse("192.168.77.7->10.0.0.5:7/udp");
      assertThat(p.evaluate(other, Direction.IN).decision())
          .as("seed " + seed + " " + mode)
          .isEqualTo(mode == FirewallGenerator.Mode.ADD_ONLY ? Decision.ALLOW : Decision.DENY);
    }
  }
}
