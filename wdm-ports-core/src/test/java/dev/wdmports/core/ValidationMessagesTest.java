package dev.wdmports.core;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.wdmports.core.catalog.Catalogs;
import dev.wdmports.core.deploy.Deployment;
import dev.wdmports.core.graph.Availability;
import dev.wdmports.core.graph.FlowVerdict;
import dev.wdmports.core.report.DeviceBreakdown;
import dev.wdmports.core.report.Direction;
import dev.wdmports.core.report.Evidence;
import dev.wdmports.core.report.FlowCheck;
import dev.wdmports.core.report.ProbeStatus;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * The errors audit (issue 12, item 6) for the core's validating constructors and builders: each
 * message names the value and the fix. The documents' and syntaxes' messages are tested beside
 * their parsers (catalog, deploy, {@code PortsTest}).
 */
class ValidationMessagesTest {
  @Test
  void flow_withABlankHost_namesTheFlow() {
    assertThatThrownBy(
            () ->
                new Flow(
                    "admin",
                    " ",
                    Optional.empty(),
                    Optional.empty(),
                    Transport.TCP,
                    443,
                    Optional.empty(),
                    Optional.empty()))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage(
            "flow \"admin-> \" needs a source and a destination host: name both, e.g."
                + " admin->wdm-server");
  }

  @Test
  void deploymentBuilder_refusesABlankName() {
    Deployment.Builder b = Deployment.builder(Catalogs.wdm());
    assertThatThrownBy(() -> b.name(""))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("deployment name is blank: give a name");
  }

  @Test
  void sweptRange_withoutDevices_namesTheRange() {
    assertThatThrownBy(() -> new Evidence.Swept.Range("10.20.0.0/24", 0, ProbeStatus.OPEN))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("range 10.20.0.0/24 has 0 devices: a range has at least one");
  }

  @Test
  void breakdownRange_withoutDevices_namesTheRange() {
    assertThatThrownBy(
            () -> new DeviceBreakdown.Range("10.20.0.0/24", -1, Availability.BROKEN, "FILTERED"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("range 10.20.0.0/24 has -1 devices: a range has at least one");
  }

  @Test
  void flowCheck_whoseVerdictContradictsItsEvidence_saysWhichToUse() {
    Flow flow = Flow.parse("admin->wdm-server:443/tcp");
    assertThatThrownBy(
            () ->
                new FlowCheck(
                    flow,
                    Direction.IN,
                    FlowVerdict.OPEN,
                    new Evidence.NotChecked("tcp", "no route from here")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith("flow " + flow.id() + ": verdict OPEN contradicts its evidence ")
        .hasMessageEndingWith(": use NOT_CHECKED");
  }
}
