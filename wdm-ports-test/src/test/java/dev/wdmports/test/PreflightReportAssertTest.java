package dev.wdmports.test;

import static dev.wdmports.test.Fixtures.DROPS_443;
import static dev.wdmports.test.Fixtures.SITE;
import static dev.wdmports.test.Fixtures.lines;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.wdmports.core.Flow;
import dev.wdmports.core.Transport;
import dev.wdmports.core.graph.FlowVerdict;
import dev.wdmports.firewall.HostCheck;
import dev.wdmports.probe.PreflightReport;
import dev.wdmports.probe.PreflightReport.FlowCheck;
import dev.wdmports.probe.ProbeResult;
import dev.wdmports.probe.ProbeStatus;
import dev.wdmports.probe.ProbeSummary;
import dev.wdmports.probe.ProbeTarget;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class PreflightReportAssertTest {
  /**
   * A preflight from the admin workstation that found 443 filtered and did not probe 1433; its
   * operations are those of the server policy that drops 443.
   */
  private static final PreflightReport REPORT = report();

  private static PreflightReport report() {
    List<FlowCheck> checks = new ArrayList<>();
    for (Flow f : SITE.flowsFrom("admin")) {
      if (f.port() == 1433) {
        checks.add(
            new FlowCheck(f, "none", FlowVerdict.NOT_CHECKED, Optional.empty(), "no checker"));
        continue;
      }
      ProbeStatus status = f.port() == 443 ? ProbeStatus.FILTERED : ProbeStatus.OPEN;
      ProbeResult r =
          ProbeResult.builder(ProbeTarget.of("10.10.0.5", f.port(), "tcp"), Transport.TCP, status)
              .detail(status == ProbeStatus.OPEN ? "" : "no answer in 800ms")
              .build();
      checks.add(
          new FlowCheck(
              f,
              "tcp",
              status == ProbeStatus.OPEN ? FlowVerdict.OPEN : FlowVerdict.BLOCKED,
              Optional.of(r),
              ""));
    }
    return new PreflightReport(
        "admin",
        checks,
        HostCheck.of(DROPS_443, SITE, "wdm-server").operations(),
        List.of(),
        new ProbeSummary(checks.size(), Map.of(), Duration.ZERO, false, false));
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
        .hasStatus(REPORT.flows().get(0).flow(), REPORT.flows().get(0).result().get().status());
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
