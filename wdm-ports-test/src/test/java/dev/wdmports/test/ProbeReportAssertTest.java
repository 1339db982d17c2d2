package dev.wdmports.test;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.wdmports.core.report.ProbeStatus;
import dev.wdmports.peers.LocalPeer;
import dev.wdmports.peers.LocalPeers;
import dev.wdmports.peers.PeerKind;
import dev.wdmports.probe.ProbeReport;
import dev.wdmports.probe.ProbeTarget;
import dev.wdmports.probe.Prober;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

@WithLocalPeers({PeerKind.HTTP, PeerKind.FTP})
class ProbeReportAssertTest {
  private static final Prober PROBER = Prober.builder().timeout(Duration.ofSeconds(2)).build();

  private static ProbeReport probeBoth(LocalPeers peers) {
    LocalPeer http = peers.peer(PeerKind.HTTP);
    LocalPeer ftp = peers.peer(PeerKind.FTP);
    return PROBER.run(
        List.of(
            ProbeTarget.of(http.host(), http.port(), "http"),
            ProbeTarget.of(ftp.host(), ftp.port(), "ftp")));
  }

  @Test
  void allOpen_andHasStatus_pass_whenThePeersServe(LocalPeers peers) {
    LocalPeer ftp = peers.peer(PeerKind.FTP);
    WdmAssertions.assertThat(probeBoth(peers))
        .allOpen()
        .hasStatus("127.0.0.1:" + ftp.port(), ProbeStatus.OPEN)
        .hasStatus("127.0.0.1:" + ftp.port() + "/ftp", ProbeStatus.OPEN);
  }

  @Test
  void allOpen_listsTheRefusedPeer_withItsDetail(
      LocalPeers peers, @PeerOfKind(PeerKind.FTP) LocalPeer ftp) {
    ftp.refuse();
    ProbeReport report = probeBoth(peers);
    WdmAssertions.assertThat(report).hasStatus("127.0.0.1:" + ftp.port(), ProbeStatus.REFUSED);
    assertThatThrownBy(() -> WdmAssertions.assertThat(report).allOpen())
        .isInstanceOf(AssertionError.class)
        .hasMessage(
            Fixtures.lines(
                "Expecting every probe to be OPEN, but 1 of 2 is not:",
                "  127.0.0.1:"
                    + ftp.port()
                    + "/ftp: REFUSED ("
                    + report.results().get(1).detail()
                    + ")"));
  }

  @Test
  void hasStatus_saysWhatTheProbeFound_orWhichTargetsThereAre(
      LocalPeers peers, @PeerOfKind(PeerKind.HTTP) LocalPeer http) {
    ProbeReport report = probeBoth(peers);
    String target = "127.0.0.1:" + http.port() + "/http";
    assertThatThrownBy(
            () -> WdmAssertions.assertThat(report).hasStatus(target, ProbeStatus.REFUSED))
        .hasMessageStartingWith("Expecting " + target + " to be REFUSED, but it is OPEN");
    assertThatThrownBy(
            () -> WdmAssertions.assertThat(report).hasStatus("10.0.0.1:1", ProbeStatus.OPEN))
        .hasMessage(
            Fixtures.lines(
                "Expecting 10.0.0.1:1 to be OPEN, but the report has no such probe; it has:",
                "  " + target,
                "  127.0.0.1:" + peers.peer(PeerKind.FTP).port() + "/ftp"));
  }
}
