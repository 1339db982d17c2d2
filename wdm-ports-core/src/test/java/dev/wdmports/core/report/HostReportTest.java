package dev.wdmports.core.report;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.common.testing.NullPointerTester;
import dev.wdmports.core.Flow;
import dev.wdmports.core.catalog.Catalogs;
import dev.wdmports.core.deploy.Deployment;
import dev.wdmports.core.deploy.Deployments;
import dev.wdmports.core.graph.ClosedPorts;
import dev.wdmports.core.graph.DependencyGraph;
import dev.wdmports.core.graph.FlowVerdict;
import dev.wdmports.core.graph.OperationStatus;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;

class HostReportTest {
  private static final Deployment SITE =
      Deployments.read(Path.of("../examples/branch-office.yaml"), Catalogs.wdm());

  private static final DecidingRule DROP_443 =
      new DecidingRule("line 10", 10, "-A INPUT -p tcp --dport 443 -j DROP", Optional.empty());

  /** The firewall of wdm-server drops 443 and allows everything else. */
  private static HostReport firewall(Set<String> covered) {
    List<FlowCheck> checks = new ArrayList<>();
    Map<String, FlowVerdict> verdicts = new HashMap<>();
    for (Flow f : SITE.flowsOf("wdm-server")) {
      boolean drop = f.port() == 443 && f.to().equals("wdm-server");
      FlowVerdict v = drop ? FlowVerdict.BLOCKED : FlowVerdict.OPEN;
      checks.add(
          new FlowCheck(
              f,
              f.to().equals("wdm-server") ? Direction.IN : Direction.OUT,
              v,
              new Evidence.Decided(
                  drop ? Optional.of(DROP_443) : Optional.empty(), List.of("INPUT"), List.of())));
      verdicts.merge(f.id(), v, FlowVerdict::stricter);
    }
    return HostReport.ofFirewall(
        "wdm-server", checks, DependencyGraph.of(SITE).availability(verdicts), covered);
  }

  /** A preflight from admin: 443 filtered, 1433 not probed, the rest open. */
  private static HostReport preflight() {
    List<FlowCheck> checks = new ArrayList<>();
    Map<String, FlowVerdict> verdicts = new HashMap<>();
    for (Flow f : SITE.flowsFrom("admin")) {
      FlowCheck c =
          f.port() == 1433
              ? FlowCheck.notChecked(f, new Evidence.NotChecked("tds", "no address"))
              : FlowCheck.probed(
                  f,
                  new Evidence.Probed(
                      "tcp",
                      "10.10.0.5",
                      f.port() == 443 ? ProbeStatus.TLS_FAILURE : ProbeStatus.OPEN,
                      f.port() == 443 ? "certificate not trusted" : "",
                      Duration.ofMillis(3)));
      checks.add(c);
      verdicts.put(f.id(), c.verdict());
    }
    return HostReport.ofPreflight(
        "admin",
        checks,
        DependencyGraph.of(SITE).availability(verdicts),
        List.of("reboot"),
        Duration.ofMillis(40));
  }

  private static OperationStatus op(HostReport r, String id) {
    return r.operations().stream()
        .filter(s -> s.operation().id().equals(id))
        .findFirst()
        .orElseThrow();
  }

  @Test
  void explain_namesTheDecidingRule_ofAFirewallCheck() {
    HostReport r = firewall(Set.of());
    assertThat(r.explain(op(r, "reboot")))
        .startsWith(
            "broken, because admin->wdm-server:443/tcp (gui-to-web-service-https) is denied by"
                + " line 10 (-A INPUT -p tcp --dport 443 -j DROP); ");
    assertThat(r.passed()).isFalse();
    assertThat(r.summary()).endsWith(" flows are denied.");
  }

  @Test
  void explain_namesWhatTheProbeSaw_andWhatWasNotChecked() {
    HostReport r = preflight();
    assertThat(r.explain(op(r, "reboot")))
        .startsWith(
            "broken, because admin->wdm-server:443/tcp (gui-to-web-service-https) is TLS_FAILURE"
                + " (certificate not trusted)");
    assertThat(r.flows())
        .filteredOn(c -> c.flow().port() == 1433)
        .extracting(FlowCheck::describe)
        .containsOnly("NOT_CHECKED (no address)");
  }

  @Test
  void explain_ofAnImpactReport_isTheGraphsReasonWithoutTheId() {
    List<OperationStatus> ops = DependencyGraph.of(SITE).impact(ClosedPorts.parse("443"));
    HostReport r = HostReport.ofImpact(List.of("443"), ops);
    OperationStatus reboot = op(r, "reboot");
    assertThat(r.explain(reboot)).isEqualTo(reboot.reason().substring("reboot: ".length()));
    assertThat(r.passed()).isFalse();
  }

  @Test
  void coveredFlows_failNothing_andAreSkippedInJunit() {
    HostReport strict = firewall(Set.of());
    Set<String> denied = new java.util.HashSet<>();
    strict.flows().stream()
        .filter(c -> c.verdict() != FlowVerdict.OPEN)
        .forEach(c -> denied.add(c.flow().id()));
    HostReport covered = firewall(denied);
    assertThat(covered.passed()).isTrue();
    assertThat(covered.allOpen()).isFalse();
    String xml = ReportFormat.JUNIT.render(covered);
    assertThat(xml)
        .contains("an allowed alternative stands in for it")
        .doesNotContain("<testsuite name=\"wdm-ports firewall flows\" tests=\"12\" failures=\"1");
    assertThat(ReportFormat.TEXT.render(covered))
        .contains("Each flow that is not allowed has an allowed alternative");
  }

  @Test
  void junit_neverPassesWhatWasNotVerified() {
    String xml = ReportFormat.JUNIT.render(preflight());
    assertThat(xml)
        .contains("<skipped message=\"NOT_CHECKED: no address\"/>")
        .contains("<failure message=\"TLS_FAILURE: certificate not trusted\">")
        .contains("<testsuite name=\"wdm-ports preflight operations\"");
  }

  @Test
  void impact_rendersAsJunit_withBrokenOperationsFailing() {
    HostReport r =
        HostReport.ofImpact(
            List.of("443"), DependencyGraph.of(SITE).impact(ClosedPorts.parse("443")));
    assertThat(ReportFormat.JUNIT.render(r))
        .contains("<testsuite name=\"wdm-ports impact operations\"")
        .contains("<failure message=\"reboot: broken, because ");
  }

  @Test
  void markdown_rendersTheTextTables_underAHeading() {
    String md = ReportFormat.MARKDOWN.render(preflight());
    assertThat(md)
        .startsWith("# Preflight from admin\n\n## Flows\n\n| FLOW | RULE | CHECKER | STATUS |")
        .contains("## Operations\n\n| OPERATION | STATUS | BECAUSE |\n| --- | --- | --- |\n")
        .contains("| reboot | BROKEN | admin->wdm-server:443/tcp")
        .endsWith("FAILED: broken: " + String.join(", ", broken(preflight())) + "\n");
  }

  private static List<String> broken(HostReport r) {
    return r.operations().stream()
        .filter(s -> s.availability() == dev.wdmports.core.graph.Availability.BROKEN)
        .map(s -> s.operation().id())
        .toList();
  }

  @Test
  void json_ofAPreflight_countsEachProbedConnectionOnce() throws Exception {
    var root =
        new com.fasterxml.jackson.databind.ObjectMapper()
            .readTree(ReportFormat.JSON.render(preflight()));
    assertThat(root.get("from").asText()).isEqualTo("admin");
    assertThat(root.get("passed").asBoolean()).isFalse();
    assertThat(root.get("summary").get("elapsedMs").asLong()).isEqualTo(40);
    long probedIds =
        preflight().flows().stream()
            .filter(c -> c.evidence() instanceof Evidence.Probed)
            .map(c -> c.flow().id())
            .distinct()
            .count();
    assertThat(root.get("summary").get("total").asLong()).isEqualTo(probedIds);
  }

  @Test
  void flowCheck_rejectsAVerdictThatContradictsItsEvidence() {
    Flow f = Flow.parse("10.0.0.1->10.0.0.2:80/tcp");
    assertThatThrownBy(
            () ->
                new FlowCheck(
                    f,
                    Direction.OUT,
                    FlowVerdict.OPEN,
                    new Evidence.Probed("tcp", "10.0.0.2", ProbeStatus.REFUSED, "", Duration.ZERO)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith("flow 10.0.0.1->10.0.0.2:80/tcp: verdict OPEN contradicts")
        .hasMessageEndingWith(": use BLOCKED");
    assertThatThrownBy(
            () ->
                new FlowCheck(
                    f,
                    Direction.IN,
                    FlowVerdict.NOT_CHECKED,
                    new Evidence.Decided(Optional.empty(), List.of(), List.of())))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void publicTypes_rejectNulls() {
    NullPointerTester t = new NullPointerTester();
    t.setDefault(Flow.class, Flow.parse("10.0.0.1->10.0.0.2:80/tcp"));
    t.setDefault(
        Evidence.Probed.class,
        new Evidence.Probed("tcp", "10.0.0.2", ProbeStatus.OPEN, "", Duration.ZERO));
    t.setDefault(Evidence.NotChecked.class, new Evidence.NotChecked("none", ""));
    t.setDefault(
        Evidence.Swept.class,
        new Evidence.Swept(
            "tcp", "10.0.0.0/30", 4, Map.of(), List.of(), 0, java.util.OptionalLong.empty()));
    t.setDefault(Evidence.class, new Evidence.Decided(Optional.empty(), List.of(), List.of()));
    for (Class<?> c :
        List.of(
            FlowCheck.class,
            HostReport.class,
            DecidingRule.class,
            Evidence.Decided.class,
            Evidence.Probed.class,
            Evidence.Swept.class,
            Evidence.Swept.Range.class,
            DeviceBreakdown.class,
            DeviceBreakdown.Range.class,
            Evidence.NotChecked.class)) {
      t.testAllPublicStaticMethods(c);
      t.testAllPublicConstructors(c);
    }
    t.testAllPublicInstanceMethods(preflight());
    t.testAllPublicInstanceMethods(ReportFormat.TEXT);
  }
}
