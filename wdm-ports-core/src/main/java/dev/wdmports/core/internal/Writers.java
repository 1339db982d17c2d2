package dev.wdmports.core.internal;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLGenerator;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import dev.wdmports.core.PortRange;
import dev.wdmports.core.PortSet;

/**
 * The one pair of Jackson writers, JSON and YAML, that every module's output goes through: catalog
 * and deployment files here, the CLI's {@code --format json} documents. Jackson's mappers are
 * thread-safe once configured, and these are configured once.
 */
public final class Writers {
  private static final ObjectMapper JSON =
      JsonMapper.builder().enable(SerializationFeature.INDENT_OUTPUT).build();
  private static final ObjectMapper YAML =
      YAMLMapper.builder()
          .disable(YAMLGenerator.Feature.WRITE_DOC_START_MARKER)
          .enable(YAMLGenerator.Feature.MINIMIZE_QUOTES)
          .enable(YAMLGenerator.Feature.ALWAYS_QUOTE_NUMBERS_AS_STRINGS)
          .enable(YAMLGenerator.Feature.INDENT_ARRAYS_WITH_INDICATOR)
          .disable(YAMLGenerator.Feature.SPLIT_LINES)
          .build();

  public static final JsonNodeFactory NODES = JsonNodeFactory.instance;

  private Writers() {}

  /** A JSON document, indented, ending with a newline. */
  public static String json(JsonNode node) {
    return indented(node) + "\n";
  }

  /** A JSON document on one line, ending with a newline: for machines, such as an HTTP answer. */
  public static String compact(JsonNode node) {
    try {
      return JSON.writer().without(SerializationFeature.INDENT_OUTPUT).writeValueAsString(node)
          + "\n";
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("cannot write JSON", e);
    }
  }

  /** A value as indented JSON, without a final newline. */
  public static String indented(Object value) {
    try {
      return JSON.writeValueAsString(value);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("cannot write JSON", e);
    }
  }

  public static String yaml(JsonNode node) {
    try {
      return YAML.writeValueAsString(node);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("cannot write YAML", e);
    }
  }

  /** Ports as a list: single ports as numbers, ranges as "first-last" strings. */
  public static ArrayNode ports(PortSet ports) {
    ArrayNode a = NODES.arrayNode();
    for (PortRange r : ports.ranges()) {
      if (r.isSingle()) {
        a.add(r.first());
      } else {
        a.add(r.toString());
      }
    }
    return a;
  }
}
