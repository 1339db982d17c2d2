package dev.wdmports.core.catalog;

import com.code_intelligence.jazzer.junit.DictionaryEntries;
import com.code_intelligence.jazzer.junit.FuzzTest;
import com.code_intelligence.jazzer.mutation.annotation.NotNull;
import com.code_intelligence.jazzer.mutation.annotation.WithUtf8Length;
import dev.wdmports.core.DocumentFormat;
import dev.wdmports.core.InvalidInputException;

/**
 * Fuzzes catalog documents, JSON and YAML. {@link Catalogs#parse} may only throw {@link
 * InvalidInputException}; a catalog it accepts must write and read back.
 */
class CatalogsFuzzTest {

  @FuzzTest(maxDuration = "10m")
  @DictionaryEntries({
    "{\"components\":[",
    "\"protocols\":",
    "\"rules\":",
    "\"operations\":",
    "\"extends\":\"wdm\"",
    "\"defaultPorts\":",
    "\"transport\":\"tcp\"",
    "\"portChoice\":"
  })
  void json(@NotNull @WithUtf8Length(max = 65536) String content) {
    read(content, "catalog.json", DocumentFormat.JSON);
  }

  @FuzzTest(maxDuration = "10m")
  @DictionaryEntries({
    "components:",
    "protocols:",
    "rules:",
    "operations:",
    "extends: wdm",
    "  - id: ",
    "defaultPorts: [",
    "&a ",
    "*a",
    "!!binary ",
    "<<: "
  })
  void yaml(@NotNull @WithUtf8Length(max = 65536) String content) {
    read(content, "catalog.yaml", DocumentFormat.YAML);
  }

  private static void read(String content, String name, DocumentFormat format) {
    Catalog c;
    try {
      c = Catalogs.parse(content, name);
    } catch (InvalidInputException expected) {
      return;
    }
    Catalogs.parse(Catalogs.write(c, format), name);
  }
}
