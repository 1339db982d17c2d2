package dev.wdmports.firewall.format;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.wdmports.core.InvalidInputException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The tables, chains, named sets and rules that nftables text has declared so far, and their list
 * as the located objects of {@code nft -j list ruleset} for {@link NftJsonParser}'s back end.
 *
 * <p>{@link NftCommandParser} adds to it, looks up and removes as the commands say; {@link
 * #objects} checks that every jump and goto names a chain of its table. Not thread-safe.
 */
final class NftRuleset {
  private static final JsonNodeFactory F = JsonNodeFactory.instance;

  private final String source;
  private final Map<String, Table> tables = new LinkedHashMap<>();

  /**
   * @param source the name for messages
   */
  NftRuleset(String source) {
    this.source = source;
  }

  /** A table and what it declares, in the order {@code nft} would list them. */
  static final class Table {
    final String family;
    final String name;
    final Map<String, ChainState> chains = new LinkedHashMap<>();
    final Map<String, ObjectNode> sets = new LinkedHashMap<>();
    final List<NftJsonParser.Located> others = new ArrayList<>();
    final NftToken at;

    Table(String family, String name, NftToken at) {
      this.family = family;
      this.name = name;
      this.at = at;
    }
  }

  /** A chain: its declaration as nft JSON (name, hook, priority, policy) and its rules in order. */
  static final class ChainState {
    final ObjectNode decl;
    final NftToken at;
    final List<NftJsonParser.Located> rules = new ArrayList<>();

    ChainState(ObjectNode decl, NftToken at) {
      this.decl = decl;
      this.at = at;
    }
  }

  /**
   * The objects in the order {@code nft -j list ruleset} writes them: per table, the table, its
   * chains, its sets, its other objects, then the rules of each chain.
   *
   * @throws InvalidInputException for a jump or goto to a chain its table does not have
   */
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

  /** An object at a token's place. */
  static NftJsonParser.Located located(JsonNode n, NftToken at) {
    return new NftJsonParser.Located(n, at.line(), at.column(), "line " + at.line());
  }

  /**
   * The table {@code family name}, declared now if {@code create}.
   *
   * @throws InvalidInputException if it does not exist and {@code create} is false
   */
  Table table(String family, String name, NftToken at, boolean create) {
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

  /**
   * The chain {@code name} of a table, declared now if {@code create}.
   *
   * @throws InvalidInputException if it does not exist and {@code create} is false
   */
  ChainState chain(Table tb, NftToken name, boolean create) {
    ChainState c = tb.chains.get(name.text());
    if (c == null) {
      if (!create) {
        throw error(
            name,
            "chain "
                + tb.family
                + " "
                + tb.name
                + " "
                + name.text()
                + " does not exist: declare it first (add chain ...)");
      }
      ObjectNode d = F.objectNode();
      d.put("family", tb.family).put("table", tb.name).put("name", name.text());
      c = new ChainState(d, name);
      tb.chains.put(name.text(), c);
    }
    return c;
  }

  /** Removes every table ({@code flush ruleset}). */
  void clear() {
    tables.clear();
  }

  /** Removes the tables of one family ({@code flush ruleset FAMILY}). */
  void clear(String family) {
    tables.values().removeIf(tb -> tb.family.equals(family));
  }

  /** Removes a table; whether it existed. */
  boolean remove(String family, String name) {
    return tables.remove(family + " " + name) != null;
  }

  /**
   * A map whose elements are not read from text: the shared back end keeps lookups of it unknown,
   * by name, rather than reading an empty map.
   */
  static ObjectNode unreadMap(Table tb, String name) {
    return F.objectNode()
        .set(
            "map",
            F.objectNode()
                .put("family", tb.family)
                .put("table", tb.name)
                .put("name", name)
                .put("type", "elements the nft text reader does not read"));
  }

  private InvalidInputException error(NftToken at, String detail) {
    return Inputs.error(source, at.line(), at.column(), detail);
  }
}
