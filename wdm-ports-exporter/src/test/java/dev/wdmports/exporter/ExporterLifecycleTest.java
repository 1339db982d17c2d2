package dev.wdmports.exporter;

import static org.assertj.core.api.Assertions.assertThat;

import dev.wdmports.peers.LocalPeers;
import dev.wdmports.peers.PeerKind;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * An exporter embedded in a service: started, scraped (probes, a device network's sweep, a server's
 * preflight, its own metrics) and closed leaves no thread of its own behind and frees its port.
 */
class ExporterLifecycleTest {

  @Test
  void close_afterProbesAndSweeps_leavesNoThreadOfItsOwn_andFreesThePort() throws Exception {
    try (LocalPeers peers = LocalPeers.start(PeerKind.HTTP, PeerKind.HTTPS, PeerKind.FTP)) {
      Set<Thread> before = liveThreads();
      int port;
      try (Exporter exporter =
          Exporter.builder(
                  ExporterHttpTest.deployment(peers, Optional.of("127.1.2.0/26")), "this-host")
              .listen(new InetSocketAddress("127.0.0.1", 0))
              .build()
              .start()) {
        port = exporter.port();
        String at = "http://127.0.0.1:" + port;
        int http = peers.peer(PeerKind.HTTP).port();
        assertThat(Http.get(at + "/probe?module=http&target=127.0.0.1:" + http).body())
            .contains("probe_success 1.0\n");
        assertThat(Http.get(at + "/probe?module=preflight&target=devices").body())
            .contains("wdmports_devices{");
        assertThat(Http.get(at + "/probe?module=preflight&target=wdm-server").body())
            .contains("wdmports_operation_state{");
        assertThat(Http.get(at + "/metrics").statusCode()).isEqualTo(200);
        assertThat(newThreadsSince(before)).as("threads while it runs").isNotEmpty();
      }

      // close() joins the exporter's threads; a probe run's last threads end just after it.
      Instant deadline = Instant.now().plus(Duration.ofSeconds(10));
      while (!newThreadsSince(before).isEmpty() && Instant.now().isBefore(deadline)) {
        Thread.sleep(20); // polls a condition, within the deadline
      }
      assertThat(newThreadsSince(before)).as("threads left after close()").isEmpty();
      try (ServerSocket again = new ServerSocket()) {
        again.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), port));
        assertThat(again.getLocalPort()).isEqualTo(port);
      } catch (IOException e) {
        throw new AssertionError("port " + port + " is still in use after close()", e);
      }
    }
  }

  @Test
  void close_twice_orWithoutStart_isHarmless() {
    try (LocalPeers peers = LocalPeers.start(PeerKind.HTTP, PeerKind.HTTPS, PeerKind.FTP)) {
      Exporter never = Exporter.builder(ExporterHttpTest.deployment(peers), "this-host").build();
      never.close();
      Exporter started =
          Exporter.builder(ExporterHttpTest.deployment(peers), "this-host")
              .listen(new InetSocketAddress("127.0.0.1", 0))
              .build()
              .start();
      started.close();
      started.close();
    }
  }

  private static Set<Thread> liveThreads() {
    return Thread.getAllStackTraces().keySet().stream()
        .filter(Thread::isAlive)
        .collect(Collectors.toSet());
  }

  /**
   * Threads alive now that were not before, other than the test's peers and the JDK HTTP client's
   * keep-alive cache (the test's side of the connections).
   */
  private static List<String> newThreadsSince(Set<Thread> before) {
    return liveThreads().stream()
        .filter(t -> !before.contains(t))
        .map(Thread::getName)
        .filter(n -> !n.startsWith("wdm-ports-peer-") && !n.equals("Keep-Alive-Timer"))
        .sorted()
        .toList();
  }
}
