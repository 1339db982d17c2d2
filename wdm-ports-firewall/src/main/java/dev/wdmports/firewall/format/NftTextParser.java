package dev.wdmports.firewall.format;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.wdmports.core.InvalidInputException;
import dev.wdmports.firewall.ChainPolicy;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Reads nftables text: what {@code nft list ruleset} prints, and hand-written {@code nft -f} files
 * in the same syntax.
 *
 * <p>The text is written as the objects of {@code nft -j list ruleset} (tables, chains, named sets,
 * rules whose statements are nft JSON expressions) and handed to {@link NftJsonParser}'s back end,
 * so both formats mean the same. Understood: {@code table FAMILY NAME { ... }} blocks, {@code
 * chain} blocks with {@code type ... hook ... priority ...; policy ...;}, {@code set} blocks, the
 * command forms {@code add|create table|chain|rule|set|element}, {@code insert rule}, {@code delete
 * table|chain}, {@code flush ruleset|table|chain}, {@code define NAME = value} with {@code $NAME}
 * (nested), anonymous sets, {@code ;} separators, {@code #} comments and {@code \} line
 * continuations. A statement the back end does not model becomes an unknown match of its rule (its
 * flows may be {@code UNKNOWN}, with the line); {@code include} and syntax errors are {@link
 * InvalidInputException}s with {@code file:line:column}.
 */
final class NftTextParser {
  private static final JsonNodeFactory F = JsonNodeFactory.instance;
  private static final Set<String> FAMILIES =
      Set.of("ip", "ip6", "inet", "arp", "bridge", "netdev");
  private static final Set<String> VERDICTS =
      Set.of("accept", "drop", "reject", "jump", "goto", "return", "continue", "queue");
  private static final Set<String> PAYLOADS =
      Set.of(
          "ip", "ip6", "tcp", "udp", "th", "icmp", "icmpv6", "ether", "arp", "sctp", "dccp", "vlan",
          "udplite", "ah", "esp", "comp", "igmp", "gre");
  private static final Set<String> BARE_META =
      Set.of(
          "iif",
          "oif",
          "iifname",
          "oifname",
          "iiftype",
          "oiftype",
          "mark",
          "skuid",
          "skgid",
          "nfproto",
          "l4proto",
          "priority",
          "pkttype",
          "cpu",
          "iifgroup",
          "oifgroup",
          "cgroup");
  private static final Set<String> OPERATORS = Set.of("==", "!=", "<", ">", "<=", ">=", "eq", "ne");
  private static final int MAX_EXPANSION = 100_000;

  private NftTextParser() {}

  /**
   * Parses nftables text.
   *
   * @param content the text
   * @param sourceName the name for messages
   * @return a first-match policy, as {@link NftJsonParser} builds it
   * @throws InvalidInputException naming the line and column of the first fault
   */
  static ChainPolicy parse(String content, String sourceName) {
    // an empty ruleset is what nft list ruleset prints for a host without rules
    FormatSniffer.expect(content, sourceName, PolicyFormat.NFT);
    Run run = new Run(sourceName, new Lexer(content, sourceName).tokens());
    run.file();
    List<NftJsonParser.Located> objects = run.objects();
    if (objects.isEmpty()) {
      return ChainPolicy.builder()
          .sourceName(sourceName)
          .note(sourceName + ": no tables: nothing is filtered")
          .build();
    }
    return NftJsonParser.build(objects, sourceName);
  }

  /** A token: a word, a quoted string, punctuation or the end of a line. */
  record Token(Kind kind, String text, int line, int column) {
    boolean is(String s) {
      return kind != Kind.STRING && text.equals(s);
    }

    boolean isEnd() {
      return kind == Kind.NEWLINE || kind == Kind.EOF || is(";");
    }
  }

  enum Kind {
    WORD,
    STRING,
    PUNCT,
    NEWLINE,
    EOF
  }

  /** Splits the text into tokens; comments and line continuations disappear. */
  static final class Lexer {
    private final String s;
    private final String source;
    private int i;
    private int line = 1;
    private int lineStart;

    Lexer(String s, String source) {
      this.s = s;
      this.source = source;
    }

    List<Token> tokens() {
      List<Token> out = new ArrayList<>();
      while (i < s.length()) {
        char c = s.charAt(i);
        int col = i - lineStart + 1;
        if (c == '\n') {
          out.add(new Token(Kind.NEWLINE, "\n", line, col));
          newline();
        } else if (c == '\\' && rest().matches("(?s)\\\\[ \\t]*\\r?\\n.*")) {
          while (s.charAt(i) != '\n') {
            i++;
          }
          newline();
        } else if (Character.isWhitespace(c)) {
          i++;
        } else if (c == '#') {
          while (i < s.length() && s.charAt(i) != '\n') {
            i++;
          }
        } else if (c == '"') {
          int start = i++;
          StringBuilder sb = new StringBuilder();
          while (i < s.length() && s.charAt(i) != '"' && s.charAt(i) != '\n') {
            sb.append(s.charAt(i++));
          }
          if (i >= s.length() || s.charAt(i) != '"') {
            throw Inputs.error(
                source, line, start - lineStart + 1, "the string is not closed: add a \"");
          }
          i++;
          out.add(new Token(Kind.STRING, sb.toString(), line, col));
        } else if (c == '!' && next() == '=' || (c == '<' || c == '>') && next() == '=') {
          out.add(new Token(Kind.PUNCT, s.substring(i, i + 2), line, col));
          i += 2;
        } else if (c == '=' && next() == '=') {
          out.add(new Token(Kind.PUNCT, "==", line, col));
          i += 2;
        } else if ("{}();,=<>!@$".indexOf(c) >= 0) {
          out.add(new Token(Kind.PUNCT, String.valueOf(c), line, col));
          i++;
        } else {
          int start = i;
          while (i < s.length()
              && !Character.isWhitespace(s.charAt(i))
              && "{}();,=<>!@$\"#\\".indexOf(s.charAt(i)) < 0) {
            i++;
          }
          if (start == i) {
            throw Inputs.error(
                source, line, col, "unexpected character '" + c + "': check the syntax here");
          }
          out.add(new Token(Kind.WORD, s.substring(start, i), line, col));
        }
      }
      out.add(new Token(Kind.EOF, "end of file", line, i - lineStart + 1));
      return out;
    }

    private String rest() {
      return s.substring(i, Math.min(s.length(), i + 64));
    }

    private char next() {
      return i + 1 < s.length() ? s.charAt(i + 1) : 0;
    }

    private void newline() {
      i++;
      line++;
      lineStart = i;
    }
  }

  /** A table and what it declares, in the order {@code nft} would list them. */
  private static final class Table {
    final String family;
    final String name;
    final Map<String, ChainState> chains = new LinkedHashMap<>();
    final Map<String, ObjectNode> sets = new LinkedHashMap<>();
    final List<NftJsonParser.Located> others = new ArrayList<>();
    final Token at;

    Table(String family, String name, Token at) {
      this.family = family;
      this.name = name;
      this.at = at;
    }
  }

  private static final class ChainState {
    final ObjectNode decl;
    final Token at;
    final List<NftJsonParser.Located> rules = new ArrayList<>();

    ChainState(ObjectNode decl, Token at) {
      this.decl = decl;
      this.at = at;
    }
  }

  private static final class Run {
    final String source;
    final List<Token> raw;
    final Map<String, List<Token>> defines = new LinkedHashMap<>();
    final Map<String, Table> tables = new LinkedHashMap<>();
    List<Token> t;
    int p;

    Run(String source, List<Token> raw) {
      this.source = source;
      this.raw = raw;
    }

    List<NftJsonParser.Located> objects() {
      List<NftJsonParser.Located> out = new ArrayList<>();
      for (Table tb : tables.values()) {
        ObjectNode table = F.objectNode();
        table.putObject("table").put("family", tb.family).put("name", tb.name);
        out.add(located(table, tb.at));
        for (ChainState c : tb.chains.values()) {
          out.add(located(F.objectNode().set("chain", c.decl), c.at));
        }
        for (ObjectNode set : tb.sets.values()) {
          out.add(
              new NftJsonParser.Located(
                  F.objectNode().set("set", set),
                  set.path("_line").asInt(),
                  set.path("_column").asInt(),
                  "line " + set.path("_line").asInt()));
          set.remove("_line");
          set.remove("_column");
        }
        out.addAll(tb.others);
        for (ChainState c : tb.chains.values()) {
          for (NftJsonParser.Located r : c.rules) {
            for (JsonNode e : r.node.path("rule").path("expr")) {
              String target =
                  e.path("jump").path("target").asText(e.path("goto").path("target").asText(null));
              if (target != null && !tb.chains.containsKey(target)) {
                throw Inputs.error(
                    source,
                    r.line,
                    r.column,
                    "chain "
                        + c.decl.path("name").asText()
                        + " jumps to chain "
                        + target
                        + ", which table "
                        + tb.family
                        + " "
                        + tb.name
                        + " does not have: declare it (chain "
                        + target
                        + " { }) or fix the name");
              }
            }
          }
          out.addAll(c.rules);
        }
      }
      return out;
    }

    private static NftJsonParser.Located located(JsonNode n, Token at) {
      return new NftJsonParser.Located(n, at.line, at.column, "line " + at.line);
    }

    private InvalidInputException error(Token at, String detail) {
      return Inputs.error(source, at.line, at.column, detail);
    }

    private static String shown(Token tok) {
      return switch (tok.kind) {
        case NEWLINE -> "the end of the line";
        case EOF -> "the end of the file";
        case WORD, STRING, PUNCT -> "\"" + tok.text + "\"";
      };
    }

    // ---- token stream, with $NAME substitution ----

    /** Expands defines: every {@code $NAME} becomes the tokens of its value, at its place. */
    void expand() {
      List<Token> out = new ArrayList<>();
      for (int k = 0; k < raw.size(); k++) {
        Token tok = raw.get(k);
        if (tok.is("$")) {
          Token name = k + 1 < raw.size() ? raw.get(k + 1) : tok;
          if (name.kind != Kind.WORD || name.column != tok.column + 1 || name.line != tok.line) {
            throw error(tok, "\"$\" must be followed by a variable name, e.g. $ports");
          }
          out.addAll(value(name, new HashSet<>()));
          k++;
        } else {
          out.add(tok);
        }
        if (out.size() > MAX_EXPANSION * 10) {
          throw error(tok, "the defines expand to too many tokens: simplify them");
        }
      }
      t = out;
      p = 0;
    }

    private List<Token> value(Token name, Set<String> seen) {
      List<Token> v = defines.get(name.text);
      if (v == null) {
        throw error(
            name,
            "variable $"
                + name.text
                + " is not defined: add \"define "
                + name.text
                + " = ...\" before its use");
      }
      if (!seen.add(name.text)) {
        throw error(name, "variable $" + name.text + " is defined in terms of itself");
      }
      List<Token> out = new ArrayList<>();
      for (int k = 0; k < v.size(); k++) {
        Token tok = v.get(k);
        if (tok.is("$") && k + 1 < v.size()) {
          out.addAll(value(v.get(++k), seen));
          if (out.size() > MAX_EXPANSION) {
            throw error(
                name,
                "variable $"
                    + name.text
                    + " expands to more than "
                    + MAX_EXPANSION
                    + " tokens: simplify the defines");
          }
        } else {
          // report the use's place for expanded tokens
          out.add(new Token(tok.kind, tok.text, name.line, name.column));
        }
      }
      seen.remove(name.text);
      return out;
    }

    Token peek() {
      return t.get(p);
    }

    Token peek(int ahead) {
      return t.get(Math.min(p + ahead, t.size() - 1));
    }

    Token next() {
      Token tok = t.get(p);
      if (tok.kind != Kind.EOF) {
        p++;
      }
      return tok;
    }

    Token expectWord(String what) {
      Token tok = next();
      if (tok.kind != Kind.WORD && tok.kind != Kind.STRING) {
        throw error(tok, "expected " + what + ", found " + shown(tok));
      }
      return tok;
    }

    void expect(String punct) {
      Token tok = next();
      if (!tok.is(punct)) {
        throw error(tok, "expected \"" + punct + "\", found " + shown(tok));
      }
    }

    void skipSeparators() {
      while (peek().kind == Kind.NEWLINE || peek().is(";")) {
        next();
      }
    }

    void endOfStatement() {
      Token tok = peek();
      if (tok.kind == Kind.NEWLINE || tok.is(";")) {
        next();
      } else if (tok.kind != Kind.EOF && !tok.is("}")) {
        throw error(tok, "unexpected " + shown(tok) + ": end the statement with ; or a new line");
      }
    }

    // ---- top level ----

    void file() {
      // defines are read in a first pass over the raw tokens, in order; a use before the
      // definition is an error, as in nft
      t = raw;
      p = 0;
      List<Token> kept = new ArrayList<>();
      while (peek().kind != Kind.EOF) {
        Token tok = peek();
        if (tok.is("define") || tok.is("redefine")) {
          next();
          Token name = expectWord("a variable name after define");
          expect("=");
          List<Token> v = new ArrayList<>();
          int depth = 0;
          while (peek().kind != Kind.EOF
              && !(depth == 0 && (peek().kind == Kind.NEWLINE || peek().is(";")))) {
            Token x = next();
            if (x.is("{")) {
              depth++;
            } else if (x.is("}")) {
              depth--;
            }
            if (x.kind != Kind.NEWLINE) {
              v.add(x);
            }
          }
          if (v.isEmpty()) {
            throw error(name, "define " + name.text + " has no value: write define NAME = value");
          }
          for (int k = 0; k < v.size(); k++) {
            if (v.get(k).is("$") && k + 1 < v.size() && !defines.containsKey(v.get(k + 1).text)) {
              throw error(
                  v.get(k + 1),
                  "variable $"
                      + v.get(k + 1).text
                      + " is not defined: add \"define "
                      + v.get(k + 1).text
                      + " = ...\" before its use");
            }
          }
          defines.put(name.text, v);
        } else if (tok.is("undefine")) {
          next();
          defines.remove(expectWord("a variable name after undefine").text);
        } else {
          Token x = next();
          if (x.is("$")) {
            Token name = peek();
            if (name.kind == Kind.WORD && !defines.containsKey(name.text)) {
              throw error(
                  name,
                  "variable $"
                      + name.text
                      + " is not defined: add \"define "
                      + name.text
                      + " = ...\" before its use");
            }
            if (name.kind == Kind.WORD) {
              // bind the value now, as nft does: a later redefine does not change this use
              kept.addAll(value(next(), new HashSet<>()));
              continue;
            }
          }
          kept.add(x);
        }
      }
      kept.add(peek());
      raw.clear();
      raw.addAll(kept);
      expand();
      while (true) {
        skipSeparators();
        Token tok = peek();
        if (tok.kind == Kind.EOF) {
          return;
        }
        command();
      }
    }

    void command() {
      Token tok = next();
      switch (tok.text) {
        case "include" -> {
          Token file = peek();
          throw error(
              tok,
              "include "
                  + (file.kind == Kind.STRING ? "\"" + file.text + "\"" : file.text)
                  + " is not read: inline the included file here, or pass the output of nft"
                  + " list ruleset (it has no includes)");
        }
        case "table" -> tableBlock(tok);
        case "flush" -> flush(tok);
        case "add", "create" -> add(tok, false);
        case "insert" -> add(tok, true);
        case "delete", "destroy" -> delete(tok);
        case "list", "monitor", "describe", "export", "import", "reset", "rename", "replace" ->
            throw error(
                tok,
                "\""
                    + tok.text
                    + "\" is not a ruleset statement: keep the tables, chains, sets and rules only");
        default -> {
          if (tok.kind == Kind.WORD && tok.text.equals("chain") || tok.text.equals("set")) {
            throw error(
                tok, tok.text + " outside a table: put it inside table FAMILY NAME { ... }");
          }
          throw error(
              tok,
              "unexpected "
                  + shown(tok)
                  + ": expected table, add, insert, delete, flush, define or include");
        }
      }
    }

    /** Reads {@code [FAMILY] NAME}; the family defaults to ip, as in nft. */
    String[] familyAndName(String what) {
      Token a = expectWord(what);
      if (FAMILIES.contains(a.text) && (peek().kind == Kind.WORD || peek().kind == Kind.STRING)) {
        return new String[] {a.text, expectWord(what).text};
      }
      return new String[] {"ip", a.text};
    }

    Table table(String family, String name, Token at, boolean create) {
      String key = family + " " + name;
      Table tb = tables.get(key);
      if (tb == null) {
        if (!create) {
          throw error(
              at,
              "table "
                  + key
                  + " does not exist: declare it first (table "
                  + key
                  + " { ... } or add table "
                  + key
                  + ")");
        }
        tb = new Table(family, name, at);
        tables.put(key, tb);
      }
      return tb;
    }

    ChainState chain(Table tb, Token name, boolean create) {
      ChainState c = tb.chains.get(name.text);
      if (c == null) {
        if (!create) {
          throw error(
              name,
              "chain "
                  + tb.family
                  + " "
                  + tb.name
                  + " "
                  + name.text
                  + " does not exist: declare it first (add chain ...)");
        }
        ObjectNode d = F.objectNode();
        d.put("family", tb.family).put("table", tb.name).put("name", name.text);
        c = new ChainState(d, name);
        tb.chains.put(name.text, c);
      }
      return c;
    }

    void tableBlock(Token at) {
      String[] fn = familyAndName("a table name");
      Table tb = table(fn[0], fn[1], at, true);
      expect("{");
      tableBody(tb);
    }

    /** Reads a table's body up to and including its closing brace. */
    void tableBody(Table tb) {
      while (true) {
        skipSeparators();
        Token tok = next();
        if (tok.is("}")) {
          return;
        }
        switch (tok.text) {
          case "chain" -> {
            ChainState c = chain(tb, expectWord("a chain name"), true);
            if (peek().is("{")) {
              next();
              chainBody(tb, c);
            }
          }
          case "set" -> setBlock(tb, expectWord("a set name"), tok);
          case "map" -> {
            String name = peek().text;
            skipObject(tok);
            tb.others.add(located(unreadMap(tb, name), tok));
          }
          case "flowtable", "counter", "quota", "ct", "limit", "secmark", "synproxy" -> {
            skipObject(tok);
            tb.others.add(
                located(
                    F.objectNode()
                        .set(
                            tok.text,
                            F.objectNode().put("family", tb.family).put("table", tb.name)),
                    tok));
          }
          case "flags", "comment" -> skipStatement();
          default -> {
            if (tok.kind == Kind.EOF) {
              throw error(tb.at, "table " + tb.family + " " + tb.name + " is not closed: add a }");
            }
            throw error(
                tok,
                "unexpected " + shown(tok) + " in table " + tb.name + ": expected chain or set");
          }
        }
      }
    }

    /** Skips a named object declaration: its name and an optional brace block. */
    /**
     * A map whose elements are not read from text: the shared back end keeps lookups of it unknown,
     * by name, rather than reading an empty map.
     */
    ObjectNode unreadMap(Table tb, String name) {
      return F.objectNode()
          .set(
              "map",
              F.objectNode()
                  .put("family", tb.family)
                  .put("table", tb.name)
                  .put("name", name)
                  .put("type", "elements the nft text reader does not read"));
    }

    void skipObject(Token at) {
      while (!peek().is("{") && !peek().isEnd()) {
        next();
      }
      if (peek().is("{")) {
        next();
        skipBlock(at);
      }
    }

    void skipBlock(Token at) {
      int depth = 1;
      while (depth > 0) {
        Token tok = next();
        if (tok.kind == Kind.EOF) {
          throw error(at, at.text + " block is not closed: add a }");
        }
        if (tok.is("{")) {
          depth++;
        } else if (tok.is("}")) {
          depth--;
        }
      }
    }

    void skipStatement() {
      while (!peek().isEnd() && !peek().is("}")) {
        next();
      }
    }

    /** Reads a chain's body up to and including its closing brace. */
    void chainBody(Table tb, ChainState c) {
      while (true) {
        skipSeparators();
        Token tok = peek();
        if (tok.is("}")) {
          next();
          return;
        }
        if (tok.kind == Kind.EOF) {
          throw error(c.at, "chain " + c.decl.path("name").asText() + " is not closed: add a }");
        }
        if (tok.is("type") && peek(1).kind == Kind.WORD && chainSpecFollows()) {
          next();
          chainSpec(c);
        } else if (tok.is("policy")) {
          next();
          Token v = expectWord("accept or drop after policy");
          if (!v.text.equals("accept") && !v.text.equals("drop")) {
            throw error(v, "policy \"" + v.text + "\" is not known: use accept or drop");
          }
          c.decl.put("policy", v.text);
          endOfStatement();
        } else if (tok.is("comment") && peek(1).kind == Kind.STRING) {
          next();
          next();
          endOfStatement();
        } else if (tok.is("devices") || tok.is("device")) {
          skipStatement();
        } else {
          c.rules.add(rule(tb, c, tok));
        }
      }
    }

    private boolean chainSpecFollows() {
      for (int k = 1; k < 4; k++) {
        if (peek(k).is("hook")) {
          return true;
        }
      }
      return false;
    }

    /** {@code type filter hook input [device D] priority P} (after "type"). */
    void chainSpec(ChainState c) {
      c.decl.put("type", expectWord("a chain type").text);
      Token hook = next();
      if (!hook.is("hook")) {
        throw error(hook, "expected hook after the chain type, found " + shown(hook));
      }
      c.decl.put("hook", expectWord("a hook name").text);
      if (peek().is("device")) {
        next();
        c.decl.put("dev", expectWord("a device name").text);
      } else if (peek().is("devices")) {
        next();
        expect("=");
        if (peek().is("{")) {
          next();
          skipBlock(c.at);
        }
      }
      if (peek().is("priority")) {
        Token at = next();
        StringBuilder prio = new StringBuilder();
        Token first = peek();
        while (!peek().isEnd() && !peek().is("}")) {
          prio.append(next().text);
        }
        if (prio.length() == 0) {
          throw error(at, "priority needs a value: a number, or filter, raw, mangle (+ n)");
        }
        String v = prio.toString();
        boolean filtered = Set.of("ip", "ip6", "inet").contains(c.decl.path("family").asText());
        if (v.matches("-?\\d{1,9}")) {
          c.decl.put("prio", Integer.parseInt(v));
        } else if (v.matches("(raw|mangle|dstnat|filter|security|srcnat)([+-]\\d+)?")) {
          c.decl.put("prio", v);
        } else if (!filtered) {
          // bridge, arp and netdev chains (with names such as out) are skipped by the back end
          c.decl.put("prio", 0);
        } else {
          throw error(
              first,
              "chain priority \""
                  + v
                  + "\" is not known: use a number or filter, raw, mangle, dstnat, security,"
                  + " srcnat (+ n)");
        }
      }
      endOfStatement();
    }

    void setBlock(Table tb, Token name, Token at) {
      ObjectNode set = F.objectNode();
      set.put("family", tb.family).put("name", name.text).put("table", tb.name);
      set.put("_line", at.line).put("_column", at.column);
      tb.sets.put(name.text, set);
      expect("{");
      while (true) {
        skipSeparators();
        Token tok = next();
        if (tok.is("}")) {
          return;
        }
        switch (tok.text) {
          case "type", "typeof" -> {
            List<String> parts = new ArrayList<>();
            StringBuilder cur = new StringBuilder();
            while (!peek().isEnd() && !peek().is("}")) {
              Token x = next();
              if (x.is(".")) {
                parts.add(cur.toString());
                cur.setLength(0);
              } else {
                cur.append(cur.length() == 0 ? "" : " ").append(x.text);
              }
            }
            parts.add(cur.toString());
            List<String> types = new ArrayList<>();
            for (String part : parts) {
              types.add(tok.text.equals("typeof") ? typeOf(part) : part);
            }
            if (types.size() == 1) {
              set.put("type", types.get(0));
            } else {
              ArrayNode a = set.putArray("type");
              types.forEach(a::add);
            }
          }
          case "flags" -> {
            ArrayNode flags = set.putArray("flags");
            while (!peek().isEnd() && !peek().is("}")) {
              Token x = next();
              if (!x.is(",")) {
                flags.add(x.text);
              }
            }
          }
          case "elements" -> {
            expect("=");
            Token open = peek();
            JsonNode v = value();
            ArrayNode elem = set.has("elem") ? (ArrayNode) set.get("elem") : set.putArray("elem");
            if (v.has("set")) {
              elem.addAll((ArrayNode) v.get("set"));
            } else if (open.is("{")) {
              elem.add(v);
            } else {
              throw error(open, "elements = needs a { ... } list");
            }
          }
          default -> {
            if (tok.kind == Kind.EOF) {
              throw error(at, "set " + name.text + " is not closed: add a }");
            }
            // timeout, size, policy, auto-merge, counter, comment, gc-interval: no effect on
            // matching
            skipStatement();
          }
        }
        endOfStatement();
      }
    }

    private static String typeOf(String expr) {
      return switch (expr) {
        case "ip saddr", "ip daddr" -> "ipv4_addr";
        case "ip6 saddr", "ip6 daddr" -> "ipv6_addr";
        case "tcp dport", "tcp sport", "udp dport", "udp sport", "th dport", "th sport" ->
            "inet_service";
        case "meta l4proto", "ip protocol", "ip6 nexthdr" -> "inet_proto";
        case "meta iifname", "meta oifname", "iifname", "oifname" -> "ifname";
        default -> expr;
      };
    }

    void flush(Token at) {
      Token what = expectWord("ruleset, table or chain after flush");
      switch (what.text) {
        case "ruleset" -> {
          if (peek().kind == Kind.WORD && FAMILIES.contains(peek().text)) {
            String fam = next().text;
            tables.values().removeIf(tb -> tb.family.equals(fam));
          } else {
            tables.clear();
          }
        }
        case "table" -> {
          String[] fn = familyAndName("a table name");
          Table tb = table(fn[0], fn[1], what, false);
          tb.chains.values().forEach(c -> c.rules.clear());
        }
        case "chain" -> {
          String[] fn = familyAndName("a table name");
          Table tb = table(fn[0], fn[1], what, false);
          chain(tb, expectWord("a chain name"), false).rules.clear();
        }
        case "set" -> {
          String[] fn = familyAndName("a table name");
          Table tb = table(fn[0], fn[1], what, false);
          ObjectNode set = tb.sets.get(expectWord("a set name").text);
          if (set != null) {
            set.remove("elem");
          }
        }
        default ->
            throw error(what, "flush " + what.text + " is not known: use ruleset, table or chain");
      }
      endOfStatement();
    }

    void delete(Token at) {
      Token what = expectWord("table or chain after delete");
      String[] fn = familyAndName("a table name");
      String key = fn[0] + " " + fn[1];
      switch (what.text) {
        case "table" -> {
          if (tables.remove(key) == null && at.text.equals("delete")) {
            throw error(what, "table " + key + " does not exist: nothing to delete");
          }
        }
        case "chain" -> {
          Table tb = table(fn[0], fn[1], what, false);
          Token name = expectWord("a chain name");
          if (tb.chains.remove(name.text) == null && at.text.equals("delete")) {
            throw error(name, "chain " + key + " " + name.text + " does not exist");
          }
        }
        case "set" -> {
          Table tb = table(fn[0], fn[1], what, false);
          tb.sets.remove(expectWord("a set name").text);
        }
        default ->
            throw error(
                what, "delete " + what.text + " is not read: only delete table, chain and set are");
      }
      skipStatement();
      endOfStatement();
    }

    void add(Token at, boolean insert) {
      Token what = expectWord("table, chain, rule, set or element");
      switch (what.text) {
        case "table" -> {
          String[] fn = familyAndName("a table name");
          Table tb = table(fn[0], fn[1], at, true);
          if (peek().is("{")) {
            next();
            tableBody(tb);
          }
          endOfStatement();
        }
        case "chain" -> {
          String[] fn = familyAndName("a table name");
          Table tb = table(fn[0], fn[1], what, false);
          ChainState c = chain(tb, expectWord("a chain name"), true);
          if (peek().is("{")) {
            next();
            chainBody(tb, c);
          }
          endOfStatement();
        }
        case "rule" -> {
          String[] fn = familyAndName("a table name");
          Table tb = table(fn[0], fn[1], what, false);
          ChainState c = chain(tb, expectWord("a chain name"), false);
          if (peek().is("position") || peek().is("handle") || peek().is("index")) {
            next();
            expectWord("a number");
          }
          NftJsonParser.Located r = rule(tb, c, peek());
          if (insert) {
            c.rules.add(0, r);
          } else {
            c.rules.add(r);
          }
        }
        case "set", "map" -> {
          String[] fn = familyAndName("a table name");
          Table tb = table(fn[0], fn[1], what, false);
          Token name = expectWord("a set name");
          if (what.text.equals("set")) {
            setBlock(tb, name, at);
          } else {
            skipObject(what);
            tb.others.add(located(unreadMap(tb, name.text), what));
          }
          endOfStatement();
        }
        case "element" -> {
          String[] fn = familyAndName("a table name");
          Table tb = table(fn[0], fn[1], what, false);
          Token name = expectWord("a set name");
          ObjectNode set = tb.sets.get(name.text);
          JsonNode v = value();
          if (set != null) {
            ArrayNode elem = set.has("elem") ? (ArrayNode) set.get("elem") : set.putArray("elem");
            if (v.has("set")) {
              elem.addAll((ArrayNode) v.get("set"));
            } else {
              elem.add(v);
            }
          } else if (!tb.others.isEmpty()) {
            // an element of a map: maps are not read
          } else {
            throw error(name, "set " + name.text + " does not exist: declare it first");
          }
          endOfStatement();
        }
        default -> {
          // counter, quota, limit, flowtable, ct helper objects: they do not filter by themselves
          skipObject(what);
          endOfStatement();
        }
      }
    }

    // ---- rules ----

    /** Reads one rule (its first token already taken) up to the end of its line or statement. */
    NftJsonParser.Located rule(Table tb, ChainState c, Token start) {
      ArrayNode expr = F.arrayNode();
      ObjectNode r = F.objectNode();
      r.put("family", tb.family).put("table", tb.name).put("chain", c.decl.path("name").asText());
      while (!peek().isEnd() && !peek().is("}")) {
        statement(expr, r);
      }
      if (expr.isEmpty() && !r.has("comment")) {
        throw error(
            start, "the rule is empty: write matches and a verdict, e.g. tcp dport 22 accept");
      }
      endOfStatement();
      r.set("expr", expr);
      return new NftJsonParser.Located(
          F.objectNode().set("rule", r), start.line, start.column, "line " + start.line);
    }

    void statement(ArrayNode expr, ObjectNode rule) {
      int begin = p;
      try {
        statement(expr, rule, begin);
      } catch (InvalidInputException e) {
        // an expression this reader does not parse (bitwise operations, concatenations, maps):
        // nft accepted it, so it is kept as an unknown match, never a rejected file
        unknown(expr, begin);
      }
    }

    void statement(ArrayNode expr, ObjectNode rule, int begin) {
      Token tok = next();
      String w = tok.kind == Kind.STRING ? "\0" : tok.text;
      if (VERDICTS.contains(w)) {
        verdict(tok, expr);
        return;
      }
      switch (w) {
        case "counter" -> {
          ObjectNode o = F.objectNode();
          while (peek().is("packets") || peek().is("bytes")) {
            String k = next().text;
            Token n = expectWord("a number after " + k);
            if (!n.text.matches("\\d{1,18}")) {
              throw error(n, "counter " + k + " needs a number, found " + shown(n));
            }
            o.put(k, Long.parseLong(n.text));
          }
          if (peek().is("name")) {
            next();
            expectWord("a counter name");
          }
          expr.add(F.objectNode().set("counter", o.isEmpty() ? F.nullNode() : o));
          return;
        }
        case "log" -> {
          ObjectNode o = F.objectNode();
          while (Set.of("prefix", "level", "group", "snaplen", "queue-threshold", "flags")
              .contains(peek().text)) {
            String k = next().text;
            if (k.equals("flags")) {
              do {
                next();
              } while (peek().is(",") && next() != null);
            } else {
              o.put(k, expectWord("a value after " + k).text);
            }
          }
          expr.add(F.objectNode().set("log", o.isEmpty() ? F.nullNode() : o));
          return;
        }
        case "comment" -> {
          Token v = next();
          if (v.kind != Kind.STRING && v.kind != Kind.WORD) {
            throw error(v, "comment needs a quoted text");
          }
          rule.put("comment", v.text);
          return;
        }
        case "ct" -> {
          Token key = expectWord("a ct key");
          if (peek().is("set")) {
            next();
            JsonNode v = value();
            expr.add(mangle(F.objectNode().set("ct", F.objectNode().put("key", key.text)), v));
            return;
          }
          if (!Set.of("original", "reply", "count").contains(key.text)) {
            match(F.objectNode().set("ct", F.objectNode().put("key", key.text)), expr, begin);
            return;
          }
          unknown(expr, begin);
          return;
        }
        case "meta" -> {
          Token key = expectWord("a meta key");
          metaKey(key, expr, begin);
          return;
        }
        default -> {}
      }
      if (BARE_META.contains(w) && !PAYLOADS.contains(w)) {
        metaKey(tok, expr, begin);
        return;
      }
      if (PAYLOADS.contains(w) && peek().kind == Kind.WORD && !VERDICTS.contains(peek().text)) {
        Token field = next();
        if (peek().is(".")) {
          unknown(expr, begin);
          return;
        }
        ObjectNode left =
            F.objectNode()
                .set("payload", F.objectNode().put("protocol", tok.text).put("field", field.text));
        if (peek().is("set")) {
          next();
          expr.add(mangle(left, value()));
          return;
        }
        match(left, expr, begin);
        return;
      }
      unknown(expr, begin);
    }

    void metaKey(Token key, ArrayNode expr, int begin) {
      ObjectNode left = F.objectNode().set("meta", F.objectNode().put("key", key.text));
      if (peek().is("set")) {
        next();
        expr.add(mangle(left, value()));
        return;
      }
      match(left, expr, begin);
    }

    private static ObjectNode mangle(JsonNode key, JsonNode value) {
      ObjectNode m = F.objectNode();
      m.set("key", key);
      m.set("value", value);
      return F.objectNode().set("mangle", m);
    }

    /** {@code [op] VALUE} after a match's left side. */
    void match(JsonNode left, ArrayNode expr, int begin) {
      String op = "==";
      Token o = peek();
      if (o.kind == Kind.PUNCT && OPERATORS.contains(o.text) || o.is("eq") || o.is("ne")) {
        next();
        op =
            switch (o.text) {
              case "eq" -> "==";
              case "ne" -> "!=";
              default -> o.text;
            };
      }
      if (peek().is("map") || peek().is("vmap") || peek().isEnd() || peek().is("}")) {
        unknown(expr, begin);
        return;
      }
      JsonNode right = value();
      if (left.has("payload")
          && Set.of("dport", "sport").contains(left.get("payload").path("field").asText())) {
        right = services(right);
      }
      if (peek().is("map") || peek().is("vmap")) {
        unknown(expr, begin);
        return;
      }
      if (op.equals("==") && (right.has("set") || right.isArray())) {
        op = "in";
      } else if (op.equals("==") && right.isTextual() && right.asText().startsWith("@")) {
        // a named set, as nft -j writes it
        op = "==";
      } else if (op.equals("==") && right.isArray()) {
        op = "in";
      }
      ObjectNode m = F.objectNode();
      m.put("op", op);
      m.set("left", left);
      m.set("right", right);
      expr.add(F.objectNode().set("match", m));
    }

    private static boolean isStatementStart(Token tok) {
      return tok.kind == Kind.WORD
          && (VERDICTS.contains(tok.text)
              || Set.of("counter", "log", "comment").contains(tok.text));
    }

    /** Service names nft accepts for ports (from /etc/services), as numbers. */
    private static final Map<String, Integer> SERVICES =
        Map.ofEntries(
            Map.entry("ftp-data", 20),
            Map.entry("ftp", 21),
            Map.entry("ssh", 22),
            Map.entry("telnet", 23),
            Map.entry("smtp", 25),
            Map.entry("domain", 53),
            Map.entry("bootps", 67),
            Map.entry("bootpc", 68),
            Map.entry("tftp", 69),
            Map.entry("http", 80),
            Map.entry("pop3", 110),
            Map.entry("ntp", 123),
            Map.entry("imap2", 143),
            Map.entry("snmp", 161),
            Map.entry("ldap", 389),
            Map.entry("https", 443),
            Map.entry("microsoft-ds", 445),
            Map.entry("submission", 587),
            Map.entry("imaps", 993),
            Map.entry("pop3s", 995),
            Map.entry("ms-sql-s", 1433),
            Map.entry("ms-wbt-server", 3389),
            Map.entry("http-alt", 8080));

    private static JsonNode services(JsonNode v) {
      if (v.isTextual() && SERVICES.containsKey(v.asText())) {
        return F.numberNode(SERVICES.get(v.asText()));
      }
      if (v.isArray()) {
        ArrayNode a = F.arrayNode();
        v.forEach(x -> a.add(services(x)));
        return a;
      }
      if (v.has("set")) {
        return F.objectNode().set("set", services(v.get("set")));
      }
      if (v.has("range")) {
        return F.objectNode().set("range", services(v.get("range")));
      }
      return v;
    }

    /**
     * A value: a word, string, {@code @set}, anonymous set <code>{ a, b }</code> or a
     * comma-separated list ({@code established,related}).
     */
    JsonNode value() {
      JsonNode first = single();
      if (!peek().is(",")) {
        return first;
      }
      ArrayNode list = F.arrayNode();
      list.add(first);
      while (peek().is(",")) {
        next();
        list.add(single());
      }
      return list;
    }

    JsonNode single() {
      Token tok = next();
      if (tok.is("{")) {
        ArrayNode elems = F.arrayNode();
        while (true) {
          while (peek().kind == Kind.NEWLINE || peek().is(",")) {
            next();
          }
          if (peek().is("}")) {
            next();
            break;
          }
          if (peek().kind == Kind.EOF) {
            throw error(tok, "the set is not closed: add a }");
          }
          JsonNode e = single();
          if (peek().is(":")) {
            throw error(peek(), "a map element here: maps are written with map or vmap");
          }
          while (peek().kind == Kind.WORD
              && Set.of("timeout", "expires", "comment", "counter").contains(peek().text)) {
            next();
            if (!peek().is(",") && !peek().is("}") && peek().kind != Kind.NEWLINE) {
              next();
            }
          }
          if (e.has("set")) {
            elems.addAll((ArrayNode) e.get("set")); // a define of a set inside a set
          } else {
            elems.add(e);
          }
        }
        return F.objectNode().set("set", elems);
      }
      if (tok.is("@")) {
        Token name = expectWord("a set name after @");
        return F.textNode("@" + name.text);
      }
      if (tok.kind == Kind.STRING) {
        return F.textNode(tok.text);
      }
      if (tok.kind != Kind.WORD) {
        throw error(tok, "expected a value, found " + shown(tok));
      }
      return atom(tok.text);
    }

    /** A word as nft JSON: a number, a prefix, a range or a string. */
    static JsonNode atom(String w) {
      if (w.matches("\\d{1,9}")) {
        return F.numberNode(Integer.parseInt(w));
      }
      int slash = w.indexOf('/');
      if (slash > 0
          && w.substring(slash + 1).matches("\\d{1,3}")
          && w.matches("[0-9a-fA-F.:]+/\\d+")) {
        ObjectNode pfx = F.objectNode();
        pfx.put("addr", w.substring(0, slash)).put("len", Integer.parseInt(w.substring(slash + 1)));
        return F.objectNode().set("prefix", pfx);
      }
      int dash = w.indexOf('-', 1);
      if (dash > 0
          && (w.matches("\\d+-\\d+")
              || w.matches("[0-9.]+-[0-9.]+")
              || w.matches("[0-9a-fA-F:]+-[0-9a-fA-F:]+") && w.contains(":"))) {
        ArrayNode range = F.arrayNode();
        range.add(atom(w.substring(0, dash)));
        range.add(atom(w.substring(dash + 1)));
        return F.objectNode().set("range", range);
      }
      return F.textNode(w);
    }

    void verdict(Token tok, ArrayNode expr) {
      switch (tok.text) {
        case "jump", "goto" -> {
          Token target = expectWord("a chain name after " + tok.text);
          expr.add(F.objectNode().set(tok.text, F.objectNode().put("target", target.text)));
        }
        case "reject" -> {
          ObjectNode o = F.objectNode();
          if (peek().is("with")) {
            next();
            StringBuilder how = new StringBuilder();
            while (!peek().isEnd() && !peek().is("}") && !isStatementStart(peek())) {
              how.append(how.length() == 0 ? "" : " ").append(next().text);
            }
            o.put("type", how.toString());
          }
          expr.add(F.objectNode().set("reject", o.isEmpty() ? F.nullNode() : o));
        }
        case "queue" -> {
          int begin = p - 1;
          while (!peek().isEnd() && !peek().is("}") && !isStatementStart(peek())) {
            next();
          }
          p = begin;
          unknown(expr, p);
        }
        default -> expr.add(F.objectNode().set(tok.text, F.nullNode()));
      }
    }

    /**
     * Keeps the statement from {@code begin} to the next statement that is understood as one
     * unknown expression of the rule: the back end makes its flows UNKNOWN.
     */
    void unknown(ArrayNode expr, int begin) {
      p = begin;
      StringBuilder sb = new StringBuilder();
      int depth = 0;
      boolean firstTok = true;
      while (!peek().isEnd() || depth > 0) {
        Token tok = peek();
        if (tok.kind == Kind.EOF) {
          break;
        }
        if (depth == 0 && tok.is("}")) {
          break;
        }
        if (depth == 0
            && !firstTok
            && tok.kind == Kind.WORD
            && (VERDICTS.contains(tok.text)
                || Set.of("counter", "log", "comment").contains(tok.text))) {
          break;
        }
        next();
        if (tok.kind == Kind.NEWLINE) {
          continue;
        }
        if (tok.is("{")) {
          depth++;
        } else if (tok.is("}")) {
          depth--;
        }
        sb.append(sb.length() == 0 ? "" : " ")
            .append(tok.kind == Kind.STRING ? "\"" + tok.text + "\"" : tok.text);
        firstTok = false;
      }
      // the JSON back end keeps an expression it does not know as an unknown match; a verdict map
      // decides, as nft -j's {"vmap": ...} does
      String text = sb.toString();
      expr.add(F.objectNode().put(text.matches("(?s).*\\bvmap\\b.*") ? "vmap" : "nft", text));
    }
  }
}
