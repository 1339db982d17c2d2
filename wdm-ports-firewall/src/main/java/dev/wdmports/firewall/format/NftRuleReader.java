package dev.wdmports.firewall.format;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.wdmports.core.InvalidInputException;
import dev.wdmports.firewall.format.NftToken.Kind;
import java.util.Map;
import java.util.Set;

/**
 * Translates the statements of one nftables rule (matches, verdicts, counters, logs, mangles) and
 * the values they name into the nft JSON expressions that {@link NftJsonParser}'s back end reads.
 *
 * <p>A statement this reader does not model is kept as one unknown expression of its rule (its
 * text, under {@code "nft"}, or {@code "vmap"} for a verdict map) so that the back end makes its
 * flows UNKNOWN rather than the file being rejected. It reads from the cursor it shares with {@link
 * NftCommandParser}. Not thread-safe.
 */
final class NftRuleReader {
  private static final JsonNodeFactory F = JsonNodeFactory.instance;
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

  private final NftTokens in;

  NftRuleReader(NftTokens in) {
    this.in = in;
  }

  /** Reads one rule (its first token already taken) up to the end of its line or statement. */
  NftJsonParser.Located rule(String family, String table, String chain, NftToken start) {
    ArrayNode expr = F.arrayNode();
    ObjectNode r = F.objectNode();
    r.put("family", family).put("table", table).put("chain", chain);
    while (!in.peek().isEnd() && !in.peek().is("}")) {
      statement(expr, r);
    }
    if (expr.isEmpty() && !r.has("comment")) {
      throw in.error(
          start, "the rule is empty: write matches and a verdict, e.g. tcp dport 22 accept");
    }
    in.endOfStatement();
    r.set("expr", expr);
    return new NftJsonParser.Located(
        F.objectNode().set("rule", r), start.line(), start.column(), "line " + start.line());
  }

  private void statement(ArrayNode expr, ObjectNode rule) {
    int begin = in.position();
    try {
      statement(expr, rule, begin);
    } catch (InvalidInputException e) {
      // an expression this reader does not parse (bitwise operations, concatenations, maps):
      // nft accepted it, so it is kept as an unknown match, never a rejected file
      unknown(expr, begin);
    }
  }

  private void statement(ArrayNode expr, ObjectNode rule, int begin) {
    NftToken tok = in.next();
    String w = tok.kind() == Kind.STRING ? "\0" : tok.text();
    if (VERDICTS.contains(w)) {
      verdict(tok, expr);
      return;
    }
    switch (w) {
      case "counter" -> {
        ObjectNode o = F.objectNode();
        while (in.peek().is("packets") || in.peek().is("bytes")) {
          String k = in.next().text();
          NftToken n = in.expectWord("a number after " + k);
          if (!n.text().matches("\\d{1,18}")) {
            throw in.error(n, "counter " + k + " needs a number, found " + NftTokens.shown(n));
          }
          o.put(k, Long.parseLong(n.text()));
        }
        if (in.peek().is("name")) {
          in.next();
          in.expectWord("a counter name");
        }
        expr.add(F.objectNode().set("counter", o.isEmpty() ? F.nullNode() : o));
        return;
      }
      case "log" -> {
        ObjectNode o = F.objectNode();
        while (Set.of("prefix", "level", "group", "snaplen", "queue-threshold", "flags")
            .contains(in.peek().text())) {
          String k = in.next().text();
          if (k.equals("flags")) {
            do {
              in.next();
            } while (in.peek().is(",") && in.next() != null);
          } else {
            o.put(k, in.expectWord("a value after " + k).text());
          }
        }
        expr.add(F.objectNode().set("log", o.isEmpty() ? F.nullNode() : o));
        return;
      }
      case "comment" -> {
        NftToken v = in.next();
        if (v.kind() != Kind.STRING && v.kind() != Kind.WORD) {
          throw in.error(v, "comment needs a quoted text");
        }
        rule.put("comment", v.text());
        return;
      }
      case "ct" -> {
        NftToken key = in.expectWord("a ct key");
        if (in.peek().is("set")) {
          in.next();
          JsonNode v = value();
          expr.add(mangle(F.objectNode().set("ct", F.objectNode().put("key", key.text())), v));
          return;
        }
        if (!Set.of("original", "reply", "count").contains(key.text())) {
          match(F.objectNode().set("ct", F.objectNode().put("key", key.text())), expr, begin);
          return;
        }
        unknown(expr, begin);
        return;
      }
      case "meta" -> {
        NftToken key = in.expectWord("a meta key");
        metaKey(key, expr, begin);
        return;
      }
      default -> {}
    }
    if (BARE_META.contains(w) && !PAYLOADS.contains(w)) {
      metaKey(tok, expr, begin);
      return;
    }
    if (PAYLOADS.contains(w)
        && in.peek().kind() == Kind.WORD
        && !VERDICTS.contains(in.peek().text())) {
      NftToken field = in.next();
      if (in.peek().is(".")) {
        unknown(expr, begin);
        return;
      }
      ObjectNode left =
          F.objectNode()
              .set(
                  "payload", F.objectNode().put("protocol", tok.text()).put("field", field.text()));
      if (in.peek().is("set")) {
        in.next();
        expr.add(mangle(left, value()));
        return;
      }
      match(left, expr, begin);
      return;
    }
    unknown(expr, begin);
  }

  private void metaKey(NftToken key, ArrayNode expr, int begin) {
    ObjectNode left = F.objectNode().set("meta", F.objectNode().put("key", key.text()));
    if (in.peek().is("set")) {
      in.next();
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
  private void match(JsonNode left, ArrayNode expr, int begin) {
    String op = "==";
    NftToken o = in.peek();
    if (o.kind() == Kind.PUNCT && OPERATORS.contains(o.text()) || o.is("eq") || o.is("ne")) {
      in.next();
      op =
          switch (o.text()) {
            case "eq" -> "==";
            case "ne" -> "!=";
            default -> o.text();
          };
    }
    if (in.peek().is("map") || in.peek().is("vmap") || in.peek().isEnd() || in.peek().is("}")) {
      unknown(expr, begin);
      return;
    }
    JsonNode right = value();
    if (left.has("payload")
        && Set.of("dport", "sport").contains(left.get("payload").path("field").asText())) {
      right = services(right);
    }
    if (in.peek().is("map") || in.peek().is("vmap")) {
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

  private static boolean isStatementStart(NftToken tok) {
    return tok.kind() == Kind.WORD
        && (VERDICTS.contains(tok.text())
            || Set.of("counter", "log", "comment").contains(tok.text()));
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
   * A value: a word, string, {@code @set}, anonymous set <code>{ a, b }</code> or a comma-separated
   * list ({@code established,related}).
   */
  JsonNode value() {
    JsonNode first = single();
    if (!in.peek().is(",")) {
      return first;
    }
    ArrayNode list = F.arrayNode();
    list.add(first);
    while (in.peek().is(",")) {
      in.next();
      list.add(single());
    }
    return list;
  }

  private JsonNode single() {
    NftToken tok = in.next();
    if (tok.is("{")) {
      ArrayNode elems = F.arrayNode();
      while (true) {
        while (in.peek().kind() == Kind.NEWLINE || in.peek().is(",")) {
          in.next();
        }
        if (in.peek().is("}")) {
          in.next();
          break;
        }
        if (in.peek().kind() == Kind.EOF) {
          throw in.error(tok, "the set is not closed: add a }");
        }
        JsonNode e = single();
        if (in.peek().is(":")) {
          throw in.error(in.peek(), "a map element here: maps are written with map or vmap");
        }
        while (in.peek().kind() == Kind.WORD
            && Set.of("timeout", "expires", "comment", "counter").contains(in.peek().text())) {
          in.next();
          if (!in.peek().is(",") && !in.peek().is("}") && in.peek().kind() != Kind.NEWLINE) {
            in.next();
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
      NftToken name = in.expectWord("a set name after @");
      return F.textNode("@" + name.text());
    }
    if (tok.kind() == Kind.STRING) {
      return F.textNode(tok.text());
    }
    if (tok.kind() != Kind.WORD) {
      throw in.error(tok, "expected a value, found " + NftTokens.shown(tok));
    }
    return atom(tok.text());
  }

  /** A word as nft JSON: a number, a prefix, a range or a string. */
  private static JsonNode atom(String w) {
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

  private void verdict(NftToken tok, ArrayNode expr) {
    switch (tok.text()) {
      case "jump", "goto" -> {
        NftToken target = in.expectWord("a chain name after " + tok.text());
        expr.add(F.objectNode().set(tok.text(), F.objectNode().put("target", target.text())));
      }
      case "reject" -> {
        ObjectNode o = F.objectNode();
        if (in.peek().is("with")) {
          in.next();
          StringBuilder how = new StringBuilder();
          while (!in.peek().isEnd() && !in.peek().is("}") && !isStatementStart(in.peek())) {
            how.append(how.length() == 0 ? "" : " ").append(in.next().text());
          }
          o.put("type", how.toString());
        }
        expr.add(F.objectNode().set("reject", o.isEmpty() ? F.nullNode() : o));
      }
      case "queue" -> {
        int begin = in.position() - 1;
        while (!in.peek().isEnd() && !in.peek().is("}") && !isStatementStart(in.peek())) {
          in.next();
        }
        in.rewind(begin);
        unknown(expr, in.position());
      }
      default -> expr.add(F.objectNode().set(tok.text(), F.nullNode()));
    }
  }

  /**
   * Keeps the statement from {@code begin} to the next statement that is understood as one unknown
   * expression of the rule: the back end makes its flows UNKNOWN.
   */
  private void unknown(ArrayNode expr, int begin) {
    in.rewind(begin);
    StringBuilder sb = new StringBuilder();
    int depth = 0;
    boolean firstTok = true;
    while (!in.peek().isEnd() || depth > 0) {
      NftToken tok = in.peek();
      if (tok.kind() == Kind.EOF) {
        break;
      }
      if (depth == 0 && tok.is("}")) {
        break;
      }
      if (depth == 0
          && !firstTok
          && tok.kind() == Kind.WORD
          && (VERDICTS.contains(tok.text())
              || Set.of("counter", "log", "comment").contains(tok.text()))) {
        break;
      }
      in.next();
      if (tok.kind() == Kind.NEWLINE) {
        continue;
      }
      if (tok.is("{")) {
        depth++;
      } else if (tok.is("}")) {
        depth--;
      }
      sb.append(sb.length() == 0 ? "" : " ")
          .append(tok.kind() == Kind.STRING ? "\"" + tok.text() + "\"" : tok.text());
      firstTok = false;
    }
    // the JSON back end keeps an expression it does not know as an unknown match; a verdict map
    // decides, as nft -j's {"vmap": ...} does
    String text = sb.toString();
    expr.add(F.objectNode().put(text.matches("(?s).*\\bvmap\\b.*") ? "vmap" : "nft", text));
  }
}
