package dev.wdmports.examples;

import static org.assertj.core.api.Assertions.assertThat;

import dev.wdmports.core.report.ProbeStatus;
import dev.wdmports.peers.LocalPeer;
import dev.wdmports.peers.PeerKind;
import dev.wdmports.probe.ProbeResult;
import dev.wdmports.probe.ProbeTarget;
import dev.wdmports.probe.Prober;
import dev.wdmports.test.PeerOfKind;
import dev.wdmports.test.WithLocalPeers;
import org.junit.jupiter.api.Test;

/** The README's {@code @WithLocalPeers} example. */
// README: begin peers
@WithLocalPeers({PeerKind.HTTP, PeerKind.FTP})
class MyPreflightTest {
  @Test
  void reportsARefusedRepository(@PeerOfKind(PeerKind.FTP) LocalPeer ftp) {
    ftp.refuse();
    ProbeResult r = Prober.builder().build().probe(ProbeTarget.of(ftp.host(), ftp.port(), "ftp"));
    assertThat(r.status()).isEqualTo(ProbeStatus.REFUSED);
  }
}
// README: end peers
