package dev.wdmports.test;

import static dev.wdmports.test.Fixtures.DROPS_443;
import static dev.wdmports.test.Fixtures.OPEN_SERVER;
import static dev.wdmports.test.Fixtures.SITE;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.wdmports.core.report.HostReport;
import dev.wdmports.firewall.HostCheck;
import dev.wdmports.probe.ProbeReport;
import dev.wdmports.probe.ProbeSummary;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.assertj.core.api.junit.jupiter.InjectSoftAssertions;
import org.assertj.core.api.junit.jupiter.SoftAssertionsExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(SoftAssertionsExtension.class)
class WdmSoftAssertionsTest {
  @InjectSoftAssertions WdmSoftAssertions softly;

  @Test
  void injectedSoftAssertions_passEveryOverload_whenNothingFails() {
    softly.assertThat(OPEN_SERVER).allowsEveryFlowOf(SITE, "wdm-server");
    softly.assertThat(HostCheck.of(DROPS_443, SITE, "wdm-server").operations()).isBroken("reboot");
    softly
        .assertThat(
            new ProbeReport(List.of(), new ProbeSummary(0, Map.of(), Duration.ZERO, false, false)))
        .allOpen();
    softly
        .assertThat(HostReport.ofPreflight("admin", List.of(), List.of(), List.of(), Duration.ZERO))
        .allOpen();
  }

  @Test
  void softAssertions_reportEveryFailure_notJustTheFirst() {
    WdmSoftAssertions soft = new WdmSoftAssertions();
    soft.assertThat(DROPS_443).allowsEveryFlowOf(SITE, "wdm-server");
    soft.assertThat(DROPS_443).keepsAvailable(SITE, "wdm-server", "reboot");
    soft.assertThat(DROPS_443)
        .allowsEveryFlowOf(SITE, "wdm-server")
        .blocks(dev.wdmports.core.Flow.parse("10.10.0.20->10.10.0.5:443/tcp"));
    assertThat(soft.errorsCollected())
        .extracting(Throwable::getMessage)
        .hasSize(3)
        .satisfiesExactly(
            m ->
                assertThat(m)
                    .startsWith(
                        "Expecting policy ../examples/firewall/wdm-server-drops-443.iptables to allow every flow of host wdm-server"),
            m ->
                assertThat(m)
                    .startsWith(
                        "Expecting policy ../examples/firewall/wdm-server-drops-443.iptables of host wdm-server in deployment branch-office to keep reboot available"),
            m -> assertThat(m).contains("2 of 12 are not allowed"));
    assertThatThrownBy(soft::assertAll)
        .hasMessageContaining("to allow every flow of host wdm-server")
        .hasMessageContaining("to keep reboot available");
  }
}
