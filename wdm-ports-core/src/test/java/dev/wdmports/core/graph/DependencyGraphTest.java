package dev.wdmports.core.graph;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.wdmports.core.Flow;
import dev.wdmports.core.InvalidInputException;
import dev.wdmports.core.Operation;
import dev.wdmports.core.SecurityMode;
import dev.wdmports.core.catalog.Catalog;
import dev.wdmports.core.catalog.Catalogs;
import dev.wdmports.core.deploy.Deployment;
import dev.wdmports.core.deploy.Host;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class DependencyGraphTest {
  private static final Catalog WDM = Catalogs.wdm();
  private static final DependencyGraph STANDARD = DependencyGraph.of(Deployment.standard(WDM));
  private static final List<String> PUSH =
      WDM.operations().stream()
          .filter(o -> o.kind() == Operation.Kind.PUSH)
          .map(Operation::id)
          .toList();

  private static List<String> broken(List<OperationStatus> statuses) {
    return statuses.stream().filter(s -> !s.available()).map(s -> s.operation().id()).toList();
  }

  @Test
  void closing80And443_breaksEveryPushOperation() {
    assertThat(broken(STANDARD.impact(ClosedPorts.parse("80,443"))))
        .containsAll(PUSH)
        .contains("agent-check-in");
  }

  @Test
  void closing443Alone_breaksEveryPush_becauseTheSeedNeedsBothPorts() {
    List<OperationStatus> s = STANDARD.impact(ClosedPorts.parse("443"));
    assertThat(broken(s)).containsExactlyElementsOf(concat(PUSH, List.of("agent-check-in")));
    assertThat(s.get(1).reason())
        .isEqualTo(
            "reboot: broken, because gui->web-service:443/tcp (gui-to-web-service-https),"
                + " web-agent->web-service:443/tcp (web-agent-to-web-service-https) are blocked");
  }

  @Test
  void closing280_breaksNothing_becauseItIsOnlyAnAlternative() {
    assertThat(broken(STANDARD.impact(ClosedPorts.parse("280")))).isEmpty();
  }

  @Test
  void closing5900_breaksRemoteShadowOnly() {
    assertThat(broken(STANDARD.impact(ClosedPorts.parse("5900")))).containsExactly("remote-shadow");
  }

  @Test
  void closing80_breaksThePushWakeUp_evenUnderHttpsOnly() {
    DependencyGraph https =
        DependencyGraph.of(
            Deployment.standard(WDM).toBuilder().securityMode(SecurityMode.HTTPS).build());
    List<OperationStatus> s = https.impact(ClosedPorts.parse("80"));
    assertThat(broken(s)).containsExactlyElementsOf(PUSH);
    assertThat(s.get(0).blockedBy())
        .extracting(Flow::id)
        .containsExactly("web-service->web-agent:80/tcp");
  }

  @Test
  void httpOrHttps_survivesOneClosedPort_butIsDegraded() {
    DependencyGraph either =
        DependencyGraph.of(
            Deployment.standard(WDM).toBuilder().securityMode(SecurityMode.HTTP_OR_HTTPS).build());
    List<OperationStatus> s = either.impact(ClosedPorts.parse("443"));
    assertThat(broken(s)).isEmpty();
    assertThat(s.get(0).availability()).isEqualTo(Availability.DEGRADED);
    assertThat(s.get(0).reason())
        .startsWith(
            "refresh-device-information: available, but degraded: gui->web-service:443/tcp");
    assertThat(s.get(7).availability()).isEqualTo(Availability.AVAILABLE);
  }

  @Test
  void closedPorts_onOneHost_onlyBlockThatHostsListeners() {
    assertThat(broken(STANDARD.impact(ClosedPorts.parse("database:1433"))))
        .containsExactlyElementsOf(concat(PUSH, List.of("console-database-access")));
    assertThat(broken(STANDARD.impact(ClosedPorts.parse("gui:1433")))).isEmpty();
    assertThat(broken(STANDARD.impact(ClosedPorts.parse("1433/udp")))).isEmpty();
  }

  @Test
  void impactOfBlockedFlows_namesTheFlows() {
    List<OperationStatus> s = STANDARD.impactOfBlocked(List.of("gui->web-agent:5900/tcp"));
    assertThat(broken(s)).containsExactly("remote-shadow");
    assertThatThrownBy(() -> STANDARD.impactOfBlocked(List.of("a->b:1/tcp")))
        .isInstanceOf(InvalidInputException.class)
        .hasMessage(
            "flow \"a->b:1/tcp\" is not a flow of deployment standard: use one of "
                + String.join(", ", STANDARD.flows().stream().map(Flow::id).toList()));
  }

  private static final Deployment SITE =
      Deployment.builder(WDM)
          .name("site")
          .host(Host.of("wdm-app", "10.0.0.5", "web-service", "standard-service", "database"))
          .host(Host.of("repo", "10.0.0.6", "master-repository"))
          .host(Host.of("admin", "10.0.0.20", "gui"))
          .host(Host.of("devices", "10.0.1.0/24", "web-agent"))
          .port("https", 8443)
          .build();

  @Test
  void impact_rejectsUnknownHost_listingKnownHosts() {
    DependencyGraph g = DependencyGraph.of(SITE);
    assertThat(broken(g.impact(ClosedPorts.parse("wdm-app:8443")))).hasSize(8);
    assertThatThrownBy(() -> g.impact(ClosedPorts.parse("wdm-ap:8443")))
        .isInstanceOf(InvalidInputException.class)
        .hasMessage(
            "closed ports wdm-ap:8443 name host \"wdm-ap\", which deployment site does not have:"
                + " use one of wdm-app, repo, admin, devices");
  }

  private static Deployment twoWebServers(boolean redundant) {
    Deployment.Builder b =
        Deployment.builder(WDM)
            .name("two-web-servers")
            .host(Host.of("wdm1", "10.0.0.5", "web-service"))
            .host(Host.of("wdm2", "10.0.0.6", "web-service"))
            .host(Host.of("db", "10.0.0.7", "database", "standard-service", "master-repository"))
            .host(Host.of("admin", "10.0.0.20", "gui"))
            .host(Host.of("devices", "10.0.1.0/24", "web-agent"))
            .port("https", 8443)
            .securityMode(SecurityMode.HTTPS);
    if (redundant) {
      b.redundancy("web-service", dev.wdmports.core.deploy.Redundancy.ANY);
    }
    return b.build();
  }

  @Test
  void twoWebServers_byDefault_areBothRequired() {
    DependencyGraph g = DependencyGraph.of(twoWebServers(false));
    assertThat(broken(g.impact(ClosedPorts.parse("wdm1:8443")))).hasSize(8);
  }

  @Test
  void redundantWebServers_anyOneReachableSuffices_oneClosedIsDegraded() {
    DependencyGraph g = DependencyGraph.of(twoWebServers(true));
    List<OperationStatus> one = g.impact(ClosedPorts.parse("wdm1:8443"));
    assertThat(broken(one)).isEmpty();
    assertThat(one.get(1).availability()).isEqualTo(Availability.DEGRADED);
    assertThat(one.get(1).blockedBy())
        .extracting(Flow::id)
        .containsExactly("admin->wdm1:8443/tcp", "devices->wdm1:8443/tcp");
    assertThat(broken(g.impact(ClosedPorts.parse("wdm1:8443").and(ClosedPorts.parse("wdm2:8443")))))
        .hasSize(8);
    // the database needs one of the two web servers to reach it
    assertThat(broken(g.impactOfBlocked(List.of("wdm1->db:1433/tcp")))).isEmpty();
    assertThat(broken(g.impactOfBlocked(List.of("wdm1->db:1433/tcp", "wdm2->db:1433/tcp"))))
        .containsAll(PUSH);
    assertThat(g.singlePointsOfFailure("reboot"))
        .extracting(Flow::id)
        .noneMatch(id -> id.contains("wdm1") || id.contains("wdm2"));
    List<Flow> open = g.minimalOpenings(List.of("reboot"));
    assertThat(open).extracting(Flow::id).noneMatch(id -> id.contains("wdm2"));
    assertThat(open).hasSize(4);
    Map<String, FlowVerdict> v = new HashMap<>();
    g.flows().forEach(f -> v.put(f.id(), FlowVerdict.OPEN));
    v.put("devices->wdm2:8443/tcp", FlowVerdict.UNKNOWN);
    assertThat(g.availability(v).get(1).availability()).isEqualTo(Availability.AVAILABLE);
    v.put("devices->wdm1:8443/tcp", FlowVerdict.BLOCKED);
    assertThat(g.availability(v).get(1).availability()).isEqualTo(Availability.UNKNOWN);
  }

  @Test
  void operationQueries_rejectUnknownOperations_listingKnownOperations() {
    String known = String.join(", ", WDM.operations().stream().map(Operation::id).toList());
    String message = "operation \"rebot\" is not in catalog wdm: use one of " + known;
    assertThatThrownBy(() -> STANDARD.requirements("rebot"))
        .isInstanceOf(InvalidInputException.class)
        .hasMessage(message);
    assertThatThrownBy(() -> STANDARD.singlePointsOfFailure("rebot"))
        .isInstanceOf(InvalidInputException.class)
        .hasMessage(message);
    assertThatThrownBy(() -> STANDARD.minimalOpenings(List.of("reboot", "rebot")))
        .isInstanceOf(InvalidInputException.class)
        .hasMessage(message);
  }

  @Test
  void availability_rollsVerdictsUp_withUnknownAndUncheckedFlows() {
    Map<String, FlowVerdict> v = new HashMap<>();
    STANDARD.flows().forEach(f -> v.put(f.id(), FlowVerdict.OPEN));
    assertThat(STANDARD.availability(v)).allMatch(OperationStatus::available);
    v.put("web-service->web-agent:80/tcp", FlowVerdict.UNKNOWN);
    List<OperationStatus> s = STANDARD.availability(v);
    assertThat(s.get(1).availability()).isEqualTo(Availability.UNKNOWN);
    assertThat(s.get(1).reason())
        .isEqualTo(
            "reboot: unknown, because web-service->web-agent:80/tcp (web-service-to-web-agent-wakeup) is not known");
    assertThat(s.get(8).availability()).isEqualTo(Availability.AVAILABLE);
    v.put("gui->database:1433/tcp", FlowVerdict.BLOCKED);
    assertThat(STANDARD.availability(v).get(9).availability()).isEqualTo(Availability.BROKEN);
    v.remove("gui->web-agent:5900/tcp");
    assertThat(STANDARD.availability(v).get(8).availability()).isEqualTo(Availability.UNKNOWN);
    assertThat(STANDARD.availability(f -> FlowVerdict.NOT_CHECKED))
        .allMatch(o -> o.availability() == Availability.UNKNOWN);
  }

  @Test
  void missingComponent_breaksTheOperationsThatNeedIt_unlessAnAlternativeIsPlaced() {
    Deployment noRemote =
        Deployment.builder(WDM)
            .host(
                Host.of(
                    "server", "10.0.0.5", "gui", "web-service", "database", "master-repository"))
            .host(Host.of("devices", "10.0.1.0/24", "web-agent"))
            .build();
    DependencyGraph g = DependencyGraph.of(noRemote);
    List<OperationStatus> s = g.impact(new ClosedPorts(List.of()));
    assertThat(s.get(5).availability()).isEqualTo(Availability.AVAILABLE);
    assertThat(g.requirements("distribute-package-now").clauses().get(6).alternatives())
        .extracting(OperationRequirements.Alternative::rule)
        .containsExactly("web-agent-to-master-repository-ftp");
    Deployment noRepo =
        Deployment.builder(WDM)
            .host(Host.of("server", "10.0.0.5", "gui", "web-service", "database"))
            .host(Host.of("devices", "10.0.1.0/24", "web-agent"))
            .build();
    OperationStatus reg = DependencyGraph.of(noRepo).impact(new ClosedPorts(List.of())).get(7);
    assertThat(reg.availability()).isEqualTo(Availability.BROKEN);
    assertThat(reg.reason())
        .isEqualTo(
            "register-package: broken, because no host runs both ends of gui-to-master-repository-ftp");
    assertThatThrownBy(
            () -> DependencyGraph.of(noRepo).minimalOpenings(List.of("register-package")))
        .hasMessage(
            "operation register-package cannot work in deployment deployment: no host runs both ends of gui-to-master-repository-ftp");
  }

  @Test
  void requirements_listClausesAndAlternatives() {
    OperationRequirements r = STANDARD.requirements("distribute-package-now");
    assertThat(r.clauses()).hasSize(7);
    assertThat(r.clauses().get(6).alternatives())
        .extracting(OperationRequirements.Alternative::rule)
        .containsExactly(
            "web-agent-to-master-repository-ftp", "web-agent-to-remote-repository-ftp");
    assertThat(STANDARD.requirements()).hasSize(11);
    assertThatThrownBy(() -> STANDARD.requirements("reboto"))
        .hasMessageStartingWith(
            "operation \"reboto\" is not in catalog wdm: use one of refresh-device-information, reboot,");
  }

  @Test
  void singlePointsOfFailure_excludeAlternatives() {
    assertThat(STANDARD.singlePointsOfFailure("distribute-package-now"))
        .extracting(Flow::id)
        .containsExactly(
            "gui->web-service:80/tcp",
            "web-agent->web-service:80/tcp",
            "gui->web-service:443/tcp",
            "web-agent->web-service:443/tcp",
            "web-service->database:1433/tcp",
            "web-service->web-agent:80/tcp");
  }

  @Test
  void minimalOpenings_openEnoughAndNothingMore() {
    List<Flow> open = STANDARD.minimalOpenings(List.of("distribute-package-now", "remote-shadow"));
    assertThat(open)
        .extracting(Flow::id)
        .containsExactly(
            "gui->web-service:80/tcp",
            "gui->web-agent:5900/tcp",
            "web-agent->web-service:80/tcp",
            "gui->web-service:443/tcp",
            "web-agent->web-service:443/tcp",
            "web-service->database:1433/tcp",
            "web-agent->master-repository:21/tcp",
            "web-service->web-agent:80/tcp");
    Map<String, FlowVerdict> v = new HashMap<>();
    open.forEach(f -> v.put(f.id(), FlowVerdict.OPEN));
    STANDARD.flows().forEach(f -> v.putIfAbsent(f.id(), FlowVerdict.BLOCKED));
    List<OperationStatus> s = STANDARD.availability(v);
    assertThat(s.get(5).available()).isTrue();
    assertThat(s.get(8).available()).isTrue();
  }

  @Test
  void renderings_nameEveryOperationAndRule() {
    String dot = STANDARD.toDot();
    assertThat(dot)
        .startsWith("digraph \"standard\" {")
        .contains("\"operation:reboot\" -> \"rule:web-service-to-database\";")
        .contains("[style=dashed, label=\"or\"]")
        .endsWith("}\n");
    String mermaid = STANDARD.toMermaid();
    assertThat(mermaid).startsWith("flowchart LR\n").contains("(\"Reboot\")").contains("-.->|or|");
    GraphView view = STANDARD.view();
    assertThat(view.nodes())
        .extracting(GraphView.Node::kind)
        .containsOnly(GraphView.NodeKind.values());
    assertThat(view.edges())
        .allSatisfy(
            e ->
                assertThat(view.nodes()).extracting(GraphView.Node::id).contains(e.from(), e.to()));
  }

  @Test
  void closedPorts_parseHostsRangesAndTransports() {
    ClosedPorts c = ClosedPorts.parse("wdm-server:80,1-1024/udp");
    assertThat(c).hasToString("wdm-server:80,wdm-server:1-1024/udp");
    assertThatThrownBy(() -> ClosedPorts.parse(":80"))
        .hasMessage("\":80\" has an empty host before ':': write HOST:PORTS, e.g. wdm-server:80");
    assertThatThrownBy(() -> ClosedPorts.parse("a:"))
        .hasMessage("\"a:\" names no port: write ports such as 80,443 or 1-1024/tcp");
    assertThatThrownBy(() -> ClosedPorts.parse("70000"))
        .hasMessage("port 70000 out of range 1..65535");
    assertThatThrownBy(() -> ClosedPorts.parse("80/sctp"))
        .hasMessage("transport \"sctp\" is not known: use tcp or udp");
  }

  private static List<String> concat(List<String> a, List<String> b) {
    return java.util.stream.Stream.concat(a.stream(), b.stream()).toList();
  }
}
