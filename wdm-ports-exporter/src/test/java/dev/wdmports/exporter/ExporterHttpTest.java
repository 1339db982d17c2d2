package dev.wdmports.exporter;

import static org.assertj.core.api.Assertions.assertThat;

import dev.wdmports.core.Address;
import dev.wdmports.core.catalog.Catalog;
import dev.wdmports.core.catalog.Catalogs;
import dev.wdmports.core.deploy.Deployment;
import dev.wdmports.core.deploy.Host;
import dev.wdmports.peers.LocalPeer;
import dev.wdmports.peers.LocalPeers;
import dev.wdmports.peers.PeerKind;
import dev.wdmports.probe.ProbeOptions;
import dev.wdmports.probe.TlsTrust;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The exporter over HTTP on loopback, probing real peers on loopback. */
class ExporterHttpTest {
  /** A sample line of the text format: name, optional labels, a value. */
  private static final Pattern SAMPLE =
      Pattern.compile("[a-zA-Z_:][a-zA-Z0-9_:]*(\\{.*\\})? -?([0-9.eE+-]+|NaN|\\+Inf|-Inf)");

  private static LocalPeers peers;
  private static Exporter exporter;
  private static Exporter open;
  private static String base;

  @BeforeAll
  static void start() {
    peers = LocalPeers.start(PeerKind.HTTP, PeerKind.HTTPS, PeerKind.FTP);
    Deployment site = deployment(peers);
    ProbeOptions trusting =
        ProbeOptions.defaults()
            .withTlsTrust(TlsTrust.of(List.of(peers.certificate().certificate())));
    exporter =
        Exporter.builder(site, "this-host")
            .listen(new InetSocketAddress("127.0.0.1", 0))
            .probeOptions(trusting)
            .build()
            .start();
    open =
        Exporter.builder(site, "this-host")
            .listen(new InetSocketAddress("127.0.0.1", 0))
            .allowAnyTarget(true)
            .build()
            .start();
    base = "http://127.0.0.1:" + exporter.port();
  }

  /**
   * The WDM catalog with every rule moved to a peer's port (VNC to the HTTP peer, the database to a
   * port nobody listens on), {@code wdm-server} and {@code this-host} on 127.0.0.1: as the CLI's
   * DemoLab does it.
   */
  static Deployment deployment(LocalPeers peers) {
    return deployment(peers, Optional.empty());
  }

  /** As {@link #deployment(LocalPeers)}, the Web Agent on a device network when one is given. */
  static Deployment deployment(LocalPeers peers, Optional<String> deviceNetwork) {
    int http = peers.peer(PeerKind.HTTP).port();
    Map<String, Integer> portByProtocol =
        Map.of(
            "http", http,
            "vnc-http", http,
            "agent-wakeup", http,
            "https", peers.peer(PeerKind.HTTPS).port(),
            "ftp", peers.peer(PeerKind.FTP).port(),
            "vnc", http,
            "ole-db", freePort());
    Catalog lab = Catalogs.wdm().withPorts(portByProtocol).toBuilder().name("wdm-lab").build();
    Address loopback = Address.parse("127.0.0.1");
    Deployment.Builder b =
        Deployment.builder(lab)
            .name("exporter-lab")
            .host(
                new Host(
                    "wdm-server",
                    Optional.of(loopback),
                    List.of("web-service", "standard-service", "database", "master-repository")))
            .host(
                new Host(
                    "this-host",
                    Optional.of(loopback),
                    deviceNetwork.isPresent() ? List.of("gui") : List.of("gui", "web-agent")));
    deviceNetwork.ifPresent(
        net -> b.host(new Host("devices", Optional.of(Address.parse(net)), List.of("web-agent"))));
    return b.build();
  }

  static int freePort() {
    try (ServerSocket s = new ServerSocket()) {
      s.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
      return s.getLocalPort();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  @AfterAll
  static void stop() {
    exporter.close();
    open.close();
    peers.close();
  }

  @Test
  void probeHttp_ofADeclaredTarget_succeedsWithBlackboxSeriesInTheTextFormat() {
    LocalPeer http = peers.peer(PeerKind.HTTP);
    Http.Response r = Http.get(base + "/probe?module=http&target=127.0.0.1:" + http.port());
    assertThat(r.statusCode()).isEqualTo(200);
    assertThat(r.contentType()).startsWith("text/plain; version=0.0.4");
    assertTextFormat(r.body());
    assertThat(r.body())
        .contains("# TYPE probe_success gauge\n", "probe_success 1.0\n")
        .contains(
            "probe_http_status_code 200.0\n", "probe_http_ssl 0.0\n", "probe_ip_protocol 4.0\n")
        .contains("# TYPE probe_duration_seconds gauge\n")
        .contains("wdmports_probe_status{wdmports_probe_status=\"OPEN\"} 1\n")
        .contains("wdmports_probe_status{wdmports_probe_status=\"REFUSED\"} 0\n");
  }

  @Test
  void probeHttps_reportsTlsVersionAndCertificateExpiry() {
    LocalPeer https = peers.peer(PeerKind.HTTPS);
    String body = Http.get(base + "/probe?module=https&target=wdm-server:" + https.port()).body();
    assertTextFormat(body);
    assertThat(body)
        .contains(
            "probe_success 1.0\n", "probe_http_ssl 1.0\n", "wdmports_tls_certificate_trusted 1.0\n")
        .containsPattern("probe_tls_version_info\\{version=\"TLS 1\\.[23]\"} 1\\.0\n")
        .containsPattern("probe_ssl_earliest_cert_expiry [0-9.]+E9\n");
  }

  @Test
  void probeHttps_ofAnUntrustedPeer_saysNoSsl_butStillReportsTheCertificateExpiry() {
    // The exporter that allows any target trusts only the JDK's CAs, not the peer's self-signed
    // certificate: probe_http_ssl is 0 as blackbox_exporter's is (no response came over TLS), and
    // the certificate's expiry is still reported, beside wdmports_tls_certificate_trusted 0.
    LocalPeer https = peers.peer(PeerKind.HTTPS);
    String body =
        Http.get(
                "http://127.0.0.1:"
                    + open.port()
                    + "/probe?module=https&target=127.0.0.1:"
                    + https.port())
            .body();
    assertTextFormat(body);
    assertThat(body)
        .contains(
            "probe_success 0.0\n",
            "probe_http_ssl 0.0\n",
            "probe_http_status_code 0.0\n",
            "wdmports_tls_certificate_trusted 0.0\n",
            "wdmports_probe_status{wdmports_probe_status=\"TLS_FAILURE\"} 1\n")
        .containsPattern("probe_ssl_earliest_cert_expiry [0-9.]+E9\n")
        .doesNotContain("probe_tls_version_info"); // the handshake failed: no version agreed
  }

  @Test
  void start_asksTheJdkServerForTcpNoDelay_andLimitsOnReadingARequest() {
    // Set by the exporters this class started (the build does not set them for the JVM).
    assertThat(System.getProperty(Exporter.NO_DELAY)).isEqualTo("true");
    assertThat(System.getProperty(Exporter.MAX_REQ_TIME)).isEqualTo("10");
    assertThat(System.getProperty(Exporter.MAX_RSP_TIME)).isEqualTo("360");
  }

  @Test
  void clientsThatTrickleTheirRequests_doNotTakeTheThreadsScrapesNeed() throws Exception {
    // bench/soak.sh found ten such clients stalling /metrics: each held one of the scrapes'
    // threads while its headers came in a byte at a time.
    URI uri = URI.create(base);
    List<Socket> slow = new ArrayList<>();
    try {
      for (int i = 0; i < 24; i++) {
        Socket s = new Socket(uri.getHost(), uri.getPort());
        s.getOutputStream()
            .write("GET /metrics HTTP/1.1\r\nHo".getBytes(StandardCharsets.US_ASCII));
        s.getOutputStream().flush();
        slow.add(s);
      }
      Http.Response metrics = Http.get(base + "/metrics");
      assertThat(metrics.statusCode()).isEqualTo(200);
      assertThat(metrics.body()).contains("wdmports_exporter_scrapes_in_flight");
    } finally {
      for (Socket s : slow) {
        s.close();
      }
    }
  }

  @Test
  void probeOfARefusingPeer_isNotSuccess_andTheStateSetSaysRefused() {
    LocalPeer http = peers.peer(PeerKind.HTTP);
    http.refuse();
    try {
      String body = Http.get(base + "/probe?module=tcp&target=127.0.0.1:" + http.port()).body();
      assertThat(body)
          .contains("probe_success 0.0\n")
          .contains("wdmports_probe_status{wdmports_probe_status=\"REFUSED\"} 1\n");
    } finally {
      http.serve();
    }
  }

  @Test
  void probeOfAnUndeclaredTarget_isForbidden_unlessAnyTargetIsAllowed() {
    String q = "/probe?module=tcp&target=127.0.0.1:" + open.port(); // no flow goes there
    Http.Response r = Http.get(base + q);
    assertThat(r.statusCode()).isEqualTo(403);
    assertThat(r.body())
        .endsWith("--allow-any-target to probe any address\n")
        .containsOnlyOnce("\n");
    Http.Response anyTarget = Http.get("http://127.0.0.1:" + open.port() + q);
    assertThat(anyTarget.statusCode()).isEqualTo(200);
    assertThat(anyTarget.body())
        .contains("probe_success 1.0\n")
        .doesNotContain("probe_http_status_code");
  }

  @Test
  void badQueries_get400WithOneLine_andNoStackTrace() {
    for (String q :
        List.of(
            "/probe",
            "/probe?module=icmp&target=127.0.0.1:80",
            "/probe?module=tcp&target=127.0.0.1",
            "/probe?module=tcp&target=bad%20host:80",
            "/probe?module=tcp&target=1.2.3.4:80&module=http")) {
      Http.Response r = Http.get(base + q);
      assertThat(r.statusCode()).as(q).isEqualTo(400);
      assertThat(r.body()).as(q).containsOnlyOnce("\n").doesNotContain("Exception", "\tat ");
    }
    assertThat(Http.get(base + "/probe?module=tcp&target=bad%0Ahost:80").body())
        .containsOnlyOnce("\n");
    assertThat(Http.get(base + "/nothing"))
        .isEqualTo(
            new Http.Response(
                404,
                "text/plain; charset=utf-8",
                "no such endpoint /nothing: use /probe, /sd or /metrics\n"));
    assertThat(Http.request("DELETE", base + "/probe"))
        .isEqualTo(
            new Http.Response(
                405, "text/plain; charset=utf-8", "method DELETE is not allowed: use GET\n"));
  }

  @Test
  void preflight_reportsFlowsAndOperationsOfTheDestination_andRefusesUnknownNames() {
    Http.Response r = Http.get(base + "/probe?module=preflight&target=wdm-server");
    assertThat(r.statusCode()).isEqualTo(200);
    assertTextFormat(r.body());
    int http = peers.peer(PeerKind.HTTP).port();
    assertThat(r.body())
        .contains(
            "wdmports_flow_up{flow=\"this-host->wdm-server:"
                + http
                + "/tcp\",port=\""
                + http
                + "\",transport=\"tcp\"} 1.0\n")
        .contains("wdmports_flow_verdict{flow=\"this-host->wdm-server:" + http + "/tcp\"")
        .containsPattern(
            "wdmports_operation_state\\{operation=\"[a-z-]+\",wdmports_operation_state=\"BROKEN\"} [01]\n")
        // no database peer: a flow is blocked, so the preflight is no success
        .contains("probe_success 0.0\n");
    Http.Response elsewhere = Http.get(base + "/probe?module=preflight&target=elsewhere");
    assertThat(elsewhere.statusCode()).isEqualTo(403);
    assertThat(elsewhere.body())
        .isEqualTo(
            "target \"elsewhere\" is not a destination of the flows from this-host in the"
                + " deployment: use a host or device network that /sd lists\n");
  }

  @Test
  void sd_listsEveryDeclaredEndpointWithItsModule_andThePreflightDestinations() {
    Http.Response r = Http.get(base + "/sd");
    assertThat(r.statusCode()).isEqualTo(200);
    assertThat(r.contentType()).isEqualTo("application/json");
    int https = peers.peer(PeerKind.HTTPS).port();
    assertThat(r.body())
        .startsWith("[{\"targets\":[")
        .contains(
            "{\"targets\":[\"127.0.0.1:"
                + https
                + "\"],\"labels\":{\"__param_module\":\"https\",\"module\":\"https\",\"wdmports_to\":\"wdm-server\"}}")
        .contains("{\"targets\":[\"wdm-server\"],\"labels\":{\"__param_module\":\"preflight\"");
  }

  @Test
  void metrics_countScrapesByResult() {
    Http.get(base + "/probe?module=bogus&target=x:1");
    String body = Http.get(base + "/metrics").body();
    assertTextFormat(body);
    assertThat(body)
        .contains("# TYPE wdmports_exporter_scrapes_total counter\n")
        .containsPattern("wdmports_exporter_scrapes_total\\{result=\"bad_query\"} [1-9]")
        .contains("wdmports_exporter_max_concurrent_scrapes 8.0\n");
  }

  @Test
  void
      preflightOfADeviceNetwork_countsDevicesByStatus_andOperationsByAvailability_neverPerDevice() {
    // Nothing listens on 127.1.0.0/24: every device refuses the console's VNC flows.
    try (Exporter fleet =
        Exporter.builder(deployment(peers, Optional.of("127.1.0.0/24")), "this-host")
            .listen(new InetSocketAddress("127.0.0.1", 0))
            .build()
            .start()) {
      String body =
          Http.get("http://127.0.0.1:" + fleet.port() + "/probe?module=preflight&target=devices")
              .body();
      assertTextFormat(body);
      int vnc = peers.peer(PeerKind.HTTP).port();
      assertThat(body)
          .contains("probe_success 0.0\n")
          .containsPattern("wdmports_flows\\{verdict=\"BLOCKED\"} [1-9][0-9]*\\.0\n")
          .contains("wdmports_flows{verdict=\"OPEN\"} 0.0\n")
          .contains(
              "wdmports_devices{flow=\"this-host->devices:"
                  + vnc
                  + "/tcp\",port=\""
                  + vnc
                  + "\",status=\"REFUSED\",transport=\"tcp\"} 256.0\n")
          .contains(
              "wdmports_operation_devices{availability=\"BROKEN\",operation=\"remote-shadow\"}"
                  + " 256.0\n")
          .contains(
              "wdmports_operation_devices{availability=\"AVAILABLE\",operation=\"remote-shadow\"}"
                  + " 0.0\n")
          .contains(
              "wdmports_operation_state{operation=\"remote-shadow\",wdmports_operation_state=\"BROKEN\"} 1")
          .doesNotContain("127.1.0.5");
      assertThat(Http.get("http://127.0.0.1:" + fleet.port() + "/sd").body())
          .contains("{\"targets\":[\"devices\"],\"labels\":{\"__param_module\":\"preflight\"");
    }
  }

  @Test
  void maxConcurrentScrapes_outOfRange_namesTheValueAndTheRange() {
    Exporter.Builder b = Exporter.builder(deployment(peers), "this-host");
    org.assertj.core.api.Assertions.assertThatThrownBy(() -> b.maxConcurrentScrapes(0))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("maxConcurrentScrapes 0 is out of range 1..256: use e.g. 16");
  }

  @Test
  void startTwice_orPortBeforeStart_saysWhatToDo() {
    Exporter e =
        Exporter.builder(deployment(peers), "this-host")
            .listen(new java.net.InetSocketAddress("127.0.0.1", 0))
            .build();
    org.assertj.core.api.Assertions.assertThatThrownBy(e::port)
        .isInstanceOf(IllegalStateException.class)
        .hasMessage("the exporter is not started: call start() first");
    try (Exporter started = e.start()) {
      org.assertj.core.api.Assertions.assertThatThrownBy(started::start)
          .isInstanceOf(IllegalStateException.class)
          .hasMessage("the exporter is already started: start it once, close() stops it");
    }
  }

  @Test
  void start_onAPortInUse_namesTheAddress() throws java.io.IOException {
    try (java.net.ServerSocket taken =
        new java.net.ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
      java.net.InetSocketAddress at =
          new java.net.InetSocketAddress("127.0.0.1", taken.getLocalPort());
      Exporter e = Exporter.builder(deployment(peers), "this-host").listen(at).build();
      org.assertj.core.api.Assertions.assertThatThrownBy(e::start)
          .isInstanceOf(java.io.UncheckedIOException.class)
          .hasMessageStartingWith("cannot listen on 127.0.0.1:" + taken.getLocalPort() + ": ")
          .hasMessageEndingWith(": pick a free port or stop what holds it");
    }
  }

  @Test
  void preflightReuse_outOfRange_namesTheValueAndTheFix() {
    Exporter.Builder b = Exporter.builder(deployment(peers), "this-host");
    org.assertj.core.api.Assertions.assertThatThrownBy(
            () -> b.preflightReuse(java.time.Duration.ofHours(2)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("preflightReuse PT2H is out of range 0..1h: use e.g. Duration.ofSeconds(5)");
    org.assertj.core.api.Assertions.assertThatThrownBy(
            () -> b.preflightReuse(java.time.Duration.ofSeconds(-1)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("preflightReuse PT-1S is out of range 0..1h: use e.g. Duration.ofSeconds(5)");
  }

  @Test
  void preflightScrapesOfSeveralTargets_shareOneRun() throws Exception {
    try (Exporter fleet =
        Exporter.builder(deployment(peers, Optional.of("127.1.0.0/24")), "this-host")
            .listen(new InetSocketAddress("127.0.0.1", 0))
            .preflightReuse(java.time.Duration.ofMinutes(1))
            .build()
            .start()) {
      String at = "http://127.0.0.1:" + fleet.port();
      assertThat(Http.get(at + "/probe?module=preflight&target=devices").body())
          .contains("wdmports_devices{");
      assertThat(Http.get(at + "/probe?module=preflight&target=wdm-server").body())
          .contains("wdmports_operation_state{");
      // Within the reuse window, the second scrape shares the first one's run.
      assertThat(Http.get(at + "/metrics").body())
          .contains("wdmports_exporter_preflight_runs_total 1.0\n");
    }
  }

  @Test
  void scrapesBeyondTheBound_get503AtOnce_whileOneProbes() throws Exception {
    LocalPeer ftp = peers.peer(PeerKind.FTP);
    try (Exporter one =
        Exporter.builder(deployment(peers), "this-host")
            .listen(new InetSocketAddress("127.0.0.1", 0))
            .maxConcurrentScrapes(1)
            .build()
            .start()) {
      String at = "http://127.0.0.1:" + one.port();
      ftp.filter(); // SYNs dropped: the probe waits for its deadline
      try {
        java.util.concurrent.CompletableFuture<Http.Response> slow =
            java.util.concurrent.CompletableFuture.supplyAsync(
                () -> Http.get(at + "/probe?module=ftp&target=127.0.0.1:" + ftp.port(), "3"));
        while (!Http.get(at + "/metrics")
            .body()
            .contains("wdmports_exporter_scrapes_in_flight 1.0")) {
          assertThat(slow).isNotDone();
          Thread.onSpinWait();
        }
        Http.Response busy =
            Http.get(
                at + "/probe?module=http&target=wdm-server:" + peers.peer(PeerKind.HTTP).port());
        assertThat(busy.statusCode()).isEqualTo(503);
        assertThat(busy.body())
            .startsWith("too many scrapes at once (at most 1)")
            .containsOnlyOnce("\n");
        Http.Response filtered = slow.get();
        assertThat(filtered.statusCode()).isEqualTo(200);
        assertThat(filtered.body())
            .contains("probe_success 0.0\n")
            .contains("wdmports_probe_status{wdmports_probe_status=\"FILTERED\"} 1\n");
      } finally {
        ftp.serve();
      }
    }
  }

  /** Every line is a comment (HELP or TYPE) or a sample. */
  static void assertTextFormat(String body) {
    assertThat(body).endsWith("\n");
    assertThat(Arrays.asList(body.split("\n")))
        .allSatisfy(
            line ->
                assertThat(
                        line.startsWith("# HELP ")
                            || line.startsWith("# TYPE ")
                            || SAMPLE.matcher(line).matches())
                    .as(line)
                    .isTrue());
  }
}
