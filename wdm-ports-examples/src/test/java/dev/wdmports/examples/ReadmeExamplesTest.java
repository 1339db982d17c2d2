package dev.wdmports.examples;

import static org.assertj.core.api.Assertions.assertThat;

import dev.wdmports.cli.DemoLab;
import dev.wdmports.core.catalog.Catalogs;
import dev.wdmports.core.deploy.Deployment;
import dev.wdmports.core.deploy.Deployments;
import dev.wdmports.core.graph.ClosedPorts;
import dev.wdmports.core.graph.DependencyGraph;
import dev.wdmports.core.graph.OperationStatus;
import dev.wdmports.core.report.DeviceBreakdown;
import dev.wdmports.core.report.HostReport;
import dev.wdmports.peers.LocalPeers;
import dev.wdmports.peers.PeerKind;
import dev.wdmports.probe.Devices;
import dev.wdmports.probe.Preflight;
import dev.wdmports.probe.ProbeAggregate;
import dev.wdmports.probe.ProbeListener;
import dev.wdmports.probe.ProbeReport;
import dev.wdmports.probe.ProbeResult;
import dev.wdmports.probe.ProbeTarget;
import dev.wdmports.probe.ProbeTargets;
import dev.wdmports.probe.Prober;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * The README's Java snippets, compiled and run here (against loopback only). Each sits between
 * {@code // README: begin NAME} and {@code // README: end NAME}; {@link
 * #everyJavaSnippetOfTheReadme_isOneOfThese} fails when a README block is not one of them.
 */
class ReadmeExamplesTest {
  private final ByteArrayOutputStream buffer = new ByteArrayOutputStream();
  private final PrintStream out = new PrintStream(buffer, true, StandardCharsets.UTF_8);

  private String printed() {
    return buffer.toString(StandardCharsets.UTF_8);
  }

  @Test
  void impactExample_runs() {
    // README: begin impact
    Deployment site = Deployments.read(Path.of("../examples/branch-office.yaml"), Catalogs.wdm());
    DependencyGraph graph = DependencyGraph.of(site);

    for (OperationStatus op : graph.impact(ClosedPorts.parse("wdm-server:443"))) {
      if (!op.available()) {
        out.println(op.reason());
        // reboot: broken, because admin->wdm-server:443/tcp (gui-to-web-service-https), ...
      }
    }
    // README: end impact
    assertThat(printed())
        .startsWith(
            "refresh-device-information: broken, because admin->wdm-server:443/tcp"
                + " (gui-to-web-service-https), thin-clients->wdm-server:443/tcp"
                + " (web-agent-to-web-service-https) are blocked")
        .contains("reboot: broken, because admin->wdm-server:443/tcp (gui-to-web-service-https)");
  }

  @Test
  void probeExample_runs() {
    try (LocalPeers peers = LocalPeers.start(PeerKind.HTTP)) {
      int port = peers.peer(PeerKind.HTTP).port();
      // README: begin probe
      Prober prober = Prober.builder().timeout(Duration.ofSeconds(2)).concurrency(64).build();
      ProbeReport report = prober.run(ProbeTarget.parse("127.0.0.1:" + port + "/http"));
      for (ProbeResult r : report.results()) {
        out.println(r.target() + " " + r.status() + " " + r.detail());
        // 127.0.0.1:8080/http OPEN HTTP/1.1 200 OK
      }
      // README: end probe
    }
    assertThat(printed()).endsWith(" OPEN HTTP/1.1 200 OK\n");
  }

  @Test
  void sweepExample_runs() throws IOException {
    try (java.net.ServerSocket listener = new java.net.ServerSocket()) {
      listener.bind(new java.net.InetSocketAddress("127.0.10.0", 0));
      int port = listener.getLocalPort();
      // README: begin sweep
      ProbeTargets lab =
          ProbeTargets.parse("127.0.10.0/29:" + port + "/tcp").excluding(List.of("127.0.10.7"));
      ProbeAggregate a = Prober.builder().build().sweep(lab, ProbeListener.none());
      for (ProbeAggregate.Group g : a.groups()) {
        g.ranges().forEach(r -> out.println(r + " " + r.status()));
        // 127.0.10.0 OPEN
        // 127.0.10.1-127.0.10.6 REFUSED
      }
      // README: end sweep
    }
    assertThat(printed()).isEqualTo("127.0.10.0 OPEN\n127.0.10.1-127.0.10.6 REFUSED\n");
  }

  @Test
  void preflightExample_runs() {
    // README: begin preflight
    try (DemoLab lab = DemoLab.start()) { // your deployment, or Deployment.singleServer(...)
      Preflight preflight = Preflight.builder().build(); // TLS verification on, 2 s per probe
      HostReport report = preflight.run(lab.deployment(), "this-host");
      for (OperationStatus op : report.operations()) {
        out.println(op.operation().id() + ": " + report.explain(op));
        // console-database-access: broken, because this-host->wdm-server:41873/tcp
        //   (gui-to-database) is REFUSED
      }
    }
    // README: end preflight
    assertThat(printed())
        .contains("register-package: available")
        .containsPattern(
            "console-database-access: broken, because this-host->wdm-server:\\d+/tcp \\(gui-to-database\\) is REFUSED");
  }

  @Test
  void healthServiceExample_runs() throws Exception {
    try (DemoLab lab = DemoLab.start()) {
      Deployment deployment = lab.deployment();
      java.util.concurrent.CountDownLatch first = new java.util.concurrent.CountDownLatch(1);
      // README: begin service
      try (OperationsHealthService service =
          OperationsHealthService.builder(deployment, "this-host")
              .every(Duration.ofMinutes(1))
              .probeTimeout(Duration.ofSeconds(2))
              .concurrency(16)
              .onRefresh(report -> first.countDown())
              .build()
              .start()) {
        first.await(); // GET http://127.0.0.1:{service.port()}/operations serves the JSON
        out.println(service.latest().orElseThrow().passed());
      }
      // README: end service
    }
    assertThat(printed()).isEqualTo("false\n");
  }

  @Test
  void fleetPreflightExample_runs(@org.junit.jupiter.api.io.TempDir Path dir) throws IOException {
    // Nothing listens on 127.79.0.0/24: every device refuses the console's VNC.
    Path file = dir.resolve("fleet.yaml");
    Files.writeString(
        file,
        "hosts:\n"
            + "  - name: wdm-server\n"
            + "    address: 127.0.0.1\n"
            + "    runs: [web-service, standard-service, database, master-repository]\n"
            + "  - {name: admin, address: 127.0.0.1, runs: [gui]}\n"
            + "  - {name: thin-clients, address: 127.79.0.0/24, runs: [web-agent]}\n");
    Deployment deployment = Deployments.read(file, Catalogs.wdm());
    // README: begin fleet-preflight
    Preflight preflight = Preflight.builder().devices(Devices.sample(256, 7L)).build();
    HostReport report = preflight.run(deployment, "admin");
    for (DeviceBreakdown b : report.devices()) {
      out.println(b.operation() + ": " + b.describe());
      // remote-shadow: broken for 256 of 256 devices of thin-clients
      //   (10.10.8.0/24: gui-to-web-agent-vnc 5900/tcp REFUSED, ...)
    }
    // README: end fleet-preflight
    assertThat(printed())
        .contains(
            "remote-shadow: broken for 256 of 256 devices of thin-clients (127.79.0.0/24:"
                + " gui-to-web-agent-vnc 5900/tcp REFUSED");
  }

  @Test
  void everyJavaSnippetOfTheReadme_isOneOfThese() throws IOException {
    String readme = Files.readString(Path.of("../README.md"));
    List<String> snippets = new ArrayList<>();
    Matcher m = Pattern.compile("```java\\n(.*?)```", Pattern.DOTALL).matcher(readme);
    while (m.find()) {
      snippets.add(normalize(m.group(1)));
    }
    assertThat(snippets).isNotEmpty();
    StringBuilder sources = new StringBuilder();
    for (Path p :
        List.of(
            Path.of("src/test/java/dev/wdmports/examples/ReadmeExamplesTest.java"),
            Path.of("src/test/java/dev/wdmports/examples/FirewallConfigTest.java"),
            Path.of("src/test/java/dev/wdmports/examples/MyPreflightTest.java"))) {
      if (Files.exists(p)) {
        sources.append(normalize(Files.readString(p)));
      }
    }
    for (String s : snippets) {
      assertThat(sources.toString()).as("README snippet is compiled by a test:%n%s", s).contains(s);
    }
  }

  @Test
  void everyJavaSnippetOfTheReadme_isPrecededByItsImports_andTheyExist() throws Exception {
    String readme = Files.readString(Path.of("../README.md"));
    Matcher m = Pattern.compile("Imports: ([^\\n]*)\\.\\n\\n```java\\n").matcher(readme);
    int withImports = 0;
    while (m.find()) {
      withImports++;
      for (String name : m.group(1).split(", ")) {
        String type = name.replace("`", "").replaceFirst("^static ", "");
        if (name.contains("static ")) {
          type = type.substring(0, type.lastIndexOf('.'));
        }
        assertThat(Class.forName(type)).as(name).isNotNull();
      }
    }
    assertThat(withImports).isEqualTo(readme.split("```java\\n", -1).length - 1);
  }

  @Test
  void everyRelativeLinkOfTheDocs_pointsAtAFileOfTheRepository() throws IOException {
    List<Path> docs = new ArrayList<>(List.of(Path.of("../README.md"), Path.of("../CHANGELOG.md")));
    try (var files = Files.list(Path.of("../docs"))) {
      files.filter(f -> f.toString().endsWith(".md")).forEach(docs::add);
    }
    List<String> broken = new ArrayList<>();
    for (Path doc : docs) {
      Matcher m = Pattern.compile("\\]\\(([^)#\\s]+)(#[^)]*)?\\)").matcher(Files.readString(doc));
      while (m.find()) {
        String target = m.group(1);
        if (!target.matches("[a-z]+:.*") && !Files.exists(doc.getParent().resolve(target))) {
          broken.add(doc + " -> " + target);
        }
      }
    }
    assertThat(broken).isEmpty();
    assertThat(Path.of("../docs/design.md")).exists();
    assertThat(Path.of("../docs/wdm-domain.md")).exists();
  }

  @Test
  void everyFlowInTheDocs_isQuotedForTheShell() throws IOException {
    // Unquoted, bash reads the > of 10.0.0.20->10.0.0.5:443/tcp as a redirect and creates a file.
    for (Path doc : List.of(Path.of("../README.md"), Path.of("../docs/cli.md"))) {
      Matcher m = Pattern.compile("--flow[ =]([^'F\\s][^\\s`]*)").matcher(Files.readString(doc));
      List<String> unquoted = new ArrayList<>();
      while (m.find()) {
        unquoted.add(m.group());
      }
      assertThat(unquoted).as("unquoted flows in %s", doc).isEmpty();
    }
  }

  /**
   * Whitespace-insensitive form: google-java-format may wrap a line differently than the README.
   */
  private static String normalize(String s) {
    return s.replaceAll("\\s+", "");
  }
}
