/**
 * The test kit: AssertJ assertions on firewall policies, host reports, probe reports and operations
 * ({@link dev.wdmports.test.WdmAssertions}, soft ones in {@link
 * dev.wdmports.test.WdmSoftAssertions}), and a JUnit 5 extension that runs local peers for a test
 * class ({@link dev.wdmports.test.WithLocalPeers}). A failure message explains each flow the way a
 * report does: its verdict and its evidence.
 *
 * <pre>{@code
 * assertThat(PolicyFormat.IPTABLES_SAVE.read(Path.of("wdm-server.rules")))
 *     .allowsEveryFlowOf(site, "wdm-server")
 *     .keepsAvailable(site, "wdm-server", "reboot");
 * }</pre>
 */
@NullMarked
package dev.wdmports.test;

import org.jspecify.annotations.NullMarked;
