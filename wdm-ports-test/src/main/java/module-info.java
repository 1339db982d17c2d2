/**
 * The wdm-ports test kit: local WDM-like peers for tests and demos, usable with or without JUnit 5.
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
}
