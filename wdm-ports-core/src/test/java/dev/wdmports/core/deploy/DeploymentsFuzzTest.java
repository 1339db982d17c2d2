package dev.wdmports.core.deploy;

import com.code_intelligence.jazzer.junit.DictionaryEntries;
import com.code_intelligence.jazzer.junit.FuzzTest;
import com.code_intelligence.jazzer.mutation.annotation.NotNull;
import com.code_intelligence.jazzer.mutation.annotation.WithUtf8Length;
import dev.wdmports.core.InvalidInputException;
import dev.wdmports.core.catalog.Catalog;
import dev.wdmports.core.catalog.Catalogs;

/**
 * Fuzzes deployment documents, JSON and YAML, against the built-in catalog. {@link
 * Deployments#parse} may only throw {@link InvalidInputException}; a deployment it accepts must
 * yield its flows.
 */
class DeploymentsFuzzTest {
  private static final Catalog WDM = Catalogs.wdm();

  @FuzzTest(maxDuration = "10m")
  @DictionaryEntries({
    "{\"hosts\":[",
    "\"name\":",
    "\"address\":",
    "\"runs\":[\"gui\"]",
    "\"security\":\"https\"",
    "\"ports\":{\"http\":",
    "\"redundancy\":",
    "web-agent",
    "database"
  })
  void json(@NotNull @WithUtf8Length(max = 65536) String content) {
    read(content, "deployment.json");
  }

  @FuzzTest(maxDuration = "10m")
  @DictionaryEntries({
    "hosts:",
    "  - name: ",
    "    address: ",
    "    runs: [",
    "security: ",
    "ports: {http: ",
    "redundancy:",
    "web-agent",
    "&a ",
    "*a"
  })
  void yaml(@NotNull @WithUtf8Length(max = 65536) String content) {
    read(content, "deployment.yaml");
  }

  private static void read(String content, String name) {
    try {
      Deployments.parse(content, name, WDM).flows();
    } catch (InvalidInputException expected) {
      // documented
    }
  }
}
