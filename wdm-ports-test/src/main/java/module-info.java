/**
 * The wdm-ports test kit: local WDM-like peers for tests and demos, usable with or without JUnit 5;
 * AssertJ assertions for firewall policies, probe and preflight reports and operations ({@link
 * dev.wdmports.test.WdmAssertions}, {@link dev.wdmports.test.WdmSoftAssertions}); a JUnit 5
 * extension that runs the peers for a test class ({@link dev.wdmports.test.WdmPeers}).
 *
 * <p>AssertJ and JUnit are {@code requires static}, not {@code transitive}: the assertions and the
 * extension put their types in public signatures, but the command line uses {@link
 * dev.wdmports.test.LocalPeers} alone and must compile and run without them ({@code requires static
 * transitive} would make every reader's compilation need them). A test module that uses the
 * assertions or the extension therefore says {@code requires org.assertj.core;} or {@code requires
 * org.junit.jupiter.api;} itself, as it does anyway to write tests. On the module path, soft
 * assertions also need {@code --add-exports
 * org.assertj.core/org.assertj.core.api.recursive.assertion=dev.wdmports.test} (AssertJ 3.27 does
 * not export that package, and the soft-assertion subclasses it generates refer to it).
 */
module dev.wdmports.test {
  requires transitive dev.wdmports.core;
  requires transitive dev.wdmports.probe;
  requires jdk.httpserver;
  requires org.bouncycastle.provider;
  requires org.bouncycastle.pkix;
  requires static org.junit.jupiter.api;
  requires static org.assertj.core;

  exports dev.wdmports.test;
  exports dev.wdmports.test.error;
}
