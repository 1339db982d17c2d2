package dev.wdmports.core.catalog;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.wdmports.core.DocumentFormat;
import dev.wdmports.core.InvalidInputException;
import dev.wdmports.core.PortRule;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CatalogReaderTest {
  private static final String HEADER =
      """
      name: test
      components:
        - id: gui
          name: GUI
        - id: web-service
          name: Web Service
      protocols:
        - id: http
          name: HTTP
          transport: tcp
          defaultPorts: [80]
      """;

  private static final String RULE =
      """
      rules:
        - id: gui-to-web-service-http
          from: gui
          to: web-service
          protocol: http
          ports: [80, 280]
          defaultPort: 80
          portChoice: http
      """;

  private static InvalidInputException parseFails(String yaml) {
    try {
      Catalogs.parse(yaml, "catalog.yaml");
    } catch (InvalidInputException e) {
      return e;
    }
    throw new AssertionError("expected an InvalidInputException for:\n" + yaml);
  }

  /** Found by CatalogsFuzzTest: a blank name escaped as an IllegalArgumentException. */
  @Test
  void blankName_isReportedAtTheField_notThrownAsIllegalArgument() {
    assertThat(parseFails(HEADER.replace("name: test", "name: \"  \"")))
        .hasMessage("catalog.yaml:1:7: catalog name is blank: give a name such as wdm");
    InvalidInputException json = null;
    try {
      Catalogs.parse("{\"name\":\"\",\"components\":[]}", "catalog.json");
    } catch (InvalidInputException e) {
      json = e;
    }
    assertThat(json).hasMessage("catalog.json:1:9: catalog name is blank: give a name such as wdm");
  }

  @Test
  void minimalCatalog_reads() {
    Catalog c = Catalogs.parse(HEADER + RULE, "catalog.yaml");
    assertThat(c.rules()).hasSize(1);
    assertThat(c.rule("gui-to-web-service-http").orElseThrow().provenance().kind().id())
        .isEqualTo("user");
  }

  @Test
  void rule_referringToUnknownComponent_isReportedAtTheField() {
    InvalidInputException e =
        parseFails(HEADER + RULE.replace("to: web-service", "to: web-servce"));
    assertThat(e)
        .hasMessage(
            "catalog.yaml:15:9: rule gui-to-web-service-http refers to unknown component"
                + " \"web-servce\": define it in the catalog or use one of gui, web-service");
    assertThat(e.pointer()).contains("/rules/0/to");
  }

  @Test
  void rule_referringToUnknownProtocol_isReported() {
    assertThat(parseFails(HEADER + RULE.replace("protocol: http", "protocol: gopher")))
        .hasMessage(
            "catalog.yaml:16:15: rule gui-to-web-service-http refers to unknown protocol \"gopher\":"
                + " define it in the catalog or use one of http");
  }

  @Test
  void duplicateIds_areReported() {
    String dup = HEADER.replace("  - id: web-service\n", "  - id: gui\n");
    assertThat(parseFails(dup))
        .hasMessage(
            "catalog.yaml:5:9: duplicate id \"gui\" in components (entries 1 and 2): ids must be"
                + " unique; rename one or remove it");
  }

  @Test
  void defaultPort_notAmongChoices_isReported() {
    assertThat(parseFails(HEADER + RULE.replace("defaultPort: 80", "defaultPort: 8080")))
        .hasMessage(
            "catalog.yaml:13:5: rule gui-to-web-service-http: default port 8080 is not among its"
                + " ports 80,280: add it to ports or pick one of them");
  }

  @Test
  void badPorts_areReportedAtThePort() {
    assertThat(parseFails(HEADER + RULE.replace("[80, 280]", "[80, 0]")))
        .hasMessage("catalog.yaml:17:17: port 0 out of range 1..65535");
    assertThat(parseFails(HEADER + RULE.replace("[80, 280]", "[80, 65536]")))
        .hasMessage("catalog.yaml:17:17: port 65536 out of range 1..65535");
    assertThat(parseFails(HEADER + RULE.replace("[80, 280]", "[80, -1]")))
        .hasMessage("catalog.yaml:17:17: port -1 out of range 1..65535");
    assertThat(parseFails(HEADER + RULE.replace("[80, 280]", "[80, http]")))
        .hasMessage(
            "catalog.yaml:17:17: port \"http\" is not a number: use a port number in 1..65535, e.g. 80");
    assertThat(parseFails(HEADER + RULE.replace("[80, 280]", "[80, 90-80]")))
        .hasMessage(
            "catalog.yaml:17:17: port range 90-80 is reversed: write the lower port first (80-90)");
  }

  @Test
  void operation_requiringUnknownRule_isReported() {
    String op =
        """
        operations:
          - id: reboot
            name: Reboot
            kind: push
            requires:
              - rule: gui-to-web-service-https
        """;
    assertThat(parseFails(HEADER + RULE + op))
        .hasMessage(
            "catalog.yaml:25:9: operation reboot refers to unknown rule \"gui-to-web-service-https\":"
                + " define it in the catalog or use one of gui-to-web-service-http");
  }

  @Test
  void unknownField_isNamed_withTheKnownOnes() {
    assertThat(parseFails(HEADER + RULE + "    prot: 3\n"))
        .hasMessage(
            "catalog.yaml:20:5: unknown field \"prot\" in rule gui-to-web-service-http: known fields"
                + " are configurable, defaultPort, from, function, id, portChoice, ports, protocol,"
                + " provenance, to, transport");
    assertThat(parseFails("nme: x\n"))
        .hasMessage(
            "catalog.yaml:1:1: unknown field \"nme\" in the catalog: known fields are components,"
                + " extends, name, operations, protocols, rules, version");
  }

  @Test
  void wrongTypes_areNamed() {
    assertThat(parseFails("name: x\ncomponents:\n  gui: x\n"))
        .hasMessage("catalog.yaml:3:3: components must be a list, not an object");
    assertThat(parseFails(HEADER + RULE.replace("from: gui", "from: [gui]")))
        .hasMessage("catalog.yaml:14:11: from must be a string, not a list");
    assertThat(parseFails(HEADER + RULE + "    configurable: yes please\n"))
        .hasMessage(
            "catalog.yaml:20:19: configurable must be true or false, not a string (\"yes please\")");
    assertThat(parseFails("[1, 2]"))
        .hasMessage("catalog.yaml:1:1: a catalog must be an object (key: value pairs), not a list");
  }

  @Test
  void missingFields_areNamed() {
    assertThat(parseFails("components: []\n"))
        .hasMessage("catalog.yaml:1:1: the catalog has no \"name\": add it");
    assertThat(parseFails(HEADER + RULE.replace("    from: gui\n", "")))
        .hasMessage("catalog.yaml:13:5: rule gui-to-web-service-http has no \"from\": add it");
    assertThat(parseFails(HEADER + RULE.replace("    defaultPort: 80\n", "")))
        .hasMessage(
            "catalog.yaml:13:5: rule gui-to-web-service-http lists ports 80,280 but no"
                + " \"defaultPort\": add the port used when a deployment does not choose");
  }

  @Test
  void malformedYaml_truncatedJson_andEmptyFiles_areReported() {
    assertThat(parseFails("name: x\ncomponents: [\n"))
        .hasMessage(
            "catalog.yaml:2:14: malformed YAML: expected the node content, but found"
                + " '<stream end>' (the file ends too early: is it truncated?)");
    InvalidInputException json =
        assertThrowsInput(() -> Catalogs.parse("{\"name\": \"x\", \"rules\": [", "c.json"));
    assertThat(json)
        .hasMessage(
            "c.json:1:25: file ends too early (truncated?): expected close marker for Array");
    assertThat(assertThrowsInput(() -> Catalogs.parse("", "c.json")))
        .hasMessage("c.json:1:1: the file is empty: expected a catalog (YAML or JSON)");
    assertThat(assertThrowsInput(() -> Catalogs.parse("  \n", "c.yaml")))
        .hasMessage("c.yaml:1:1: the file is empty: expected a catalog (YAML or JSON)");
    assertThat(assertThrowsInput(() -> Catalogs.parse("{\"name\": \"x\"} {}", "c.json")))
        .hasMessage("c.json:1:15: unexpected content after the document");
    assertThat(parseFails("name: a\nname: b\n")).hasMessageContaining("catalog.yaml:2:");
  }

  @Test
  void yamlAliasBomb_isRefused_notExpanded() {
    StringBuilder y = new StringBuilder("a0: &a0 [x, x, x, x, x, x, x, x, x, x]\n");
    for (int i = 1; i < 12; i++) {
      y.append("a").append(i).append(": &a").append(i).append(" [");
      for (int j = 0; j < 10; j++) {
        y.append(j == 0 ? "" : ", ").append("*a").append(i - 1);
      }
      y.append("]\n");
    }
    assertThat(parseFails(y.toString()))
        .hasMessageContaining("document expands to more than 1000000 values");
  }

  @Test
  void fiftyMegabyteFile_isRefusedBeforeReading(@TempDir Path dir) throws IOException {
    Path big = dir.resolve("big.yaml");
    byte[] line =
        "# padding padding padding padding padding padding padding padding\n"
            .getBytes(StandardCharsets.US_ASCII);
    try (OutputStream out = Files.newOutputStream(big)) {
      for (long written = 0; written < 50L << 20; written += line.length) {
        out.write(line);
      }
    }
    assertThat(assertThrowsInput(() -> Catalogs.read(big)))
        .hasMessageMatching(
            ".*big\\.yaml: the file is too large \\(52428\\d\\d\\d bytes; the limit is 16777216"
                + " bytes\\): check that it is the right file");
  }

  @Test
  void missingFile_isReported(@TempDir Path dir) {
    Path missing = dir.resolve("nope.yaml");
    assertThat(assertThrowsInput(() -> Catalogs.read(missing)))
        .hasMessage(missing + ": file not found: check the path");
  }

  @Test
  void extends_addsComponentsAndOverridesAPort_withoutCopying() {
    String overlay =
        """
        extends: wdm
        name: my-wdm
        components:
          - id: backup-server
            name: Backup Server
        rules:
          - id: gui-to-database
            ports: [1433, 14330]
          - id: backup-server-to-database
            from: backup-server
            to: database
            protocol: ole-db
            ports: [1433]
        """;
    Catalog c = Catalogs.parse(overlay, "mine.yaml");
    assertThat(c.name()).isEqualTo("my-wdm");
    assertThat(c.components()).hasSize(Catalogs.wdm().components().size() + 1);
    assertThat(c.rule("gui-to-database").orElseThrow().ports()).hasToString("1433,14330");
    assertThat(c.rule("gui-to-database").orElseThrow().function())
        .isEqualTo("Communicate with the WDM Database.");
    assertThat(c.rule("backup-server-to-database")).isPresent();
    assertThat(c.operations()).isEqualTo(Catalogs.wdm().operations());
  }

  @Test
  void extends_ofAnUnknownCatalog_isReported() {
    assertThat(parseFails("extends: wdm2\nname: x\n"))
        .hasMessage(
            "catalog.yaml:1:10: extends \"wdm2\" is not known: the only catalog to extend is wdm (the built-in)");
  }

  @Test
  void overlayErrors_pointIntoTheOverlay() {
    String overlay = "extends: wdm\nrules:\n  - id: gui-to-database\n    defaultPort: 99999\n";
    assertThat(assertThrowsInput(() -> Catalogs.parse(overlay, "mine.yaml")))
        .hasMessage("mine.yaml:4:18: port 99999 out of range 1..65535");
  }

  @Test
  void builtinCatalog_roundTripsThroughJsonAndYaml() {
    Catalog wdm = Catalogs.wdm();
    assertThat(Catalogs.parse(Catalogs.write(wdm, DocumentFormat.JSON), "wdm.json")).isEqualTo(wdm);
    assertThat(Catalogs.parse(Catalogs.write(wdm, DocumentFormat.YAML), "wdm.yaml")).isEqualTo(wdm);
  }

  @Test
  void builder_replacesEntriesById_andValidatesReferences() {
    Catalog wdm = Catalogs.wdm();
    Catalog without = wdm.toBuilder().removeOperation("remote-shadow").build();
    assertThat(without.operation("remote-shadow")).isEmpty();
    assertThatThrownBy(() -> wdm.toBuilder().removeRule("gui-to-web-agent-vnc").build())
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith(
            "operation remote-shadow refers to unknown rule \"gui-to-web-agent-vnc\": define it in"
                + " the catalog or use one of");
    assertThat(wdm.toBuilder().build()).isEqualTo(wdm).hasSameHashCodeAs(wdm);
  }

  @Test
  void builder_rejectsRemovingUnknownIds_listingKnownOnes() {
    Catalog wdm = Catalogs.wdm();
    assertThatThrownBy(() -> wdm.toBuilder().removeRule("gui-to-web-agent-vcn"))
        .isInstanceOf(InvalidInputException.class)
        .hasMessageStartingWith(
            "there is no rule \"gui-to-web-agent-vcn\" to remove: use one of"
                + " gui-to-web-service-http, gui-to-standard-service-http,");
    assertThatThrownBy(() -> wdm.toBuilder().removeOperation("rebot"))
        .isInstanceOf(InvalidInputException.class)
        .hasMessageStartingWith(
            "there is no operation \"rebot\" to remove: use one of refresh-device-information,");
    PortRule foreign =
        new PortRule(
            "x-to-y",
            "gui",
            "database",
            "smtp",
            dev.wdmports.core.PortSet.of(25),
            25,
            java.util.Optional.empty(),
            false,
            "",
            dev.wdmports.core.Provenance.user());
    assertThatThrownBy(() -> wdm.protocolOf(foreign))
        .isInstanceOf(InvalidInputException.class)
        .hasMessageStartingWith(
            "rule x-to-y uses protocol \"smtp\", which catalog wdm lacks: use one of http, https,");
  }

  private static InvalidInputException assertThrowsInput(Runnable r) {
    try {
      r.run();
    } catch (InvalidInputException e) {
      return e;
    }
    throw new AssertionError("expected an InvalidInputException");
  }
}
