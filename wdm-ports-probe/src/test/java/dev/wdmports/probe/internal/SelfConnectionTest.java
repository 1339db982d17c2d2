package dev.wdmports.probe.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.channels.SocketChannel;
import org.junit.jupiter.api.Test;

/**
 * A connect to one's own source port "succeeds" by TCP simultaneous open. A sweep of a host's own
 * ephemeral ports meets that now and then; these tests make one on purpose, by binding first.
 */
class SelfConnectionTest {
  private static final InetAddress LOOPBACK = InetAddress.getLoopbackAddress();

  @Test
  void aSocketConnectedToItsOwnPortIsASelfConnection() throws Exception {
    try (SocketChannel ch = SocketChannel.open()) {
      ch.bind(new InetSocketAddress(LOOPBACK, 0));
      InetSocketAddress own = (InetSocketAddress) ch.getLocalAddress();

      assertThat(ch.connect(own)).isTrue(); // nobody listens, yet it connects: to itself

      assertThat(ConnectScanner.isSelfConnection(ch.getLocalAddress(), own)).isTrue();
      assertThat(ConnectScanner.selfConnectionDetail(own))
          .startsWith("connection refused")
          .contains(Integer.toString(own.getPort()));
    }
  }

  @Test
  void aConnectionToAListenerIsNotASelfConnection() throws Exception {
    try (ServerSocket server = new ServerSocket(0, 1, LOOPBACK);
        SocketChannel ch = SocketChannel.open()) {
      InetSocketAddress remote = new InetSocketAddress(LOOPBACK, server.getLocalPort());
      assertThat(ch.connect(remote)).isTrue();

      assertThat(ConnectScanner.isSelfConnection(ch.getLocalAddress(), remote)).isFalse();
    }
  }

  @Test
  void theSamePortOnAnotherAddressIsNotASelfConnection() throws Exception {
    InetSocketAddress local = new InetSocketAddress(InetAddress.getByName("127.0.0.2"), 40000);
    InetSocketAddress remote = new InetSocketAddress(InetAddress.getByName("127.0.0.1"), 40000);

    assertThat(ConnectScanner.isSelfConnection(local, remote)).isFalse();
    assertThat(ConnectScanner.isSelfConnection(null, remote)).isFalse();
  }
}
