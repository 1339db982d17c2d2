package dev.wdmports.test;

import static dev.wdmports.test.Fixtures.DROPS_443;
import static dev.wdmports.test.Fixtures.OPEN_SERVER;
import static dev.wdmports.test.Fixtures.SITE;
import static dev.wdmports.test.Fixtures.lines;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.wdmports.core.Flow;
import dev.wdmports.firewall.FirewallPolicy;
import dev.wdmports.firewall.format.PolicyFormat;
import org.junit.jupiter.api.Test;

class FirewallPolicyAssertTest {
  private static final Flow ADMIN_HTTPS = Flow.parse("10.10.0.20->10.10.0.5:443/tcp");
  private static final Flow CLIENT_HTTPS = Flow.parse("10.10.8.9->10.10.0.5:443/tcp");
  private static final Flow ADMIN_HTTP = Flow.parse("10.10.0.20->10.10.0.5:80/tcp");
  private static final Flow STRANGER_HTTP = Flow.parse("192.0.2.1->10.10.0.5:80/tcp");
  private static final Flow SERVER_TO_CLIENT = Flow.parse("10.10.0.5->10.10.8.9:80/tcp");

  @Test
  void allowsEveryFlowOf_passes_whenThePolicyAllowsEveryFlowOfTheHost() {
    WdmAssertions.assertThat(OPEN_SERVER).allowsEveryFlowOf(SITE, "wdm-server");
  }

  @Test
  void allowsEveryFlowOf_listsEveryFlowThatIsNotAllowed_withTheDecidingLine() {
    assertThatThrownBy(
            () -> WdmAssertions.assertThat(DROPS_443).allowsEveryFlowOf(SITE, "wdm-server"))
        .isInstanceOf(AssertionError.class)
        .hasMessage(
            lines(
                "Expecting policy ../examples/firewall/wdm-server-drops-443.iptables to allow every flow of host"
                    + " wdm-server in deployment branch-office, but 2 of 12 are not allowed:",
                "  admin->wdm-server:443/tcp (gui-to-web-service-https): DENY by line 10 (-A INPUT"
                    + " -p tcp --dport 443 -j DROP)",
                "  thin-clients->wdm-server:443/tcp (web-agent-to-web-service-https): DENY by line"
                    + " 10 (-A INPUT -p tcp --dport 443 -j DROP)"));
  }

  @Test
  void allows_evaluatesInboundByDefault_andListsEveryDeniedFlow() {
    WdmAssertions.assertThat(DROPS_443).allows(ADMIN_HTTP);
    assertThatThrownBy(
            () -> WdmAssertions.assertThat(DROPS_443).allows(ADMIN_HTTPS, ADMIN_HTTP, CLIENT_HTTPS))
        .hasMessage(
            lines(
                "Expecting policy ../examples/firewall/wdm-server-drops-443.iptables to allow every given flow inbound,"
                    + " but 2 of 3 are not allowed:",
                "  10.10.0.20->10.10.0.5:443/tcp: DENY by line 10 (-A INPUT -p tcp --dport 443 -j"
                    + " DROP)",
                "  10.10.8.9->10.10.0.5:443/tcp: DENY by line 10 (-A INPUT -p tcp --dport 443 -j"
                    + " DROP)"));
  }

  @Test
  void allows_namesTheDefaultPolicy_whenNoRuleDecides() {
    assertThatThrownBy(() -> WdmAssertions.assertThat(DROPS_443).inbound().allows(STRANGER_HTTP))
        .hasMessage(
            lines(
                "Expecting policy ../examples/firewall/wdm-server-drops-443.iptables to allow the given flow inbound,"
                    + " but 1 of 1 is not allowed:",
                "  192.0.2.1->10.10.0.5:80/tcp: DENY by the default policy of INPUT -> WDM"));
  }

  @Test
  void allows_outbound_evaluatesTheOutputChain() {
    WdmAssertions.assertThat(DROPS_443).outbound().allows(STRANGER_HTTP, ADMIN_HTTPS);
  }

  @Test
  void allows_asSeenByAHost_evaluatesEachFlowInItsDirection() {
    WdmAssertions.assertThat(DROPS_443).asSeenBy("10.10.0.5").allows(SERVER_TO_CLIENT, ADMIN_HTTP);
    assertThatThrownBy(
            () ->
                WdmAssertions.assertThat(DROPS_443)
                    .asSeenBy("10.10.0.5")
                    .allows(SERVER_TO_CLIENT, ADMIN_HTTPS))
        .hasMessageStartingWith(
            "Expecting policy ../examples/firewall/wdm-server-drops-443.iptables to allow every given flow as seen by"
                + " 10.10.0.5, but 1 of 2 is not allowed:");
  }

  @Test
  void asSeenBy_rejectsAFlowThatDoesNotTouchTheHost() {
    assertThatThrownBy(
            () -> WdmAssertions.assertThat(DROPS_443).asSeenBy("10.9.9.9").allows(ADMIN_HTTP))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage(
            "flow 10.10.0.20->10.10.0.5:80/tcp neither starts nor ends at host 10.9.9.9: check only"
                + " the flows of that host, or pass another direction rule");
  }

  @Test
  void blocks_listsEveryFlowThatGetsThrough() {
    WdmAssertions.assertThat(DROPS_443).blocks(ADMIN_HTTPS, CLIENT_HTTPS, STRANGER_HTTP);
    assertThatThrownBy(() -> WdmAssertions.assertThat(DROPS_443).blocks(ADMIN_HTTPS, ADMIN_HTTP))
        .isInstanceOf(AssertionError.class)
        .hasMessage(
            lines(
                "Expecting policy ../examples/firewall/wdm-server-drops-443.iptables to block every given flow inbound,"
                    + " but 1 of 2 is not blocked:",
                "  10.10.0.20->10.10.0.5:80/tcp: ALLOW by line 13 (-A WDM -s 10.10.0.0/24 -p tcp -m"
                    + " multiport --dports 80,443,21,1433 -j ACCEPT)"));
  }

  @Test
  void keepsAvailable_passes_forOperationsThePolicyLeavesWorking() {
    WdmAssertions.assertThat(OPEN_SERVER).keepsAvailable(SITE, "wdm-server", "register-package");
    WdmAssertions.assertThat(DROPS_443).keepsAvailable(SITE, "wdm-server", "register-package");
  }

  @Test
  void keepsAvailable_explainsEveryBrokenOperation_withTheDecidingLines() {
    assertThatThrownBy(
            () ->
                WdmAssertions.assertThat(DROPS_443)
                    .keepsAvailable(SITE, "wdm-server", "register-package", "reboot"))
        .isInstanceOf(AssertionError.class)
        .hasMessage(
            lines(
                "Expecting policy ../examples/firewall/wdm-server-drops-443.iptables of host wdm-server in deployment"
                    + " branch-office to keep register-package, reboot available, but 1 of 2 is"
                    + " not:",
                "  reboot: broken, because admin->wdm-server:443/tcp (gui-to-web-service-https) is"
                    + " denied by line 10 (-A INPUT -p tcp --dport 443 -j DROP);"
                    + " thin-clients->wdm-server:443/tcp (web-agent-to-web-service-https) is denied"
                    + " by line 10 (-A INPUT -p tcp --dport 443 -j DROP)"));
  }

  @Test
  void keepsAvailable_namesTheKnownOperations_forAnUnknownId() {
    assertThatThrownBy(
            () -> WdmAssertions.assertThat(OPEN_SERVER).keepsAvailable(SITE, "wdm-server", "nope"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith("no operation \"nope\": use one of ")
        .hasMessageContaining("reboot");
    assertThatThrownBy(
            () -> WdmAssertions.assertThat(OPEN_SERVER).keepsAvailable(SITE, "wdm-server"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("operationIds is empty: name at least one operation, e.g. \"reboot\"");
  }

  @Test
  void allows_withoutFlows_isMisuse() {
    assertThatThrownBy(() -> WdmAssertions.assertThat(OPEN_SERVER).allows())
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage(
            "flows is empty: pass at least one, e.g. Flow.parse(\"10.0.0.20->10.0.0.5:443/tcp\")");
  }

  @Test
  void failures_carryTheAssertionDescription_andANullPolicyFails() {
    assertThatThrownBy(() -> WdmAssertions.assertThat(DROPS_443).as("server").allows(ADMIN_HTTPS))
        .hasMessageStartingWith(
            "[server] Expecting policy ../examples/firewall/wdm-server-drops-443.iptables");
    assertThatThrownBy(() -> WdmAssertions.assertThat((FirewallPolicy) null).allows(ADMIN_HTTP))
        .isInstanceOf(AssertionError.class)
        .hasMessageContaining("Expecting actual not to be null");
  }

  @Test
  void allows_givesTheWarnings_ofAFlowWhoseDecisionIsUnknown() {
    FirewallPolicy recent =
        PolicyFormat.IPTABLES_SAVE.parse(
            """
            *filter
            :INPUT DROP [0:0]
            -A INPUT -p tcp --dport 5900 -m recent --name x -j ACCEPT
            COMMIT
            """,
            "recent.rules");
    assertThatThrownBy(
            () ->
                WdmAssertions.assertThat(recent)
                    .allows(Flow.parse("10.10.0.20->10.10.0.5:5900/tcp")))
        .hasMessageStartingWith(
            lines(
                "Expecting policy recent.rules to allow the given flow inbound, but 1 of 1 is not"
                    + " allowed (1 unknown):",
                "  10.10.0.20->10.10.0.5:5900/tcp: UNKNOWN by "));
  }

  @Test
  void keepsAvailable_namesTheRuleLineAndConstruct_ofAnUnknownVerdict() {
    FirewallPolicy withSet =
        PolicyFormat.IPTABLES_SAVE.parse(
            """
            *filter
            :INPUT DROP [0:0]
            -A INPUT -p tcp --dport 21 -m set --match-set blocked src -j DROP
            -A INPUT -p tcp -m multiport --dports 80,443,21,1433 -j ACCEPT
            COMMIT
            """,
            "set.rules");
    assertThatThrownBy(
            () ->
                WdmAssertions.assertThat(withSet)
                    .keepsAvailable(SITE, "wdm-server", "register-package"))
        .isInstanceOf(AssertionError.class)
        .hasMessage(
            lines(
                "Expecting policy set.rules of host wdm-server in deployment branch-office to keep"
                    + " register-package available, but 1 of 1 is not:",
                "  register-package: unknown, because admin->wdm-server:21/tcp"
                    + " (gui-to-master-repository-ftp) is unknown at line 3 (-A INPUT -p tcp"
                    + " --dport 21 -m set --match-set blocked src -j DROP): -m set"
                    + " --match-set blocked src (set blocked is not defined: give the host's ipset"
                    + " save output (--ipsets FILE)) is not understood; the verdict may differ"));
  }

  @Test
  void allowsEveryFlowOf_countsDeniedAndUnknownApart() {
    FirewallPolicy mixed =
        PolicyFormat.IPTABLES_SAVE.parse(
            """
            *filter
            :INPUT DROP [0:0]
            -A INPUT -p tcp --dport 21 -m set --match-set blocked src -j DROP
            -A INPUT -p tcp -m multiport --dports 80,21,1433 -j ACCEPT
            COMMIT
            """,
            "mixed.rules");
    assertThatThrownBy(() -> WdmAssertions.assertThat(mixed).allowsEveryFlowOf(SITE, "wdm-server"))
        .hasMessageStartingWith(
            "Expecting policy mixed.rules to allow every flow of host wdm-server in deployment"
                + " branch-office, but 5 of 12 are not allowed (3 denied, 2 unknown):");
  }
}
