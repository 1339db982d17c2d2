package dev.wdmports.probe;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.wdmports.core.report.ProbeStatus;
import dev.wdmports.peers.NetworkNamespace;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.Optional;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * FILTERED, UNREACHABLE and REFUSED for real: a network namespace joined to this one by a veth
 * pair, with iptables rules loaded inside it, probed from the test JVM in the root namespace. Only
 * addresses inside the namespace this test creates are touched, and it is deleted afterwards. Needs
 * root and iproute2/iptables ({@link NetworkNamespace}); otherwise the tests are skipped with the
 * reason.
 */
class NamespaceFilterTest {
  static NetworkNamespace ns;
  static String nsAddress;

  static final int CLOSED = 80;
  static final int DROPPED = 81;
  static final int HOST_UNREACHABLE = 82;
  static final int REJECTED = 84;
  static final int UDP_DROPPED = 69;
  static final int UDP_CLOSED = 70;

  @BeforeAll
  static void createNamespace() {
    Optional<String> why = NetworkNamespace.unavailable();
    assumeTrue(why.isEmpty(), () -> why.get() + " (to check FILTERED for real)");
    try {
      ns = NetworkNamespace.create("filter");
    } catch (UncheckedIOException e) {
      assumeTrue(false, "cannot create a network namespace here (" + e.getMessage() + ")");
    }
    nsAddress = ns.address();
    ns.iptables("-A", "INPUT", "-p", "tcp", "--dport", "" + DROPPED, "-j", "DROP");
    ns.iptables(
        "-A",
        "INPUT",
        "-p",
        "tcp",
        "--dport",
        "" + HOST_UNREACHABLE,
        "-j",
        "REJECT",
        "--reject-with",
        "icmp-host-unreachable");
    ns.iptables("-A", "INPUT", "-p", "udp", "--dport", "" + UDP_DROPPED, "-j", "DROP");
    ns.iptables(
        "-A",
        "INPUT",
        "-p",
        "tcp",
        "--dport",
        "" + REJECTED,
        "-j",
        "REJECT",
        "--reject-with",
        "tcp-reset");
  }

  @AfterAll
  static void deleteNamespace() {
    if (ns != null) {
      ns.close();
    }
  }

  static ProbeResult probe(Prober p, int port, String checker) {
    return p.probe(ProbeTarget.of(nsAddress, port, checker));
  }

  static final Prober PROBER = Prober.builder().timeout(Duration.ofMillis(800)).build();

  @Test
  void tcp_isFiltered_whenTheNamespaceDropsSyn_bothScannerAndBlocking() {
    ProbeResult scanned = probe(PROBER, DROPPED, "tcp");
    assertThat(scanned.status()).as(scanned.detail()).isEqualTo(ProbeStatus.FILTERED);
    // The connect has what is left of the 800 ms after the target is resolved: a busy machine can
    // leave it a millisecond less, and the detail says what it really had.
    assertThat(scanned.detail())
        .matches("no answer to the connection attempt within (7\\d\\d|800)ms");
    ProbeResult blocking = probe(PROBER.toBuilder().connectScanner(false).build(), DROPPED, "tcp");
    assertThat(blocking.status()).as(blocking.detail()).isEqualTo(ProbeStatus.FILTERED);
    for (Prober p : new Prober[] {PROBER, PROBER.toBuilder().httpScanner(false).build()}) {
      ProbeResult http = probe(p, DROPPED, "http");
      assertThat(http.status()).as(http.detail()).isEqualTo(ProbeStatus.FILTERED);
      assertThat(http.detail()).startsWith("no answer to the connection attempt within ");
      assertThat(http.latency()).isLessThan(Duration.ofMillis(800 + 1000));
    }
  }

  @Test
  void tcp_isRefused_whenNothingListensInTheNamespace() {
    assertThat(probe(PROBER, CLOSED, "tcp").status()).isEqualTo(ProbeStatus.REFUSED);
    assertThat(probe(PROBER, CLOSED, "ftp").status()).isEqualTo(ProbeStatus.REFUSED);
    assertThat(probe(PROBER, CLOSED, "http").status()).isEqualTo(ProbeStatus.REFUSED);
    assertThat(probe(PROBER.toBuilder().httpScanner(false).build(), CLOSED, "http").status())
        .isEqualTo(ProbeStatus.REFUSED);
  }

  @Test
  void tcp_isRefused_whenTheNamespaceRejectsWithTcpReset() {
    ProbeResult scanned = probe(PROBER, REJECTED, "tcp");
    assertThat(scanned.status()).as(scanned.detail()).isEqualTo(ProbeStatus.REFUSED);
    ProbeResult https = probe(PROBER, REJECTED, "https");
    assertThat(https.status()).as(https.detail()).isEqualTo(ProbeStatus.REFUSED);
  }

  @Test
  void tcp_isUnreachable_whenTheNamespaceRejectsWithHostUnreachable() {
    ProbeResult scanned = probe(PROBER, HOST_UNREACHABLE, "tcp");
    assertThat(scanned.status()).as(scanned.detail()).isEqualTo(ProbeStatus.UNREACHABLE);
    ProbeResult vnc = probe(PROBER, HOST_UNREACHABLE, "vnc");
    assertThat(vnc.status()).as(vnc.detail()).isEqualTo(ProbeStatus.UNREACHABLE);
  }

  @Test
  void tftp_isOpenOrFiltered_whenDropped_andRefused_whenClosed() {
    ProbeResult dropped = probe(PROBER, UDP_DROPPED, "tftp");
    assertThat(dropped.status()).as(dropped.detail()).isEqualTo(ProbeStatus.OPEN_OR_FILTERED);
    ProbeResult closed = probe(PROBER, UDP_CLOSED, "tftp");
    assertThat(closed.status()).as(closed.detail()).isEqualTo(ProbeStatus.REFUSED);
  }

  @Test
  void sweep_mixesVerdicts_inInputOrder() {
    ProbeReport r = PROBER.run(ProbeTarget.parse(nsAddress + ":79-83/tcp"));
    assertThat(r.results())
        .extracting(ProbeResult::status)
        .containsExactly(
            ProbeStatus.REFUSED,
            ProbeStatus.REFUSED,
            ProbeStatus.FILTERED,
            ProbeStatus.UNREACHABLE,
            ProbeStatus.REFUSED);
  }
}
