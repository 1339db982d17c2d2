package dev.wdmports.core.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.wdmports.core.InvalidInputException;
import java.math.BigInteger;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.jspecify.annotations.Nullable;

/**
 * A JSON or YAML value that remembers where it was read: source, line, column and JSON pointer.
 * Jackson's own tree forgets locations, and every error about a catalog or deployment must name
 * {@code file:line:column}, so input is read into this small tree first.
 */
public abstract sealed class Node permits Node.Obj, Node.Arr, Node.Scalar {
  private final String source;
  private final int line;
  private final int column;
  private final String pointer;

  Node(String source, int line, int column, String pointer) {
    this.source = source;
    this.line = line;
    this.column = column;
    this.pointer = pointer;
  }

  public String source() {
    return source;
  }

  public int line() {
    return line;
  }

  public int column() {
    return column;
  }

  public String pointer() {
    return pointer;
  }

  /** Tells whether this is a null scalar. */
  public boolean isNull() {
    return this instanceof Scalar s && s.type() == Scalar.Type.NULL;
  }

  /** A type name for messages: "an object", "a list", "a string", "a number". */
  public abstract String kind();

  /** Returns an exception located at this node. */
  public InvalidInputException error(String detail) {
    return new InvalidInputException(source, line, column, pointer, detail, null);
  }

  /** Returns an exception located at this node that keeps its cause. */
  public InvalidInputException error(String detail, Throwable cause) {
    return new InvalidInputException(source, line, column, pointer, detail, cause);
  }

  /** Casts to an object or fails with "WHAT must be an object, not ...". */
  public Obj asObject(String what) {
    if (this instanceof Obj o) {
      return o;
    }
    throw error(what + " must be an object (key: value pairs), not " + kind());
  }

  /** Casts to a list or fails. */
  public Arr asList(String what) {
    if (this instanceof Arr a) {
      return a;
    }
    throw error(what + " must be a list, not " + kind());
  }

  /** Returns the text of a string scalar or fails. */
  public String asString(String what) {
    if (this instanceof Scalar s && s.type() == Scalar.Type.STRING) {
      return s.text();
    }
    throw error(what + " must be a string, not " + kind());
  }

  /** Returns the text of a string or number scalar or fails. */
  public String asText(String what) {
    if (this instanceof Scalar s
        && (s.type() == Scalar.Type.STRING || s.type() == Scalar.Type.NUMBER)) {
      return s.text();
    }
    throw error(what + " must be a string, not " + kind());
  }

  /** Returns the value of a boolean scalar or fails. */
  public boolean asBoolean(String what) {
    if (this instanceof Scalar s && s.type() == Scalar.Type.BOOLEAN) {
      return Boolean.parseBoolean(s.text());
    }
    throw error(what + " must be true or false, not " + kind());
  }

  /**
   * Returns this value as a Jackson tree, for code whose logic is written over Jackson's nodes (the
   * nft back end, shared with the nft text parser). Numbers become the smallest Jackson number node
   * that holds them, as {@code ObjectMapper.readTree} makes them; the locations stay here.
   *
   * @return the value without its locations
   */
  public abstract JsonNode toJson();

  /**
   * Finds the deepest node on the way to a JSON pointer; the node itself when the pointer is empty
   * or does not match.
   */
  public Node find(String pointer) {
    Node cur = this;
    if (pointer == null || pointer.isEmpty()) {
      return cur;
    }
    for (String part : pointer.substring(1).split("/", -1)) {
      String key = part.replace("~1", "/").replace("~0", "~");
      Node next = null;
      if (cur instanceof Obj o) {
        next = o.get(key);
      } else if (cur instanceof Arr a
          && key.chars().allMatch(Character::isDigit)
          && !key.isEmpty()) {
        int i = Integer.parseInt(key);
        next = i < a.items().size() ? a.items().get(i) : null;
      }
      if (next == null) {
        return cur;
      }
      cur = next;
    }
    return cur;
  }

  /** An object: fields in document order, each with its key's location. */
  public static final class Obj extends Node {
    private final Map<String, Node> fields;
    private final Map<String, Node> keys;

    Obj(
        String source,
        int line,
        int column,
        String pointer,
        Map<String, Node> fields,
        Map<String, Node> keys) {
      super(source, line, column, pointer);
      this.fields = fields;
      this.keys = keys;
    }

    /** Creates an object from fields; used when merging trees. */
    public static Obj of(Node at, Map<String, Node> fields) {
      return new Obj(
          at.source(), at.line(), at.column(), at.pointer(), new LinkedHashMap<>(fields), Map.of());
    }

    @Override
    public String kind() {
      return "an object";
    }

    @Override
    public JsonNode toJson() {
      ObjectNode o = JsonNodeFactory.instance.objectNode();
      fields.forEach((k, v) -> o.set(k, v.toJson()));
      return o;
    }

    public Map<String, Node> fields() {
      return fields;
    }

    public @Nullable Node get(String name) {
      return fields.get(name);
    }

    public boolean has(String name) {
      return fields.containsKey(name);
    }

    /** Returns the field or fails with "WHAT needs FIELD". */
    public Node require(String name, String what) {
      Node n = fields.get(name);
      if (n == null || (n instanceof Scalar s && s.type() == Scalar.Type.NULL)) {
        throw error(what + " has no \"" + name + "\": add it");
      }
      return n;
    }

    /** Fails on the first field whose name is not known, listing the known ones. */
    public void checkKnown(String what, Set<String> known) {
      for (String name : fields.keySet()) {
        if (!known.contains(name)) {
          Node at = keys.getOrDefault(name, fields.get(name));
          throw at.error(
              "unknown field \""
                  + name
                  + "\" in "
                  + what
                  + ": known fields are "
                  + String.join(", ", new TreeSet<>(known)));
        }
      }
    }
  }

  /** A list. */
  public static final class Arr extends Node {
    private final List<Node> items;

    Arr(String source, int line, int column, String pointer, List<Node> items) {
      super(source, line, column, pointer);
      this.items = items;
    }

    /** Creates a list from items; used when merging trees. */
    public static Arr of(Node at, List<Node> items) {
      return new Arr(at.source(), at.line(), at.column(), at.pointer(), List.copyOf(items));
    }

    @Override
    public String kind() {
      return "a list";
    }

    @Override
    public JsonNode toJson() {
      ArrayNode a = JsonNodeFactory.instance.arrayNode(items.size());
      items.forEach(i -> a.add(i.toJson()));
      return a;
    }

    public List<Node> items() {
      return items;
    }
  }

  /** A string, number, boolean or null. */
  public static final class Scalar extends Node {
    /** Scalar types as the parser reported them. */
    public enum Type {
      STRING,
      NUMBER,
      BOOLEAN,
      NULL
    }

    private final Type type;
    private final String text;

    Scalar(String source, int line, int column, String pointer, Type type, String text) {
      super(source, line, column, pointer);
      this.type = type;
      this.text = text;
    }

    public Type type() {
      return type;
    }

    public String text() {
      return text;
    }

    @Override
    public String kind() {
      return switch (type) {
        case STRING -> "a string (\"" + abbreviate(text) + "\")";
        case NUMBER -> "a number (" + abbreviate(text) + ")";
        case BOOLEAN -> "a boolean (" + text + ")";
        case NULL -> "null";
      };
    }

    @Override
    public JsonNode toJson() {
      JsonNodeFactory f = JsonNodeFactory.instance;
      return switch (type) {
        case STRING -> f.textNode(text);
        case BOOLEAN -> f.booleanNode(Boolean.parseBoolean(text));
        case NULL -> f.nullNode();
        case NUMBER -> number(f);
      };
    }

    private JsonNode number(JsonNodeFactory f) {
      try {
        if (text.indexOf('.') < 0 && text.indexOf('e') < 0 && text.indexOf('E') < 0) {
          BigInteger v = new BigInteger(text);
          if (v.bitLength() < 32) {
            return f.numberNode(v.intValue());
          }
          return v.bitLength() < 64 ? f.numberNode(v.longValue()) : f.numberNode(v);
        }
        return f.numberNode(Double.parseDouble(text));
      } catch (NumberFormatException e) {
        // A YAML number in a form Java does not parse (0x1F, 1_000): keep its text.
        return f.textNode(text);
      }
    }

    private static String abbreviate(String s) {
      return s.length() <= 40 ? s : s.substring(0, 37) + "...";
    }
  }
}
