package dev.wdmports.test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.wdmports.core.report.ProbeStatus;
import dev.wdmports.peers.LocalPeer;
import dev.wdmports.peers.LocalPeers;
import dev.wdmports.peers.PeerKind;
import dev.wdmports.probe.ProbeResult;
import dev.wdmports.probe.ProbeTarget;
import dev.wdmports.probe.Prober;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class LocalPeersTest {
  private static final Map<PeerKind, String> CHECKERS =
      Map.of(
          PeerKind.HTTP, "http", PeerKind.HTTPS, "https", PeerKind.FTP, "ftp", PeerKind.VNC, "vnc");
  private static final Prober PROBER = Prober.builder().timeout(Duration.ofMillis(800)).build();
  private static LocalPeers peers;

  @BeforeAll
  static void start() {
    peers = LocalPeers.start();
  }

  @AfterAll
  static void stop() {
    peers.close();
  }

  private static ProbeResult probe(PeerKind kind) {
    LocalPeer p = peers.peer(kind);
    ProbeTarget t = ProbeTarget.of(p.host(), p.port(), CHECKERS.get(kind));
    if (kind == PeerKind.HTTPS) {
      t = t.withOptions(t.options().withTlsInsecure(true));
    }
    return PROBER.probe(t);
  }

  @ParameterizedTest
  @EnumSource(PeerKind.class)
  void peers_speakTheirProtocol_andCanRefuseOrDrop(PeerKind kind) {
    LocalPeer p = peers.peer(kind);
    assertThat(probe(kind).status()).as("%s serving", p).isEqualTo(ProbeStatus.OPEN);
    p.refuse();
    assertThat(probe(kind).status()).as("%s", p).isEqualTo(ProbeStatus.REFUSED);
    p.filter();
    assertThat(probe(kind).status()).as("%s", p).isEqualTo(ProbeStatus.FILTERED);
    p.serve();
    assertThat(p.behavior()).isEqualTo(LocalPeer.Behavior.SERVE);
    assertThat(probe(kind).status()).as("%s serving again", p).isEqualTo(ProbeStatus.OPEN);
  }

  @Test
  void https_usesAFreshSelfSignedCertificateForLocalhost() {
    ProbeResult verified =
        PROBER.probe(ProbeTarget.of("127.0.0.1", peers.peer(PeerKind.HTTPS).port(), "https"));
    assertThat(verified.status()).isEqualTo(ProbeStatus.TLS_FAILURE);
    ProbeResult insecure = probe(PeerKind.HTTPS);
    assertThat(insecure.evidence().tls())
        .hasValueSatisfying(tls -> assertThat(tls.trusted()).isFalse());
    assertThat(peers.certificate().certificate().getSubjectX500Principal().getName())
        .isEqualTo("CN=localhost");
  }

  @Test
  void ftpGreeting_isReportedAsEvidence() {
    assertThat(probe(PeerKind.FTP).detail()).contains("220");
    assertThat(probe(PeerKind.VNC).detail()).contains("RFB 003.008");
  }

  @Test
  void askingForAPeerThatWasNotStarted_saysHowToStartIt() {
    try (LocalPeers onlyHttp = LocalPeers.start(PeerKind.HTTP)) {
      assertThat(onlyHttp.peers()).containsOnlyKeys(PeerKind.HTTP);
      assertThatThrownBy(() -> onlyHttp.peer(PeerKind.VNC))
          .hasMessage("no VNC peer was started: start it with LocalPeers.start(PeerKind.VNC)");
    }
  }
}
