package dev.wdmports.peers;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.net.ConnectException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** A real namespace (root only): reachable over its veth pair, filtered by its own iptables. */
class NetworkNamespaceTest {
  @Test
  void create_refusesATagThatIsNotAFewLettersOrDigits() {
    assertThatThrownBy(() -> NetworkNamespace.create("no spaces"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage(
            "namespace tag \"no spaces\" is not 1 to 8 letters or digits: use e.g. \"filter\"");
  }

  @Test
  void namespace_refusesAClosedPort_dropsWhatItsIptablesDrops_andIsGoneOnceClosed()
      throws Exception {
    Optional<String> why = NetworkNamespace.unavailable();
    assumeTrue(why.isEmpty(), () -> why.get());
    String name;
    try (NetworkNamespace ns = NetworkNamespace.create("nstest")) {
      name = ns.name();
      assertThat(ns.address()).startsWith("10.200.").isNotEqualTo(ns.hostAddress());
      assertThat(new ProcessBuilder("ip", "netns", "list").start().getInputStream().readAllBytes())
          .asString()
          .contains(name);
      assertThat(connect(ns.address(), 80)).isInstanceOf(ConnectException.class);
      ns.iptables("-A", "INPUT", "-p", "tcp", "--dport", "81", "-j", "DROP");
      assertThat(connect(ns.address(), 81)).isInstanceOf(SocketTimeoutException.class);
      assertThat(ns.exec("iptables", "-S", "INPUT")).contains("--dport 81 -j DROP");
    }
    assertThat(new ProcessBuilder("ip", "netns", "list").start().getInputStream().readAllBytes())
        .asString()
        .doesNotContain(name);
  }

  /** What a connection attempt with a 500 ms timeout ends with. */
  private static IOException connect(String host, int port) {
    try (Socket s = new Socket()) {
      s.connect(new InetSocketAddress(host, port), 500);
      return null;
    } catch (IOException e) {
      return e;
    }
  }
}
