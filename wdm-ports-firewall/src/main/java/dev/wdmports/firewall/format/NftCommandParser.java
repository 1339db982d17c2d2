package dev.wdmports.firewall.format;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.wdmports.firewall.format.NftRuleset.ChainState;
import dev.wdmports.firewall.format.NftRuleset.Table;
import dev.wdmports.firewall.format.NftToken.Kind;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * Reads the commands and blocks of nftables text ({@code table}, {@code chain} and {@code set}
 * blocks, {@code add|create|insert|delete|flush} commands, chain specs and policies) into an {@link
 * NftRuleset}, handing each rule to an {@link NftRuleReader}.
 *
 * <p>It reads tokens whose defines are already expanded ({@link NftDefines}). Not thread-safe: one
 * instance reads one text once.
 */
final class NftCommandParser {
  private static final JsonNodeFactory F = JsonNodeFactory.instance;
  private static final Set<String> FAMILIES =
      Set.of("ip", "ip6", "inet", "arp", "bridge", "netdev");

  private final NftTokens in;
  private final NftRuleset ruleset;
  private final NftRuleReader ruleReader;

  NftCommandParser(NftTokens in, NftRuleset ruleset) {
    this.in = in;
    this.ruleset = ruleset;
    this.ruleReader = new NftRuleReader(in);
  }

  /** Reads every command up to the end of the file. */
  void file() {
    while (true) {
      in.skipSeparators();
      NftToken tok = in.peek();
      if (tok.kind() == Kind.EOF) {
        return;
      }
      command();
    }
  }

  /** What an {@code include} is told: its file is not read, and what to give instead. */
  static String includeNotRead(NftToken file) {
    return "include "
        + (file.kind() == Kind.STRING ? "\"" + file.text() + "\"" : file.text())
        + " is not read: inline the included file here, or pass the output of nft"
        + " list ruleset (it has no includes)";
  }

  private void command() {
    NftToken tok = in.next();
    switch (tok.text()) {
      case "include" -> throw in.error(tok, includeNotRead(in.peek()));
      case "table" -> tableBlock(tok);
      case "flush" -> flush(tok);
      case "add", "create" -> add(tok, false);
      case "insert" -> add(tok, true);
      case "delete", "destroy" -> delete(tok);
      case "list", "monitor", "describe", "export", "import", "reset", "rename", "replace" ->
          throw in.error(
              tok,
              "\""
                  + tok.text()
                  + "\" is not a ruleset statement: keep the tables, chains, sets and rules only");
      default -> {
        if (tok.kind() == Kind.WORD && tok.text().equals("chain") || tok.text().equals("set")) {
          throw in.error(
              tok, tok.text() + " outside a table: put it inside table FAMILY NAME { ... }");
        }
        throw in.error(
            tok,
            "unexpected "
                + NftTokens.shown(tok)
                + ": expected table, add, insert, delete, flush, define or include");
      }
    }
  }

  /** Reads {@code [FAMILY] NAME}; the family defaults to ip, as in nft. */
  private String[] familyAndName(String what) {
    NftToken a = in.expectWord(what);
    if (FAMILIES.contains(a.text())
        && (in.peek().kind() == Kind.WORD || in.peek().kind() == Kind.STRING)) {
      return new String[] {a.text(), in.expectWord(what).text()};
    }
    return new String[] {"ip", a.text()};
  }

  private void tableBlock(NftToken at) {
    String[] fn = familyAndName("a table name");
    Table tb = ruleset.table(fn[0], fn[1], at, true);
    in.expect("{");
    tableBody(tb);
  }

  /** Reads a table's body up to and including its closing brace. */
  private void tableBody(Table tb) {
    while (true) {
      in.skipSeparators();
      NftToken tok = in.next();
      if (tok.is("}")) {
        return;
      }
      switch (tok.text()) {
        case "chain" -> {
          ChainState c = ruleset.chain(tb, in.expectWord("a chain name"), true);
          if (in.peek().is("{")) {
            in.next();
            chainBody(tb, c);
          }
        }
        case "set" -> setBlock(tb, in.expectWord("a set name"), tok);
        case "map" -> {
          String name = in.peek().text();
          skipObject(tok);
          tb.others.add(NftRuleset.located(NftRuleset.unreadMap(tb, name), tok));
        }
        case "flowtable", "counter", "quota", "ct", "limit", "secmark", "synproxy" -> {
          skipObject(tok);
          tb.others.add(
              NftRuleset.located(
                  F.objectNode()
                      .set(
                          tok.text(),
                          F.objectNode().put("family", tb.family).put("table", tb.name)),
                  tok));
        }
        case "flags", "comment" -> in.skipStatement();
        default -> {
          if (tok.kind() == Kind.EOF) {
            throw in.error(tb.at, "table " + tb.family + " " + tb.name + " is not closed: add a }");
          }
          throw in.error(
              tok,
              "unexpected "
                  + NftTokens.shown(tok)
                  + " in table "
                  + tb.name
                  + ": expected chain or set");
        }
      }
    }
  }

  /** Skips a named object declaration: its name and an optional brace block. */
  private void skipObject(NftToken at) {
    while (!in.peek().is("{") && !in.peek().isEnd()) {
      in.next();
    }
    if (in.peek().is("{")) {
      in.next();
      in.skipBlock(at);
    }
  }

  /** Reads a chain's body up to and including its closing brace. */
  private void chainBody(Table tb, ChainState c) {
    while (true) {
      in.skipSeparators();
      NftToken tok = in.peek();
      if (tok.is("}")) {
        in.next();
        return;
      }
      if (tok.kind() == Kind.EOF) {
        throw in.error(c.at, "chain " + c.decl.path("name").asText() + " is not closed: add a }");
      }
      if (tok.is("type") && in.peek(1).kind() == Kind.WORD && chainSpecFollows()) {
        in.next();
        chainSpec(c);
      } else if (tok.is("policy")) {
        in.next();
        NftToken v = in.expectWord("accept or drop after policy");
        if (!v.text().equals("accept") && !v.text().equals("drop")) {
          throw in.error(v, "policy \"" + v.text() + "\" is not known: use accept or drop");
        }
        c.decl.put("policy", v.text());
        in.endOfStatement();
      } else if (tok.is("comment") && in.peek(1).kind() == Kind.STRING) {
        in.next();
        in.next();
        in.endOfStatement();
      } else if (tok.is("devices") || tok.is("device")) {
        in.skipStatement();
      } else {
        c.rules.add(ruleReader.rule(tb.family, tb.name, c.decl.path("name").asText(), tok));
      }
    }
  }

  private boolean chainSpecFollows() {
    for (int k = 1; k < 4; k++) {
      if (in.peek(k).is("hook")) {
        return true;
      }
    }
    return false;
  }

  /** {@code type filter hook input [device D] priority P} (after "type"). */
  private void chainSpec(ChainState c) {
    c.decl.put("type", in.expectWord("a chain type").text());
    NftToken hook = in.next();
    if (!hook.is("hook")) {
      throw in.error(hook, "expected hook after the chain type, found " + NftTokens.shown(hook));
    }
    c.decl.put("hook", in.expectWord("a hook name").text());
    if (in.peek().is("device")) {
      in.next();
      c.decl.put("dev", in.expectWord("a device name").text());
    } else if (in.peek().is("devices")) {
      in.next();
      in.expect("=");
      if (in.peek().is("{")) {
        in.next();
        in.skipBlock(c.at);
      }
    }
    if (in.peek().is("priority")) {
      NftToken at = in.next();
      StringBuilder prio = new StringBuilder();
      NftToken first = in.peek();
      while (!in.peek().isEnd() && !in.peek().is("}")) {
        prio.append(in.next().text());
      }
      if (prio.length() == 0) {
        throw in.error(at, "priority needs a value: a number, or filter, raw, mangle (+ n)");
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
        throw in.error(
            first,
            "chain priority \""
                + v
                + "\" is not known: use a number or filter, raw, mangle, dstnat, security,"
                + " srcnat (+ n)");
      }
    }
    in.endOfStatement();
  }

  private void setBlock(Table tb, NftToken name, NftToken at) {
    ObjectNode set = F.objectNode();
    set.put("family", tb.family).put("name", name.text()).put("table", tb.name);
    set.put("_line", at.line()).put("_column", at.column());
    tb.sets.put(name.text(), set);
    in.expect("{");
    while (true) {
      in.skipSeparators();
      NftToken tok = in.next();
      if (tok.is("}")) {
        return;
      }
      switch (tok.text()) {
        case "type", "typeof" -> {
          List<String> parts = new ArrayList<>();
          StringBuilder cur = new StringBuilder();
          while (!in.peek().isEnd() && !in.peek().is("}")) {
            NftToken x = in.next();
            if (x.is(".")) {
              parts.add(cur.toString());
              cur.setLength(0);
            } else {
              cur.append(cur.length() == 0 ? "" : " ").append(x.text());
            }
          }
          parts.add(cur.toString());
          List<String> types = new ArrayList<>();
          for (String part : parts) {
            types.add(tok.text().equals("typeof") ? typeOf(part) : part);
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
          while (!in.peek().isEnd() && !in.peek().is("}")) {
            NftToken x = in.next();
            if (!x.is(",")) {
              flags.add(x.text());
            }
          }
        }
        case "elements" -> {
          in.expect("=");
          NftToken open = in.peek();
          JsonNode v = ruleReader.value();
          ArrayNode elem = set.has("elem") ? (ArrayNode) set.get("elem") : set.putArray("elem");
          if (v.has("set")) {
            elem.addAll((ArrayNode) v.get("set"));
          } else if (open.is("{")) {
            elem.add(v);
          } else {
            throw in.error(open, "elements = needs a { ... } list");
          }
        }
        default -> {
          if (tok.kind() == Kind.EOF) {
            throw in.error(at, "set " + name.text() + " is not closed: add a }");
          }
          // timeout, size, policy, auto-merge, counter, comment, gc-interval: no effect on
          // matching
          in.skipStatement();
        }
      }
      in.endOfStatement();
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

  private void flush(NftToken at) {
    NftToken what = in.expectWord("ruleset, table or chain after flush");
    switch (what.text()) {
      case "ruleset" -> {
        if (in.peek().kind() == Kind.WORD && FAMILIES.contains(in.peek().text())) {
          String fam = in.next().text();
          ruleset.clear(fam);
        } else {
          ruleset.clear();
        }
      }
      case "table" -> {
        String[] fn = familyAndName("a table name");
        Table tb = ruleset.table(fn[0], fn[1], what, false);
        tb.chains.values().forEach(c -> c.rules.clear());
      }
      case "chain" -> {
        String[] fn = familyAndName("a table name");
        Table tb = ruleset.table(fn[0], fn[1], what, false);
        ruleset.chain(tb, in.expectWord("a chain name"), false).rules.clear();
      }
      case "set" -> {
        String[] fn = familyAndName("a table name");
        Table tb = ruleset.table(fn[0], fn[1], what, false);
        ObjectNode set = tb.sets.get(in.expectWord("a set name").text());
        if (set != null) {
          set.remove("elem");
        }
      }
      default ->
          throw in.error(
              what, "flush " + what.text() + " is not known: use ruleset, table or chain");
    }
    in.endOfStatement();
  }

  private void delete(NftToken at) {
    NftToken what = in.expectWord("table or chain after delete");
    String[] fn = familyAndName("a table name");
    String key = fn[0] + " " + fn[1];
    switch (what.text()) {
      case "table" -> {
        if (!ruleset.remove(fn[0], fn[1]) && at.text().equals("delete")) {
          throw in.error(what, "table " + key + " does not exist: nothing to delete");
        }
      }
      case "chain" -> {
        Table tb = ruleset.table(fn[0], fn[1], what, false);
        NftToken name = in.expectWord("a chain name");
        if (tb.chains.remove(name.text()) == null && at.text().equals("delete")) {
          throw in.error(name, "chain " + key + " " + name.text() + " does not exist");
        }
      }
      case "set" -> {
        Table tb = ruleset.table(fn[0], fn[1], what, false);
        tb.sets.remove(in.expectWord("a set name").text());
      }
      default ->
          throw in.error(
              what, "delete " + what.text() + " is not read: only delete table, chain and set are");
    }
    in.skipStatement();
    in.endOfStatement();
  }

  private void add(NftToken at, boolean insert) {
    NftToken what = in.expectWord("table, chain, rule, set or element");
    switch (what.text()) {
      case "table" -> {
        String[] fn = familyAndName("a table name");
        Table tb = ruleset.table(fn[0], fn[1], at, true);
        if (in.peek().is("{")) {
          in.next();
          tableBody(tb);
        }
        in.endOfStatement();
      }
      case "chain" -> {
        String[] fn = familyAndName("a table name");
        Table tb = ruleset.table(fn[0], fn[1], what, false);
        ChainState c = ruleset.chain(tb, in.expectWord("a chain name"), true);
        if (in.peek().is("{")) {
          in.next();
          chainBody(tb, c);
        }
        in.endOfStatement();
      }
      case "rule" -> {
        String[] fn = familyAndName("a table name");
        Table tb = ruleset.table(fn[0], fn[1], what, false);
        ChainState c = ruleset.chain(tb, in.expectWord("a chain name"), false);
        if (in.peek().is("position") || in.peek().is("handle") || in.peek().is("index")) {
          in.next();
          in.expectWord("a number");
        }
        NftJsonParser.Located r =
            ruleReader.rule(tb.family, tb.name, c.decl.path("name").asText(), in.peek());
        if (insert) {
          c.rules.add(0, r);
        } else {
          c.rules.add(r);
        }
      }
      case "set", "map" -> {
        String[] fn = familyAndName("a table name");
        Table tb = ruleset.table(fn[0], fn[1], what, false);
        NftToken name = in.expectWord("a set name");
        if (what.text().equals("set")) {
          setBlock(tb, name, at);
        } else {
          skipObject(what);
          tb.others.add(NftRuleset.located(NftRuleset.unreadMap(tb, name.text()), what));
        }
        in.endOfStatement();
      }
      case "element" -> {
        String[] fn = familyAndName("a table name");
        Table tb = ruleset.table(fn[0], fn[1], what, false);
        NftToken name = in.expectWord("a set name");
        ObjectNode set = tb.sets.get(name.text());
        JsonNode v = ruleReader.value();
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
          throw in.error(name, "set " + name.text() + " does not exist: declare it first");
        }
        in.endOfStatement();
      }
      default -> {
        // counter, quota, limit, flowtable, ct helper objects: they do not filter by themselves
        skipObject(what);
        in.endOfStatement();
      }
    }
  }
}
