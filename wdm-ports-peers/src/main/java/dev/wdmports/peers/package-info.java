/**
 * Servers to check against, on loopback: {@link dev.wdmports.peers.LocalPeers} starts HTTP, HTTPS
 * (with a certificate made for the run), FTP and VNC greeters, each a {@link
 * dev.wdmports.peers.LocalPeer} that can serve, refuse or drop on demand; {@link
 * dev.wdmports.peers.CertificateAuthority} issues server certificates and writes the trust files.
 * The demo and the tests use it; it needs neither JUnit nor AssertJ.
 *
 * <pre>{@code
 * try (LocalPeers peers = LocalPeers.start(PeerKind.HTTP, PeerKind.FTP)) {
 *   LocalPeer ftp = peers.peer(PeerKind.FTP);
 *   ftp.refuse(); // the next probe sees REFUSED
 * }
 * }</pre>
 */
@NullMarked
package dev.wdmports.peers;

import org.jspecify.annotations.NullMarked;
