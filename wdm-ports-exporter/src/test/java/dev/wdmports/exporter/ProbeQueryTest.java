package dev.wdmports.exporter;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class ProbeQueryTest {
  @Test
  void parse_readsModuleAndDecodedTarget() {
    ProbeQuery q = ProbeQuery.parse("module=https&target=%5B%3A%3A1%5D%3A8443");
    assertThat(q.module()).isEqualTo(ProbeQuery.Module.HTTPS);
    assertThat(q.target()).isEqualTo("[::1]:8443");
    assertThat(ProbeQuery.parse("target=wdm-server&module=preflight").module().isHandshake())
        .isFalse();
  }

  @Test
  void parse_rejectsUnknownMissingTwiceAndLongQueries_inOneLine() {
    assertThatThrownBy(() -> ProbeQuery.parse(null)).hasMessageStartingWith("missing query");
    assertThatThrownBy(() -> ProbeQuery.parse("module=icmp&target=a:1"))
        .hasMessageStartingWith("unknown module \"icmp\"");
    assertThatThrownBy(() -> ProbeQuery.parse("module=tcp"))
        .hasMessage(
            "missing parameter target: add target=HOST:PORT (for module=preflight, a deployment"
                + " host or device network)");
    assertThatThrownBy(() -> ProbeQuery.parse("target=a:1"))
        .hasMessage(
            "missing parameter module: add module=MODULE (tcp, http, https, ftp, vnc, tds, tftp or"
                + " preflight)");
    assertThatThrownBy(() -> ProbeQuery.parse("module=tcp&module=http&target=a:1"))
        .hasMessage("parameter module is given twice");
    assertThatThrownBy(() -> ProbeQuery.parse("module=tcp&target=a:1&debug=1"))
        .hasMessageStartingWith("unknown parameter \"debug\"");
    assertThatThrownBy(() -> ProbeQuery.parse("module=tcp&target=%zz"))
        .hasMessage("malformed percent-encoding in the query: write % as %25");
    assertThatThrownBy(() -> ProbeQuery.parse("module=tcp&target=" + "a".repeat(2000)))
        .hasMessageContaining("longer than 1024");
    assertThatThrownBy(() -> ProbeQuery.parse("module=ic%0Amp&target=a:1"))
        .satisfies(e -> assertThat(e.getMessage()).doesNotContain("\n"));
  }

  @Test
  void parseHostPort_takesBracketedIpv6_andRejectsWhatIsNotHostPort() {
    assertThat(Targets.parseHostPort("[::1]:80")).isEqualTo(java.util.Map.entry("::1", 80));
    assertThat(Targets.parseHostPort("wdm-server:443"))
        .isEqualTo(java.util.Map.entry("wdm-server", 443));
    assertThatThrownBy(() -> Targets.parseHostPort("10.0.0.5"))
        .hasMessageContaining("is not HOST:PORT");
    assertThatThrownBy(() -> Targets.parseHostPort("::1:80")).hasMessageContaining("in brackets");
    assertThatThrownBy(() -> Targets.parseHostPort("h:70000"))
        .hasMessageContaining("no port 1..65535");
  }

  @Test
  void deadline_isTheScrapeTimeoutMinusHalfASecond_orTheDefault() {
    assertThat(Exporter.deadline(null)).isEqualTo(Exporter.DEFAULT_DEADLINE);
    assertThat(Exporter.deadline("10")).isEqualTo(Duration.ofMillis(9500));
    assertThat(Exporter.deadline("2.5")).isEqualTo(Duration.ofSeconds(2));
    assertThat(Exporter.deadline("0.2")).isEqualTo(Duration.ofMillis(100));
    assertThatThrownBy(() -> Exporter.deadline("soon"))
        .hasMessageContaining("not a positive number");
    assertThatThrownBy(() -> Exporter.deadline("-1")).hasMessageContaining("not a positive number");
  }

  @Test
  void everyBadQueryMessage_namesTheValueAndTheFix_wordForWord() {
    assertThatThrownBy(() -> ProbeQuery.parse(null))
        .hasMessage("missing query: use /probe?module=MODULE&target=TARGET");
    assertThatThrownBy(() -> ProbeQuery.parse("module=icmp&target=a:1"))
        .hasMessage(
            "unknown module \"icmp\": use tcp, http, https, ftp, vnc, tds, tftp or preflight");
    assertThatThrownBy(() -> ProbeQuery.parse("module=tcp&target=a:1&debug=1"))
        .hasMessage("unknown parameter \"debug\": use module and target");
    assertThatThrownBy(() -> ProbeQuery.parse("module=tcp&target=" + "a".repeat(2000)))
        .hasMessage("query is longer than 1024 characters: probe one target a scrape");
    assertThatThrownBy(() -> ProbeQuery.parse("module=tcp&target=%20"))
        .hasMessage("target is empty: use target=HOST:PORT, e.g. 10.0.0.5:443");
    assertThatThrownBy(() -> Targets.parseHostPort("10.0.0.5"))
        .hasMessage("target \"10.0.0.5\" is not HOST:PORT, e.g. 10.0.0.5:443 or [2001:db8::5]:443");
    assertThatThrownBy(() -> Targets.parseHostPort("::1:80"))
        .hasMessage("target \"::1:80\": write an IPv6 address in brackets, e.g. [::1]:443");
    assertThatThrownBy(() -> Targets.parseHostPort("h:70000"))
        .hasMessage("target \"h:70000\" has no port 1..65535 after the last colon");
    assertThatThrownBy(() -> Exporter.deadline("soon"))
        .hasMessage("X-Prometheus-Scrape-Timeout-Seconds \"soon\" is not a positive number");
  }

  @Test
  void metricHelpers_speakBlackboxTerms() {
    assertThat(ScrapeMetrics.httpStatus("HTTP/1.1 404 Not Found")).isEqualTo(404);
    assertThat(ScrapeMetrics.httpStatus("SSH-2.0")).isZero();
    assertThat(ScrapeMetrics.httpStatus(null)).isZero();
    assertThat(ScrapeMetrics.tlsVersion("TLSv1.3")).isEqualTo("TLS 1.3");
  }
}
