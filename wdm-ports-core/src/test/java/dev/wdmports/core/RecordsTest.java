package dev.wdmports.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.common.testing.NullPointerTester;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class RecordsTest {
  private static PortRule rule(
      PortSet ports, int defaultPort, Optional<String> choice, boolean configurable) {
    return new PortRule(
        "gui-to-web-service-http",
        "gui",
        "web-service",
        "http",
        ports,
        defaultPort,
        choice,
        configurable,
        "Communicate.",
        Provenance.user());
  }

  @Test
  void ids_mustBeKebabCase_andTheMessageSuggestsOne() {
    assertThatThrownBy(() -> new Component("Web Service", "Web Service", ""))
        .hasMessage(
            "component id \"Web Service\" is not kebab-case: use lower-case letters, digits and"
                + " single dashes, at most 64 characters, e.g. web-service");
    assertThatThrownBy(() -> new Component("webService", "x", ""))
        .hasMessageEndingWith("e.g. web-service");
    assertThatThrownBy(() -> new Component(" ", "x", ""))
        .hasMessage("component id is missing: give a kebab-case id such as web-service");
    assertThat(Ids.isValid("a-1")).isTrue();
    assertThat(Ids.isValid("a--1")).isFalse();
    assertThat(Ids.isValid("x".repeat(65))).isFalse();
  }

  @Test
  void component_andProtocol_needNames() {
    assertThatThrownBy(() -> new Component("gui", " ", ""))
        .hasMessage("component gui has a blank name: give a display name");
    assertThatThrownBy(() -> new Protocol("http", "", Transport.TCP, PortSet.empty()))
        .hasMessage("protocol http has a blank name: give a display name");
  }

  @Test
  void rule_rejectsDefaultPortNotAmongItsChoices() {
    assertThatThrownBy(() -> rule(PortSet.of(80, 280), 8080, Optional.of("http"), false))
        .hasMessage(
            "rule gui-to-web-service-http: default port 8080 is not among its ports 80,280: add it"
                + " to ports or pick one of them");
  }

  @Test
  void rule_withSeveralPorts_needsAPortChoice() {
    assertThatThrownBy(() -> rule(PortSet.of(80, 280), 80, Optional.empty(), false))
        .hasMessage(
            "rule gui-to-web-service-http lists ports 80,280 but no portChoice: name the deployment"
                + " setting that picks one (e.g. http), or split it into one rule per port");
  }

  @Test
  void rule_configurable_needsAPortChoice_andAllowsAnyPort() {
    assertThatThrownBy(() -> rule(PortSet.of(1433), 1433, Optional.empty(), true))
        .hasMessage(
            "rule gui-to-web-service-http is configurable but has no portChoice: name the"
                + " deployment setting that configures the port (e.g. database)");
    PortRule r = rule(PortSet.of(1433), 1433, Optional.of("database"), true);
    assertThat(r.allows(15000)).isTrue();
    assertThat(r.hasChoice()).isTrue();
    assertThat(rule(PortSet.of(80, 280), 80, Optional.of("http"), false).allows(8080)).isFalse();
  }

  @Test
  void rule_rejectsEmptyPortsAndBadDefault() {
    assertThatThrownBy(() -> rule(PortSet.empty(), 80, Optional.empty(), false))
        .hasMessage(
            "rule gui-to-web-service-http has no ports: list the port(s) the listener uses, e.g. [80]");
    assertThatThrownBy(() -> rule(PortSet.of(80), 0, Optional.empty(), false))
        .hasMessage("port 0 out of range 1..65535");
  }

  @Test
  void requirements_validateTheirRules() {
    assertThatThrownBy(() -> new Requirement.AnyOf(List.of("a")))
        .hasMessage("anyOf needs at least two rules, got [a]: use rule for a single one");
    assertThatThrownBy(() -> new Requirement.AnyOf(List.of("a", "a")))
        .hasMessage("anyOf [a, a] repeats a rule: list each once");
    assertThatThrownBy(() -> new Requirement.Channel("a", "a"))
        .hasMessage("channel names rule a for both http and https: give two different rules");
    assertThat(new Requirement.Channel("h", "s").ruleIds()).containsExactly("h", "s");
  }

  @Test
  void operation_needsRequirements() {
    assertThatThrownBy(
            () ->
                new Operation(
                    "reboot", "Reboot", Operation.Kind.PUSH, "", List.of(), Provenance.user()))
        .hasMessage("operation reboot requires nothing: list the rules it needs under requires");
    Operation op =
        new Operation(
            "reboot",
            "Reboot",
            Operation.Kind.PUSH,
            "",
            List.of(new Requirement.AllFlowsOf("a"), new Requirement.AnyOf(List.of("a", "b"))),
            Provenance.user());
    assertThat(op.ruleIds()).containsExactly("a", "b");
    assertThat(Operation.Kind.parse("pull")).isEqualTo(Operation.Kind.PULL);
    assertThatThrownBy(() -> Operation.Kind.parse("poll"))
        .hasMessage("operation kind \"poll\" is not known: use push, console or pull");
  }

  @Test
  void provenance_seedAndInferred_needEvidence() {
    assertThatThrownBy(() -> Provenance.inferred(" "))
        .hasMessage(
            "provenance inferred needs evidence: say which document or table row supports it");
    assertThat(Provenance.seed("Table 4").kind()).isEqualTo(Provenance.Kind.SEED);
    assertThatThrownBy(() -> Provenance.Kind.parse("rumour"))
        .hasMessage("provenance kind \"rumour\" is not known: use seed, inferred or user");
  }

  @Test
  void userTextParsers_throwInvalidInputException_withTheMessageAlone() {
    List<org.assertj.core.api.ThrowableAssert.ThrowingCallable> bad =
        List.of(
            () -> dev.wdmports.core.graph.ClosedPorts.parse(":80"),
            () -> dev.wdmports.core.graph.ClosedPorts.parse("80/sctp"),
            () -> Flow.parse("10.0.0.1"),
            () -> Flow.parse("10.0.0.1->10.0.0.2:80/xyz"),
            () -> PortSet.parse(""),
            () -> PortSet.parse("80,90-80"),
            () -> PortRange.parse("x"),
            () -> PortRange.parsePort("70000"),
            () -> SecurityMode.parse("tls"),
            () -> Cidr.parse("10.0.0.0/33"),
            () -> Address.parse("10.0.0.300"),
            () -> Address.parse("bad host!"),
            () -> Transport.parse("sctp"));
    for (var b : bad) {
      assertThatThrownBy(b)
          .isInstanceOf(InvalidInputException.class)
          .isInstanceOf(WdmPortsException.class)
          .satisfies(
              e -> {
                InvalidInputException i = (InvalidInputException) e;
                assertThat(i.source()).isEmpty();
                assertThat(i.getMessage()).isEqualTo(i.detail());
              });
    }
    assertThatThrownBy(() -> dev.wdmports.core.graph.ClosedPorts.parse(":80"))
        .hasMessage("\":80\" has an empty host before ':': write HOST:PORTS, e.g. wdm-server:80");
    assertThatThrownBy(() -> Flow.parse("10.0.0.1"))
        .hasMessage(
            "flow \"10.0.0.1\" has no SRC->DST: write it as SRC->DST:PORT/TRANSPORT, e.g."
                + " 10.0.0.20->10.0.0.5:443/tcp");
    // constructors of values stay standard misuse checks
    assertThatThrownBy(() -> new Address("10.0.0.300"))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> PortRange.between(90, 80))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void securityMode_parsesItsIds() {
    for (SecurityMode m : SecurityMode.values()) {
      assertThat(SecurityMode.parse(m.id())).isEqualTo(m);
    }
    assertThat(SecurityMode.DEFAULT.id()).isEqualTo("http-and-https");
    assertThatThrownBy(() -> SecurityMode.parse("tls"))
        .hasMessage(
            "security mode \"tls\" is not known: use http, https, http-and-https or http-or-https");
  }

  @Test
  void cidr_parsesIpv4AndIpv6_andRejectsBadOnes() {
    Cidr net = Cidr.parse("10.0.1.7/24");
    assertThat(net).hasToString("10.0.1.0/24");
    assertThat(net.contains(Cidr.parse("10.0.1.200"))).isTrue();
    assertThat(net.contains(Cidr.parse("10.0.2.1"))).isFalse();
    assertThat(net.overlaps(Cidr.parse("10.0.0.0/16"))).isTrue();
    assertThat(Cidr.parse("::1").isHost()).isTrue();
    assertThat(Cidr.parse("2001:db8::/32").isIpv4()).isFalse();
    assertThat(Cidr.parse("2001:db8::/32").contains(Cidr.parse("10.0.0.1").network())).isFalse();
    assertThat(Cidr.parse("[::1]")).hasToString("::1");
    assertThatThrownBy(() -> Cidr.parse("10.0.0.300/33"))
        .hasMessage(
            "address \"10.0.0.300/33\" is not an IP address or CIDR: use e.g. 10.0.0.5, 10.0.0.0/24"
                + " or 2001:db8::/32");
    assertThatThrownBy(() -> Cidr.parse("10.0.0.3/33"))
        .hasMessage("address \"10.0.0.3/33\" has prefix length /33, out of range 0..32");
    assertThatThrownBy(() -> Cidr.parse("10.0.0.3/x"))
        .hasMessage("address \"10.0.0.3/x\" has a bad prefix length \"x\": use /0../32");
  }

  @Test
  void cidr_ipv4MappedAddress_isIpv6_withPrefixUpTo128() {
    Cidr host = Cidr.parse("::ffff:127.0.0.1/128");
    assertThat(host.isIpv4()).isFalse();
    assertThat(host.prefixLength()).isEqualTo(128);
    assertThat(host.toString()).isEqualTo("::ffff:127.0.0.1");
    Cidr all = Cidr.parse("::ffff:0.0.0.0/96");
    assertThat(all.isIpv4()).isFalse();
    assertThat(all.toString()).isEqualTo("::ffff:0.0.0.0/96");
    assertThat(all.contains(host)).isTrue();
    assertThat(all.contains(Cidr.parse("127.0.0.1"))).isFalse();
    assertThat(Cidr.parse("::ffff:10.0.0.20")).isEqualTo(Cidr.parse("::ffff:a00:14"));
  }

  @Test
  void address_acceptsIpCidrAndNames_neverResolving() {
    assertThat(Address.parse("wdm.example.com").isDnsName()).isTrue();
    assertThat(Address.parse("wdm.example.com").cidr()).isEmpty();
    assertThat(Address.parse("localhost").isDnsName()).isTrue();
    assertThat(Address.parse("10.0.1.0/24").cidr()).contains(Cidr.parse("10.0.1.0/24"));
    assertThatThrownBy(() -> Address.parse("10.0.0.300"))
        .hasMessageStartingWith("address \"10.0.0.300\" is not an IP address or CIDR");
    assertThatThrownBy(() -> Address.parse("not an address"))
        .hasMessage(
            "address \"not an address\" is not an IP address, CIDR or DNS name: use e.g. 10.0.0.5,"
                + " 10.0.1.0/24 or wdm.example.com");
  }

  @Test
  void flow_parsesTheCommandLineForm() {
    Flow f = Flow.parse("10.0.0.20->10.0.0.5:443/tcp");
    assertThat(f.id()).isEqualTo("10.0.0.20->10.0.0.5:443/tcp");
    assertThat(f.toAddress()).contains(Address.parse("10.0.0.5"));
    assertThat(Flow.parse("[2001:db8::1]->[2001:db8::5]:69/udp").id())
        .isEqualTo("2001:db8::1->2001:db8::5:69/udp");
    assertThat(Flow.parse("10.0.0.20->10.0.0.5:80").transport()).isEqualTo(Transport.TCP);
    assertThatThrownBy(() -> Flow.parse("10.0.0.5:443"))
        .hasMessage(
            "flow \"10.0.0.5:443\" has no SRC->DST: write it as SRC->DST:PORT/TRANSPORT, e.g."
                + " 10.0.0.20->10.0.0.5:443/tcp");
    assertThatThrownBy(() -> Flow.parse("a->b"))
        .hasMessage(
            "flow \"a->b\" has no destination port: write DST:PORT, e.g. 10.0.0.5:443 (IPv6 in"
                + " brackets: [2001:db8::5]:443)");
    assertThatThrownBy(() -> Flow.parse("a->b:70000/tcp"))
        .hasMessage("port 70000 out of range 1..65535");
  }

  @Test
  void invalidInputException_formatsCompilerStyleLocations() {
    InvalidInputException e =
        new InvalidInputException(
            "d.yaml", 12, 5, "/ports/http", "port 70000 out of range 1..65535", null);
    assertThat(e).hasMessage("d.yaml:12:5: port 70000 out of range 1..65535");
    assertThat(e.pointer()).contains("/ports/http");
    assertThat(e.detail()).isEqualTo("port 70000 out of range 1..65535");
    assertThat(new InvalidInputException("--closed", "bad")).hasMessage("--closed: bad");
    assertThat(new InvalidInputException("f", 3, 0, null, "x", null)).hasMessage("f:3: x");
  }

  @Test
  void publicTypes_rejectNulls() {
    NullPointerTester t = new NullPointerTester();
    t.setDefault(String.class, "web-service");
    t.setDefault(PortSet.class, PortSet.of(80));
    t.setDefault(PortRange.class, PortRange.of(80));
    t.setDefault(Transport.class, Transport.TCP);
    t.setDefault(Provenance.class, Provenance.user());
    t.setDefault(Optional.class, Optional.empty());
    t.testAllPublicStaticMethods(PortRange.class);
    t.testAllPublicStaticMethods(PortSet.class);
    t.testAllPublicStaticMethods(Cidr.class);
    t.testAllPublicStaticMethods(Flow.class);
    t.testAllPublicConstructors(Component.class);
    t.testAllPublicConstructors(Protocol.class);
    t.testAllPublicConstructors(Provenance.class);
    t.testAllPublicConstructors(Flow.class);
  }
}
