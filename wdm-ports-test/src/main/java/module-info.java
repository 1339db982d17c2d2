/**
 * The wdm-ports test kit: AssertJ assertions for firewall policies, probe and preflight reports and
 * operations ({@link dev.wdmports.test.WdmAssertions}, {@link
 * dev.wdmports.test.WdmSoftAssertions}); a JUnit 5 extension that runs the local peers of {@code
 * dev.wdmports.peers} for a test class ({@link dev.wdmports.test.WithLocalPeers}).
 *
 * <p>AssertJ, JUnit and the peers are {@code requires transitive}: their types are in the public
 * signatures of the assertions, the extension and the annotations: a test module needs only {@code
 * requires dev.wdmports.test;}, with no JVM flag.
 */
module dev.wdmports.test {
  // Nullness annotations only: not needed at run time (as Guava does).
  requires static org.jspecify;
  requires transitive dev.wdmports.core;
  requires transitive dev.wdmports.firewall;
  requires transitive dev.wdmports.probe;
  requires transitive dev.wdmports.peers;
  requires transitive org.junit.jupiter.api;
  requires transitive org.assertj.core;

  exports dev.wdmports.test;
  exports dev.wdmports.test.error;
}
