package dev.wdmports.test;

import dev.wdmports.core.graph.OperationStatus;
import dev.wdmports.core.report.HostReport;
import dev.wdmports.firewall.FirewallPolicy;
import dev.wdmports.probe.ProbeReport;
import java.util.List;
import org.assertj.core.api.AbstractSoftAssertions;

/**
 * Soft assertions for wdm-ports: the {@link WdmAssertions} overloads, collecting every failure and
 * reporting them together.
 *
 * <pre>{@code
 * @ExtendWith(SoftAssertionsExtension.class)
 * class ServerFirewallTest {
 *   @InjectSoftAssertions WdmSoftAssertions softly;
 *
 *   @Test
 *   void serverPolicy_keepsTheSiteWorking() {
 *     softly.assertThat(rules).allowsEveryFlowOf(site, "wdm-server");
 *     softly.assertThat(rules).keepsAvailable(site, "wdm-server", "reboot");
 *   } // both failures are reported
 * }
 * }</pre>
 *
 * <p>Without the extension, call {@link #assertAll()} at the end. Not thread-safe: use one instance
 * per test.
 *
 * <p>The kit's own assertions ({@code allows}, {@code blocks}, {@code keepsAvailable}, {@code
 * hasStatus}, ...) are collected. AssertJ's generic ones that the assertion classes inherit ({@code
 * isNotNull}, {@code isEqualTo}, ...) fail at once, as in a hard assertion. No generated proxy is
 * involved, so soft assertions need no JVM flag on the module path.
 *
 * @since 0.1.0
 */
public class WdmSoftAssertions extends AbstractSoftAssertions {
  /** Creates soft assertions with no failure collected. */
  public WdmSoftAssertions() {}

  /**
   * Starts soft assertions on a firewall policy.
   *
   * @param actual the policy
   * @return the assertion
   */
  public FirewallPolicyAssert assertThat(FirewallPolicy actual) {
    return new FirewallPolicyAssert(actual, this);
  }

  /**
   * Starts soft assertions on a probe report.
   *
   * @param actual the report
   * @return the assertion
   */
  public ProbeReportAssert assertThat(ProbeReport actual) {
    return new ProbeReportAssert(actual, this);
  }

  /**
   * Starts soft assertions on a preflight report.
   *
   * @param actual the report
   * @return the assertion
   */
  public HostReportAssert assertThat(HostReport actual) {
    return new HostReportAssert(actual, this);
  }

  /**
   * Starts soft assertions on operation statuses.
   *
   * @param actual the statuses
   * @return the assertion
   */
  public OperationsAssert assertThat(List<OperationStatus> actual) {
    return new OperationsAssert(actual, this);
  }
}
