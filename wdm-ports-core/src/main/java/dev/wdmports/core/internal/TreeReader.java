package dev.wdmports.core.internal;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.exc.StreamConstraintsException;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import dev.wdmports.core.DocumentFormat;
import dev.wdmports.core.InvalidInputException;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.error.Mark;
import org.yaml.snakeyaml.error.MarkedYAMLException;
import org.yaml.snakeyaml.reader.ReaderException;

/**
 * The one reader of located documents: JSON or YAML into a {@link Node} tree whose every value
 * knows its line, column and JSON pointer, with Jackson's streaming parser under limits on size,
 * nesting depth, string and number length, and alias expansion, so that a hostile or mistaken file
 * cannot exhaust memory. Catalogs, deployments and the JSON firewall exports all read through it,
 * so a fault anywhere reads {@code file:line:column: what is wrong}. Immutable and thread-safe.
 *
 * <pre>{@code
 * Node root = new TreeReader(16L << 20, "a catalog (YAML or JSON)").read(Path.of("c.yaml"));
 * Node doc = new TreeReader(Long.MAX_VALUE, "the JSON of ...").parse(text, "x.json", JSON);
 * }</pre>
 */
public final class TreeReader {
  /** The deepest nesting of objects and lists accepted. */
  static final int MAX_DEPTH = 64;

  /** The longest string value accepted, in characters. */
  static final int MAX_STRING = 1 << 20;

  private final long maxBytes;
  private final String expected;

  /**
   * Creates a reader.
   *
   * @param maxBytes the largest document accepted
   * @param expected what a document holds, for the message about an empty one, e.g. {@code a
   *     catalog (YAML or JSON)}
   */
  public TreeReader(long maxBytes, String expected) {
    if (maxBytes <= 0) {
      throw new IllegalArgumentException("maxBytes is " + maxBytes + ": give a positive limit");
    }
    this.maxBytes = maxBytes;
    this.expected = Objects.requireNonNull(expected, "expected");
  }

  /**
   * Guesses the format from the file name, then from the first non-blank character.
   *
   * @param name the file name
   * @param content the document
   * @return JSON for {@code .json} or content starting with a brace or bracket, else YAML
   */
  public static DocumentFormat sniff(String name, String content) {
    String lower = name.toLowerCase(Locale.ROOT);
    if (lower.endsWith(".json")) {
      return DocumentFormat.JSON;
    }
    if (lower.endsWith(".yaml") || lower.endsWith(".yml")) {
      return DocumentFormat.YAML;
    }
    String t = content.stripLeading();
    return t.startsWith("{") || t.startsWith("[") ? DocumentFormat.JSON : DocumentFormat.YAML;
  }

  /**
   * Reads a file ({@link TextFiles#read}, refusing one larger than the limit before reading it), in
   * the format {@link #sniff} names.
   *
   * @param file the file
   * @return the root of the document
   * @throws InvalidInputException if the file is missing, a directory, unreadable, too large, not
   *     text, empty or malformed
   */
  public Node read(Path file) {
    String name = file.toString();
    String content = TextFiles.read(file, maxBytes, null);
    return parse(content, name, sniff(name, content));
  }

  /**
   * Parses a document held in memory.
   *
   * @param content the document
   * @param name the name for messages, e.g. the file name
   * @param format the format to parse it as
   * @return the root of the document
   * @throws InvalidInputException if the document is too large, not text, empty, malformed, nested
   *     too deeply or expands too far
   */
  public Node parse(String content, String name, DocumentFormat format) {
    TextFiles.requireText(content, name, maxBytes, null);
    TextFiles.requireContent(content, name, expected);
    try (JsonParser p = factory(format, maxBytes).createParser(content)) {
      try {
        return document(p, name);
      } catch (JsonProcessingException e) {
        // A limit (StreamConstraintsException) has no location of its own: use the parser's,
        // while it is open.
        throw translate(name, content, e, p.currentTokenLocation());
      }
    } catch (IOException e) {
      // A String source does no I/O; keep the cause all the same.
      throw new InvalidInputException(name, 0, 0, null, "cannot read the document: " + e, e);
    }
  }

  private Node document(JsonParser p, String name) throws IOException {
    JsonToken t = p.nextToken();
    if (t == null) {
      throw TextFiles.empty(name, expected);
    }
    Node root = new Walk(p, name).value("");
    JsonToken extra = p.nextToken();
    if (extra != null) {
      JsonLocation l = p.currentTokenLocation();
      throw new InvalidInputException(
          name, l.getLineNr(), l.getColumnNr(), "", "unexpected content after the document", null);
    }
    return root;
  }

  private static JsonFactory factory(DocumentFormat format, long maxBytes) {
    StreamReadConstraints limits =
        StreamReadConstraints.builder()
            .maxNestingDepth(MAX_DEPTH)
            .maxStringLength(MAX_STRING)
            .maxNumberLength(32)
            .maxDocumentLength(maxBytes == Long.MAX_VALUE ? -1 : maxBytes)
            .build();
    if (format == DocumentFormat.JSON) {
      return JsonFactory.builder().streamReadConstraints(limits).build();
    }
    LoaderOptions options = new LoaderOptions();
    options.setMaxAliasesForCollections(32);
    options.setAllowDuplicateKeys(false);
    options.setNestingDepthLimit(MAX_DEPTH);
    options.setCodePointLimit(Integer.MAX_VALUE);
    return YAMLFactory.builder().loaderOptions(options).streamReadConstraints(limits).build();
  }

  private static InvalidInputException translate(
      String name, String content, JsonProcessingException e, JsonLocation current) {
    for (Throwable c = e.getCause(); c != null; c = c.getCause()) {
      if (c instanceof MarkedYAMLException m && m.getProblem() != null) {
        return yaml(name, m, e);
      }
      if (c instanceof ReaderException r) {
        int[] at = lineAndColumn(content, r.getPosition());
        return new InvalidInputException(
            name,
            at[0],
            at[1],
            null,
            String.format(
                Locale.ROOT,
                "malformed YAML: character U+%04X is not allowed in YAML text (remove it; in a"
                    + " double-quoted string, write it as an escape such as \\x%02X)",
                r.getCodePoint(),
                r.getCodePoint() & 0xff),
            e);
      }
    }
    JsonLocation l = e.getLocation() != null ? e.getLocation() : current;
    String msg = e.getOriginalMessage();
    if (msg == null) {
      msg = e.getClass().getSimpleName();
    }
    // SnakeYAML and Jackson messages span lines and quote their own context; keep the first line.
    msg = msg.strip();
    int nl = msg.indexOf('\n');
    if (nl > 0) {
      msg = msg.substring(0, nl).strip();
    }
    int junk = msg.indexOf(" (start marker");
    if (junk < 0) {
      junk = msg.indexOf(" at [Source:");
    }
    if (junk > 0) {
      msg = msg.substring(0, junk);
    }
    if (e instanceof StreamConstraintsException) {
      msg =
          "exceeds a limit of the reader: "
              + msg.replaceAll(", from `StreamReadConstraints[^`]*`", "");
    } else if (msg.startsWith("Unexpected end-of-input")) {
      String rest = msg.substring("Unexpected end-of-input".length()).replaceFirst("^[:\\s]+", "");
      msg = "file ends too early (truncated?)" + (rest.isEmpty() ? "" : ": " + rest);
    } else {
      msg = "malformed: " + msg;
    }
    int line = l == null ? 0 : l.getLineNr();
    int col = l == null ? 0 : l.getColumnNr();
    return new InvalidInputException(name, line, col, null, msg, e);
  }

  /**
   * SnakeYAML's own account of a syntax error: the problem (what it found) at the problem mark, and
   * the context (what it was reading) at the context mark. The message keeps the problem, points at
   * the problem, or at the start of the unclosed context when the file ends inside it, and says
   * what to do.
   */
  private static InvalidInputException yaml(
      String name, MarkedYAMLException m, JsonProcessingException e) {
    String problem =
        m.getProblem()
            .replace(". (Do not use \\t(TAB) for indentation)", "")
            .replace("\\t(TAB)", "\\t")
            .strip();
    Mark pm = m.getProblemMark();
    Mark cm = m.getContextMark();
    String context = m.getContext();
    boolean informative =
        context != null && cm != null && !context.equals("while scanning for the next token");
    boolean atEnd = problem.contains("<stream end>") || problem.contains("end of stream");
    boolean contextStartsElsewhere = informative && (pm == null || pm.getIndex() != cm.getIndex());
    Mark at = atEnd && contextStartsElsewhere ? cm : pm != null ? pm : cm;
    StringBuilder msg = new StringBuilder("malformed YAML: ").append(problem);
    if (contextStartsElsewhere) {
      msg.append(", in the ").append(thing(context));
      msg.append(
          at == cm
              ? " that starts here"
              : " that starts at line " + (cm.getLine() + 1) + ", column " + (cm.getColumn() + 1));
    }
    String hint = hint(problem);
    if (!hint.isEmpty()) {
      msg.append(" (").append(hint).append(')');
    }
    int line = at == null ? 0 : at.getLine() + 1;
    int col = at == null ? 0 : at.getColumn() + 1;
    if (atEnd && at == pm && e.getLocation() != null) {
      // The end of the stream is past the last line; the last token read is a better place.
      line = e.getLocation().getLineNr();
      col = e.getLocation().getColumnNr();
    }
    return new InvalidInputException(name, line, col, null, msg.toString(), e);
  }

  /** SnakeYAML's context ("while parsing a flow sequence") in a user's words ("[...] list"). */
  private static String thing(String context) {
    String what = context.replaceFirst("^while (parsing|scanning) an? ", "");
    return switch (what) {
      case "flow sequence" -> "[...] list";
      case "flow mapping" -> "{...} mapping";
      case "quoted scalar" -> "quoted string";
      case "block collection" -> "list";
      case "block mapping" -> "mapping";
      default -> what;
    };
  }

  /** What to do about a SnakeYAML problem, or empty when there is nothing useful to say. */
  private static String hint(String problem) {
    if (problem.contains("'\\t' that cannot start any token")) {
      return "indent with spaces, not tabs";
    }
    if (problem.startsWith("expected ',' or ']'")) {
      return "close the list with ']', or separate its items with ','";
    }
    if (problem.startsWith("expected ',' or '}'")) {
      return "close the mapping with '}', or separate its entries with ','";
    }
    if (problem.startsWith("mapping values are not allowed here")) {
      return "quote a value that contains \": \", or start a nested mapping on a new line";
    }
    if (problem.startsWith("expected <block end>")) {
      return "check the indentation: the keys of one mapping, and the items of one list, start in"
          + " the same column";
    }
    if (problem.startsWith("could not find expected ':'")) {
      return "write key: value, with a space after the colon";
    }
    if (problem.contains("end of stream") && problem.contains("unexpected")) {
      return "close the quote";
    }
    if (problem.contains("<stream end>")) {
      return "the file ends too early: is it truncated?";
    }
    return "";
  }

  /** The 1-based line and column of a code-point index into the content. */
  private static int[] lineAndColumn(String content, int codePointIndex) {
    int line = 1;
    int col = 1;
    int i = 0;
    for (int cp = 0; cp < codePointIndex && i < content.length(); cp++) {
      int c = content.codePointAt(i);
      i += Character.charCount(c);
      if (c == '\n') {
        line++;
        col = 1;
      } else {
        col++;
      }
    }
    return new int[] {line, col};
  }

  /**
   * One pass over a document. YAML anchors and aliases are resolved here (Jackson's YAML parser
   * reports an alias as a string); an alias shares the anchored node, and the expanded size of the
   * document is capped so that nested aliases ("billion laughs") cannot blow up later walks. Only
   * what aliases add counts against the cap: the values written out are already bounded by the
   * document's size (a large nft JSON export holds millions of them).
   */
  private static final class Walk {
    private static final long MAX_EXPANDED_NODES = 1_000_000;

    private final JsonParser p;
    private final String name;
    private final Map<String, Node> anchors = new java.util.HashMap<>();
    private final Map<Node, Long> weights = new java.util.IdentityHashMap<>();
    private long expanded;
    private long aliased;

    Walk(JsonParser p, String name) {
      this.p = p;
      this.name = name;
    }

    Node value(String pointer) throws IOException {
      JsonLocation l = p.currentTokenLocation();
      int line = l.getLineNr();
      int col = l.getColumnNr();
      if (p instanceof com.fasterxml.jackson.dataformat.yaml.YAMLParser y && y.isCurrentAlias()) {
        Node target = anchors.get(p.getText());
        if (target == null) {
          throw new InvalidInputException(
              name,
              line,
              col,
              pointer,
              "alias *"
                  + p.getText()
                  + " names no anchor defined before it: define &"
                  + p.getText()
                  + " earlier, or write the value out",
              null);
        }
        long weight = weights.getOrDefault(target, 1L);
        expanded += weight;
        aliased += weight;
        if (aliased > MAX_EXPANDED_NODES) {
          throw new InvalidInputException(
              name,
              line,
              col,
              pointer,
              "document expands to more than "
                  + MAX_EXPANDED_NODES
                  + " values (aliases nested too deeply?)",
              null);
        }
        return target;
      }
      String anchor = p.getObjectId() instanceof String a ? a : null;
      long before = expanded;
      Node n = read(pointer, line, col);
      expanded++;
      if (anchor != null) {
        anchors.put(anchor, n);
        weights.put(n, expanded - before);
      }
      return n;
    }

    private Node read(String pointer, int line, int col) throws IOException {
      JsonToken t = p.currentToken();
      switch (t) {
        case START_OBJECT -> {
          Map<String, Node> fields = new LinkedHashMap<>();
          Map<String, Node> keys = new LinkedHashMap<>();
          while (p.nextToken() == JsonToken.FIELD_NAME) {
            String key = p.currentName();
            JsonLocation kl = p.currentTokenLocation();
            String child = pointer + "/" + key.replace("~", "~0").replace("/", "~1");
            if (fields.containsKey(key)) {
              throw new InvalidInputException(
                  name,
                  kl.getLineNr(),
                  kl.getColumnNr(),
                  child,
                  "duplicate key \"" + key + "\"",
                  null);
            }
            keys.put(
                key,
                new Node.Scalar(
                    name, kl.getLineNr(), kl.getColumnNr(), child, Node.Scalar.Type.STRING, key));
            p.nextToken();
            fields.put(key, value(child));
          }
          return new Node.Obj(name, line, col, pointer, fields, keys);
        }
        case START_ARRAY -> {
          List<Node> items = new ArrayList<>();
          while (p.nextToken() != JsonToken.END_ARRAY) {
            items.add(value(pointer + "/" + items.size()));
          }
          return new Node.Arr(name, line, col, pointer, List.copyOf(items));
        }
        case VALUE_STRING -> {
          return new Node.Scalar(name, line, col, pointer, Node.Scalar.Type.STRING, p.getText());
        }
        case VALUE_NUMBER_INT, VALUE_NUMBER_FLOAT -> {
          return new Node.Scalar(name, line, col, pointer, Node.Scalar.Type.NUMBER, p.getText());
        }
        case VALUE_TRUE, VALUE_FALSE -> {
          return new Node.Scalar(name, line, col, pointer, Node.Scalar.Type.BOOLEAN, p.getText());
        }
        case VALUE_NULL -> {
          return new Node.Scalar(name, line, col, pointer, Node.Scalar.Type.NULL, "null");
        }
        default ->
            throw new InvalidInputException(
                name, line, col, pointer, "unexpected " + t + " in the document", null);
      }
    }
  }
}
