/**
 * Local WDM-like peers for tests and demos ({@link dev.wdmports.peers.LocalPeers}: HTTP, HTTPS, FTP
 * and VNC greetings on loopback, each able to refuse or drop on demand) and the certificates they
 * and other test servers serve ({@link dev.wdmports.peers.SelfSignedCertificate}, {@link
 * dev.wdmports.peers.CertificateAuthority}). Only the JDK, Bouncy Castle and the JSpecify
 * annotations: no JUnit, no AssertJ, no other wdm-ports module, so the command line's demo, the
 * probe's tests and the test kit can all use it.
 */
module dev.wdmports.peers {
  // Nullness annotations only: not needed at run time (as Guava does).
  requires static org.jspecify;
  requires jdk.httpserver;
  requires org.bouncycastle.provider;
  requires org.bouncycastle.pkix;

  exports dev.wdmports.peers;
}
