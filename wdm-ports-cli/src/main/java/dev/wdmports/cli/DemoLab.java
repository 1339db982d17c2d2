package dev.wdmports.cli;

import dev.wdmports.core.Address;
import dev.wdmports.core.catalog.Catalog;
import dev.wdmports.core.catalog.Catalogs;
import dev.wdmports.core.deploy.Deployment;
import dev.wdmports.core.deploy.Host;
import dev.wdmports.peers.LocalPeers;
import dev.wdmports.peers.PeerKind;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A WDM-like lab on loopback: real HTTP and HTTPS servers (the Web Service and Standard Service,
 * with a certificate generated at start), an FTP greeting server (the Master Software Repository),
 * a VNC greeting server (the Web Agent's remote shadowing) and, deliberately, no database. The
 * built-in catalog is copied with each rule moved to the lab's free ports, and a deployment puts
 * {@code wdm-server} and {@code this-host} (GUI and Web Agent) on 127.0.0.1.
 *
 * <pre>{@code
 * try (DemoLab lab = DemoLab.start()) {
 *   HostReport report = Preflight.builder().build().run(lab.deployment(), "this-host");
 *   // console-database-access: broken, because this-host->wdm-server:41873/tcp ... is blocked
 * }
 * }</pre>
 *
 * @since 0.1.0
 */
public final class DemoLab implements AutoCloseable {
  private final LocalPeers peers;
  private final Deployment deployment;
  private final int databasePort;

  private DemoLab(LocalPeers peers, int databasePort) {
    this.peers = peers;
    this.databasePort = databasePort;
    int http = peers.peer(PeerKind.HTTP).port();
    int https = peers.peer(PeerKind.HTTPS).port();
    int ftp = peers.peer(PeerKind.FTP).port();
    int vnc = peers.peer(PeerKind.VNC).port();
    Map<String, Integer> portByProtocol =
        Map.of(
            "http", http,
            "vnc-http", http,
            "agent-wakeup", http,
            "https", https,
            "ftp", ftp,
            "vnc", vnc,
            "ole-db", databasePort);
    Catalog lab = Catalogs.wdm().withPorts(portByProtocol).toBuilder().name("wdm-lab").build();
    Address loopback = Address.parse("127.0.0.1");
    this.deployment =
        Deployment.builder(lab)
            .name("demo-lab")
            .host(
                new Host(
                    "wdm-server",
                    Optional.of(loopback),
                    List.of("web-service", "standard-service", "database", "master-repository")))
            .host(new Host("this-host", Optional.of(loopback), List.of("gui", "web-agent")))
            .build();
  }

  /**
   * Starts the lab's servers on free loopback ports.
   *
   * @return the running lab; close it to stop every server
   */
  public static DemoLab start() {
    LocalPeers peers = LocalPeers.start();
    try {
      return new DemoLab(peers, freePort());
    } catch (RuntimeException e) {
      peers.close();
      throw e;
    }
  }

  private static int freePort() {
    try (ServerSocket s = new ServerSocket()) {
      s.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
      return s.getLocalPort();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /**
   * Returns the lab's deployment.
   *
   * @return {@code wdm-server} and {@code this-host} on 127.0.0.1, with the lab's ports
   */
  public Deployment deployment() {
    return deployment;
  }

  /**
   * Returns the running peers.
   *
   * @return the lab's servers
   */
  public LocalPeers peers() {
    return peers;
  }

  /**
   * Returns the port the missing database would listen on.
   *
   * @return a port on 127.0.0.1 where nothing listens
   */
  public int databasePort() {
    return databasePort;
  }

  /** Stops every server. */
  @Override
  public void close() {
    peers.close();
  }
}
