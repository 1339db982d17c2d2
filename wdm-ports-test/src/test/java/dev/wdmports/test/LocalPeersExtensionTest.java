package dev.wdmports.test;

import static org.assertj.core.api.Assertions.assertThat;

import dev.wdmports.core.report.ProbeStatus;
import dev.wdmports.peers.LocalPeer;
import dev.wdmports.peers.LocalPeers;
import dev.wdmports.peers.PeerKind;
import dev.wdmports.probe.ProbeTarget;
import dev.wdmports.probe.Prober;
import java.time.Duration;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/** The extension as a user meets it: real peers, real probes, tests in a fixed order. */
@WithLocalPeers({PeerKind.FTP, PeerKind.HTTP})
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class LocalPeersExtensionTest {
  private static final Prober PROBER = Prober.builder().timeout(Duration.ofMillis(800)).build();
  private static LocalPeers fromBeforeAll;

  @BeforeAll
  static void keep(LocalPeers peers) {
    fromBeforeAll = peers;
  }

  private static ProbeStatus probe(LocalPeer peer, String checker) {
    return PROBER.probe(ProbeTarget.of(peer.host(), peer.port(), checker)).status();
  }

  @Test
  @Order(1)
  void localPeersParameter_isTheClassesPeers_ofTheAnnotatedKinds(LocalPeers peers) {
    assertThat(peers).isSameAs(fromBeforeAll);
    assertThat(peers.peers()).containsOnlyKeys(PeerKind.FTP, PeerKind.HTTP);
  }

  @Test
  @Order(2)
  void refusingFtpPeer_isProbedRefused(@PeerOfKind(PeerKind.FTP) LocalPeer ftp) {
    assertThat(probe(ftp, "ftp")).isEqualTo(ProbeStatus.OPEN);
    ftp.refuse();
    assertThat(probe(ftp, "ftp")).isEqualTo(ProbeStatus.REFUSED);
  }

  @Test
  @Order(3)
  void filteringHttpPeer_isProbedFiltered(@PeerOfKind(PeerKind.HTTP) LocalPeer http) {
    http.filter();
    assertThat(probe(http, "http")).isEqualTo(ProbeStatus.FILTERED);
  }

  @Test
  @Order(4)
  void nextTest_findsEveryPeerServingAgain(
      @PeerOfKind(PeerKind.FTP) LocalPeer ftp, @PeerOfKind(PeerKind.HTTP) LocalPeer http) {
    assertThat(ftp.behavior()).isEqualTo(LocalPeer.Behavior.SERVE);
    assertThat(http.behavior()).isEqualTo(LocalPeer.Behavior.SERVE);
    assertThat(probe(ftp, "ftp")).isEqualTo(ProbeStatus.OPEN);
    assertThat(probe(http, "http")).isEqualTo(ProbeStatus.OPEN);
  }
}
