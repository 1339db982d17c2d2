package dev.wdmports.cli;

import static org.assertj.core.api.Assertions.assertThat;

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
    assertThat(bad.err()).contains("--listen 9115").containsOnlyOnce("\n");
    CliRun host = CliRun.inProcess("exporter", "--deployment", SITE, "--from", "nobody");
    assertThat(host.exit()).isEqualTo(WdmPortsCli.BAD_INPUT);
    assertThat(host.err()).contains("nobody");
  }

  @Test
  void listenAddress_takesBracketedIpv6AndPortZero() {
    assertThat(ExporterCommand.listenAddress("[::1]:0").getPort()).isZero();
    assertThat(ExporterCommand.listenAddress("127.0.0.1:9115").getPort()).isEqualTo(9115);
  }
}
