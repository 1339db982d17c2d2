package dev.wdmports.probe;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class ProbeTargetTest {

  @Test
  void parse_returnsOneTarget_forHostPortChecker() {
    assertThat(ProbeTarget.parse("127.0.0.1:8080/http"))
        .containsExactly(ProbeTarget.of("127.0.0.1", 8080, "http"));
  }

  @Test
  void parse_unbracketsIpv6() {
    List<ProbeTarget> t = ProbeTarget.parse("[::1]:80/tcp");
    assertThat(t).containsExactly(ProbeTarget.of("::1", 80, "tcp"));
    assertThat(t.get(0)).hasToString("[::1]:80/tcp");
  }

  @Test
  void parse_expandsRangesInPortOrder() {
    List<ProbeTarget> t = ProbeTarget.parse("10.0.0.5:1-65535/tcp");
    assertThat(t).hasSize(65535);
    assertThat(t.get(0).port()).isEqualTo(1);
    assertThat(t.get(65534).port()).isEqualTo(65535);
    assertThat(ProbeTarget.parse("h.example:443,80/https"))
        .extracting(ProbeTarget::port)
        .containsExactly(80, 443);
  }

  @Test
  void parse_acceptsNamesAndUpperCaseChecker() {
    assertThat(ProbeTarget.parse("db.example:1433/TDS"))
        .containsExactly(ProbeTarget.of("db.example", 1433, "tds"));
  }

  @Test
  void parse_rejectsPortZero_withTheTargetAndRange() {
    assertThatThrownBy(() -> ProbeTarget.parse("127.0.0.1:0/tcp"))
        .isInstanceOf(dev.wdmports.core.InvalidInputException.class)
        .hasMessage("target \"127.0.0.1:0/tcp\": port 0 out of range 1..65535");
  }

  @Test
  void parse_rejectsPort70000() {
    assertThatThrownBy(() -> ProbeTarget.parse("127.0.0.1:70000/tcp"))
        .hasMessage("target \"127.0.0.1:70000/tcp\": port 70000 out of range 1..65535");
  }

  @Test
  void parse_rejectsMissingChecker_showingTheForm() {
    assertThatThrownBy(() -> ProbeTarget.parse("127.0.0.1:80"))
        .hasMessage(
            "target \"127.0.0.1:80\" has no checker: write HOST:PORTS/CHECKER, e.g."
                + " 127.0.0.1:80/http");
    assertThatThrownBy(() -> ProbeTarget.parse("127.0.0.1:80/"))
        .hasMessageContaining("has no checker");
  }

  @Test
  void parse_rejectsMissingPortAndHost() {
    assertThatThrownBy(() -> ProbeTarget.parse("127.0.0.1/tcp"))
        .hasMessage(
            "target \"127.0.0.1/tcp\" has no port: write HOST:PORTS/CHECKER, e.g."
                + " 127.0.0.1:80/http");
    assertThatThrownBy(() -> ProbeTarget.parse(":80/tcp"))
        .hasMessage(
            "target \":80/tcp\" has no host: write HOST:PORTS/CHECKER, e.g. 127.0.0.1:80/http");
    assertThatThrownBy(() -> ProbeTarget.parse("[::1]/tcp")).hasMessageContaining("has no port");
    assertThatThrownBy(() -> ProbeTarget.parse("[::1:80/tcp"))
        .hasMessage("target \"[::1:80/tcp\" opens [ without ]: write e.g. [::1]:80/tcp");
  }

  @Test
  void parse_rejectsIpv6WithoutBrackets() {
    assertThatThrownBy(() -> ProbeTarget.parse("::1:80/tcp"))
        .hasMessage(
            "target \"::1:80/tcp\" has an IPv6 address without brackets: write e.g."
                + " [::1]:80/tcp");
  }

  @Test
  void parse_rejectsMalformedCheckerIdAndHost() {
    assertThatThrownBy(() -> ProbeTarget.parse("127.0.0.1:80/ht tp"))
        .hasMessage(
            "target \"127.0.0.1:80/ht tp\": checker \"ht tp\" is not a checker id: use 1 to 32"
                + " lower-case letters, digits and -, e.g. http");
    assertThatThrownBy(() -> ProbeTarget.parse("bad host!:80/tcp"))
        .hasMessageStartingWith("target \"bad host!:80/tcp\": ");
    assertThatThrownBy(() -> ProbeTarget.of("10.0.0.0/24", 80, "tcp"))
        .hasMessageContaining("is a network: probe one address");
    assertThatThrownBy(() -> ProbeTarget.of("10.0.0.5", 80, "HTTP"))
        .hasMessageContaining("checker \"HTTP\" is not a checker id");
  }

  @Test
  void options_validateAndDerive() {
    ProbeOptions o =
        ProbeOptions.defaults()
            .withTlsInsecure(true)
            .withHttpPath("/health")
            .withExpectedHttpStatus(204)
            .withFtpAuthTls(true)
            .withCredentials(new Credentials("wdm", "s3cret"));
    assertThat(o.tlsInsecure()).isTrue();
    assertThat(o.httpPath()).isEqualTo("/health");
    assertThat(o.expectedHttpStatus()).contains(204);
    assertThat(o.ftpAuthTls()).isTrue();
    assertThat(o.credentials()).map(Credentials::user).contains("wdm");
    assertThat(o.toString()).doesNotContain("s3cret");
    assertThatThrownBy(() -> o.withHttpPath("health"))
        .hasMessageStartingWith("httpPath \"health\" must start with /");
    assertThatThrownBy(() -> o.withExpectedHttpStatus(700))
        .hasMessage("expectedHttpStatus 700 is out of range 100..599: use e.g. 200");
    assertThatThrownBy(() -> new Credentials(" ", "x")).hasMessageContaining("user is blank");
    assertThatThrownBy(() -> new Credentials("u", "a\r\nDELE x"))
        .hasMessageContaining("contain a line break");
    assertThat(ProbeOptions.defaults().credentials()).isEqualTo(Optional.empty());
  }

  @Test
  void evidence_boundsAndEscapesValues() {
    String big = "x".repeat(2000) + "\r\n";
    Evidence e =
        new Evidence(java.util.Map.of("banner", big, "bell", "a\u0007b"), Optional.empty(), 10);
    assertThat(e.facts().get("banner")).hasSize(Evidence.MAX_VALUE_LENGTH).endsWith("...");
    assertThat(e.facts().get("bell")).isEqualTo("a\\x07b");
    assertThatThrownBy(() -> new Evidence(java.util.Map.of(), Optional.empty(), -1))
        .hasMessage("bytesRead -1 is negative");
  }

  @Test
  void constructor_stillRefusesABadHostOrChecker_rightAfterAValidRangeExpanded() {
    assertThat(ProbeTarget.parse("10.0.0.5:1-100/tcp")).hasSize(100);

    assertThatThrownBy(() -> ProbeTarget.of("10.0.0.0/8", 80, "tcp"))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> ProbeTarget.of("10.0.0.5", 80, "TCP!"))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> ProbeTarget.of("", 80, "tcp"))
        .isInstanceOf(IllegalArgumentException.class);
    assertThat(ProbeTarget.of("10.0.0.5", 80, "tcp").host()).isEqualTo("10.0.0.5");
  }
}
