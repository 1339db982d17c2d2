package dev.wdmports.core.catalog;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import com.networknt.schema.Schema;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.SpecificationVersion;
import dev.wdmports.core.DocumentFormat;
import dev.wdmports.core.RandomCatalogs;
import dev.wdmports.core.deploy.Deployments;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.Iterator;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The JSON Schemas checked into {@code schema/} agree with what the readers and writers do. */
class SchemaTest {
  private static final Path ROOT = Path.of("..").toAbsolutePath().normalize();
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final SchemaRegistry REGISTRY =
      SchemaRegistry.withDefaultDialect(SpecificationVersion.DRAFT_2020_12);

  private static Schema schema(String name) throws IOException {
    return REGISTRY.getSchema(Files.readString(ROOT.resolve("schema").resolve(name)));
  }

  @Test
  void writtenCatalogs_validateAgainstTheSchema() throws IOException {
    Schema schema = schema("catalog.schema.json");
    assertThat(schema.validate(JSON.readTree(Catalogs.write(Catalogs.wdm(), DocumentFormat.JSON))))
        .isEmpty();
    for (long seed = 0; seed < 50; seed++) {
      JsonNode doc =
          JSON.readTree(
              Catalogs.write(RandomCatalogs.catalog(new Random(seed)), DocumentFormat.JSON));
      assertThat(schema.validate(doc)).as("seed %d", seed).isEmpty();
    }
  }

  @Test
  void exampleDeployment_validatesAndReads() throws IOException {
    Path example = ROOT.resolve("examples/branch-office.yaml");
    JsonNode deployment = new YAMLMapper().readTree(example.toFile());
    assertThat(schema("deployment.schema.json").validate(deployment)).isEmpty();
    assertThat(Deployments.read(example, Catalogs.wdm()).flows()).isNotEmpty();
  }

  @Test
  void schemaProperties_areExactlyTheFieldsTheReaderKnows() throws IOException {
    JsonNode s = JSON.readTree(ROOT.resolve("schema/catalog.schema.json").toFile());
    assertThat(names(s.get("properties"))).isEqualTo(CatalogCodec.TOP);
    JsonNode defs = s.get("$defs");
    assertThat(names(defs.get("component").get("properties"))).isEqualTo(CatalogCodec.COMPONENT);
    assertThat(names(defs.get("protocol").get("properties"))).isEqualTo(CatalogCodec.PROTOCOL);
    assertThat(names(defs.get("rule").get("properties"))).isEqualTo(CatalogCodec.RULE);
    assertThat(names(defs.get("operation").get("properties"))).isEqualTo(CatalogCodec.OPERATION);
    assertThat(names(defs.get("provenance").get("properties"))).isEqualTo(CatalogCodec.PROVENANCE);
  }

  private static Set<String> names(JsonNode properties) {
    Set<String> out = new HashSet<>();
    for (Iterator<String> it = properties.fieldNames(); it.hasNext(); ) {
      out.add(it.next());
    }
    return out;
  }
}
