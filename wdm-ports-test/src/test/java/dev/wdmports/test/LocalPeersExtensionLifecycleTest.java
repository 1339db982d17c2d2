package dev.wdmports.test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectClass;

import dev.wdmports.core.report.ProbeStatus;
import dev.wdmports.peers.LocalPeer;
import dev.wdmports.peers.LocalPeers;
import dev.wdmports.peers.PeerKind;
import dev.wdmports.probe.ProbeTarget;
import dev.wdmports.probe.Prober;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIf;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.platform.launcher.core.LauncherDiscoveryRequestBuilder;
import org.junit.platform.launcher.core.LauncherFactory;
import org.junit.platform.launcher.listeners.SummaryGeneratingListener;
import org.junit.platform.launcher.listeners.TestExecutionSummary;

/** Runs fixture classes through the JUnit launcher to see what the extension does around them. */
class LocalPeersExtensionLifecycleTest {
  private static final String FIXTURES =
      "dev.wdmports.test.LocalPeersExtensionLifecycleTest#launching";
  private static LocalPeers seen;
  private static LocalPeers seenNested;
  private static volatile boolean launching;

  /** Keeps the fixtures from running on their own, e.g. under {@code -Dtest='LocalPeers*'}. */
  static boolean launching() {
    return launching;
  }

  private static TestExecutionSummary run(Class<?> fixture) {
    SummaryGeneratingListener listener = new SummaryGeneratingListener();
    launching = true;
    try {
      LauncherFactory.create()
          .execute(
              LauncherDiscoveryRequestBuilder.request().selectors(selectClass(fixture)).build(),
              listener);
    } finally {
      launching = false;
    }
    return listener.getSummary();
  }

  private static List<String> failures(TestExecutionSummary summary) {
    return summary.getFailures().stream().map(f -> f.getException().getMessage()).toList();
  }

  @Test
  void peers_areClosedByJUnit_afterTheClass() {
    TestExecutionSummary summary = run(ClosedAfterClass.class);
    assertThat(failures(summary)).isEmpty();
    assertThat(summary.getTestsSucceededCount()).isEqualTo(1);
    LocalPeer ftp = seen.peer(PeerKind.FTP);
    assertThat(
            Prober.builder()
                .timeout(Duration.ofMillis(800))
                .build()
                .probe(ProbeTarget.of(ftp.host(), ftp.port(), "ftp"))
                .status())
        .isEqualTo(ProbeStatus.REFUSED);
  }

  @Test
  void peerParameterWithoutPeerAnnotation_failsSayingHowToAnnotateIt() {
    assertThat(failures(run(NoPeerAnnotation.class)))
        .singleElement()
        .asString()
        .startsWith("parameter ")
        .endsWith(
            " is a LocalPeer without @PeerOfKind: annotate it, e.g. @PeerOfKind(PeerKind.FTP)");
  }

  @Test
  void peerThatWasNotStarted_failsSayingWhatToAddToWdmPeers() {
    assertThat(failures(run(VncNotStarted.class)))
        .singleElement()
        .asString()
        .endsWith(
            " wants the VNC peer, but only [HTTP] were started: add PeerKind.VNC to @WithLocalPeers");
  }

  @Test
  void nestedClasses_shareThePeersOfTheirOuterClass() {
    TestExecutionSummary summary = run(Outer.class);
    assertThat(failures(summary)).isEmpty();
    assertThat(summary.getTestsSucceededCount()).isEqualTo(2);
    assertThat(seenNested).isSameAs(seen);
    assertThat(seen.peers()).containsOnlyKeys(PeerKind.VNC);
  }

  @Test
  void extensionRegisteredWithoutTheAnnotation_startsEveryKind() {
    assertThat(failures(run(Unannotated.class))).isEmpty();
    assertThat(seen.peers()).containsOnlyKeys(PeerKind.values());
  }

  @WithLocalPeers(PeerKind.FTP)
  @EnabledIf(FIXTURES)
  static class ClosedAfterClass {
    @Test
    void test(LocalPeers peers) {
      seen = peers;
    }
  }

  @WithLocalPeers(PeerKind.FTP)
  @EnabledIf(FIXTURES)
  static class NoPeerAnnotation {
    @Test
    void test(LocalPeer peer) {}
  }

  @WithLocalPeers(PeerKind.HTTP)
  @EnabledIf(FIXTURES)
  static class VncNotStarted {
    @Test
    void test(@PeerOfKind(PeerKind.VNC) LocalPeer vnc) {}
  }

  @WithLocalPeers(PeerKind.VNC)
  @EnabledIf(FIXTURES)
  static class Outer {
    @Test
    void test(LocalPeers peers) {
      seen = peers;
    }

    @Nested
    class Inner {
      @Test
      void test(LocalPeers peers) {
        seenNested = peers;
      }
    }
  }

  @ExtendWith(LocalPeersExtension.class)
  @EnabledIf(FIXTURES)
  static class Unannotated {
    @Test
    void test(LocalPeers peers) {
      seen = peers;
    }
  }
}
