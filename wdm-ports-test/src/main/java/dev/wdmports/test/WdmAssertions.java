package dev.wdmports.test;

import dev.wdmports.core.graph.OperationStatus;
import dev.wdmports.core.report.HostReport;
import dev.wdmports.firewall.FirewallPolicy;
import dev.wdmports.probe.ProbeReport;
import java.util.List;

/**
 * The entry point of the wdm-ports AssertJ assertions: firewall policies, probe and preflight
 * reports, and operation statuses.
 *
 * <pre>{@code
 * import static dev.wdmports.test.WdmAssertions.assertThat;
 *
 * Deployment site = Deployments.read(Path.of("branch-office.yaml"), Catalogs.wdm());
 * FirewallPolicy rules = PolicyFormat.IPTABLES_SAVE.read(Path.of("wdm-server.iptables"));
 * assertThat(rules)
 *     .allowsEveryFlowOf(site, "wdm-server")
 *     .keepsAvailable(site, "wdm-server", "register-package")
 *     .blocks(Flow.parse("10.10.8.9->10.10.0.5:1433/tcp"));
 * assertThat(prober.run(targets)).allOpen();
 * assertThat(HostCheck.of(rules, site, "wdm-server").operations()).isBroken("reboot");
 * }</pre>
 *
 * <p>Failure messages list every offending flow, probe or operation, not just the first. To collect
 * failures instead of stopping at the first, use {@link WdmSoftAssertions}. Stateless and
 * thread-safe; each returned assertion is not.
 *
 * @since 0.1.0
 */
public final class WdmAssertions {
  private WdmAssertions() {}

  /**
   * Starts assertions on a firewall policy.
   *
   * @param actual the policy
   * @return the assertion
   */
  public static FirewallPolicyAssert assertThat(FirewallPolicy actual) {
    return new FirewallPolicyAssert(actual);
  }

  /**
   * Starts assertions on a probe report.
   *
   * @param actual the report
   * @return the assertion
   */
  public static ProbeReportAssert assertThat(ProbeReport actual) {
    return new ProbeReportAssert(actual);
  }

  /**
   * Starts assertions on a preflight report.
   *
   * @param actual the report
   * @return the assertion
   */
  public static HostReportAssert assertThat(HostReport actual) {
    return new HostReportAssert(actual);
  }

  /**
   * Starts assertions on operation statuses.
   *
   * @param actual the statuses
   * @return the assertion
   */
  public static OperationsAssert assertThat(List<OperationStatus> actual) {
    return new OperationsAssert(actual);
  }
}
