package dev.wdmports.probe;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.wdmports.core.InvalidInputException;
import dev.wdmports.core.Transport;
import dev.wdmports.core.report.ProbeStatus;
import dev.wdmports.probe.spi.CheckContext;
import dev.wdmports.probe.spi.HandshakeChecker;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The errors audit (issue 12, item 6) for the probe module's API: each message a caller can meet
 * names the value, and the fix where there is one. Parser messages are tested beside their parsers
 * ({@link ProbeTargetsTest}, {@link ProbeTargetTest}); these are the validating constructors and
 * builders.
 */
class ValidationMessagesTest {
  @Test
  void probeAggregate_namesTheNegativeCounts() {
    assertThatThrownBy(() -> new ProbeAggregate(List.of(), -1, Map.of(), 0, Duration.ZERO, false))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("total -1 and notProbed 0: counts must not be negative");
  }

  @Test
  void probeAggregateGroup_namesItsPortAndChecker() {
    assertThatThrownBy(() -> new ProbeAggregate.Group(80, "tcp", Map.of(), List.of(), -2))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("rangesOmitted -2 of 80/tcp: give 0 or more");
  }

  @Test
  void statusRange_namesTheRange() {
    assertThatThrownBy(
            () ->
                new ProbeAggregate.StatusRange(
                    "10.0.0.1", "10.0.0.1", 0, ProbeStatus.OPEN, "10.0.0.1"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("range 10.0.0.1 has 0 addresses: a range has at least one");
  }

  @Test
  void credentials_refuseABlankUser() {
    assertThatThrownBy(() -> new Credentials(" ", "secret"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("credentials user is blank: give a user name");
  }

  @Test
  void credentials_refuseALineBreak_withoutPrintingThePassword() {
    assertThatThrownBy(() -> new Credentials("ftp", "pass\r\nDELE x"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage(
            "credentials for user \"ftp\" contain a line break: protocols end commands with CRLF,"
                + " remove it")
        .hasMessageNotContaining("pass");
  }

  @Test
  void probeOptions_refuseAnHttpPathWithASpace() {
    assertThatThrownBy(() -> ProbeOptions.defaults().withHttpPath("/a b"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage(
            "httpPath \"/a b\" must start with / and hold no whitespace or control characters:"
                + " use e.g. /health, percent-encode spaces as %20");
  }

  @Test
  void probeOptions_refuseAnExpectedStatusOutOfRange() {
    assertThatThrownBy(() -> ProbeOptions.defaults().withExpectedHttpStatus(99))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("expectedHttpStatus 99 is out of range 100..599: use e.g. 200");
  }

  @Test
  void checkContext_refusesAZeroTimeout() {
    CheckContext.Builder b =
        CheckContext.builder(
            ProbeTarget.of("127.0.0.1", 80, "tcp"), new InetSocketAddress("127.0.0.1", 80));
    assertThatThrownBy(() -> b.timeout(Duration.ZERO))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("timeout PT0S is not positive: use e.g. Duration.ofSeconds(2)");
  }

  @Test
  void probeTarget_refusesANetwork_sayingToGiveOneAddress() {
    assertThatThrownBy(() -> ProbeTarget.of("10.0.0.0/24", 80, "tcp"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage(
            "host \"10.0.0.0/24\" is a network: probe one address, e.g. 10.0.0.5, or every address"
                + " of it with ProbeTargets.parse(\"10.0.0.0/24:PORT/CHECKER\")");
    assertThatThrownBy(() -> ProbeTarget.of("10.0.0.5/33", 80, "tcp"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage(
            "host \"10.0.0.5/33\" is not an IP address or DNS name: use e.g. 10.0.0.5, ::1 or"
                + " wdm.example.com");
  }

  @Test
  void probeTargets_sampleNamesItsRange() {
    ProbeTargets t = ProbeTargets.parse("10.0.0.0/8:80/tcp");
    assertThatThrownBy(() -> t.sample(0, 1))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("sample size 0 is out of range 1..1000000: pick fewer addresses");
  }

  @Test
  void checkerRegistry_refusesACheckerWithoutTransport_namingItsClass() {
    HandshakeChecker noTransport =
        new HandshakeChecker() {
          @Override
          public String id() {
            return "echo";
          }

          @Override
          public Transport transport() {
            return null;
          }

          @Override
          public ProbeResult check(ProbeTarget target, CheckContext ctx) {
            throw new UnsupportedOperationException();
          }
        };
    assertThatThrownBy(() -> CheckerRegistry.builder().register(noTransport))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage(
            "checker " + noTransport.getClass().getName() + " has no transport: return TCP or UDP");
  }

  @Test
  void tlsTrust_namesAMissingFile(@TempDir Path dir) {
    Path missing = dir.resolve("ca.pem");
    assertThatThrownBy(() -> TlsTrust.fromPem(missing))
        .isInstanceOf(InvalidInputException.class)
        .hasMessageStartingWith(missing + ": no such file: give the path of the ");
  }

  @Test
  void tlsTrust_namesADirectory(@TempDir Path dir) throws IOException {
    Path sub = Files.createDirectory(dir.resolve("certs"));
    assertThatThrownBy(() -> TlsTrust.fromPem(sub))
        .isInstanceOf(InvalidInputException.class)
        .hasMessageStartingWith(sub + ": cannot read the ")
        .hasMessageEndingWith("): check the path and permissions");
  }
}
