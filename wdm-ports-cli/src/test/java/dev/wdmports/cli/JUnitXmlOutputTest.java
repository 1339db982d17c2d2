package dev.wdmports.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.StringReader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;
import org.xml.sax.InputSource;

/**
 * The JUnit XML of {@code preflight}, {@code demo} and {@code firewall check}, parsed: nothing that
 * was not verified (a flow not checked, an {@code UNKNOWN} verdict or operation) may be a passing
 * test case, and the suites' counts match their cases.
 */
class JUnitXmlOutputTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final List<String> PUSH =
      List.of(
          "refresh-device-information",
          "reboot",
          "change-device-information",
          "change-network-information",
          "get-device-configuration",
          "distribute-package-now",
          "distribute-package-scheduled");

  /** A test case as a CI server reads it: PASSED, FAILED (with message) or SKIPPED (message). */
  record Case(String suite, String name, String outcome, String message) {}

  static Map<String, Case> cases(String xml) throws Exception {
    Document doc =
        DocumentBuilderFactory.newInstance()
            .newDocumentBuilder()
            .parse(new InputSource(new StringReader(xml)));
    Map<String, Case> out = new LinkedHashMap<>();
    NodeList suites = doc.getElementsByTagName("testsuite");
    for (int i = 0; i < suites.getLength(); i++) {
      Element suite = (Element) suites.item(i);
      NodeList cs = suite.getElementsByTagName("testcase");
      int failures = 0;
      int skipped = 0;
      for (int j = 0; j < cs.getLength(); j++) {
        Element c = (Element) cs.item(j);
        Element failure = first(c, "failure");
        Element skip = first(c, "skipped");
        String outcome = failure != null ? "FAILED" : skip != null ? "SKIPPED" : "PASSED";
        failures += failure != null ? 1 : 0;
        skipped += skip != null ? 1 : 0;
        String message =
            failure != null
                ? failure.getAttribute("message")
                : skip != null ? skip.getAttribute("message") : "";
        if (skip != null) {
          assertThat(message).as("skipped %s says why", c.getAttribute("name")).isNotBlank();
        }
        out.put(
            c.getAttribute("classname") + "/" + c.getAttribute("name"),
            new Case(suite.getAttribute("name"), c.getAttribute("name"), outcome, message));
      }
      assertThat(suite.getAttribute("tests")).isEqualTo(Integer.toString(cs.getLength()));
      assertThat(suite.getAttribute("failures")).isEqualTo(Integer.toString(failures));
      assertThat(suite.getAttribute("skipped")).isEqualTo(Integer.toString(skipped));
    }
    return out;
  }

  private static Element first(Element parent, String tag) {
    NodeList l = parent.getElementsByTagName(tag);
    return l.getLength() == 0 ? null : (Element) l.item(0);
  }

  @Test
  void preflightJunit_reportsNotCheckedFlowAsSkipped(@TempDir Path dir) throws Exception {
    // Every flow from "here" goes to devices without an address: not probed, so not checked.
    Path d = dir.resolve("d.yaml");
    Files.writeString(
        d,
        "hosts:\n  - name: here\n    address: 127.0.0.1\n    runs: [gui]\n"
            + "  - name: devices\n    runs: [web-agent]\n");
    CliRun r =
        CliRun.inProcess(
            "preflight", "--deployment", d.toString(), "--from", "here", "--format", "junit");
    Map<String, Case> cases = cases(r.out());

    Case vnc = cases.get("flows/here->devices:5900/tcp (gui-to-web-agent-vnc) [vnc]");
    assertThat(vnc.outcome()).isEqualTo("SKIPPED");
    assertThat(vnc.message()).startsWith("NOT_CHECKED: ");
    assertThat(cases.values())
        .filteredOn(c -> c.suite().contains("flows"))
        .allSatisfy(c -> assertThat(c.outcome()).isEqualTo("SKIPPED"));
    // remote-shadow needs only flows from here, none verified: the preflight fails on it.
    assertThat(r.exit()).isEqualTo(1);
    assertThat(cases.get("operations/remote-shadow").outcome()).isEqualTo("FAILED");
    assertThat(cases.get("operations/remote-shadow").message())
        .startsWith("remote-shadow: unknown, because here->devices:5900/tcp");
  }

  @Test
  void preflightJunit_neverPassesAnOperationThatIsNotAvailable(@TempDir Path dir) throws Exception {
    Path d = dir.resolve("d.yaml");
    Files.writeString(
        d,
        "hosts:\n  - name: here\n    address: 127.0.0.1\n    runs: [gui]\n"
            + "  - name: devices\n    runs: [web-agent]\n");
    String[] args = {"preflight", "--deployment", d.toString(), "--from", "here", "--format"};
    JsonNode json = JSON.readTree(CliRun.inProcess(concat(args, "json")).out());
    Map<String, Case> cases = cases(CliRun.inProcess(concat(args, "junit")).out());
    JsonNode shadow = json.get("operations").get(8);
    assertThat(shadow.get("id").asText()).isEqualTo("remote-shadow");
    assertThat(shadow.get("reason").asText())
        .startsWith(
            "unknown, because here->devices:5900/tcp (gui-to-web-agent-vnc) is not checked");
    for (JsonNode op : json.get("operations")) {
      Case c = cases.get("operations/" + op.get("id").asText());
      String availability = op.get("availability").asText();
      if (availability.equals("AVAILABLE") || availability.equals("DEGRADED")) {
        assertThat(c.outcome()).as(c.name()).isEqualTo("PASSED");
      } else {
        assertThat(c.outcome()).as(c.name() + " is " + availability).isNotEqualTo("PASSED");
      }
    }
  }

  @Test
  void demoJunit_reportsUnknownPushOperationsAsSkipped() throws Exception {
    CliRun r = CliRun.inProcess("demo", "--format", "junit");
    assertThat(r.exit()).isEqualTo(1);
    Map<String, Case> cases = cases(r.out());
    for (String push : PUSH) {
      Case c = cases.get("operations/" + push);
      assertThat(c.outcome()).as(push).isEqualTo("SKIPPED");
      assertThat(c.message())
          .as(push)
          .startsWith(push + ": needs flows that start on other hosts; check them there; unknown");
    }
    assertThat(cases.get("operations/console-database-access").outcome()).isEqualTo("FAILED");
    assertThat(cases.get("operations/register-package").outcome()).isEqualTo("PASSED");
  }

  @Test
  void firewallJunit_reportsUnknownOperationsAsSkipped() throws Exception {
    CliRun r =
        CliRun.inProcess(
            "firewall",
            "check",
            "--policy",
            "../examples/firewall/wdm-server.iptables",
            "--policy-format",
            "iptables-save",
            "--deployment",
            "../examples/branch-office.yaml",
            "--host",
            "wdm-server",
            "--format",
            "junit");
    assertThat(r.exit()).isZero();
    Map<String, Case> cases = cases(r.out());
    // The console's VNC flows to the devices do not cross wdm-server's firewall.
    Case shadow = cases.get("operations/remote-shadow");
    assertThat(shadow.outcome()).isEqualTo("SKIPPED");
    assertThat(shadow.message()).startsWith("remote-shadow: unknown");
    assertThat(cases.get("operations/reboot").outcome()).isEqualTo("PASSED");
  }

  @Test
  void preflightText_saysWhatWasNotVerified_whenItPasses(@TempDir Path dir) throws Exception {
    // "here" only listens: no flow starts on it, so nothing is verified and nothing is broken.
    Path d = dir.resolve("d.yaml");
    Files.writeString(
        d,
        "hosts:\n  - name: here\n    address: 127.0.0.1\n    runs: [database]\n"
            + "  - name: others\n    address: 10.10.0.20\n    runs: [gui, web-service,"
            + " standard-service, master-repository, remote-repository, web-agent]\n");
    CliRun r = CliRun.inProcess("preflight", "--deployment", d.toString(), "--from", "here");
    assertThat(r.exit()).as(r.out()).isZero();
    assertThat(r.out())
        .endsWith(
            "PASSED: no operation is broken by what this host can reach;"
                + " 11 operations are UNKNOWN (not verified from here).\n");
  }

  private static String[] concat(String[] a, String last) {
    String[] out = java.util.Arrays.copyOf(a, a.length + 1);
    out[a.length] = last;
    return out;
  }
}
