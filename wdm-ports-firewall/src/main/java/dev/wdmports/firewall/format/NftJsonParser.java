package dev.wdmports.firewall.format;

import com.fasterxml.jackson.databind.JsonNode;
import dev.wdmports.core.Cidr;
import dev.wdmports.core.InvalidInputException;
import dev.wdmports.core.PortRange;
import dev.wdmports.core.PortSet;
import dev.wdmports.core.Transport;
import dev.wdmports.core.internal.Node;
import dev.wdmports.core.internal.TextFiles;
import dev.wdmports.firewall.Action;
import dev.wdmports.firewall.AddressMatch;
import dev.wdmports.firewall.Chain;
import dev.wdmports.firewall.ChainPolicy;
import dev.wdmports.firewall.Hook;
import dev.wdmports.firewall.InterfaceMatch;
import dev.wdmports.firewall.IpFamily;
import dev.wdmports.firewall.PortMatch;
import dev.wdmports.firewall.Rule;
import dev.wdmports.firewall.StateMatch;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * Reads the JSON of {@code nft -j list ruleset}.
 *
 * <pre>{@code
 * FirewallPolicy p = NftJsonParser.parse(Files.readString(Path.of("ruleset.json")), "ruleset.json");
 * }</pre>
 *
 * <p>Tables of the families {@code ip}, {@code ip6}, {@code inet} and {@code netdev}; base chains
 * of type {@code filter} with hook, priority and policy (other types and families are skipped with
 * a note; {@code bridge} and {@code arp} tables do not filter routed IP traffic to the host); user
 * chains. An {@code ingress} or {@code egress} chain sees only the packets on its devices: a flow
 * whose interface is not known ({@code FirewallPolicy.withInterface}) and is not loopback is {@code
 * UNKNOWN} there. An {@code ip} or {@code ip6} match, or {@code meta nfproto}, restricts the rule
 * to that family; IPv4-mapped addresses ({@code ::ffff:10.0.0.1}) are IPv6. Port 0 and reversed
 * ranges match no flow. Understood expressions: {@code match} on {@code tcp|udp|th dport|sport},
 * {@code ip|ip6 saddr|daddr}, {@code meta l4proto}, {@code meta iif|iifname|oif|oifname}, {@code ct
 * state}, with {@code ==}, {@code !=}, {@code in}, anonymous sets, ranges and prefixes; verdicts
 * {@code accept}, {@code drop}, {@code reject}, {@code jump}, {@code goto}, {@code return}; {@code
 * counter}, {@code log} and {@code mangle} statements are ignored. Named sets and maps of the
 * document ({@code ip saddr @admins}, {@code ip saddr . tcp dport @svc}, {@code !=}) are resolved
 * when they hold IPv4/IPv6 addresses and services ({@code inet_service}), alone or concatenated; a
 * lookup of another set type, a dynamic set or a field other than addresses and ports is an unknown
 * match. Anything else ({@code meta mark}, {@code limit}, {@code xt} matches of iptables-nft) is
 * kept as an unknown match. nft JSON has no meaningful lines: a rule's location is its JSON line
 * and column plus its table, chain and handle.
 */
final class NftJsonParser {
  private static final Set<String> IGNORED =
      Set.of("counter", "log", "mangle", "comment", "continue");

  private NftJsonParser() {}

  /**
   * Parses {@code nft -j list ruleset} output.
   *
   * @param content the JSON
   * @param sourceName the name for messages
   * @return a first-match policy
   * @throws InvalidInputException naming the line and column of the first fault
   */
  static ChainPolicy parse(String content, String sourceName) {
    TextFiles.requireContent(content, sourceName, PolicyFormat.NFT_JSON.expected());
    String t = content.stripLeading();
    if (t.startsWith("table ") || t.startsWith("#!/usr/sbin/nft") || t.startsWith("flush ")) {
      throw Inputs.error(
          sourceName,
          1,
          1,
          "this is nftables text, not JSON: pass --policy-format nft, or export the ruleset with"
              + " nft -j list ruleset");
    }
    FormatSniffer.expect(content, sourceName, PolicyFormat.NFT_JSON);
    return new NftJsonParser.Run(sourceName).run(content);
  }

  /**
   * Builds the policy from nft JSON objects ({@code {"chain": ...}}, {@code {"rule": ...}}, ...),
   * each with its location: the back end shared with {@link NftTextParser}, which writes the text
   * grammar as these objects.
   */
  static ChainPolicy build(List<Located> objects, String sourceName) {
    return new NftJsonParser.Run(sourceName).build(objects);
  }

  private static final class Run {
    final String source;
    final ChainPolicy.Builder policy = ChainPolicy.builder();
    final Map<String, ChainDecl> chains = new LinkedHashMap<>();
    final Set<String> skippedChains = new LinkedHashSet<>();
    final Set<String> skippedFamilies = new LinkedHashSet<>();

    /** The family the current rule's {@code ip}/{@code ip6}/{@code meta nfproto} matches imply. */
    final Set<IpFamily> ruleFamilies = EnumSet.noneOf(IpFamily.class);

    boolean ruleHasAddress;
    final NamedSets sets = new NamedSets("define it in the same table (nft add set ...)");

    Run(String source) {
      this.source = source;
    }

    /**
     * Reads the document through the one located-tree reader, then hands each object of the {@code
     * nftables} array to the back end as a Jackson tree with the object's location: the back end is
     * written over Jackson nodes because {@link NftTextParser} builds its objects as those.
     */
    ChainPolicy run(String content) {
      Node root = Inputs.json(content, source, PolicyFormat.NFT_JSON);
      if (!(root instanceof Node.Obj top)) {
        throw root.error("expected a JSON object {\"nftables\": [...]}");
      }
      if (!(top.get("nftables") instanceof Node.Arr items)) {
        throw Inputs.error(
            source, 1, 1, "no \"nftables\" array: expected the JSON of nft -j list ruleset");
      }
      List<Located> objects = new ArrayList<>(items.items().size());
      for (Node n : items.items()) {
        objects.add(
            new Located(n.toJson(), n.line(), n.column(), "JSON " + n.line() + ":" + n.column()));
      }
      return build(objects);
    }

    ChainPolicy build(List<Located> objects) {
      for (Located o : objects) {
        if (o.node.has("chain")) {
          chain(o.node.get("chain"), o);
        } else if (o.node.has("set") || o.node.has("map")) {
          namedSet(o.node.has("set") ? o.node.get("set") : o.node.get("map"), o);
        }
      }
      for (Located o : objects) {
        if (o.node.has("rule")) {
          dynamicSets(o.node.get("rule"), o);
        }
      }
      for (Located o : objects) {
        if (o.node.has("rule")) {
          rule(o.node.get("rule"), o);
        }
      }
      for (ChainDecl c : chains.values()) {
        if (c.devices != null) {
          deviceChain(c);
          continue;
        }
        policy.chain(
            c.hook == null
                ? Chain.user(c.table, c.name, c.family, c.rules)
                : Chain.base(c.table, c.name, c.family, c.hook, c.priority, c.policy, c.rules));
      }
      policy.sourceName(source);
      return Inputs.build(source, policy::build);
    }

    /**
     * An ingress or egress chain sees only the packets on its devices. It becomes a base chain with
     * its hook, priority and policy whose rules send the packets of each device to a user chain
     * holding the real rules (by goto, so that the end of those rules is the base chain's policy),
     * and accept every other packet (this chain does not see them).
     */
    private void deviceChain(ChainDecl c) {
      // Only an ingress or egress chain has devices.
      List<String> devices = Objects.requireNonNull(c.devices, "devices of a device chain");
      Hook hook = Objects.requireNonNull(c.hook, "hook of a device chain");
      String rulesName = c.name + " (rules)";
      boolean in = hook == Hook.INGRESS;
      String where =
          "table " + c.table + ", chain " + c.name + " (hook " + (in ? "ingress" : "egress") + ")";
      List<Rule> entry = new ArrayList<>();
      // A chain that accepts by policy and whose rules only accept, continue or return cannot deny:
      // which devices it sees does not change a verdict.
      boolean cannotDeny =
          c.policy.equals(Action.ACCEPT)
              && c.rules.stream()
                  .allMatch(
                      r ->
                          r.action().equals(Action.ACCEPT)
                              || r.action().equals(Action.CONTINUE)
                              || r.action().equals(Action.RETURN));
      if (!c.devicesKnown && !cannotDeny) {
        // nft 1.0.6 lists no device in its JSON: any packet may be one the chain sees
        entry.add(
            Rule.builder()
                .action(Action.goTo(rulesName))
                .line(c.line)
                .label(where)
                .text("packets on the devices of " + c.name)
                .addUnknown(
                    "the devices of "
                        + (in ? "ingress" : "egress")
                        + " chain "
                        + c.name
                        + " (this nft -j list ruleset does not name them, as nftables 1.0.6 does not;"
                        + " newer versions do)")
                .build());
      }
      for (String dev : devices) {
        Rule.Builder b =
            Rule.builder()
                .action(Action.goTo(rulesName))
                .line(c.line)
                .label(where)
                .text(
                    "packets " + (in ? "arriving" : "leaving") + " on " + dev + " pass " + c.name);
        InterfaceMatch m = new InterfaceMatch(dev, false);
        entry.add((in ? b.inInterface(m) : b.outInterface(m)).build());
      }
      entry.add(
          Rule.builder()
              .action(Action.ACCEPT)
              .line(c.line)
              .label(where)
              .text(
                  "packets on other devices than "
                      + (devices.isEmpty() ? "(none)" : String.join(", ", devices))
                      + " do not pass "
                      + c.name)
              .build());
      policy.chain(Chain.base(c.table, c.name, c.family, hook, c.priority, c.policy, entry));
      policy.chain(Chain.user(c.table, rulesName, c.family, c.rules));
    }

    private InvalidInputException at(Located o, String detail) {
      return Inputs.error(source, o.line, o.column, detail);
    }

    private static @Nullable String text(JsonNode n, String field) {
      JsonNode v = n.get(field);
      return v == null || v.isNull() ? null : v.asText();
    }

    private @Nullable IpFamily family(@Nullable String f) {
      if (f == null) {
        return null;
      }
      switch (f) {
        case "ip":
          return IpFamily.IPV4;
        case "ip6":
          return IpFamily.IPV6;
        case "inet":
        case "netdev":
          return IpFamily.ANY;
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
      if (table.isBlank() || name.isBlank()) {
        // nft itself never lists one; the model's Chain refuses a blank name
        throw at(o, "a chain needs a table and a name that are not blank: " + c);
      }
      String key = fam + " " + table + " " + name;
      IpFamily family = family(fam);
      if (family == null) {
        skippedChains.add(key);
        if (skippedFamilies.add(fam)) {
          policy.note(
              "line "
                  + o.line
                  + ": chain "
                  + key
                  + " and the other chains of family "
                  + fam
                  + " skipped"
                  + (fam.equals("bridge") || fam.equals("arp")
                      ? " (" + fam + " tables do not filter routed IP traffic to or from the host)"
                      : " (family " + fam + " is not read)"));
        }
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
        if (h == Hook.INGRESS || h == Hook.EGRESS) {
          d.devices = new ArrayList<>();
          JsonNode dev = c.get("dev");
          if (dev != null && dev.isArray()) {
            dev.forEach(x -> d.devices.add(x.asText()));
          } else if (dev != null && dev.isTextual()) {
            d.devices.add(dev.asText());
          } else {
            d.devicesKnown = false;
          }
          d.line = o.line;
        }
      }
      chains.put(key, d);
    }

    private static @Nullable Hook hook(String h) {
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
        case "ingress":
          return Hook.INGRESS;
        case "egress":
          return Hook.EGRESS;
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
      String off = sign > 0 ? s.substring(sign) : "+0";
      if (!off.matches("[+-]\\d{1,9}")) {
        throw at(
            o,
            "chain priority \""
                + p.asText()
                + "\" has no whole-number offset: use e.g. filter + 10 or a number");
      }
      int offset = Integer.parseInt(off);
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
                      + ", "
                      + o.where);
      String comment = text(r, "comment");
      if (comment != null) {
        b.comment(comment);
      }
      JsonNode exprs = r.get("expr");
      List<String> words = new ArrayList<>();
      EnumSet<Transport> transports = EnumSet.allOf(Transport.class);
      ruleFamilies.clear();
      ruleHasAddress = false;
      lookups = new ArrayList<>();
      lookupScope = fam + " " + table;
      if (exprs != null) {
        for (JsonNode e : exprs) {
          transports.retainAll(expr(e, b, words, o));
        }
      }
      if (ruleFamilies.size() > 1) {
        transports.clear(); // ip and ip6 matches in one rule: no packet is both
      } else if (ruleFamilies.size() == 1 && !ruleHasAddress) {
        // An ip or ip6 match (ip6 nexthdr, meta nfproto ipv6) applies only to packets of that
        // family: in an inet table, "ip6 nexthdr tcp drop" never matches an IPv4 flow. An
        // address match of every address of the family says so, since a match of one family
        // never matches a packet of the other.
        b.source(
            AddressMatch.of(
                Cidr.parse(ruleFamilies.contains(IpFamily.IPV6) ? "::/0" : "0.0.0.0/0")));
      }
      b.transports(transports);
      b.text(String.join(" ", words));
      Rule built = b.build();
      d.rules.addAll(lookups.isEmpty() ? List.of(built) : sets.apply(built, lookups));
    }

    /** The set lookups of the rule being read, and its table's key prefix. */
    List<NamedSets.Lookup> lookups = new ArrayList<>();

    String lookupScope = "";

    /**
     * Marks the sets a rule adds to, updates or deletes from as packets pass ({@code add @seen { ip
     * saddr }}): what they hold when a flow arrives is not what the dump shows.
     */
    private void dynamicSets(JsonNode r, Located o) {
      JsonNode exprs = r.get("expr");
      if (exprs == null) {
        return;
      }
      for (JsonNode e : exprs) {
        JsonNode st = e.has("set") ? e.get("set") : e.has("map") ? e.get("map") : null;
        String target = st == null ? null : text(st, "set");
        if (st != null && st.has("op") && target != null && target.startsWith("@")) {
          String name = target.substring(1);
          sets.add(
              text(r, "family") + " " + text(r, "table") + " " + name,
              NamedSets.SetDef.unsupported(
                  name,
                  "JSON line " + o.line,
                  "set "
                      + name
                      + " is changed by the rule at JSON line "
                      + o.line
                      + " as packets pass"));
        }
      }
    }

    /** Reads a named set or map (its keys) of an ip, ip6 or inet table. */
    private void namedSet(JsonNode s, Located o) {
      String fam = text(s, "family");
      String table = text(s, "table");
      String name = text(s, "name");
      if (fam == null || table == null || name == null) {
        throw at(o, "a set needs family, table and name");
      }
      String where = "JSON line " + o.line;
      String key = fam + " " + table + " " + name;
      JsonNode type = s.get("type");
      List<String> types = new ArrayList<>();
      if (type != null && type.isArray()) {
        type.forEach(t -> types.add(t.asText()));
      } else if (type != null) {
        types.add(type.asText());
      }
      List<NamedSets.Kind> kinds = new ArrayList<>();
      for (String t : types) {
        if (t.equals("ipv4_addr") || t.equals("ipv6_addr")) {
          kinds.add(NamedSets.Kind.ADDRESS);
        } else if (t.equals("inet_service")) {
          kinds.add(NamedSets.Kind.PORT);
        } else {
          sets.add(
              key,
              NamedSets.SetDef.unsupported(
                  name, where, "set " + name + " holds " + String.join(" . ", types)));
          return;
        }
      }
      JsonNode flags = s.get("flags");
      if (flags != null) {
        for (JsonNode f : flags.isArray() ? flags : List.of(flags)) {
          if (f.asText().equals("dynamic")) {
            sets.add(
                key,
                NamedSets.SetDef.unsupported(
                    name, where, "set " + name + " is dynamic: rules change it as packets pass"));
            return;
          }
        }
      }
      List<List<NamedSets.Value>> elements = new ArrayList<>();
      JsonNode elems = s.get("elem");
      if (elems != null) {
        for (JsonNode e : elems) {
          JsonNode k = s.has("map") && e.isArray() ? e.get(0) : e;
          if (k != null && k.has("elem")) {
            k = k.get("elem").get("val");
          }
          if (k == null || (k.isTextual() && k.asText().equals("*"))) {
            sets.add(
                key,
                NamedSets.SetDef.unsupported(
                    name, where, "set " + name + " has a catch-all element"));
            return;
          }
          List<JsonNode> parts = new ArrayList<>();
          if (k.has("concat")) {
            k.get("concat").forEach(parts::add);
          } else {
            parts.add(k);
          }
          if (parts.size() != kinds.size()) {
            // nft accepted the document (a concatenation written without its parts, as the
            // nftables text reader gives it): the set stays unknown rather than the file refused
            sets.add(
                key,
                NamedSets.SetDef.unsupported(
                    name,
                    where,
                    "an element of set "
                        + name
                        + " has "
                        + parts.size()
                        + " part(s), its type "
                        + kinds.size()
                        + ": "
                        + e));
            return;
          }
          List<NamedSets.Value> values = new ArrayList<>();
          try {
            for (int i = 0; i < parts.size(); i++) {
              values.add(
                  kinds.get(i) == NamedSets.Kind.ADDRESS
                      ? NamedSets.Value.address(addressesOf(parts.get(i)))
                      : NamedSets.Value.port(
                          portsOf(parts.get(i), "=="), EnumSet.allOf(Transport.class)));
            }
          } catch (IllegalArgumentException | InvalidInputException ex) {
            // nft accepted the element; the model cannot represent it: the set stays unknown
            sets.add(
                key,
                NamedSets.SetDef.unsupported(
                    name,
                    where,
                    "set " + name + " has an element not modelled: " + ex.getMessage()));
            return;
          }
          elements.add(values);
        }
      }
      sets.add(
          key,
          new NamedSets.SetDef(
              name, where, kinds, elements, List.of(), java.util.Optional.empty()));
    }

    /** Records a lookup {@code left @name}; returns the transports the left side implies. */
    private Set<Transport> lookup(JsonNode left, String name, boolean neg, String text) {
      EnumSet<Transport> ts = EnumSet.allOf(Transport.class);
      List<JsonNode> parts = new ArrayList<>();
      if (left.has("concat")) {
        left.get("concat").forEach(parts::add);
      } else {
        parts.add(left);
      }
      List<NamedSets.Field> fields = new ArrayList<>();
      java.util.Optional<String> bad = java.util.Optional.empty();
      for (JsonNode p : parts) {
        JsonNode pl = p.get("payload");
        String proto = pl == null ? null : text(pl, "protocol");
        String field = pl == null ? null : text(pl, "field");
        if (pl != null && pl.has("tunnel")) {
          proto = null;
        }
        if (proto != null && proto.matches("ip|ip6") && "saddr".equals(field)) {
          fields.add(NamedSets.Field.SOURCE_ADDRESS);
        } else if (proto != null && proto.matches("ip|ip6") && "daddr".equals(field)) {
          fields.add(NamedSets.Field.DESTINATION_ADDRESS);
        } else if (proto != null && pl != null && isPortField(pl)) {
          fields.add(
              "dport".equals(field)
                  ? NamedSets.Field.DESTINATION_PORT
                  : NamedSets.Field.SOURCE_PORT);
          if (!proto.equals("th")) {
            ts.retainAll(EnumSet.of(proto.equals("tcp") ? Transport.TCP : Transport.UDP));
          }
        } else {
          bad = java.util.Optional.of("a lookup of " + render(p) + " is not modelled");
        }
      }
      lookups.add(new NamedSets.Lookup(lookupScope + " " + name, name, fields, neg, text, bad));
      return ts;
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
            if (target == null || target.isBlank()) {
              throw at(
                  o,
                  kind
                      + " needs a target chain, e.g. {\""
                      + kind
                      + "\": {\"target\": \"wdm\"}}: "
                      + e);
            }
            words.add(kind + " " + target);
            if (kind.equals("jump")) {
              b.action(Action.jump(target));
            } else {
              b.action(Action.goTo(target));
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
        case "vmap":
          {
            // a verdict map decides, with a verdict this model does not read: the rule stays
            // deciding (a stand-in action) and its unknown match makes what it decides UNKNOWN
            String raw = v.isTextual() ? v.asText() : e.toString();
            words.add(raw);
            b.addUnknown(raw + " (a verdict map)");
            b.action(Action.DROP);
            return all;
          }
        default:
          if (IGNORED.contains(kind)) {
            words.add(kind);
            return all;
          }
          // NftTextParser keeps a statement it does not model as {"nft": "its text"}
          String raw = kind.equals("nft") && v.isTextual() ? v.asText() : e.toString();
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
        b.addUnknownCondition(raw);
        return all;
      }
      if (right.isTextual() && right.asText().startsWith("@")) {
        return lookup(left, right.asText().substring(1), neg, words.get(words.size() - 1));
      }
      try {
        if (left.has("payload")) {
          JsonNode p = left.get("payload");
          String proto = text(p, "protocol");
          String field = text(p, "field");
          if (proto == null || field == null || p.has("tunnel")) {
            // A tunnel's inner header (nftables 1.1's "inner" payload) is not the flow's.
            b.addUnknownCondition(raw);
            return all;
          }
          if (proto.equals("ip")) {
            ruleFamilies.add(IpFamily.IPV4);
          } else if (proto.equals("ip6")) {
            ruleFamilies.add(IpFamily.IPV6);
          }
          if (isPortField(p)) {
            PortSet ports = portsOf(right, op);
            if (ports.isEmpty() && !neg) {
              return EnumSet.noneOf(Transport.class); // only port 0 or a reversed range
            }
            if (!ports.isEmpty()) {
              PortMatch pm = new PortMatch(ports, neg);
              if (field.equals("dport")) {
                b.destinationPorts(pm);
              } else {
                b.sourcePorts(pm);
              }
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
            ruleHasAddress = true;
            if (field.equals("saddr")) {
              b.source(am);
            } else {
              b.destination(am);
            }
            return all;
          }
          b.addUnknownCondition(raw);
          return impliedTransports(proto);
        }
        if (left.has("meta")) {
          String key = text(left.get("meta"), "key");
          if ("l4proto".equals(key)) {
            return l4(right, neg);
          }
          if ("nfproto".equals(key) && right.isTextual() && right.asText().matches("ipv4|ipv6")) {
            boolean v6 = right.asText().equals("ipv6") != neg;
            ruleFamilies.add(v6 ? IpFamily.IPV6 : IpFamily.IPV4);
            return all;
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
          b.addUnknownCondition(raw);
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
      b.addUnknownCondition(raw);
      return all;
    }

    /**
     * The transports a payload match on {@code proto} can see: nft adds the dependency {@code meta
     * l4proto PROTO} to a match on a transport header ({@code tcp flags}, {@code icmp type}), so
     * such a rule never matches another transport's flows even when its field is not understood.
     */
    private static Set<Transport> impliedTransports(String proto) {
      return switch (proto) {
        case "tcp" -> EnumSet.of(Transport.TCP);
        case "udp" -> EnumSet.of(Transport.UDP);
        case "icmp", "icmpv6", "sctp", "dccp", "udplite", "igmp", "ah", "esp", "comp", "gre" ->
            EnumSet.noneOf(Transport.class);
        default -> EnumSet.allOf(Transport.class);
      };
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
      if (p.has("tunnel")) {
        return false; // an inner (tunnelled) packet's port, not the flow's
      }
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

    /**
     * The ports 1..65535 a port match compares equal to. Port 0 is a valid number no flow has, and
     * a reversed range matches no port (the kernel compares {@code >= first && <= last}): the set
     * is empty when no port can match.
     */
    private static PortSet portsOf(JsonNode right, String op) {
      if (right.isNumber() && !op.equals("==") && !op.equals("!=") && !op.equals("in")) {
        int v = portOf(right);
        switch (op) {
          case "<":
            return between(0, v - 1);
          case "<=":
            return between(0, v);
          case ">":
            return between(v + 1, PortRange.MAX_PORT);
          case ">=":
            return between(v, PortRange.MAX_PORT);
          default:
            throw new IllegalArgumentException("operator " + op + " is not known");
        }
      }
      List<PortRange> out = new ArrayList<>();
      for (JsonNode x : elements(right)) {
        int first;
        int last;
        if (x.has("range")) {
          JsonNode r = x.get("range");
          first = portOf(pairItem(r, 0));
          last = portOf(pairItem(r, 1));
        } else {
          first = portOf(x);
          last = first;
        }
        out.addAll(between(first, last).ranges());
      }
      return out.isEmpty() ? PortSet.empty() : new PortSet(out);
    }

    private static PortSet between(int first, int last) {
      int f = Math.max(first, PortRange.MIN_PORT);
      return f > last ? PortSet.empty() : PortSet.of(PortRange.between(f, last));
    }

    /** A port number as a packet carries it, 0..65535. */
    private static int portOf(JsonNode n) {
      if (n.isNumber()) {
        long v = n.asLong();
        return v == 0 ? 0 : PortRange.checkPort(v);
      }
      return Inputs.wirePort(n.asText());
    }

    /**
     * Item {@code i} of a {@code range}, which nft writes as a pair {@code [FIRST, LAST]}; anything
     * else is an {@link IllegalArgumentException}, which the caller locates.
     */
    private static JsonNode pairItem(JsonNode range, int i) {
      if (!range.isArray() || range.size() != 2 || !range.get(i).isValueNode()) {
        throw new IllegalArgumentException(
            "a range needs two values [FIRST, LAST], e.g. [1000, 2000]: " + range);
      }
      return range.get(i);
    }

    private static List<Cidr> addressesOf(JsonNode right) {
      List<Cidr> out = new ArrayList<>();
      for (JsonNode x : elements(right)) {
        if (x.has("prefix")) {
          JsonNode p = x.get("prefix");
          JsonNode addr = p.get("addr");
          JsonNode len = p.get("len");
          if (addr == null || !addr.isTextual() || len == null || !len.canConvertToInt()) {
            throw new IllegalArgumentException(
                "a prefix needs a text addr and a number len, e.g. {\"addr\": \"10.0.0.0\","
                    + " \"len\": 8}: "
                    + x);
          }
          out.add(Cidr.parse(addr.asText() + "/" + len.asInt()));
        } else if (x.has("range")) {
          JsonNode r = x.get("range");
          String first = pairItem(r, 0).asText();
          String last = pairItem(r, 1).asText();
          out.addAll(Inputs.range(Cidr.parse(first), Cidr.parse(last), first + "-" + last));
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
        return (p.has("tunnel") ? text(p, "tunnel") + " " : "")
            + text(p, "protocol")
            + " "
            + text(p, "field");
      }
      if (left.has("meta")) {
        return "meta " + text(left.get("meta"), "key");
      }
      if (left.has("ct")) {
        return "ct " + text(left.get("ct"), "key");
      }
      if (left.has("concat") && left.get("concat").isArray()) {
        List<String> parts = new ArrayList<>();
        left.get("concat").forEach(x -> parts.add(x.isValueNode() ? x.asText() : render(x)));
        return String.join(" . ", parts);
      }
      return left.toString();
    }
  }

  /** One nft JSON object and where it was read: line, column and a label for messages. */
  static final class Located {
    final JsonNode node;
    final int line;
    final int column;
    final String where;

    Located(JsonNode node, int line, int column, String where) {
      this.node = node;
      this.line = line;
      this.column = column;
      this.where = where;
    }
  }

  private static final class ChainDecl {
    final String table;
    final String name;
    final IpFamily family;
    @Nullable Hook hook; // null: a chain without a hook (a user chain)
    int priority;
    Action policy = Action.ACCEPT;
    final List<Rule> rules = new ArrayList<>();

    /** The devices of an ingress or egress chain; null for other chains. */
    @Nullable List<String> devices;

    boolean devicesKnown = true;
    int line;

    ChainDecl(String table, String name, IpFamily family) {
      this.table = table;
      this.name = name;
      this.family = family;
    }
  }
}
