package dev.wdmports.core.catalog;

import static org.assertj.core.api.Assertions.assertThat;

import dev.wdmports.core.Component;
import dev.wdmports.core.Operation;
import dev.wdmports.core.PortRule;
import dev.wdmports.core.Provenance;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class BuiltinCatalogTest {
  private static final Catalog WDM = Catalogs.wdm();

  /** Table 4's component column to catalog component ids. */
  private static final Map<String, String> COMPONENTS =
      Map.of("GUI", "gui", "Web Service", "web-service", "Web Agent", "web-agent");

  /** Table 4's protocol column to catalog protocol ids (5800 is VNC's HTTP-served viewer). */
  private static final Map<String, Set<String>> PROTOCOLS =
      Map.of(
          "HTTP", Set.of("http"),
          "HTTPS", Set.of("https"),
          "FTP", Set.of("ftp"),
          "OLE DB", Set.of("ole-db"),
          "VNC", Set.of("vnc", "vnc-http"));

  /** Every (component, protocol, port, function) row of the seed's Table 4, as printed. */
  @ParameterizedTest(name = "{0} {1} {2}")
  @CsvSource(
      delimiter = '|',
      value = {
        "GUI         | HTTP   | 80   | Communicate with the Web Service and Standard Service.",
        "GUI         | HTTP   | 280  | Communicate with the Web Service and Standard Service.",
        "GUI         | FTP    | 21   | Register new packages into the Master Software Repository.",
        "GUI         | OLE DB | 1433 | Communicate with the WDM Database.",
        "GUI         | VNC    | 5800 | Remote shadows devices.",
        "GUI         | VNC    | 5900 | Remote shadows devices.",
        "Web Service | HTTP   | 80   | Communicate with the Web Agent, GUI, and Standard Service.",
        "Web Service | HTTP   | 280  | Communicate with the Web Agent, GUI, and Standard Service.",
        "Web Service | HTTPS  | 443  | Secure Communication with the Web Agent, GUI, and Standard Service",
        "Web Service | HTTPS  | 8443 | Secure Communication with the Web Agent, GUI, and Standard Service",
        "Web Service | OLE DB | 1433 | Communicate with the WDM Database.",
        "Web Agent   | HTTP   | 80   | Communicate with the Web Service.",
        "Web Agent   | HTTP   | 280  | Communicate with the Web Service.",
        "Web Agent   | FTP    | 21   | Read and write files to the Master and Remote Software Repositories.",
      })
  void everySeedRow_isADirectedSeedRule_withItsFunctionVerbatim(
      String component, String protocol, int port, String function) {
    String id = COMPONENTS.get(component);
    List<PortRule> matches =
        WDM.rules().stream()
            .filter(r -> r.from().equals(id) || r.to().equals(id))
            .filter(r -> PROTOCOLS.get(protocol).contains(r.protocol()))
            .filter(r -> r.ports().contains(port))
            .filter(r -> r.provenance().kind() == Provenance.Kind.SEED)
            .filter(r -> r.provenance().evidence().contains(component + " | " + protocol + " |"))
            .toList();
    assertThat(matches).as("seed rules for %s %s %d", component, protocol, port).isNotEmpty();
    assertThat(matches).extracting(PortRule::function).contains(function);
  }

  @Test
  void seedFunctions_appearVerbatimInTheSeedPage() throws IOException {
    String seed = normalize(readSeed());
    for (PortRule r : WDM.rules()) {
      if (r.provenance().kind() == Provenance.Kind.SEED) {
        assertThat(appearsInOrder(r.function(), seed))
            .as("function of %s appears in the seed, word by word: %s", r.id(), r.function())
            .isTrue();
      }
    }
  }

  @Test
  void rulesBeyondTheSeed_areInferred_withEvidence() {
    List<PortRule> inferred =
        WDM.rules().stream().filter(r -> r.provenance().kind() != Provenance.Kind.SEED).toList();
    assertThat(inferred)
        .extracting(PortRule::id)
        .containsExactly("web-service-to-web-agent-wakeup");
    assertThat(inferred.get(0).provenance().evidence()).contains("CVE-2009-0695");
    assertThat(inferred.get(0).ports().ranges()).hasSize(1);
    assertThat(inferred.get(0).defaultPort()).isEqualTo(80);
  }

  @Test
  void designatedPorts_areChoicesWithDefaults() {
    PortRule http = WDM.rule("gui-to-web-service-http").orElseThrow();
    assertThat(http.ports()).hasToString("80,280");
    assertThat(http.defaultPort()).isEqualTo(80);
    assertThat(http.portChoice()).contains("http");
    PortRule https = WDM.rule("web-agent-to-web-service-https").orElseThrow();
    assertThat(https.ports()).hasToString("443,8443");
    assertThat(https.defaultPort()).isEqualTo(443);
    PortRule db = WDM.rule("web-service-to-database").orElseThrow();
    assertThat(db.configurable()).isTrue();
    assertThat(db.defaultPort()).isEqualTo(1433);
    assertThat(WDM.rule("gui-to-web-agent-vnc").orElseThrow().defaultPort()).isEqualTo(5900);
    assertThat(WDM.rule("gui-to-web-agent-vnc-web").orElseThrow().defaultPort()).isEqualTo(5800);
  }

  @Test
  void catalog_hasTheComponentsAndOperationsTheDomainNames() {
    assertThat(WDM.components())
        .extracting(Component::id)
        .containsExactly(
            "gui",
            "web-service",
            "standard-service",
            "database",
            "master-repository",
            "remote-repository",
            "web-agent");
    assertThat(WDM.operations())
        .extracting(Operation::id)
        .containsExactly(
            "refresh-device-information",
            "reboot",
            "change-device-information",
            "change-network-information",
            "get-device-configuration",
            "distribute-package-now",
            "distribute-package-scheduled",
            "register-package",
            "remote-shadow",
            "console-database-access",
            "agent-check-in");
    assertThat(WDM.operations().stream().filter(o -> o.kind() == Operation.Kind.PUSH)).hasSize(7);
  }

  @Test
  void wdm_isLoadedOnce() {
    assertThat(Catalogs.wdm()).isSameAs(WDM);
    assertThat(WDM.toString()).contains("7 components", "15 rules", "11 operations");
  }

  private static String readSeed() throws IOException {
    try (InputStream in =
        BuiltinCatalogTest.class.getResourceAsStream(
            "/seed/wdm-install-guide-p7-communication-ports.txt")) {
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
  }

  /**
   * True if the words of {@code text} appear in order in {@code seed}, with at most four other
   * words between two of them: the PDF dump interleaves the Function cells with the Port column
   * ("Communicate with the Web Service 280 and Standard Service.").
   */
  private static boolean appearsInOrder(String text, String seed) {
    String[] want = text.split(" ");
    String[] have = seed.split(" ");
    for (int start = 0; start < have.length; start++) {
      if (!have[start].equals(want[0])) {
        continue;
      }
      int at = start;
      int w = 1;
      while (w < want.length) {
        int next = -1;
        for (int k = at + 1; k < Math.min(have.length, at + 6); k++) {
          if (have[k].equals(want[w])) {
            next = k;
            break;
          }
        }
        if (next < 0) {
          break;
        }
        at = next;
        w++;
      }
      if (w == want.length) {
        return true;
      }
    }
    return false;
  }

  @Test
  void withPorts_putsEveryRuleOfAProtocolOnItsPort_andNamesAProtocolLeftWithout() {
    Map<String, Integer> ports = new java.util.HashMap<>();
    WDM.protocols().forEach(p -> ports.put(p.id(), 10_000 + ports.size()));
    Catalog lab = WDM.withPorts(ports);
    assertThat(lab.rules()).hasSameSizeAs(WDM.rules());
    assertThat(lab.operations()).isEqualTo(WDM.operations());
    for (PortRule r : lab.rules()) {
      int port = ports.get(r.protocol());
      assertThat(r.ports()).isEqualTo(dev.wdmports.core.PortSet.of(port));
      assertThat(r.defaultPort()).isEqualTo(port);
    }
    ports.remove("ole-db");
    org.assertj.core.api.Assertions.assertThatThrownBy(() -> WDM.withPorts(ports))
        .isInstanceOf(dev.wdmports.core.InvalidInputException.class)
        .hasMessageStartingWith("no port for protocol \"ole-db\" of rule ")
        .hasMessageContaining("give every protocol the rules use, of ");
  }

  /** The seed is a PDF-to-text dump: table cells are split by '|' and line breaks. */
  private static String normalize(String s) {
    return s.replace('|', ' ').replaceAll("\\s+", " ");
  }
}
