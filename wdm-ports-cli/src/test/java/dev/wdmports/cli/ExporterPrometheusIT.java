package dev.wdmports.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.wdmports.peers.NginxConf;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The packaged {@code wdm-ports exporter} and Debian's real Prometheus, each inside network
 * namespaces this test creates: a DROP rule on the port a reboot needs shows up in Prometheus as
 * {@code wdmports_operation_state{operation="reboot",wdmports_operation_state="BROKEN"} 1}, and
 * goes away when the rule does; two sites' Prometheus agents remote_write to a central Prometheus,
 * which shows reboot broken at the one site whose port is dropped.
 *
 * <p>Every site namespace holds the deployment's WDM server on 127.0.0.2 (nginx on 80 and on 443
 * with a certificate for that address) and the exporter on its default address, 127.0.0.1:9115,
 * started {@code --from admin}. From the admin host, a reboot needs the console's HTTP (80) and
 * HTTPS (443) flows to the Web Service; its other flows start on other hosts, so with both open it
 * is UNKNOWN (never BROKEN), and with 443 dropped it is BROKEN. The Prometheus configs are the
 * shipped {@code examples/prometheus/} files, with only intervals (a scrape a second, an agent's
 * batch sent within a second), the site label and the central address changed, so they cannot rot
 * unseen.
 *
 * <p>Needs root, iproute2, iptables, python3, nginx, openssl and prometheus; skipped with the
 * reason otherwise. Everything started is stopped and every namespace deleted, whatever the
 * outcome.
 */
class ExporterPrometheusIT {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Path EXAMPLES = Path.of("..", "examples", "prometheus");
  private static final Duration DEADLINE = Duration.ofSeconds(40);
  private static final String SERVER = "127.0.0.2";

  /** One series per preflight target (wdm-server, thin-clients), each with the host's states. */
  private static final String BROKEN_REBOOT =
      "wdmports_operation_state{operation=\"reboot\",wdmports_operation_state=\"BROKEN\"}";

  private static final String[] DROP_443 = {"INPUT", "-p", "tcp", "--dport", "443", "-j", "DROP"};

  private static final String DEPLOYMENT =
      String.join(
          "\n",
          "name: site",
          "security: http-and-https",
          "ports: {http: 80, https: 443, database: 1433}",
          "hosts:",
          "  - name: wdm-server",
          "    address: " + SERVER,
          "    runs: [web-service, standard-service, database, master-repository]",
          "  - name: admin",
          "    address: 127.0.0.3",
          "    runs: [gui]",
          "  - name: thin-clients",
          "    address: 127.0.8.0/22",
          "    runs: [web-agent]",
          "");

  @BeforeAll
  static void requireTheRealThings() {
    String reason =
        NamespaceLab.unavailableReason(
            "ip", "iptables", "python3", "nginx", "openssl", "prometheus");
    assumeTrue(reason == null, "exporter + Prometheus in namespaces: " + reason);
  }

  @Test
  void rebootBroken_flipsTo1InPrometheus_whenItsPortIsDropped_andBackTo0_whenTheRuleIsRemoved(
      @TempDir Path dir) throws Exception {
    try (NamespaceLab lab = new NamespaceLab("f")) {
      String ns = lab.namespace("site");
      Path site = startSite(lab, ns, dir.resolve("site"));
      String config = fastScrapes(shipped("prometheus.yml"));
      startPrometheus(lab, ns, site, config, List.of("--web.listen-address=127.0.0.1:9090"));
      awaitReady(lab, ns, site, true);
      Logs logs = new Logs(site);

      String broken = "max(" + BROKEN_REBOOT + ")";
      assertThat(awaitValue(lab, ns, broken, 0, logs))
          .as("reboot from admin, both ports open")
          .isEqualTo(0);
      assertThat(stateOfReboot(lab, ns)).as("its other flows start elsewhere").isEqualTo("UNKNOWN");

      iptables(lab, ns, "-I", DROP_443);
      assertThat(awaitValue(lab, ns, broken, 1, logs)).isEqualTo(1);

      iptables(lab, ns, "-D", DROP_443);
      assertThat(awaitValue(lab, ns, broken, 0, logs)).isEqualTo(0);
    }
  }

  @Test
  void centralPrometheus_showsRebootBrokenAtSiteB_andNotAtSiteA_whenOnlySiteBDropsItsPort(
      @TempDir Path dir) throws Exception {
    try (NamespaceLab lab = new NamespaceLab("s")) {
      String central = lab.namespace("central");
      String a = lab.namespace("a");
      String b = lab.namespace("b");
      int net = (int) (ProcessHandle.current().pid() % 250);
      // Addresses inside the namespaces only: 10.232.N.0/30 joins a, 10.232.N.4/30 joins b.
      lab.link(central, "10.232." + net + ".1/30", a, "10.232." + net + ".2/30");
      lab.link(central, "10.232." + net + ".5/30", b, "10.232." + net + ".6/30");

      Path centralDir = Files.createDirectories(dir.resolve("central"));
      String centralConfig =
          edit(
              shipped("prometheus-central.yml"),
              "  evaluation_interval: 1m",
              "  evaluation_interval: 1s");
      startPrometheus(
          lab,
          central,
          centralDir,
          centralConfig,
          List.of("--web.listen-address=:9090", "--web.enable-remote-write-receiver"));

      Map<String, String> writeTo =
          Map.of(
              "a", "http://10.232." + net + ".1:9090/api/v1/write",
              "b", "http://10.232." + net + ".5:9090/api/v1/write");
      List<Path> dirs = new ArrayList<>(List.of(centralDir));
      Map<String, String> namespaces = Map.of("a", a, "b", b);
      // Everything starts at once and is awaited after: the JVMs and Prometheus start in parallel.
      for (String s : List.of("a", "b")) {
        String ns = namespaces.get(s);
        Path siteDir = startSite(lab, ns, dir.resolve(s));
        dirs.add(siteDir);
        String agent = fastScrapes(shipped("prometheus-site-agent.yml"));
        agent = edit(agent, "    site: branch-office", "    site: " + s);
        agent =
            edit(
                agent,
                "  - url: http://prometheus-central.example:9090/api/v1/write",
                "  - url: " + writeTo.get(s) + "\n    queue_config: {batch_send_deadline: 1s}");
        List<String> flags = new ArrayList<>(agentFlags());
        flags.add("--storage.agent.path=" + siteDir.resolve("data-agent"));
        flags.add("--web.listen-address=127.0.0.1:9090");
        startPrometheus(lab, ns, siteDir, agent, flags);
      }
      awaitReady(lab, central, centralDir, false);
      awaitReady(lab, a, dirs.get(1), true);
      awaitReady(lab, b, dirs.get(2), true);
      Logs logs = new Logs(dirs.toArray(Path[]::new));
      String bySite = "max by (site) (" + BROKEN_REBOOT + ")";

      assertThat(awaitValues(lab, central, bySite, Map.of("a", 0, "b", 0), logs))
          .as("both sites reach the centre, reboot not broken at either")
          .isEqualTo(Map.of("a", 0, "b", 0));

      iptables(lab, b, "-I", DROP_443);
      assertThat(awaitValues(lab, central, bySite, Map.of("a", 0, "b", 1), logs))
          .isEqualTo(Map.of("a", 0, "b", 1));
      // The shipped rules, evaluated at the centre, say the same.
      assertThat(
              awaitValues(
                  lab,
                  central,
                  "wdmports:operation_broken:max{operation=\"reboot\"}",
                  Map.of("a", 0, "b", 1),
                  logs))
          .isEqualTo(Map.of("a", 0, "b", 1));
    }
  }

  /**
   * Starts, inside a namespace, the WDM server's HTTP and HTTPS (nginx on 127.0.0.2) and the
   * exporter from the packaged jar; {@link #awaitReady} waits for them.
   *
   * @return the directory of the site's files and logs
   */
  private static Path startSite(NamespaceLab lab, String ns, Path dir) throws Exception {
    Files.createDirectories(dir);
    // nginx's workers run as nobody: they must be able to enter the directory.
    for (Path p : List.of(dir.getParent(), dir)) {
      Files.setPosixFilePermissions(p, PosixFilePermissions.fromString("rwxr-xr-x"));
    }
    NamespaceLab.run(
        "openssl",
        "req",
        "-x509",
        "-newkey",
        "ec",
        "-pkeyopt",
        "ec_paramgen_curve:P-256",
        "-nodes",
        "-days",
        "2",
        "-subj",
        "/CN=wdm-server",
        "-addext",
        "subjectAltName=IP:" + SERVER,
        "-keyout",
        dir.resolve("key.pem").toString(),
        "-out",
        dir.resolve("cert.pem").toString());
    Files.writeString(
        dir.resolve("nginx.conf"),
        NginxConf.of(
            dir,
            "server { listen " + SERVER + ":80; location / { return 200 \"ok\\n\"; } }",
            "server { listen "
                + SERVER
                + ":443 ssl; ssl_certificate "
                + dir.resolve("cert.pem")
                + "; ssl_certificate_key "
                + dir.resolve("key.pem")
                + "; location / { return 200 \"ok\\n\"; } }"));
    lab.start(
        ns,
        dir.resolve("nginx.log"),
        NginxConf.command(NamespaceLab.which("nginx").orElseThrow(), dir));
    Path deployment = Files.writeString(dir.resolve("site.yaml"), DEPLOYMENT);
    lab.start(
        ns,
        dir.resolve("exporter.log"),
        List.of(
            Path.of(System.getProperty("java.home"), "bin", "java").toString(),
            "-XX:TieredStopAtLevel=1",
            "-XX:+UseSerialGC",
            "-jar",
            Path.of(System.getProperty("wdmports.jar", "target/wdm-ports.jar"))
                .toAbsolutePath()
                .toString(),
            "exporter",
            "--deployment",
            deployment.toString(),
            "--from",
            "admin",
            "--ca-file",
            dir.resolve("cert.pem").toString(),
            "--timeout",
            "500ms"));
    return dir;
  }

  /**
   * Waits until what runs in a namespace answers: the exporter's {@code /sd} when a site runs
   * there, Prometheus' {@code /-/ready} when one does.
   */
  private static void awaitReady(NamespaceLab lab, String ns, Path dir, boolean exporter)
      throws InterruptedException {
    List<String> urls = new ArrayList<>(List.of("http://127.0.0.1:9090/-/ready"));
    if (exporter) {
      urls.add("http://127.0.0.1:9115/sd");
    }
    for (String url : urls) {
      NamespaceLab.await(
          url + " answers in " + ns,
          DEADLINE,
          () -> lab.get(ns, url).orElse(null),
          () -> new Logs(dir).toString());
    }
  }

  /** A shipped Prometheus config, as text. */
  private static String shipped(String file) throws IOException {
    return Files.readString(EXAMPLES.resolve(file));
  }

  /**
   * Replaces the one occurrence of a line of a shipped config (its comment goes with it): a shipped
   * file that no longer has it fails the test, rather than the test running a config of its own.
   */
  static String edit(String config, String line, String replacement) {
    Pattern p = Pattern.compile("(?m)^" + Pattern.quote(line) + "(\\s+#.*)?$");
    assertThat(p.matcher(config).results().count())
        .as("lines \"%s\" (and a comment) in%n%s", line, config)
        .isEqualTo(1);
    return p.matcher(config).replaceFirst(Matcher.quoteReplacement(replacement));
  }

  /** Scrapes every second (the shipped minute would make a slow test), discovery every 2 s. */
  private static String fastScrapes(String config) {
    // Rules (prometheus.yml has them; an agent has none) are evaluated as often.
    String evaluation = config.contains("\nrule_files:") ? "\n  evaluation_interval: 1s" : "";
    String c = edit(config, "  scrape_interval: 60s", "  scrape_interval: 1s" + evaluation);
    c = edit(c, "  scrape_timeout: 15s", "  scrape_timeout: 1s");
    return edit(c, "        refresh_interval: 5m", "        refresh_interval: 2s");
  }

  /**
   * Starts Prometheus inside a namespace with a config (its rule files copied beside it from the
   * examples) and its own data directory; {@link #awaitReady} waits for it. Whether the exporter is
   * up yet does not matter: discovery is retried every 2 s.
   */
  private static void startPrometheus(
      NamespaceLab lab, String ns, Path dir, String config, List<String> flags) throws Exception {
    Files.createDirectories(dir);
    Matcher rules = Pattern.compile("(?m)^  - ([\\w.-]+\\.rules\\.yml)$").matcher(config);
    while (rules.find()) {
      Files.copy(EXAMPLES.resolve(rules.group(1)), dir.resolve(rules.group(1)));
    }
    Path file = Files.writeString(dir.resolve("prometheus-config.yml"), config);
    List<String> cmd =
        new ArrayList<>(
            List.of(
                NamespaceLab.which("prometheus").orElseThrow().toString(),
                "--config.file=" + file));
    if (flags.stream().noneMatch(f -> f.startsWith("--storage.agent.path"))) {
      cmd.add("--storage.tsdb.path=" + dir.resolve("data"));
    }
    cmd.addAll(flags);
    lab.start(ns, dir.resolve("prometheus.log"), cmd);
  }

  /**
   * The flags of agent mode: {@code --enable-feature=agent} on Prometheus 2.x (Debian 12 ships
   * 2.42), {@code --agent} from 3.0.
   */
  static List<String> agentFlags() {
    String version = NamespaceLab.run("prometheus", "--version");
    Matcher m = Pattern.compile("version (\\d+)\\.").matcher(version);
    assertThat(m.find()).as("prometheus --version: %s", version).isTrue();
    return Integer.parseInt(m.group(1)) >= 3
        ? List.of("--agent")
        : List.of("--enable-feature=agent");
  }

  private static void iptables(NamespaceLab lab, String ns, String op, String[] rule) {
    List<String> cmd = new ArrayList<>(List.of("iptables", op));
    cmd.addAll(List.of(rule));
    lab.exec(ns, cmd.toArray(String[]::new));
  }

  private static int awaitValue(NamespaceLab lab, String ns, String query, int want, Logs logs)
      throws Exception {
    return awaitValues(lab, ns, query, Map.of("", want), logs).get("");
  }

  /**
   * Polls an instant query until its series, keyed by their {@code site} label (empty without one),
   * have the values wanted; at most one series per key.
   */
  private static Map<String, Integer> awaitValues(
      NamespaceLab lab, String ns, String query, Map<String, Integer> want, Logs logs)
      throws Exception {
    String[] last = {"(no answer yet)"};
    return NamespaceLab.await(
        query + " == " + want,
        DEADLINE,
        () -> {
          Optional<Map<String, Integer>> got = query(lab, ns, query, last);
          return got.filter(want::equals).orElse(null);
        },
        () -> "last answer: " + last[0] + "\n" + logs);
  }

  /** Asks the site's Prometheus an instant query: its JSON answer, or empty when none yet. */
  private static Optional<String> instantQuery(NamespaceLab lab, String ns, String query) {
    return lab.get(
        ns,
        "http://127.0.0.1:9090/api/v1/query?query="
            + URLEncoder.encode(query, StandardCharsets.UTF_8));
  }

  private static Optional<Map<String, Integer>> query(
      NamespaceLab lab, String ns, String query, String[] last) {
    Optional<String> body = instantQuery(lab, ns, query);
    if (body.isEmpty()) {
      return Optional.empty();
    }
    last[0] = body.get();
    try {
      Map<String, Integer> values = new TreeMap<>();
      for (JsonNode series : JSON.readTree(body.get()).at("/data/result")) {
        String site = series.at("/metric/site").asText("");
        values.put(site, (int) Double.parseDouble(series.at("/value/1").asText()));
      }
      return Optional.of(values);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /**
   * The state of reboot's state set that is 1, from admin's preflight of wdm-server, once
   * Prometheus has scraped that target (the other preflight targets may come in first).
   */
  private static String stateOfReboot(NamespaceLab lab, String ns) throws Exception {
    String query = "wdmports_operation_state{operation=\"reboot\",instance=\"wdm-server\"} == 1";
    String[] last = {"(no answer yet)"};
    return NamespaceLab.await(
        query,
        DEADLINE,
        () -> {
          Optional<String> body = instantQuery(lab, ns, query);
          if (body.isEmpty()) {
            return null;
          }
          last[0] = body.get();
          try {
            JsonNode result = JSON.readTree(body.get()).at("/data/result");
            return result.size() == 1
                ? result.get(0).at("/metric/wdmports_operation_state").asText()
                : null;
          } catch (IOException e) {
            throw new UncheckedIOException(e);
          }
        },
        () -> "last answer: " + last[0]);
  }

  /** The logs of the processes of some directories, for failure messages. */
  private record Logs(Path... dirs) {
    @Override
    public String toString() {
      StringBuilder s = new StringBuilder();
      for (Path d : dirs) {
        try (Stream<Path> files = Files.list(d)) {
          for (Path f : files.filter(f -> f.toString().endsWith(".log")).sorted().toList()) {
            List<String> lines = Files.readAllLines(f);
            s.append("--- ")
                .append(f)
                .append(" (last 30 lines)\n")
                .append(
                    String.join("\n", lines.subList(Math.max(0, lines.size() - 30), lines.size())))
                .append('\n');
          }
        } catch (IOException e) {
          s.append("--- ").append(d).append(": ").append(e.getMessage()).append('\n');
        }
      }
      return s.toString();
    }
  }
}
