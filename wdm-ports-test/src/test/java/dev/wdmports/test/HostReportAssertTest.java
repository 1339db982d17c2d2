package dev.wdmports.test;

import static dev.wdmports.test.Fixtures.DROPS_443;
import static dev.wdmports.test.Fixtures.SITE;
import static dev.wdmports.test.Fixtures.lines;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.wdmports.core.Flow;
import dev.wdmports.core.report.Evidence;
import dev.wdmports.core.report.FlowCheck;
import dev.wdmports.core.report.HostReport;
import dev.wdmports.core.report.ProbeStatus;
import dev.wdmports.firewall.HostCheck;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class HostReportAssertTest {
  /**
   * A preflight from the admin workstation that found 443 filtered and did not probe 1433; its
   * operations are those of the server policy that drops 443.
   */
  private static final HostReport REPORT = report();

  private static HostReport report() {
    List<FlowCheck> checks = new ArrayList<>();
    for (Flow f : SITE.flowsFrom("admin")) {
      if (f.port() == 1433) {
        checks.add(FlowCheck.notChecked(f, new Evidence.NotChecked("none", "no checker")));
        continue;
      }
      ProbeStatus status = f.port() == 443 ? ProbeStatus.FILTERED : ProbeStatus.OPEN;
      checks.add(
          FlowCheck.probed(
              f,
              new Evidence.Probed(
                  "tcp",
                  "10.10.0.5",
                  status,
                  status == ProbeStatus.OPEN ? "" : "no answer in 800ms",
                  Duration.ZERO)));
    }
    return HostReport.ofPreflight(
        "admin",
        checks,
        HostCheck.of(DROPS_443, SITE, "wdm-server").operations(),
        List.of(),
        Duration.ZERO);
  }

  @Test
  void allOpen_listsEveryFlowThatIsNotOpen_orWasNotProbed() {
    assertThatThrownBy(() -> WdmAssertions.assertThat(REPORT).allOpen())
        .isInstanceOf(AssertionError.class)
        .hasMessageStartingWith("Expecting every flow probed from admin to be OPEN, but ")
        .hasMessageContaining(
            lines(
                "",
                "  admin->wdm-server:443/tcp (gui-to-web-service-https): FILTERED (no answer in"
                    + " 800ms)"))
        .hasMessageContaining(": NOT_CHECKED (no checker)");
  }

  @Test
  void hasStatus_findsAFlowByIdOrByFlow() {
    WdmAssertions.assertThat(REPORT)
        .hasStatus("admin->wdm-server:443/tcp", ProbeStatus.FILTERED)
        .hasStatus("admin->wdm-server:443/tcp (gui-to-web-service-https)", ProbeStatus.FILTERED)
        .hasStatus(REPORT.flows().get(0).flow(), REPORT.flows().get(0).probeStatus().orElseThrow());
  }

  @Test
  void hasStatus_saysWhatTheProbeSaw() {
    assertThatThrownBy(
            () ->
                WdmAssertions.assertThat(REPORT)
                    .hasStatus("admin->wdm-server:443/tcp", ProbeStatus.OPEN))
        .hasMessage(
            "Expecting admin->wdm-server:443/tcp to be OPEN, but it is FILTERED (no answer in"
                + " 800ms)");
  }

  @Test
  void hasStatus_listsTheProbedFlows_whenTheFlowIsMissing() {
    assertThatThrownBy(
            () -> WdmAssertions.assertThat(REPORT).hasStatus("x->y:1/tcp", ProbeStatus.OPEN))
        .hasMessageStartingWith(
            lines(
                "Expecting x->y:1/tcp to be OPEN, but the report has no such probe; it has:",
                "  admin->"));
  }

  @Test
  void keepsAvailable_explainsBrokenOperations_withWhatTheProbesSaw() {
    WdmAssertions.assertThat(REPORT).keepsAvailable("register-package");
    assertThatThrownBy(
            () -> WdmAssertions.assertThat(REPORT).keepsAvailable("reboot", "register-package"))
        .isInstanceOf(AssertionError.class)
        .hasMessage(
            lines(
                "Expecting preflight from admin to keep reboot, register-package available, but 1"
                    + " of 2 is not:",
                "  reboot: broken, because admin->wdm-server:443/tcp (gui-to-web-service-https) is"
                    + " FILTERED, thin-clients->wdm-server:443/tcp"
                    + " (web-agent-to-web-service-https) is blocked"));
  }
}
