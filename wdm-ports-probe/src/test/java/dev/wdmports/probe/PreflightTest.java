package dev.wdmports.probe;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.wdmports.core.Component;
import dev.wdmports.core.Operation;
import dev.wdmports.core.PortRule;
import dev.wdmports.core.PortSet;
import dev.wdmports.core.Protocol;
import dev.wdmports.core.Provenance;
import dev.wdmports.core.Requirement;
import dev.wdmports.core.Transport;
import dev.wdmports.core.catalog.Catalog;
import dev.wdmports.core.deploy.Deployment;
import dev.wdmports.core.deploy.Host;
import dev.wdmports.core.graph.Availability;
import dev.wdmports.core.graph.FlowVerdict;
import dev.wdmports.core.graph.OperationStatus;
import dev.wdmports.core.report.Evidence;
import dev.wdmports.core.report.FlowCheck;
import dev.wdmports.core.report.HostReport;
import dev.wdmports.peers.SelfSignedCertificate;
import java.io.OutputStream;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Preflight against in-process HTTP and FTP peers on loopback, with one service missing. */
class PreflightTest {
  private TestServer http;
  private TestServer ftp;
  private int closedPort;

  @BeforeEach
  void startPeers() throws Exception {
    http =
        TestServer.start(
            "http",
            s -> {
              s.getInputStream().read(new byte[1024]);
              write(s, "HTTP/1.1 200 OK\r\nContent-Length: 0\r\nConnection: close\r\n\r\n");
            });
    ftp =
        TestServer.start(
            "ftp",
            s -> {
              write(s, "220 lab FTP ready\r\n");
              s.getInputStream().read(new byte[1024]);
              write(s, "221 bye\r\n");
            });
    try (ServerSocket free = new ServerSocket(0)) {
      closedPort = free.getLocalPort();
    }
  }

  @AfterEach
  void stopPeers() throws Exception {
    http.close();
    ftp.close();
  }

  private static void write(Socket s, String text) throws java.io.IOException {
    OutputStream out = s.getOutputStream();
    out.write(text.getBytes(StandardCharsets.US_ASCII));
    out.flush();
  }

  private Deployment lab() {
    Provenance p = Provenance.user();
    Catalog c =
        Catalog.builder()
            .name("lab")
            .component(new Component("console", "Console", ""))
            .component(new Component("server", "Server", ""))
            .component(new Component("agent", "Agent", ""))
            .protocol(new Protocol("http", "HTTP", Transport.TCP, PortSet.empty()))
            .protocol(new Protocol("ftp", "FTP", Transport.TCP, PortSet.empty()))
            .protocol(new Protocol("ole-db", "OLE DB", Transport.TCP, PortSet.empty()))
            .rule(rule("console-to-server-http", "console", "server", "http", http.port()))
            .rule(rule("console-to-server-ftp", "console", "server", "ftp", ftp.port()))
            .rule(rule("console-to-server-db", "console", "server", "ole-db", closedPort))
            .rule(rule("server-to-agent", "server", "agent", "http", http.port()))
            .operation(
                new Operation(
                    "browse",
                    "Browse",
                    Operation.Kind.CONSOLE,
                    "",
                    List.of(new Requirement.AllFlowsOf("console-to-server-http")),
                    p))
            .operation(
                new Operation(
                    "upload",
                    "Upload",
                    Operation.Kind.CONSOLE,
                    "",
                    List.of(
                        new Requirement.AllFlowsOf("console-to-server-ftp"),
                        new Requirement.AllFlowsOf("console-to-server-http")),
                    p))
            .operation(
                new Operation(
                    "query",
                    "Query",
                    Operation.Kind.CONSOLE,
                    "",
                    List.of(new Requirement.AllFlowsOf("console-to-server-db")),
                    p))
            .operation(
                new Operation(
                    "push",
                    "Push",
                    Operation.Kind.PUSH,
                    "",
                    List.of(
                        new Requirement.AllFlowsOf("console-to-server-http"),
                        new Requirement.AllFlowsOf("server-to-agent")),
                    p))
            .build();
    return Deployment.builder(c)
        .host(Host.of("here", "127.0.0.1", "console"))
        .host(Host.of("server", "127.0.0.1", "server"))
        .host(new Host("devices", Optional.empty(), List.of("agent")))
        .build();
  }

  @Test
  void run_probesFlowsFromTheHost_andRollsThemUpIntoOperations() {
    List<String> events = new CopyOnWriteArrayList<>();
    ProbeListener listener =
        new ProbeListener() {
          @Override
          public void started(int total) {
            events.add("started " + total);
          }

          @Override
          public void result(ProbeResult result) {
            events.add("result");
          }

          @Override
          public void finished(ProbeSummary summary) {
            events.add("finished");
          }
        };
    Preflight preflight =
        Preflight.builder().prober(Prober.builder().timeout(Duration.ofSeconds(2)).build()).build();
    HostReport report = preflight.run(lab(), "here", listener);

    assertThat(report.flows())
        .extracting(f -> f.flow().rule().orElseThrow() + " " + checker(f) + " " + status(f))
        .containsExactly(
            "console-to-server-http http OPEN",
            "console-to-server-ftp ftp OPEN",
            "console-to-server-db tds REFUSED");
    assertThat(report.operations())
        .extracting(s -> s.operation().id() + " " + s.availability())
        .containsExactly("browse AVAILABLE", "upload AVAILABLE", "query BROKEN", "push UNKNOWN");
    OperationStatus query = report.operations().get(2);
    assertThat(query.reason())
        .isEqualTo(
            "query: broken, because here->server:"
                + closedPort
                + "/tcp (console-to-server-db) is blocked");
    assertThat(report.explain(query))
        .isEqualTo(
            "broken, because here->server:"
                + closedPort
                + "/tcp (console-to-server-db) is REFUSED");
    assertThat(report.explain(report.operations().get(0))).isEqualTo("available");
    assertThat(report.localOperations()).containsExactly("browse", "upload", "query");
    assertThat(report.passed()).isFalse();
    assertThat(events).containsExactly("started 3", "result", "result", "result", "finished");
  }

  @Test
  void explain_leavesTheIdOut_andNamesFlowsNotCheckedFromHere() {
    HostReport report = Preflight.builder().build().run(lab(), "here");
    OperationStatus push = report.operations().get(3);
    assertThat(push.availability()).isEqualTo(Availability.UNKNOWN);
    assertThat(report.explain(push))
        .isEqualTo(
            "unknown, because server->devices:"
                + http.port()
                + "/tcp (server-to-agent) is not checked from here");
  }

  @Test
  void explain_carriesTheCauseOfATlsFailure() throws Exception {
    try (TestServer tls =
        CheckerFixtures.httpsServer(SelfSignedCertificate.localhost().serverContext())) {
      Provenance p = Provenance.user();
      Catalog c =
          Catalog.builder()
              .name("tls")
              .component(new Component("console", "Console", ""))
              .component(new Component("server", "Server", ""))
              .protocol(new Protocol("https", "HTTPS", Transport.TCP, PortSet.empty()))
              .rule(rule("console-to-server-https", "console", "server", "https", tls.port()))
              .operation(
                  new Operation(
                      "secure",
                      "Secure",
                      Operation.Kind.CONSOLE,
                      "",
                      List.of(new Requirement.AllFlowsOf("console-to-server-https")),
                      p))
              .build();
      Deployment d =
          Deployment.builder(c)
              .host(Host.of("here", "127.0.0.1", "console"))
              .host(Host.of("server", "127.0.0.1", "server"))
              .build();
      // Verification on: the self-signed certificate is not trusted.
      HostReport report = Preflight.builder().build().run(d, "here");
      assertThat(report.explain(report.operations().get(0)))
          .startsWith(
              "broken, because here->server:"
                  + tls.port()
                  + "/tcp (console-to-server-https) is TLS_FAILURE (certificate not trusted: ")
          .endsWith(")");
    }
  }

  @Test
  void explain_saysWhyADegradedOperationIsDegraded() {
    Provenance p = Provenance.user();
    Catalog c =
        Catalog.builder()
            .name("either")
            .component(new Component("console", "Console", ""))
            .component(new Component("server", "Server", ""))
            .protocol(new Protocol("http", "HTTP", Transport.TCP, PortSet.empty()))
            .rule(rule("console-to-server-http", "console", "server", "http", http.port()))
            .rule(rule("console-to-server-alt", "console", "server", "http", closedPort))
            .operation(
                new Operation(
                    "browse",
                    "Browse",
                    Operation.Kind.CONSOLE,
                    "",
                    List.of(
                        new Requirement.AnyOf(
                            List.of("console-to-server-http", "console-to-server-alt"))),
                    p))
            .build();
    Deployment d =
        Deployment.builder(c)
            .host(Host.of("here", "127.0.0.1", "console"))
            .host(Host.of("server", "127.0.0.1", "server"))
            .build();
    HostReport report = Preflight.builder().build().run(d, "here");
    OperationStatus browse = report.operations().get(0);
    assertThat(browse.availability()).isEqualTo(Availability.DEGRADED);
    assertThat(report.explain(browse))
        .isEqualTo(
            "available, but degraded, because here->server:"
                + closedPort
                + "/tcp (console-to-server-alt) is REFUSED");
  }

  @Test
  void flowsToHostsWithoutAddress_areNotChecked() {
    Deployment d = lab();
    List<String> notes = new ArrayList<>();
    HostReport r = Preflight.builder().build().run(d, "server");
    r.flows()
        .forEach(f -> notes.add(status(f) + ": " + ((Evidence.NotChecked) f.evidence()).reason()));
    assertThat(notes).containsExactly("NOT_CHECKED: host devices has no address in the deployment");
    assertThat(r.flows().get(0).verdict()).isEqualTo(FlowVerdict.NOT_CHECKED);
    assertThat(r.operations().get(3).availability()).isEqualTo(Availability.UNKNOWN);
  }

  @Test
  void checkers_followProtocols_andCanBeOverridden() {
    Preflight p = Preflight.builder().checker("ole-db", "tcp").build();
    assertThat(p.checkerFor("ole-db", Transport.TCP)).contains("tcp");
    assertThat(p.checkerFor("https", Transport.TCP)).contains("https");
    assertThat(p.checkerFor("agent-wakeup", Transport.TCP)).contains("tcp");
    assertThat(p.checkerFor("pxe", Transport.UDP)).isEmpty();
    assertThatThrownBy(() -> p.run(lab(), "nowhere"))
        .hasMessageStartingWith("deployment deployment has no host \"nowhere\"");
  }

  @Test
  void run_rejectsUnknownHost_withInvalidInputException_listingTheHosts() {
    assertThatThrownBy(() -> Preflight.builder().build().run(lab(), "nobody"))
        .isInstanceOf(dev.wdmports.core.InvalidInputException.class)
        .hasMessage(
            "deployment deployment has no host \"nobody\": use one of here, server, devices");
  }

  @Test
  void build_rejectsACheckerTheRegistryDoesNotHave_listingThoseItHas() {
    assertThatThrownBy(() -> Preflight.builder().checker("https", "nosuch").build())
        .isInstanceOf(dev.wdmports.core.InvalidInputException.class)
        .hasMessageStartingWith(
            "checker \"nosuch\" for protocol https is not in the prober's registry: use one of ")
        .hasMessageContaining("https")
        .hasMessageContaining("tds");
    assertThat(
            Preflight.builder().checker("https", "tcp").build().checkerFor("https", Transport.TCP))
        .contains("tcp");
  }

  @Test
  void run_underHttpsOnly_probesNoFlowOnTheDesignatedHttpPort() {
    Deployment site =
        Deployment.singleServer(
                dev.wdmports.core.catalog.Catalogs.wdm(),
                dev.wdmports.core.Address.parse("127.0.0.1"))
            .toBuilder()
            .securityMode(dev.wdmports.core.SecurityMode.HTTPS)
            .build();
    HostReport r =
        Preflight.builder()
            .prober(Prober.builder().timeout(Duration.ofSeconds(1)).build())
            .build()
            .run(site, "this-host");
    assertThat(r.flows()).isNotEmpty().noneMatch(c -> c.flow().port() == 80);
    assertThat(r.flows())
        .noneMatch(c -> c.flow().rule().orElseThrow().endsWith("-http"))
        .anyMatch(c -> c.flow().rule().orElseThrow().equals("gui-to-web-service-https"));
  }

  /** The checker a flow was probed with, or would have been. */
  private static String checker(FlowCheck f) {
    return f.evidence() instanceof Evidence.Probed p
        ? p.checker()
        : ((Evidence.NotChecked) f.evidence()).checker();
  }

  /** The probe status's name, or NOT_CHECKED. */
  private static String status(FlowCheck f) {
    return f.probeStatus().map(Enum::name).orElse("NOT_CHECKED");
  }

  /** A user rule allowing one port, the default. */
  /** A user's port rule of one port; for this package's preflight tests. */
  static PortRule rule(String id, String from, String to, String protocol, int port) {
    return new PortRule(
        id,
        from,
        to,
        protocol,
        PortSet.of(port),
        port,
        Optional.empty(),
        false,
        "",
        Provenance.user());
  }
}
