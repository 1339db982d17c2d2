package dev.wdmports.core.deploy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.wdmports.core.Address;
import dev.wdmports.core.DocumentFormat;
import dev.wdmports.core.Flow;
import dev.wdmports.core.InvalidInputException;
import dev.wdmports.core.SecurityMode;
import dev.wdmports.core.catalog.Catalog;
import dev.wdmports.core.catalog.Catalogs;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DeploymentTest {
  private static final Catalog WDM = Catalogs.wdm();

  private static final String BRANCH =
      """
      name: branch-office
      security: https
      ports: {http: 280, https: 8443, database: 14330}
      hosts:
        - name: wdm-server
          address: 10.0.0.5
          runs: [gui, web-service, standard-service, database, master-repository]
        - name: devices
          address: 10.0.1.0/24
          runs: [web-agent]
      """;

  private static InvalidInputException fails(String yaml) {
    try {
      Deployments.parse(yaml, "deployment.yaml", WDM);
    } catch (InvalidInputException e) {
      return e;
    }
    throw new AssertionError("expected an InvalidInputException for:\n" + yaml);
  }

  @Test
  void flows_useTheDesignatedPorts_betweenTheHostsThatRunEachEnd() {
    Deployment d = Deployments.parse(BRANCH, "deployment.yaml", WDM);
    assertThat(d.securityMode()).isEqualTo(SecurityMode.HTTPS);
    assertThat(d.flowsFrom("devices"))
        .extracting(Flow::id)
        .containsExactly("devices->wdm-server:8443/tcp", "devices->wdm-server:21/tcp");
    Flow wake =
        d.flows().stream()
            .filter(f -> f.rule().orElseThrow().equals("web-service-to-web-agent-wakeup"))
            .findFirst()
            .orElseThrow();
    assertThat(wake.id()).isEqualTo("wdm-server->devices:80/tcp");
    assertThat(wake.toAddress()).contains(Address.parse("10.0.1.0/24"));
    assertThat(d.flowsOf("devices")).hasSize(5);
    assertThat(d.flows()).extracting(Flow::id).contains("wdm-server->wdm-server:14330/tcp");
  }

  private static List<String> rulesOf(List<Flow> flows) {
    return flows.stream().map(f -> f.rule().orElseThrow()).distinct().toList();
  }

  private static final List<String> HTTP_RULES =
      List.of(
          "gui-to-web-service-http",
          "gui-to-standard-service-http",
          "web-agent-to-web-service-http",
          "standard-service-to-web-service-http");
  private static final List<String> HTTPS_RULES =
      List.of(
          "gui-to-web-service-https",
          "web-agent-to-web-service-https",
          "standard-service-to-web-service-https");

  @Test
  void httpsMode_needsNoFlowOnTheDesignatedHttpPort_butKeepsTheWakeUp() {
    Deployment d = Deployments.parse(BRANCH, "deployment.yaml", WDM);
    assertThat(rulesOf(d.flows())).doesNotContainAnyElementsOf(HTTP_RULES);
    assertThat(rulesOf(d.flows()))
        .containsAll(HTTPS_RULES)
        .contains("web-service-to-web-agent-wakeup");
    assertThat(d.flows()).noneMatch(f -> f.port() == 280);
    for (String r : HTTP_RULES) {
      assertThat(d.uses(WDM.rule(r).orElseThrow())).as(r).isFalse();
    }
    assertThat(d.requires(WDM.rule("web-service-to-web-agent-wakeup").orElseThrow())).isTrue();
    assertThat(d.requires(WDM.rule("gui-to-web-service-https").orElseThrow())).isTrue();
  }

  @Test
  void httpMode_needsNoFlowOnTheDesignatedHttpsPort() {
    Deployment d =
        Deployments.parse(BRANCH.replace("security: https", "security: http"), "d.yaml", WDM);
    assertThat(rulesOf(d.flows())).containsAll(HTTP_RULES).doesNotContainAnyElementsOf(HTTPS_RULES);
    assertThat(d.flows()).noneMatch(f -> f.port() == 8443);
  }

  @Test
  void httpAndHttpsMode_requiresBothSides() {
    Deployment d =
        Deployments.parse(
            BRANCH.replace("security: https", "security: http-and-https"), "d.yaml", WDM);
    assertThat(rulesOf(d.flows())).containsAll(HTTP_RULES).containsAll(HTTPS_RULES);
    for (String r : concat(HTTP_RULES, HTTPS_RULES)) {
      assertThat(d.requires(WDM.rule(r).orElseThrow())).as(r).isTrue();
    }
    assertThat(d.flows()).allMatch(f -> d.alternative(f).isEmpty());
  }

  @Test
  void httpOrHttpsMode_listsBothSides_asAlternativesOfEachOther() {
    Deployment d =
        Deployments.parse(
            BRANCH.replace("security: https", "security: http-or-https"), "d.yaml", WDM);
    assertThat(rulesOf(d.flows())).containsAll(HTTP_RULES).containsAll(HTTPS_RULES);
    Flow http = flow(d, "web-agent-to-web-service-http");
    Flow https = flow(d, "web-agent-to-web-service-https");
    assertThat(d.alternative(http)).contains(https);
    assertThat(d.alternative(https)).contains(http);
    assertThat(d.requires(WDM.rule("web-agent-to-web-service-http").orElseThrow())).isFalse();
    // GUI -> Standard Service has no HTTPS rule in the catalog: its HTTP rule stays required
    assertThat(d.requires(WDM.rule("gui-to-standard-service-http").orElseThrow())).isTrue();
    assertThat(d.requires(WDM.rule("web-service-to-web-agent-wakeup").orElseThrow())).isTrue();
    assertThat(d.unmet(d.flows(), f -> f != http)).isEmpty();
    assertThat(d.unmet(d.flows(), f -> f != http && f != https)).containsExactly(http, https);
    Flow wake = flow(d, "web-service-to-web-agent-wakeup");
    assertThat(d.unmet(d.flows(), f -> f != wake)).containsExactly(wake);
  }

  private static Flow flow(Deployment d, String rule) {
    return d.flows().stream()
        .filter(f -> f.rule().orElseThrow().equals(rule))
        .findFirst()
        .orElseThrow();
  }

  private static <T> List<T> concat(List<T> a, List<T> b) {
    return java.util.stream.Stream.concat(a.stream(), b.stream()).toList();
  }

  @Test
  void unknownComponent_isReportedWithTheChoices() {
    assertThat(fails(BRANCH.replace("runs: [web-agent]", "runs: [web-agnet]")))
        .hasMessage(
            "deployment.yaml:10:12: host devices runs unknown component \"web-agnet\": use one of"
                + " gui, web-service, standard-service, database, master-repository,"
                + " remote-repository, web-agent");
  }

  @Test
  void portOutsideTheCatalogsChoices_isReported() {
    assertThat(fails(BRANCH.replace("http: 280", "http: 8080")))
        .hasMessage(
            "deployment.yaml:3:15: port 8080 is not a choice for http: rule gui-to-web-service-http"
                + " allows 80 or 280 (the catalog's allowed ports; extend the catalog to allow"
                + " others)");
    assertThat(fails(BRANCH.replace("database: 14330", "database: 70000")))
        .hasMessage("deployment.yaml:3:43: port 70000 out of range 1..65535");
    assertThat(fails(BRANCH.replace("database: 14330", "smtp: 25")))
        .hasMessage(
            "deployment.yaml:3:39: port setting \"smtp\" is not used by any rule of catalog wdm: use"
                + " one of database, http, https");
  }

  @Test
  void badAddresses_areReported() {
    assertThat(fails(BRANCH.replace("10.0.1.0/24", "10.0.0.300/33")))
        .hasMessage(
            "deployment.yaml:9:14: address \"10.0.0.300/33\" is not an IP address or CIDR: use e.g."
                + " 10.0.0.5, 10.0.0.0/24 or 2001:db8::/32");
    assertThat(fails(BRANCH.replace("10.0.1.0/24", "10.0.1.0/40")))
        .hasMessage(
            "deployment.yaml:9:14: address \"10.0.1.0/40\" has prefix length /40, out of range 0..32");
    assertThat(fails(BRANCH.replace("10.0.1.0/24", "'bad host!'")))
        .hasMessage(
            "deployment.yaml:9:14: address \"bad host!\" is not an IP address, CIDR or DNS name: use"
                + " e.g. 10.0.0.5, 10.0.1.0/24 or wdm.example.com");
  }

  @Test
  void structuralErrors_areReported() {
    assertThat(fails(BRANCH.replace("name: devices", "name: wdm-server")))
        .hasMessage(
            "deployment.yaml:8:11: duplicate host name \"wdm-server\": host names must be unique");
    assertThat(fails(BRANCH.replace("security: https", "security: tls")))
        .hasMessage(
            "deployment.yaml:2:11: security mode \"tls\" is not known: use http, https,"
                + " http-and-https or http-or-https");
    assertThat(fails(BRANCH.replace("    runs: [web-agent]\n", "")))
        .hasMessage("deployment.yaml:8:5: host devices has no \"runs\": add it");
    assertThat(fails("hosts: []\nextra: 1\n"))
        .hasMessage(
            "deployment.yaml:2:1: unknown field \"extra\" in the deployment: known fields are hosts, name, ports, redundancy, security");
    assertThat(fails("name: x\n"))
        .hasMessage("deployment.yaml:1:1: the deployment has no \"hosts\": add it");
    assertThat(fails("hosts:\n  - name: a\n    runs: []\n"))
        .hasMessage(
            "deployment.yaml:2:5: host a runs no component: list at least one under runs, e.g."
                + " [web-service]");
  }

  private static final String REDUNDANT =
      """
      name: redundant
      security: https
      ports: {https: 8443}
      redundancy: {web-service: any}
      hosts:
        - name: wdm1
          address: 10.0.0.5
          runs: [web-service]
        - name: wdm2
          address: 10.0.0.6
          runs: [web-service]
        - name: db
          address: 10.0.0.7
          runs: [database, standard-service, master-repository]
        - name: admin
          address: 10.0.0.20
          runs: [gui]
        - name: devices
          address: 10.0.1.0/24
          runs: [web-agent]
      """;

  @Test
  void redundancy_groupsTheFlowsToRedundantHosts_perPeer() {
    Deployment d = Deployments.parse(REDUNDANT, "d.yaml", WDM);
    assertThat(d.redundancy("web-service")).isEqualTo(Redundancy.ANY);
    assertThat(d.redundancy("database")).isEqualTo(Redundancy.EVERY);
    assertThat(d.flowGroups(WDM.rule("web-agent-to-web-service-https").orElseThrow()))
        .extracting(g -> g.stream().map(Flow::id).toList())
        .containsExactly(List.of("devices->wdm1:8443/tcp", "devices->wdm2:8443/tcp"));
    // the redundant hosts as initiators: the database needs to be reached by one of them
    assertThat(d.flowGroups(WDM.rule("web-service-to-database").orElseThrow()))
        .extracting(g -> g.stream().map(Flow::id).toList())
        .containsExactly(List.of("wdm1->db:1433/tcp", "wdm2->db:1433/tcp"));
    assertThat(d.flowGroups(WDM.rule("gui-to-database").orElseThrow()))
        .extracting(List::size)
        .containsExactly(1);
    Flow toWdm1 =
        d.flows().stream()
            .filter(f -> f.id().equals("devices->wdm1:8443/tcp"))
            .findFirst()
            .orElseThrow();
    assertThat(d.unmet(d.flows(), f -> f != toWdm1)).isEmpty();
    assertThat(d.unmet(d.flowsOf("wdm1"), d.flowsOf("wdm1")::contains)).isEmpty();
    assertThat(d.unmet(d.flowsOf("wdm1"), f -> d.flowsOf("wdm1").contains(f) && f != toWdm1))
        .containsExactly(toWdm1);
    Deployment every =
        Deployments.parse(REDUNDANT.replace("redundancy: {web-service: any}\n", ""), "d.yaml", WDM);
    assertThat(every.redundancies()).isEmpty();
    assertThat(every.flowGroups(WDM.rule("web-agent-to-web-service-https").orElseThrow()))
        .hasSize(2);
  }

  @Test
  void redundancy_errorsNameThePlace() {
    assertThat(fails(REDUNDANT.replace("{web-service: any}", "{web-servce: any}")))
        .hasMessage(
            "deployment.yaml:4:26: redundancy names unknown component \"web-servce\": use one of gui,"
                + " web-service, standard-service, database, master-repository, remote-repository,"
                + " web-agent");
    assertThat(fails(REDUNDANT.replace("{web-service: any}", "{web-service: some}")))
        .hasMessage(
            "deployment.yaml:4:27: redundancy \"some\" is not known: use every (the default) or any");
    assertThatThrownBy(() -> Deployments.parse(REDUNDANT, "d.yaml", WDM).redundancy("web"))
        .isInstanceOf(InvalidInputException.class)
        .hasMessageStartingWith("catalog wdm has no component \"web\": use one of gui, ");
  }

  @Test
  void singleServer_rejectsANetwork() {
    assertThatThrownBy(() -> Deployment.singleServer(WDM, Address.parse("10.0.0.0/24")))
        .isInstanceOf(InvalidInputException.class)
        .hasMessage(
            "address 10.0.0.0/24 is a network, not one server: give the WDM server's address, e.g."
                + " 10.0.0.5 (a fleet of servers is not supported)");
  }

  @Test
  void deployment_roundTripsThroughItsFileFormat(@TempDir Path dir) throws Exception {
    for (String text : List.of(BRANCH, REDUNDANT)) {
      roundTrips(Deployments.parse(text, "deployment.yaml", WDM), dir);
    }
  }

  private static void roundTrips(Deployment d, Path dir) throws Exception {
    for (DocumentFormat f : DocumentFormat.values()) {
      Path file = dir.resolve("d." + f.name().toLowerCase(java.util.Locale.ROOT));
      Files.writeString(file, Deployments.write(d, f));
      Deployment back = Deployments.read(file, WDM);
      assertThat(back.flows()).isEqualTo(d.flows());
      assertThat(back.ports()).isEqualTo(d.ports());
      assertThat(back.hosts()).isEqualTo(d.hosts());
      assertThat(back.securityMode()).isEqualTo(d.securityMode());
      assertThat(back.redundancies()).isEqualTo(d.redundancies());
    }
  }

  @Test
  void standardAndSingleServer_placeEveryComponent() {
    Deployment std = Deployment.standard(WDM);
    assertThat(std.hosts()).hasSize(7);
    assertThat(std.flows()).hasSize(WDM.rules().size());
    Deployment one = Deployment.singleServer(WDM, Address.parse("127.0.0.1"));
    assertThat(one.host("wdm-server").orElseThrow().components())
        .containsExactly(
            "web-service",
            "standard-service",
            "database",
            "master-repository",
            "remote-repository");
    assertThat(one.flowsFrom("this-host"))
        .extracting(Flow::id)
        .contains(
            "this-host->wdm-server:80/tcp",
            "this-host->wdm-server:443/tcp",
            "this-host->wdm-server:1433/tcp",
            "this-host->wdm-server:21/tcp");
    assertThat(one.toBuilder().build().flows()).isEqualTo(one.flows());
  }

  @Test
  void api_rejectsMisuse_withMessages() {
    assertThatThrownBy(() -> Deployment.standard(WDM).flowsOf("nowhere"))
        .isInstanceOf(InvalidInputException.class)
        .hasMessageStartingWith("deployment standard has no host \"nowhere\": use one of gui, ");
    assertThatThrownBy(
            () ->
                Deployment.standard(WDM)
                    .port(
                        new dev.wdmports.core.PortRule(
                            "nosuch",
                            "gui",
                            "database",
                            "ole-db",
                            dev.wdmports.core.PortSet.of(1433),
                            1433,
                            Optional.empty(),
                            false,
                            "",
                            dev.wdmports.core.Provenance.user())))
        .isInstanceOf(InvalidInputException.class)
        .hasMessageStartingWith(
            "catalog wdm has no rule \"nosuch\": use one of gui-to-web-service-http, ");
    assertThatThrownBy(() -> Deployment.standard(WDM).flowsFrom("nowhere"))
        .isInstanceOf(InvalidInputException.class)
        .hasMessage(
            "deployment standard has no host \"nowhere\": use one of gui, web-service,"
                + " standard-service, database, master-repository, remote-repository, web-agent");
    assertThatThrownBy(() -> new Host("bad name", Optional.empty(), List.of("gui")))
        .hasMessage(
            "host name \"bad name\" is not valid: use letters, digits, '.', '-' and '_', at most 63"
                + " characters, e.g. wdm-server");
    assertThatThrownBy(() -> Host.of("a", "10.0.0.1", "gui", "gui"))
        .hasMessage("host a lists a component twice in [gui, gui]: list each once");
    assertThatThrownBy(() -> Deployment.builder(WDM).port("http", 0))
        .hasMessage("port 0 out of range 1..65535");
  }
}
