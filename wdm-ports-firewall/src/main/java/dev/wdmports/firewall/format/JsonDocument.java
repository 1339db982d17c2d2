package dev.wdmports.firewall.format;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashMap;
import java.util.Map;

/** A parsed JSON document that remembers the line and column of every object and array. */
final class JsonDocument {
  private static final ObjectMapper MAPPER = new ObjectMapper();

  final JsonNode root;
  private final Map<String, int[]> locations;
  final String source;

  private JsonDocument(JsonNode root, Map<String, int[]> locations, String source) {
    this.root = root;
    this.locations = locations;
    this.source = source;
  }

  static JsonDocument parse(String content, String source, String expected) {
    if (content.isBlank()) {
      throw Inputs.error(source, 1, 1, "the file is empty: expected " + expected);
    }
    Map<String, int[]> locations = new HashMap<>();
    try (JsonParser p = MAPPER.createParser(content)) {
      Deque<Object> path = new ArrayDeque<>();
      JsonToken t;
      while ((t = p.nextToken()) != null) {
        if (t == JsonToken.FIELD_NAME) {
          path.pop();
          path.push(p.currentName());
          continue;
        }
        if (!path.isEmpty() && path.peek() instanceof Integer) {
          path.push((Integer) path.pop() + 1);
        }
        if (t == JsonToken.START_OBJECT || t == JsonToken.START_ARRAY) {
          JsonLocation loc = p.currentTokenLocation();
          locations.put(pointer(path), new int[] {loc.getLineNr(), loc.getColumnNr()});
          path.push(t == JsonToken.START_ARRAY ? (Object) Integer.valueOf(-1) : "");
        } else if (t == JsonToken.END_OBJECT || t == JsonToken.END_ARRAY) {
          path.pop();
        }
      }
      JsonNode root = MAPPER.readTree(content);
      return new JsonDocument(root, locations, source);
    } catch (JsonProcessingException e) {
      throw Inputs.malformedJson(source, e);
    } catch (IOException e) {
      throw new AssertionError(e);
    }
  }

  private static String pointer(Deque<Object> path) {
    StringBuilder sb = new StringBuilder();
    var it = path.descendingIterator();
    while (it.hasNext()) {
      sb.append('/').append(it.next());
    }
    return sb.toString();
  }

  int line(String pointer) {
    int[] l = locations.get(pointer);
    return l == null ? 0 : l[0];
  }

  int column(String pointer) {
    int[] l = locations.get(pointer);
    return l == null ? 0 : l[1];
  }

  dev.wdmports.core.InvalidInputException error(String pointer, String detail) {
    int line = line(pointer);
    return new dev.wdmports.core.InvalidInputException(
        source, line == 0 ? 1 : line, line == 0 ? 1 : column(pointer), pointer, detail, null);
  }
}
