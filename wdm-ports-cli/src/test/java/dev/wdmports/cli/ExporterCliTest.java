package dev.wdmports.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

class ExporterCliTest {
  private static final String SITE = Path.of("..", "examples", "branch-office.yaml").toString();

  @Test
  void help_namesTheEndpointsAndTheSecurityOption() {
    CliRun r = CliRun.inProcess("exporter", "--help");
    assertThat(r.exit()).isZero();
    assertThat(r.out()).contains("--listen", "127.0.0.1:9115", "--allow-any-target", "/sd");
  }

  @Test
  void badListenAddressOrUnknownHost_isBadInputInOneLine() {
    CliRun bad =
        CliRun.inProcess("exporter", "--deployment", SITE, "--from", "admin", "--listen", "9115");
    assertThat(bad.exit()).isEqualTo(WdmPortsCli.BAD_INPUT);
    assertThat(bad.err())
        .isEqualTo(
            "--listen 9115: is not ADDRESS:PORT: write e.g. 127.0.0.1:9115 or" + " [::1]:9115\n");
    CliRun host = CliRun.inProcess("exporter", "--deployment", SITE, "--from", "nobody");
    assertThat(host.exit()).isEqualTo(WdmPortsCli.BAD_INPUT);
    assertThat(host.err()).contains("nobody");
  }

  @Test
  void aListenPortInUse_isBadInputInOneLine_notAnInternalError() throws IOException {
    try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      String at = "127.0.0.1:" + taken.getLocalPort();
      CliRun r =
          CliRun.inProcess("exporter", "--deployment", SITE, "--from", "admin", "--listen", at);
      assertThat(r.exit()).isEqualTo(WdmPortsCli.BAD_INPUT);
      assertThat(r.err())
          .isEqualTo(
              "--listen "
                  + at
                  + ": cannot listen (Address already in use): pick a free port, or stop what"
                  + " holds it\n");
    }
  }

  @Test
  void listenAddress_takesBracketedIpv6AndPortZero() {
    assertThat(ExporterCommand.listenAddress("[::1]:0").getPort()).isZero();
    assertThat(ExporterCommand.listenAddress("127.0.0.1:9115").getPort()).isEqualTo(9115);
  }
}
