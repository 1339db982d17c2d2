package dev.wdmports.firewall;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.common.testing.NullPointerTester;
import dev.wdmports.core.Cidr;
import dev.wdmports.core.Flow;
import dev.wdmports.core.PortRange;
import dev.wdmports.core.PortSet;
import dev.wdmports.core.Transport;
import dev.wdmports.core.report.Direction;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class PolicyModelTest {
  private static Rule accept(String text, int line) {
    return Rule.builder().action(Action.ACCEPT).text(text).line(line).build();
  }

  @Test
  void publicTypes_rejectNulls() {
    NullPointerTester t = new NullPointerTester();
    t.setDefault(Cidr.class, Cidr.parse("10.0.0.0/8"));
    t.setDefault(PortSet.class, PortSet.of(80));
    t.setDefault(Flow.class, Flow.parse("10.0.0.1->10.0.0.2:80/tcp"));
    t.setDefault(Rule.class, accept("x", 1));
    t.setDefault(
        Evaluation.class,
        new Evaluation(Decision.ALLOW, java.util.Optional.empty(), List.of(), List.of()));
    t.setDefault(FirewallPolicy.class, ChainPolicy.builder().build());
    t.setDefault(
        dev.wdmports.core.deploy.Deployment.class,
        dev.wdmports.core.deploy.Deployments.read(
            java.nio.file.Path.of("../examples/branch-office.yaml"),
            dev.wdmports.core.catalog.Catalogs.wdm()));
    for (Class<?> c :
        List.of(
            AddressMatch.class,
            PortMatch.class,
            StateMatch.class,
            InterfaceMatch.class,
            UnknownMatch.class,
            Evaluation.class,
            FlowToOpen.class,
            HostCheck.class,
            Chain.class,
            Origin.class,
            Action.class,
            FlatRule.class)) {
      t.testAllPublicStaticMethods(c);
      t.testAllPublicConstructors(c);
    }
    t.testAllPublicInstanceMethods(Rule.builder());
    t.testAllPublicInstanceMethods(RulePolicy.builder());
    t.testAllPublicInstanceMethods(ChainPolicy.builder());
    t.testAllPublicInstanceMethods(ChainPolicy.builder().build());
    t.testAllPublicInstanceMethods(RulePolicy.builder().build());
  }

  @Test
  void action_ofAJump_knowsItsTarget_andOnlyJumpsHaveOne() {
    assertThat(Action.jump("WDM").kind()).isEqualTo(Action.Kind.JUMP);
    assertThat(Action.goTo("WDM").target()).contains("WDM");
    assertThat(Action.ACCEPT.target()).isEmpty();
    assertThat(Action.jump("WDM")).isEqualTo(Action.jump("WDM")).hasToString("JUMP WDM");
    assertThat(Action.REJECT).hasToString("REJECT");
    assertThat(Action.DROP.blocks()).isTrue();
    assertThat(Action.ACCEPT.blocks()).isFalse();
    assertThatThrownBy(() -> new Action(Action.Kind.GOTO, java.util.Optional.empty()))
        .hasMessage("a GOTO action needs a target chain: use Action.jump(\"chain\") or goTo");
    assertThatThrownBy(() -> Action.jump(" "))
        .hasMessage("the target chain of a JUMP is blank: name it");
    assertThatThrownBy(() -> new Action(Action.Kind.ACCEPT, java.util.Optional.of("WDM")))
        .hasMessage("only JUMP and GOTO have a target chain; this action is ACCEPT");
  }

  @Test
  void flatRule_appliesOnlyToItsDirection_itsProfiles_andWhenEnabled() {
    Flow f = Flow.parse("10.0.0.1->10.0.0.5:80/tcp");
    Rule allow = accept("allow", 1);
    RulePolicy inbound = RulePolicy.builder().rule(FlatRule.of(Direction.IN, allow)).build();
    assertThat(inbound.evaluate(f, Direction.IN).decision()).isEqualTo(Decision.ALLOW);
    assertThat(inbound.evaluate(f, Direction.OUT).decision()).isEqualTo(Decision.ALLOW);
    RulePolicy outboundDenied = inbound.toBuilder().defaults(Decision.DENY, Decision.DENY).build();
    assertThat(outboundDenied.evaluate(f, Direction.OUT).decision()).isEqualTo(Decision.DENY);
    RulePolicy disabled =
        RulePolicy.builder().rule(new FlatRule(allow, Direction.IN, Set.of(), false)).build();
    assertThat(disabled.evaluate(f, Direction.IN).decision()).isEqualTo(Decision.DENY);
    RulePolicy domainOnly =
        RulePolicy.builder()
            .profiles(EnumSet.allOf(WindowsProfile.class))
            .rule(new FlatRule(allow, Direction.IN, EnumSet.of(WindowsProfile.DOMAIN), true))
            .build();
    assertThat(domainOnly.withProfile(WindowsProfile.DOMAIN).evaluate(f, Direction.IN).decision())
        .isEqualTo(Decision.ALLOW);
    assertThat(domainOnly.withProfile(WindowsProfile.PUBLIC).evaluate(f, Direction.IN).decision())
        .isEqualTo(Decision.DENY);
    assertThat(domainOnly.evaluate(f, Direction.IN).decision()).isEqualTo(Decision.UNKNOWN);
    assertThat(domainOnly.rules().get(0).rule()).isSameAs(allow);
  }

  @Test
  void values_validateWithMessagesThatSayTheFix() {
    assertThatThrownBy(() -> new AddressMatch(List.of(), true))
        .hasMessage(
            "a negated address match needs at least one network: give the networks to exclude");
    assertThatThrownBy(() -> new PortMatch(PortSet.empty(), false))
        .hasMessage("a port match needs at least one port");
    assertThatThrownBy(() -> new StateMatch(Set.of(), false))
        .hasMessage("a state match needs at least one state, e.g. NEW");
    assertThatThrownBy(() -> new InterfaceMatch(" ", false))
        .hasMessage("interface name is blank: give e.g. eth0 or eth+");
    assertThatThrownBy(() -> new UnknownMatch(""))
        .hasMessage("an unknown match needs its source text");
    assertThatThrownBy(() -> Rule.builder().line(-1).build())
        .hasMessage("line -1 is negative: use 0 when unknown");
    assertThatThrownBy(
            () -> Chain.base("f", "IN", IpFamily.IPV4, Hook.INPUT, 0, Action.RETURN, List.of()))
        .hasMessage("base chain IN has policy RETURN: use ACCEPT or DROP");
    assertThatThrownBy(
            () ->
                new Chain(
                    "f", "U", IpFamily.IPV4, java.util.Optional.empty(), 0, Action.DROP, List.of()))
        .hasMessage("user chain U has policy DROP: user chains return (RETURN)");
    assertThatThrownBy(() -> Chain.user("f", " ", IpFamily.IPV4, List.of()))
        .hasMessage("chain name is blank: give e.g. INPUT");
    assertThatThrownBy(
            () ->
                ChainPolicy.builder()
                    .chain(Chain.user("f", "U", IpFamily.ANY, List.of()))
                    .chain(Chain.user("f", "U", IpFamily.ANY, List.of()))
                    .build())
        .isInstanceOf(PolicyException.class)
        .hasMessage("chain U is defined twice in table f");
    assertThatThrownBy(
            () ->
                ChainPolicy.builder()
                    .chain(
                        Chain.base(
                            "f",
                            "IN",
                            IpFamily.ANY,
                            Hook.INPUT,
                            0,
                            Action.ACCEPT,
                            List.of(Rule.builder().action(Action.jump("IN")).line(3).build())))
                    .build())
        .hasMessage("line 3: chain IN jumps to base chain IN: jump only to user chains");
    assertThatThrownBy(() -> ChainPolicy.builder().families(Set.of(IpFamily.ANY)))
        .hasMessage("families is empty: give IPV4 and/or IPV6");
    assertThatThrownBy(() -> ChainPolicy.builder().interfaceName(" "))
        .hasMessage("interface name is blank: give e.g. eth0");
  }

  @Test
  void values_printCompactly() {
    assertThat(AddressMatch.any().toString()).isEqualTo("any");
    assertThat(AddressMatch.not(Cidr.parse("10.0.0.0/8"), Cidr.parse("::1")).toString())
        .isEqualTo("!10.0.0.0/8,::1");
    assertThat(PortMatch.not(PortSet.of(PortRange.between(1, 1024))).effective().toString())
        .isEqualTo("1025-65535");
    assertThat(PortMatch.not(PortSet.of(PortRange.ALL)).toString()).isEqualTo("!1-65535");
    assertThat(PortMatch.any().toString()).isEqualTo("any");
    assertThat(new StateMatch(Set.of("new", "established"), true).toString())
        .isEqualTo("!ESTABLISHED,NEW");
    assertThat(new InterfaceMatch("eth+", true).toString()).isEqualTo("!eth+");
    assertThat(new InterfaceMatch("eth*", false).matches("eth7")).isTrue();
    assertThat(new UnknownMatch("-m recent").toString()).isEqualTo("-m recent");
    assertThat(WindowsProfile.DOMAIN.displayName()).isEqualTo("Domain");
    assertThat(accept("-A INPUT -j ACCEPT", 0).location()).isEqualTo("rule \"-A INPUT -j ACCEPT\"");
    assertThat(Rule.builder().label("chain x").build().location()).isEqualTo("chain x");
    assertThat(ChainPolicy.builder().sourceName("r").build().toString())
        .isEqualTo("FirewallPolicy{r, FIRST_MATCH, 0 chains}");
    assertThat(RulePolicy.builder().build().toString())
        .isEqualTo("FirewallPolicy{policy, BLOCK_WINS, 0 rules}");
  }

  @Test
  void builtPolicies_keepTheirSettings() {
    FlatRule r =
        new FlatRule(
            accept("x", 1).toBuilder().comment("c").build(),
            Direction.IN,
            EnumSet.of(WindowsProfile.PUBLIC),
            true);
    RulePolicy p =
        RulePolicy.builder()
            .rule(r)
            .profiles(EnumSet.allOf(WindowsProfile.class))
            .defaults(Decision.DENY, Decision.DENY)
            .ephemeralPorts(PortRange.between(32768, 60999))
            .note("n")
            .build();
    RulePolicy q = p.withProfile(WindowsProfile.PUBLIC).withInterface("eth0");
    assertThat(q.rules()).containsExactly(r);
    assertThat(q.selectedProfile()).contains(WindowsProfile.PUBLIC);
    assertThat(q.interfaceName()).contains("eth0");
    assertThat(q.ephemeralPorts()).isEqualTo(PortRange.between(32768, 60999));
    assertThat(q.notes()).containsExactly("n");
    assertThat(q.defaultDecision(Direction.OUT)).isEqualTo(Decision.DENY);
    assertThat(q.profiles()).hasSize(3);
    Flow f = Flow.parse("10.0.0.1->10.0.0.2:80/tcp");
    assertThat(q.evaluate(f, Direction.IN).decision()).isEqualTo(Decision.ALLOW);
    assertThat(p.withProfile(WindowsProfile.DOMAIN).evaluate(f, Direction.IN).decision())
        .isEqualTo(Decision.DENY);
    assertThat(p.evaluate(f, Direction.IN).decision()).isEqualTo(Decision.UNKNOWN);
  }

  /** nftables: two base chains on input; an accept in the first does not stop the second. */
  @Test
  void multipleBaseChains_acceptIsNotFinal_dropIs() {
    Rule acceptAll = accept("accept", 1);
    Rule drop80 =
        Rule.builder()
            .transports(Transport.TCP)
            .destinationPorts(PortMatch.of(PortSet.of(80)))
            .action(Action.DROP)
            .text("tcp dport 80 drop")
            .line(2)
            .build();
    ChainPolicy p =
        ChainPolicy.builder()
            .chain(
                Chain.base(
                    "inet a", "late", IpFamily.ANY, Hook.INPUT, 10, Action.ACCEPT, List.of(drop80)))
            .chain(
                Chain.base(
                    "inet b",
                    "early",
                    IpFamily.ANY,
                    Hook.INPUT,
                    -10,
                    Action.ACCEPT,
                    List.of(acceptAll)))
            .build();
    Evaluation v80 = p.evaluate(Flow.parse("10.0.0.1->10.0.0.2:80/tcp"), Direction.IN);
    assertThat(v80.decision()).isEqualTo(Decision.DENY);
    assertThat(v80.path()).containsExactly("inet b/early", "inet a/late");
    Evaluation v81 = p.evaluate(Flow.parse("10.0.0.1->10.0.0.2:81/tcp"), Direction.IN);
    assertThat(v81.decision()).isEqualTo(Decision.ALLOW);
    assertThat(v81.rule()).contains(acceptAll);
  }

  @Test
  void hostNamesOnly_evaluateBothFamilies() {
    Rule dropV6 = Rule.builder().action(Action.DROP).text("drop").line(1).build();
    ChainPolicy p =
        ChainPolicy.builder()
            .chain(
                Chain.base(
                    "ip6 f", "in", IpFamily.IPV6, Hook.INPUT, 0, Action.ACCEPT, List.of(dropV6)))
            .build();
    Evaluation v = p.evaluate(Flow.parse("a.example->b.example:80/tcp"), Direction.IN);
    assertThat(v.decision()).isEqualTo(Decision.UNKNOWN);
    assertThat(v.warnings())
        .containsExactly(
            "flow a.example->b.example:80/tcp names no IP address and the verdict depends on the"
                + " family: IPv4 ALLOW (by policy or default), IPv6 DENY (line 1)");
    ChainPolicy v4only = p.toBuilder().families(Set.of(IpFamily.IPV4)).build();
    assertThat(v4only.evaluate(Flow.parse("a.example->b.example:80/tcp"), Direction.IN).decision())
        .isEqualTo(Decision.ALLOW);
  }

  @Test
  void sourcePortMatches_splitTheFlow() {
    Rule lowSports =
        Rule.builder()
            .sourcePorts(PortMatch.of(PortSet.of(PortRange.between(1024, 2000))))
            .action(Action.DROP)
            .text("--sport 1024:2000 -j DROP")
            .line(4)
            .build();
    ChainPolicy p =
        ChainPolicy.builder()
            .chain(
                Chain.base(
                    "filter",
                    "INPUT",
                    IpFamily.IPV4,
                    Hook.INPUT,
                    0,
                    Action.ACCEPT,
                    List.of(lowSports)))
            .build();
    Evaluation v = p.evaluate(Flow.parse("10.0.0.1->10.0.0.2:80/tcp"), Direction.IN);
    assertThat(v.decision()).isEqualTo(Decision.UNKNOWN);
    assertThat(v.warnings())
        .containsExactly(
            "line 4: it matches source ports 1024-2000 and the flow's source port is any of"
                + " 1024-65535: where it matches the flow is DENY (line 4), elsewhere ALLOW (by"
                + " policy or default)");
    ChainPolicy narrow = p.toBuilder().ephemeralPorts(PortRange.between(32768, 60999)).build();
    assertThat(narrow.evaluate(Flow.parse("10.0.0.1->10.0.0.2:80/tcp"), Direction.IN).decision())
        .isEqualTo(Decision.ALLOW);
  }

  @Test
  void manyPartialMatches_stopWithAWarning() {
    List<Rule> rules = new ArrayList<>();
    for (int i = 0; i < 80; i++) {
      rules.add(
          Rule.builder()
              .source(AddressMatch.of(Cidr.parse("10.0." + i + ".0/24")))
              .action(i % 2 == 0 ? Action.ACCEPT : Action.DROP)
              .text("r" + i)
              .line(i + 1)
              .build());
    }
    ChainPolicy p =
        ChainPolicy.builder()
            .chain(Chain.base("filter", "INPUT", IpFamily.IPV4, Hook.INPUT, 0, Action.DROP, rules))
            .build();
    Evaluation v = p.evaluate(Flow.parse("10.0.0.0/16->10.1.0.1:80/tcp"), Direction.IN);
    assertThat(v.decision()).isEqualTo(Decision.UNKNOWN);
    assertThat(v.warnings()).anyMatch(w -> w.contains("too many partial matches"));
    assertThat(TestPolicies.naive(p, Flow.parse("10.0.0.0/16->10.1.0.1:80/tcp"), Direction.IN))
        .isEqualTo(v);
    // a CIDR covered by the union of several rules' networks is fully matched
    ChainPolicy union =
        ChainPolicy.builder()
            .chain(
                Chain.base(
                    "filter",
                    "INPUT",
                    IpFamily.IPV4,
                    Hook.INPUT,
                    0,
                    Action.DROP,
                    List.of(
                        Rule.builder()
                            .source(
                                AddressMatch.of(
                                    Cidr.parse("10.0.0.0/25"),
                                    Cidr.parse("10.0.0.128/26"),
                                    Cidr.parse("10.0.0.192/26"),
                                    Cidr.parse("10.0.0.0/26")))
                            .action(Action.ACCEPT)
                            .text("u")
                            .line(1)
                            .build())))
            .build();
    assertThat(union.evaluate(Flow.parse("10.0.0.0/24->10.1.0.1:80/tcp"), Direction.IN).decision())
        .isEqualTo(Decision.ALLOW);
  }

  @Test
  void blockWins_partialBlockWithDenyingDefault_isDeny() {
    Rule block =
        Rule.builder()
            .source(AddressMatch.of(Cidr.parse("10.0.0.0/25")))
            .action(Action.DROP)
            .text("block half")
            .build();
    RulePolicy p = RulePolicy.builder().rule(FlatRule.of(Direction.IN, block)).build();
    assertThat(p.evaluate(Flow.parse("10.0.0.0/24->10.1.0.1:80/tcp"), Direction.IN).decision())
        .isEqualTo(Decision.DENY);
    RulePolicy withAllow =
        p.toBuilder().rule(FlatRule.of(Direction.IN, accept("allow", 2))).build();
    Evaluation v = withAllow.evaluate(Flow.parse("10.0.0.0/24->10.1.0.1:80/tcp"), Direction.IN);
    assertThat(v.decision()).isEqualTo(Decision.UNKNOWN);
    assertThat(v.warnings())
        .containsExactly(
            "rule \"block half\": only part of source 10.0.0.0/24 is in 10.0.0.0/25; the verdict"
                + " may differ");
  }
}
