package dev.wdmports.test;

import static dev.wdmports.test.Fixtures.DROPS_443;
import static dev.wdmports.test.Fixtures.SITE;
import static dev.wdmports.test.Fixtures.lines;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.wdmports.core.graph.OperationStatus;
import dev.wdmports.firewall.HostCheck;
import java.util.List;
import org.junit.jupiter.api.Test;

class OperationsAssertTest {
  private static final List<OperationStatus> OPS =
      HostCheck.of(DROPS_443, SITE, "wdm-server").operations();

  @Test
  void areAvailable_andIsBroken_pass_forWhatTheStatusesSay() {
    WdmAssertions.assertThat(OPS).areAvailable("register-package").isBroken("reboot");
  }

  @Test
  void areAvailable_givesTheReasonOfEveryOperationThatDoesNotWork() {
    assertThatThrownBy(
            () -> WdmAssertions.assertThat(OPS).areAvailable("reboot", "register-package"))
        .isInstanceOf(AssertionError.class)
        .hasMessage(
            lines(
                "Expecting the operations to keep reboot, register-package available, but 1 of 2"
                    + " is not:",
                "  reboot: broken, because admin->wdm-server:443/tcp (gui-to-web-service-https),"
                    + " thin-clients->wdm-server:443/tcp (web-agent-to-web-service-https) are"
                    + " blocked"));
  }

  @Test
  void isBroken_givesTheReason_whenTheOperationWorks() {
    assertThatThrownBy(() -> WdmAssertions.assertThat(OPS).isBroken("register-package"))
        .isInstanceOf(AssertionError.class)
        .hasMessage(
            lines(
                "Expecting operation register-package to be broken, but it is not:",
                "  register-package: available"));
  }

  @Test
  void unknownOperationIds_areMisuse() {
    assertThatThrownBy(() -> WdmAssertions.assertThat(OPS).isBroken("nope"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith("no operation \"nope\": use one of ");
    assertThatThrownBy(() -> WdmAssertions.assertThat(OPS).areAvailable((String) null))
        .isInstanceOf(NullPointerException.class)
        .hasMessage("operationIds holds null");
  }
}
