package dev.wdmports.firewall;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.wdmports.core.catalog.Catalogs;
import dev.wdmports.core.deploy.Deployment;
import dev.wdmports.core.deploy.Deployments;
import dev.wdmports.core.graph.Availability;
import dev.wdmports.core.graph.FlowVerdict;
import dev.wdmports.core.graph.OperationStatus;
import dev.wdmports.core.report.Evidence;
import dev.wdmports.core.report.HostReport;
import dev.wdmports.firewall.format.PolicyFormat;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class HostCheckTest {
  private static final Deployment SITE =
      Deployments.read(Path.of("../examples/branch-office.yaml"), Catalogs.wdm());

  private static final String RULES =
      """
      *filter
      :INPUT DROP [0:0]
      :OUTPUT ACCEPT [0:0]
      -A INPUT -i lo -j ACCEPT
      -A INPUT -p tcp --dport 443 -j DROP
      -A INPUT -s 10.10.0.0/16 -p tcp -m multiport --dports 80,21,1433 -j ACCEPT
      -A INPUT -s 10.10.8.0/22 -p tcp --dport 5900 -m recent --name x -j ACCEPT
      COMMIT
      """;

  private static final String WITH_SET =
      RULES.replace(
          "-A INPUT -s 10.10.0.0/16",
          "-A INPUT -p tcp --dport 21 -m set --match-set blocked src -j DROP\n"
              + "-A INPUT -s 10.10.0.0/16");

  @Test
  void of_rollsTheHostsVerdictsUpIntoOperations_namingTheDecidingLine() {
    HostReport check =
        HostCheck.of(PolicyFormat.IPTABLES_SAVE.parse(RULES, "server.rules"), SITE, "wdm-server");
    assertThat(check.host()).isEqualTo("wdm-server");
    assertThat(check.flows()).hasSize(12);
    assertThat(check.allOpen()).isFalse();
    OperationStatus reboot = check.operations().get(1);
    assertThat(reboot.availability()).isEqualTo(Availability.BROKEN);
    assertThat(check.explain(reboot))
        .isEqualTo(
            "broken, because admin->wdm-server:443/tcp (gui-to-web-service-https) is denied"
                + " by line 5 (-A INPUT -p tcp --dport 443 -j DROP); thin-clients->wdm-server:443/tcp"
                + " (web-agent-to-web-service-https) is denied by line 5 (-A INPUT -p tcp --dport 443"
                + " -j DROP)");
    assertThat(check.operations().get(7).availability()).isEqualTo(Availability.AVAILABLE);
    assertThat(check.explain(check.operations().get(7))).isEqualTo("available");
    assertThat(check.operations().get(8).availability()).isEqualTo(Availability.UNKNOWN);
  }

  @Test
  void explain_saysWhichRuleDegradesAnOperation() throws Exception {
    String either =
        java.nio.file.Files.readString(Path.of("../examples/branch-office.yaml"))
            .replace("security: http-and-https", "security: http-or-https");
    Deployment site = Deployments.parse(either, "either.yaml", Catalogs.wdm());
    HostReport check =
        HostCheck.of(PolicyFormat.IPTABLES_SAVE.parse(RULES, "server.rules"), site, "wdm-server");
    OperationStatus reboot = check.operations().get(1);
    assertThat(reboot.availability()).isEqualTo(Availability.DEGRADED);
    assertThat(check.explain(reboot))
        .isEqualTo(
            "available, but degraded, because admin->wdm-server:443/tcp (gui-to-web-service-https)"
                + " is denied by line 5 (-A INPUT -p tcp --dport 443 -j DROP);"
                + " thin-clients->wdm-server:443/tcp (web-agent-to-web-service-https) is denied by"
                + " line 5 (-A INPUT -p tcp --dport 443 -j DROP)");
  }

  @Test
  void decisions_mapToFlowVerdicts() {
    assertThat(Decision.ALLOW.verdict()).isEqualTo(FlowVerdict.OPEN);
    assertThat(Decision.DENY.verdict()).isEqualTo(FlowVerdict.BLOCKED);
    assertThat(Decision.UNKNOWN.verdict()).isEqualTo(FlowVerdict.UNKNOWN);
  }

  @Test
  void defaultPolicy_isNamedWhenNoRuleDecides() {
    HostReport check =
        HostCheck.of(
            PolicyFormat.IPTABLES_SAVE.parse(
                "*filter\n:INPUT DROP [0:0]\n:OUTPUT ACCEPT [0:0]\nCOMMIT\n", "empty.rules"),
            SITE,
            "wdm-server");
    assertThat(((Evidence.Decided) check.flows().get(0).evidence()).describe())
        .startsWith("the default policy");
    assertThat(check.operations())
        .extracting(OperationStatus::availability)
        .contains(Availability.BROKEN);
    assertThatThrownBy(
            () ->
                HostCheck.of(
                    check.flows().isEmpty() ? null : PolicyFormat.IPTABLES_SAVE.parse(RULES, "r"),
                    SITE,
                    "nope"))
        .hasMessageStartingWith("deployment branch-office has no host \"nope\"");
  }

  @Test
  void hostCheck_copiesItsLists() {
    HostReport empty = HostReport.ofFirewall("h", List.of(), List.of(), Set.of());
    assertThat(empty.allOpen()).isTrue();
  }

  @Test
  void explain_ofAnUnknownOperation_namesTheFlowRuleLineAndWhatIsNotUnderstood() {
    HostReport check =
        HostCheck.of(
            PolicyFormat.IPTABLES_SAVE.parse(WITH_SET, "server.rules"), SITE, "wdm-server");
    OperationStatus unknown =
        check.operations().stream()
            .filter(o -> o.availability() == Availability.UNKNOWN)
            .findFirst()
            .orElseThrow();
    assertThat(check.explain(unknown))
        .isEqualTo(
            "unknown, because admin->wdm-server:21/tcp"
                + " (gui-to-master-repository-ftp) is unknown at line 6 (-A INPUT -p tcp --dport 21"
                + " -m set --match-set blocked src -j DROP): -m set --match-set blocked src"
                + " (set blocked is not defined: give the host's ipset save output (--ipsets FILE))"
                + " is not understood; the verdict may differ");
  }

  @Test
  void summary_countsDeniedAndUnknownApart() {
    HostReport check =
        HostCheck.of(
            PolicyFormat.IPTABLES_SAVE.parse(WITH_SET, "server.rules"), SITE, "wdm-server");
    assertThat(check.summary()).isEqualTo("2 of 12 flows are denied, 2 unknown.");
    assertThat(HostReport.ofFirewall("h", List.of(), List.of(), Set.of()).summary())
        .isEqualTo("Every flow is allowed.");
  }
}
