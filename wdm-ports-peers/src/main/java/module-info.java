/**
 * Local WDM-like peers for tests and demos ({@link dev.wdmports.peers.LocalPeers}: HTTP, HTTPS, FTP
 * and VNC greetings on loopback, each able to refuse or drop on demand) and the certificates they
 * and other test servers serve ({@link dev.wdmports.peers.SelfSignedCertificate}, {@link
 * dev.wdmports.peers.CertificateAuthority}). Only the JDK and Bouncy Castle: no JUnit, no AssertJ,
 * no other wdm-ports module, so the command line's demo, the probe's tests and the test kit can all
 * use it.
 */
module dev.wdmports.peers {
  requires jdk.httpserver;
  requires org.bouncycastle.provider;
  requires org.bouncycastle.pkix;

  exports dev.wdmports.peers;
}
