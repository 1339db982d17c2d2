package dev.wdmports.peers;

import static java.util.Objects.requireNonNull;

import java.io.UncheckedIOException;
import java.util.Collections;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

/**
 * WDM-like peers on free loopback ports, for tests and demos: an HTTP server, an HTTPS server with
 * a certificate generated at start, an FTP greeting server and a VNC (RFB) greeting server. Any of
 * them can be made to refuse or to drop connections on demand, so code under test can meet the
 * failures it must handle.
 *
 * <pre>{@code
 * try (LocalPeers peers = LocalPeers.start(PeerKind.HTTP, PeerKind.FTP)) {
 *   LocalPeer ftp = peers.peer(PeerKind.FTP);
 *   prober.probe(ProbeTarget.of(ftp.host(), ftp.port(), "ftp"));   // OPEN
 *   ftp.refuse();                                                    // now REFUSED
 *   ftp.filter();                                                    // now FILTERED (SYNs dropped)
 *   ftp.serve();                                                     // back to normal
 * }
 * }</pre>
 *
 * <p>The HTTP and HTTPS peers answer every request with {@code 200 OK}; the FTP peer greets with
 * {@code 220}, answers {@code QUIT} with {@code 221} and everything else with {@code 530} (it never
 * logs anyone in); the VNC peer greets with {@code RFB 003.008}. Peers listen on 127.0.0.1 only.
 * Closing stops every thread and socket the peers made. Thread-safe.
 *
 * @since 0.1.0
 */
public final class LocalPeers implements AutoCloseable {
  private final Map<PeerKind, LocalPeer> peers;
  private final SelfSignedCertificate certificate;

  private LocalPeers(Map<PeerKind, LocalPeer> peers, SelfSignedCertificate certificate) {
    this.peers = Collections.unmodifiableMap(peers);
    this.certificate = certificate;
  }

  /**
   * Starts peers of the given kinds, each on a free loopback port.
   *
   * @param kinds the kinds to start; none means all
   * @return the running peers; close them when done
   * @throws UncheckedIOException if a port cannot be bound
   */
  public static LocalPeers start(PeerKind... kinds) {
    List<PeerKind> list = kinds.length == 0 ? List.of(PeerKind.values()) : List.of(kinds);
    SelfSignedCertificate cert = SelfSignedCertificate.localhost();
    Map<PeerKind, LocalPeer> map = new EnumMap<>(PeerKind.class);
    try {
      for (PeerKind k : list) {
        if (!map.containsKey(k)) {
          map.put(k, new LocalPeer(k, cert));
        }
      }
    } catch (RuntimeException e) {
      map.values().forEach(LocalPeer::close);
      throw e;
    }
    return new LocalPeers(map, cert);
  }

  /**
   * Returns a running peer.
   *
   * @param kind the kind
   * @return the peer
   * @throws IllegalArgumentException if that kind was not started
   */
  public LocalPeer peer(PeerKind kind) {
    LocalPeer p = peers.get(requireNonNull(kind, "kind"));
    if (p == null) {
      throw new IllegalArgumentException(
          "no "
              + kind
              + " peer was started: start it with LocalPeers.start(PeerKind."
              + kind
              + ")");
    }
    return p;
  }

  /**
   * Returns every running peer.
   *
   * @return the peers by kind
   */
  public Map<PeerKind, LocalPeer> peers() {
    return peers;
  }

  /**
   * Returns the HTTPS peer's certificate, to trust it in a client.
   *
   * @return the certificate and its TLS contexts
   */
  public SelfSignedCertificate certificate() {
    return certificate;
  }

  /** Stops every peer. */
  @Override
  public void close() {
    peers.values().forEach(LocalPeer::close);
  }
}
