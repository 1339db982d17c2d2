package dev.wdmports.core.firewall.format;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.wdmports.core.Cidr;
import dev.wdmports.core.InvalidInputException;
import dev.wdmports.core.PortRange;
import dev.wdmports.core.PortSet;
import dev.wdmports.core.Transport;
import dev.wdmports.core.firewall.Action;
import dev.wdmports.core.firewall.AddressMatch;
import dev.wdmports.core.firewall.Chain;
import dev.wdmports.core.firewall.Family;
import dev.wdmports.core.firewall.FirewallPolicy;
import dev.wdmports.core.firewall.Hook;
import dev.wdmports.core.firewall.InterfaceMatch;
import dev.wdmports.core.firewall.PortMatch;
import dev.wdmports.core.firewall.Rule;
import dev.wdmports.core.firewall.Semantics;
import dev.wdmports.core.firewall.StateMatch;
import java.io.IOException;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Reads the JSON of {@code nft -j list ruleset}.
 *
 * <pre>{@code
 * FirewallPolicy p = NftJsonParser.parse(Files.readString(Path.of("ruleset.json")), "ruleset.json");
 * }</pre>
 *
 * <p>Tables of the families {@code ip}, {@code ip6} and {@code inet}; base chains of type {@code
 * filter} with hook, priority and policy (other hooks, types and families are skipped with a note);
 * user chains. Understood expressions: {@code match} on {@code tcp|udp|th dport|sport}, {@code
 * ip|ip6 saddr|daddr}, {@code meta l4proto}, {@code meta iif|iifname|oif|oifname}, {@code ct
 * state}, with {@code ==}, {@code !=}, {@code in}, anonymous sets, ranges and prefixes; verdicts
 * {@code accept}, {@code drop}, {@code reject}, {@code jump}, {@code goto}, {@code return}; {@code
 * counter}, {@code log} and {@code mangle} statements are ignored. Anything else (named sets,
 * {@code meta mark}, {@code limit}, {@code xt} matches of iptables-nft) is kept as an unknown
 * match. nft JSON has no meaningful lines: a rule's location is its JSON line and column plus its
 * table, chain and handle.
 */
public final class NftJsonParser {
  private static final ObjectMapper MAPPER = new ObjectMapper();
  private static final Set<String> IGNORED = Set.of("counter", "log", "mangle", "comment");

  private NftJsonParser() {}

  /**
   * Parses {@code nft -j list ruleset} output.
   *
   * @param content the JSON
   * @param sourceName the name for messages
   * @return a first-match policy
   * @throws InvalidInputException naming the line and column of the first fault
   */
  public static FirewallPolicy parse(String content, String sourceName) {
    if (content.isBlank()) {
      throw Inputs.error(
          sourceName, 1, 1, "the file is empty: expected the JSON of nft -j list ruleset");
    }
    String t = content.stripLeading();
    if (t.startsWith("table ") || t.startsWith("#!/usr/sbin/nft") || t.startsWith("flush ")) {
      throw Inputs.error(
          sourceName,
          1,
          1,
          "this is nftables text, not JSON: export the ruleset with nft -j list ruleset");
    }
    FormatSniffer.expect(content, sourceName, PolicyFormat.NFT_JSON);
    return new NftJsonParser.Run(sourceName).run(content);
  }

  private static final class Run {
    final String source;
    final FirewallPolicy.Builder policy = FirewallPolicy.builder(Semantics.FIRST_MATCH);
    final Map<String, ChainDecl> chains = new LinkedHashMap<>();
    final Set<String> skippedChains = new LinkedHashSet<>();

    Run(String source) {
      this.source = source;
    }

    FirewallPolicy run(String content) {
      List<Located> objects = new ArrayList<>();
      try (JsonParser p = MAPPER.createParser(content)) {
        if (p.nextToken() != JsonToken.START_OBJECT) {
          throw at(p.currentTokenLocation(), "expected a JSON object {\"nftables\": [...]}");
        }
        boolean found = false;
        while (p.nextToken() == JsonToken.FIELD_NAME) {
          String name = p.currentName();
          JsonToken v = p.nextToken();
          if (name.equals("nftables") && v == JsonToken.START_ARRAY) {
            found = true;
            while (p.nextToken() != JsonToken.END_ARRAY) {
              JsonLocation loc = p.currentTokenLocation();
              JsonNode node = p.readValueAsTree();
              objects.add(new Located(node, loc.getLineNr(), loc.getColumnNr()));
            }
          } else {
            p.skipChildren();
          }
        }
        if (!found) {
          throw Inputs.error(
              source, 1, 1, "no \"nftables\" array: expected the JSON of nft -j list ruleset");
        }
      } catch (JsonProcessingException e) {
        throw Inputs.malformedJson(source, e);
      } catch (IOException e) {
        throw new AssertionError(e);
      }
      for (Located o : objects) {
        if (o.node.has("chain")) {
          chain(o.node.get("chain"), o);
        }
      }
      for (Located o : objects) {
        if (o.node.has("rule")) {
          rule(o.node.get("rule"), o);
        } else if (o.node.has("set") || o.node.has("map")) {
          policy.note(
              "line "
                  + o.line
                  + ": named sets and maps are not read; rules that use them are unknown");
        }
      }
      for (ChainDecl c : chains.values()) {
        policy.chain(
            c.hook == null
                ? Chain.user(c.table, c.name, c.family, c.rules)
                : Chain.base(c.table, c.name, c.family, c.hook, c.priority, c.policy, c.rules));
      }
      policy.sourceName(source);
      return Inputs.build(source, policy::build);
    }

    private InvalidInputException at(JsonLocation loc, String detail) {
      return Inputs.error(source, loc.getLineNr(), loc.getColumnNr(), detail);
    }

    private InvalidInputException at(Located o, String detail) {
      return Inputs.error(source, o.line, o.column, detail);
    }

    private static String text(JsonNode n, String field) {
      JsonNode v = n.get(field);
      return v == null || v.isNull() ? null : v.asText();
    }

    private Family family(String f) {
      if (f == null) {
        return null;
      }
      switch (f) {
        case "ip":
          return Family.IPV4;
        case "ip6":
          return Family.IPV6;
        case "inet":
          return Family.ANY;
        default:
          return null;
      }
    }

    private void chain(JsonNode c, Located o) {
      String fam = text(c, "family");
      String table = text(c, "table");
      String name = text(c, "name");
      if (fam == null || table == null || name == null) {
        throw at(o, "a chain needs family, table and name");
      }
      String key = fam + " " + table + " " + name;
      Family family = family(fam);
      if (family == null) {
        skippedChains.add(key);
        policy.note(
            "line " + o.line + ": chain " + key + " skipped (family " + fam + " is not read)");
        return;
      }
      ChainDecl d = new ChainDecl(fam + " " + table, name, family);
      String hook = text(c, "hook");
      if (hook != null) {
        String type = text(c, "type");
        Hook h = hook(hook);
        if ((type != null && !type.equals("filter")) || h == null) {
          skippedChains.add(key);
          policy.note(
              "line "
                  + o.line
                  + ": chain "
                  + key
                  + " skipped (type "
                  + type
                  + ", hook "
                  + hook
                  + " does not filter flows to or from the host)");
          return;
        }
        d.hook = h;
        d.priority = priority(c.get("prio"), o);
        String pol = text(c, "policy");
        d.policy = "drop".equals(pol) ? Action.DROP : Action.ACCEPT;
      }
      chains.put(key, d);
    }

    private static Hook hook(String h) {
      switch (h) {
        case "prerouting":
          return Hook.PREROUTING;
        case "input":
          return Hook.INPUT;
        case "forward":
          return Hook.FORWARD;
        case "output":
          return Hook.OUTPUT;
        case "postrouting":
          return Hook.POSTROUTING;
        default:
          return null;
      }
    }

    private int priority(JsonNode p, Located o) {
      if (p == null || p.isNull()) {
        return 0;
      }
      if (p.isNumber()) {
        return p.asInt();
      }
      String s = p.asText().replace(" ", "");
      int sign = s.indexOf('+') > 0 ? s.indexOf('+') : s.indexOf('-', 1);
      String base = sign > 0 ? s.substring(0, sign) : s;
      int offset = sign > 0 ? Integer.parseInt(s.substring(sign)) : 0;
      Map<String, Integer> named =
          Map.of(
              "raw",
              -300,
              "mangle",
              -150,
              "dstnat",
              -100,
              "filter",
              0,
              "security",
              50,
              "srcnat",
              100);
      Integer v = named.get(base);
      if (v == null) {
        throw at(o, "chain priority \"" + p.asText() + "\" is not known: use a number or filter");
      }
      return v + offset;
    }

    private void rule(JsonNode r, Located o) {
      String fam = text(r, "family");
      String table = text(r, "table");
      String chain = text(r, "chain");
      String key = fam + " " + table + " " + chain;
      if (skippedChains.contains(key)) {
        return;
      }
      ChainDecl d = chains.get(key);
      if (d == null) {
        throw at(o, "rule of chain " + key + " comes before or without its chain");
      }
      String handle = text(r, "handle");
      Rule.Builder b =
          Rule.builder()
              .line(o.line)
              .label(
                  "table "
                      + fam
                      + " "
                      + table
                      + ", chain "
                      + chain
                      + (handle == null ? "" : ", handle " + handle)
                      + ", JSON "
                      + o.line
                      + ":"
                      + o.column);
      String comment = text(r, "comment");
      if (comment != null) {
        b.comment(comment);
      }
      JsonNode exprs = r.get("expr");
      List<String> words = new ArrayList<>();
      EnumSet<Transport> transports = EnumSet.allOf(Transport.class);
      if (exprs != null) {
        for (JsonNode e : exprs) {
          transports.retainAll(expr(e, b, words, o));
        }
      }
      b.transports(transports);
      b.text(String.join(" ", words));
      d.rules.add(b.build());
    }

    /** Applies one expression; returns the transports it allows. */
    private Set<Transport> expr(JsonNode e, Rule.Builder b, List<String> words, Located o) {
      EnumSet<Transport> all = EnumSet.allOf(Transport.class);
      String kind = e.fieldNames().hasNext() ? e.fieldNames().next() : "";
      JsonNode v = e.get(kind);
      switch (kind) {
        case "match":
          return match(v, b, words, o);
        case "accept":
          words.add("accept");
          b.action(Action.ACCEPT);
          return all;
        case "drop":
          words.add("drop");
          b.action(Action.DROP);
          return all;
        case "reject":
          words.add("reject");
          b.action(Action.REJECT);
          return all;
        case "return":
          words.add("return");
          b.action(Action.RETURN);
          return all;
        case "jump":
        case "goto":
          {
            String target = text(v, "target");
            words.add(kind + " " + target);
            if (kind.equals("jump")) {
              b.jump(target);
            } else {
              b.goTo(target);
            }
            return all;
          }
        case "xt":
          {
            // iptables-nft rules listed by nft: the extension's options are not in the JSON.
            String type = text(v, "type");
            String name = text(v, "name");
            words.add("xt " + type + " " + name);
            if ("match".equals(type) && "comment".equals(name)) {
              return all;
            }
            if ("target".equals(type) && ("LOG".equals(name) || "NFLOG".equals(name))) {
              return all;
            }
            if ("target".equals(type) && "REJECT".equals(name)) {
              b.action(Action.REJECT);
              return all;
            }
            b.addUnknown(
                "xt "
                    + type
                    + " "
                    + name
                    + " (an iptables-nft extension; nft -j does not show its"
                    + " options: read this host with iptables-save)");
            return all;
          }
        default:
          if (IGNORED.contains(kind)) {
            words.add(kind);
            return all;
          }
          String raw = e.toString();
          words.add(raw);
          b.addUnknown(raw);
          return all;
      }
    }

    private Set<Transport> match(JsonNode m, Rule.Builder b, List<String> words, Located o) {
      EnumSet<Transport> all = EnumSet.allOf(Transport.class);
      String op = text(m, "op");
      JsonNode left = m.get("left");
      JsonNode right = m.get("right");
      String raw = "{\"match\":" + m + "}";
      words.add(
          render(left)
              + (op == null || op.equals("==") || op.equals("in") ? "" : " " + op)
              + " "
              + value(right));
      if (op == null || left == null || right == null) {
        throw at(o, "a match needs op, left and right: " + raw);
      }
      boolean neg = op.equals("!=");
      boolean eq = op.equals("==") || op.equals("in");
      if (!neg && !eq && !(left.has("payload") && isPortField(left.get("payload")))) {
        b.addUnknown(raw);
        return all;
      }
      if (right.isTextual() && right.asText().startsWith("@")) {
        b.addUnknown(raw);
        return all;
      }
      try {
        if (left.has("payload")) {
          JsonNode p = left.get("payload");
          String proto = text(p, "protocol");
          String field = text(p, "field");
          if (proto == null || field == null) {
            b.addUnknown(raw);
            return all;
          }
          if (isPortField(p)) {
            PortSet ports = portsOf(right, op);
            PortMatch pm = new PortMatch(ports, neg);
            if (field.equals("dport")) {
              b.destinationPorts(pm);
            } else {
              b.sourcePorts(pm);
            }
            if (proto.equals("tcp")) {
              return EnumSet.of(Transport.TCP);
            }
            return proto.equals("udp") ? EnumSet.of(Transport.UDP) : all;
          }
          if ((proto.equals("ip") && field.equals("protocol"))
              || (proto.equals("ip6") && field.equals("nexthdr"))) {
            return l4(right, neg);
          }
          if ((proto.equals("ip") || proto.equals("ip6"))
              && (field.equals("saddr") || field.equals("daddr"))) {
            AddressMatch am = new AddressMatch(addressesOf(right), neg);
            if (field.equals("saddr")) {
              b.source(am);
            } else {
              b.destination(am);
            }
            return all;
          }
          b.addUnknown(raw);
          return all;
        }
        if (left.has("meta")) {
          String key = text(left.get("meta"), "key");
          if ("l4proto".equals(key)) {
            return l4(right, neg);
          }
          if (key != null && key.matches("iif|iifname|oif|oifname") && right.isTextual()) {
            InterfaceMatch im = new InterfaceMatch(right.asText(), neg);
            if (key.startsWith("i")) {
              b.inInterface(im);
            } else {
              b.outInterface(im);
            }
            return all;
          }
          b.addUnknown(raw);
          return all;
        }
        if (left.has("ct") && "state".equals(text(left.get("ct"), "key"))) {
          Set<String> states = new LinkedHashSet<>();
          for (JsonNode x : elements(right)) {
            states.add(x.asText());
          }
          b.state(new StateMatch(states, neg));
          return all;
        }
      } catch (IllegalArgumentException | InvalidInputException ex) {
        throw Inputs.error(source, o.line, o.column, ex.getMessage() + " in " + raw, ex);
      }
      b.addUnknown(raw);
      return all;
    }

    private static Set<Transport> l4(JsonNode right, boolean neg) {
      EnumSet<Transport> s = EnumSet.noneOf(Transport.class);
      for (JsonNode x : elements(right)) {
        String t = x.asText().toLowerCase(Locale.ROOT);
        if (t.equals("tcp") || t.equals("6")) {
          s.add(Transport.TCP);
        } else if (t.equals("udp") || t.equals("17")) {
          s.add(Transport.UDP);
        }
      }
      if (neg) {
        EnumSet<Transport> c = EnumSet.allOf(Transport.class);
        c.removeAll(s);
        return c;
      }
      return s;
    }

    private static boolean isPortField(JsonNode p) {
      String proto = text(p, "protocol");
      String field = text(p, "field");
      return proto != null
          && proto.matches("tcp|udp|th")
          && ("dport".equals(field) || "sport".equals(field));
    }

    private static List<JsonNode> elements(JsonNode right) {
      List<JsonNode> out = new ArrayList<>();
      JsonNode r = right.has("set") ? right.get("set") : right;
      if (r.isArray()) {
        r.forEach(out::add);
      } else {
        out.add(r);
      }
      return out;
    }

    private static PortSet portsOf(JsonNode right, String op) {
      if (right.isNumber() && !op.equals("==") && !op.equals("!=") && !op.equals("in")) {
        int v = right.asInt();
        switch (op) {
          case "<":
            return PortSet.of(PortRange.between(1, v - 1));
          case "<=":
            return PortSet.of(PortRange.between(1, v));
          case ">":
            return PortSet.of(PortRange.between(v + 1, 65535));
          case ">=":
            return PortSet.of(PortRange.between(v, 65535));
          default:
            throw new IllegalArgumentException("operator " + op + " is not known");
        }
      }
      List<PortRange> out = new ArrayList<>();
      for (JsonNode x : elements(right)) {
        if (x.has("range")) {
          JsonNode r = x.get("range");
          out.add(PortRange.between(portOf(r.get(0)), portOf(r.get(1))));
        } else {
          out.add(PortRange.of(portOf(x)));
        }
      }
      return new PortSet(out);
    }

    private static int portOf(JsonNode n) {
      if (n.isNumber()) {
        long v = n.asLong();
        return v == 0 ? 1 : PortRange.checkPort(v);
      }
      return PortRange.parsePort(n.asText());
    }

    private static List<Cidr> addressesOf(JsonNode right) {
      List<Cidr> out = new ArrayList<>();
      for (JsonNode x : elements(right)) {
        if (x.has("prefix")) {
          JsonNode p = x.get("prefix");
          out.add(Cidr.parse(p.get("addr").asText() + "/" + p.get("len").asInt()));
        } else if (x.has("range")) {
          JsonNode r = x.get("range");
          String t = r.get(0).asText() + "-" + r.get(1).asText();
          out.addAll(Inputs.range(Cidr.parse(r.get(0).asText()), Cidr.parse(r.get(1).asText()), t));
        } else {
          out.add(Cidr.parse(x.asText()));
        }
      }
      return out;
    }

    /**
     * Writes a value as nft does: {@code 10.0.0.0/8}, {@code 1000-2000}, <code>{ 22, 80 }</code>.
     */
    private static String value(JsonNode v) {
      if (v == null) {
        return "";
      }
      if (v.has("prefix")) {
        JsonNode p = v.get("prefix");
        return p.path("addr").asText() + "/" + p.path("len").asText();
      }
      if (v.has("range") && v.get("range").size() == 2) {
        return value(v.get("range").get(0)) + "-" + value(v.get("range").get(1));
      }
      if (v.has("set") || v.isArray()) {
        List<String> parts = new ArrayList<>();
        (v.has("set") ? v.get("set") : v).forEach(x -> parts.add(value(x)));
        return v.isArray() ? String.join(",", parts) : "{ " + String.join(", ", parts) + " }";
      }
      return v.isValueNode() ? v.asText() : v.toString();
    }

    private static String render(JsonNode left) {
      if (left == null) {
        return "";
      }
      if (left.has("payload")) {
        JsonNode p = left.get("payload");
        return text(p, "protocol") + " " + text(p, "field");
      }
      if (left.has("meta")) {
        return "meta " + text(left.get("meta"), "key");
      }
      if (left.has("ct")) {
        return "ct " + text(left.get("ct"), "key");
      }
      return left.toString();
    }
  }

  private static final class Located {
    final JsonNode node;
    final int line;
    final int column;

    Located(JsonNode node, int line, int column) {
      this.node = node;
      this.line = line;
      this.column = column;
    }
  }

  private static final class ChainDecl {
    final String table;
    final String name;
    final Family family;
    Hook hook;
    int priority;
    Action policy = Action.ACCEPT;
    final List<Rule> rules = new ArrayList<>();

    ChainDecl(String table, String name, Family family) {
      this.table = table;
      this.name = name;
      this.family = family;
    }
  }
}
