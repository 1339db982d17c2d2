package dev.wdmports.examples;

import static dev.wdmports.test.WdmAssertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.wdmports.core.Flow;
import dev.wdmports.core.catalog.Catalogs;
import dev.wdmports.core.deploy.Deployment;
import dev.wdmports.core.deploy.Deployments;
import dev.wdmports.firewall.FirewallPolicy;
import dev.wdmports.firewall.format.PolicyFormat;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/**
 * The README's "unit-test your firewall" example: the WDM server's firewall configurations, kept in
 * the repository next to the deployment, must keep every push operation available and must not open
 * the database to the thin clients.
 */
class FirewallConfigTest {
  // README: begin firewall-test
  static final Deployment SITE =
      Deployments.read(Path.of("../examples/branch-office.yaml"), Catalogs.wdm());
  static final String[] PUSH = {
    "refresh-device-information",
    "reboot",
    "change-device-information",
    "change-network-information",
    "get-device-configuration",
    "distribute-package-now",
    "distribute-package-scheduled"
  };

  @Test
  void windowsFirewall_keepsEveryPushOperationAvailable() {
    FirewallPolicy windows =
        PolicyFormat.NETSH.read(Path.of("../examples/firewall/wdm-server.netsh.txt"));
    assertThat(windows).keepsAvailable(SITE, "wdm-server", PUSH);
    assertThat(windows).allowsEveryFlowOf(SITE, "wdm-server");
  }

  @Test
  void windowsFirewall_keepsTheDatabaseClosedToThinClients() {
    FirewallPolicy windows =
        PolicyFormat.NETSH.read(Path.of("../examples/firewall/wdm-server.netsh.txt"));
    assertThat(windows).blocks(Flow.parse("10.10.8.0/22->10.10.0.5:1433/tcp"));
  }

  @Test
  void linuxRules_keepEveryPushOperationAvailable() {
    FirewallPolicy linux =
        PolicyFormat.IPTABLES_SAVE.read(Path.of("../examples/firewall/wdm-server.iptables"));
    assertThat(linux).keepsAvailable(SITE, "wdm-server", PUSH);
    assertThat(linux).blocks(Flow.parse("10.10.8.0/22->10.10.0.5:1433/tcp"));
  }

  // README: end firewall-test

  @Test
  void aChangeThatDrops443_failsTheTest_namingEveryFlowAndTheLine() {
    FirewallPolicy changed =
        PolicyFormat.IPTABLES_SAVE.read(
            Path.of("../examples/firewall/wdm-server-drops-443.iptables"));
    assertThatThrownBy(() -> assertThat(changed).keepsAvailable(SITE, "wdm-server", PUSH))
        .isInstanceOf(AssertionError.class)
        .hasMessageContaining("reboot")
        .hasMessageContaining(
            "admin->wdm-server:443/tcp (gui-to-web-service-https) is denied by line 10 (-A INPUT"
                + " -p tcp --dport 443 -j DROP)");
    assertThatThrownBy(() -> assertThat(changed).allowsEveryFlowOf(SITE, "wdm-server"))
        .hasMessageContaining("but 2 of 12 are not allowed")
        .hasMessageContaining(
            "thin-clients->wdm-server:443/tcp (web-agent-to-web-service-https): DENY by line 10");
  }
}
