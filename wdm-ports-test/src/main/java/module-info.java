/**
 * The wdm-ports test kit: local WDM-like peers for tests and demos, usable with or without JUnit 5;
 * AssertJ assertions for firewall policies, probe and preflight reports and operations ({@link
 * dev.wdmports.test.WdmAssertions}, {@link dev.wdmports.test.WdmSoftAssertions}); a JUnit 5
 * extension that runs the peers for a test class ({@link dev.wdmports.test.WdmPeers}).
 *
 * <p>AssertJ and JUnit are {@code requires static transitive}: the assertions and the extension put
 * their types in public signatures, so a module that reads this one reads them too when they are
 * present; but they stay optional at run time, so {@link dev.wdmports.test.LocalPeers} alone (as
 * the command line uses it) runs without them. A test module that uses the assertions or the
 * extension requires {@code org.assertj.core} or {@code org.junit.jupiter.api} itself, as tests do
 * anyway.
 */
module dev.wdmports.test {
  requires transitive dev.wdmports.core;
  requires transitive dev.wdmports.probe;
  requires jdk.httpserver;
  requires org.bouncycastle.provider;
  requires org.bouncycastle.pkix;
  requires static transitive org.junit.jupiter.api;
  requires static transitive org.assertj.core;

  exports dev.wdmports.test;
  exports dev.wdmports.test.error;
}
