package dev.wdmports.core.catalog;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.wdmports.core.Component;
import dev.wdmports.core.Ids;
import dev.wdmports.core.Operation;
import dev.wdmports.core.PortRule;
import dev.wdmports.core.PortSet;
import dev.wdmports.core.Protocol;
import dev.wdmports.core.Provenance;
import dev.wdmports.core.Requirement;
import dev.wdmports.core.Transport;
import dev.wdmports.core.internal.Bind;
import dev.wdmports.core.internal.Messages;
import dev.wdmports.core.internal.Node;
import dev.wdmports.core.internal.PointedException;
import dev.wdmports.core.internal.Writers;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import org.jspecify.annotations.Nullable;

/**
 * Binds a located tree to a {@link Catalog} and back. The file format is documented in the README.
 */
final class CatalogCodec {
  static final Set<String> TOP =
      Set.of("name", "version", "extends", "components", "protocols", "rules", "operations");
  static final Set<String> COMPONENT = Set.of("id", "name", "description");
  static final Set<String> PROTOCOL = Set.of("id", "name", "transport", "defaultPorts");
  static final Set<String> RULE =
      Set.of(
          "id",
          "from",
          "to",
          "protocol",
          "transport",
          "ports",
          "defaultPort",
          "portChoice",
          "configurable",
          "function",
          "provenance");
  static final Set<String> OPERATION =
      Set.of("id", "name", "kind", "description", "requires", "provenance");
  static final Set<String> PROVENANCE = Set.of("kind", "evidence");
  static final Set<String> REQUIREMENT = Set.of("rule", "anyOf", "channel");
  static final Set<String> CHANNEL = Set.of("http", "https");

  private CatalogCodec() {}

  /**
   * Merges an extending document into its base: list entries with the same id are patched field by
   * field.
   */
  static Node merge(Node base, Node overlay) {
    Node.Obj b = base.asObject("the base catalog");
    Node.Obj o = overlay.asObject("the catalog");
    Map<String, Node> fields = new LinkedHashMap<>(b.fields());
    for (Map.Entry<String, Node> e : o.fields().entrySet()) {
      String key = e.getKey();
      if (key.equals("extends")) {
        continue;
      }
      Node old = fields.get(key);
      if (old instanceof Node.Arr oldList && e.getValue() instanceof Node.Arr newList) {
        fields.put(key, mergeById(oldList, newList));
      } else {
        fields.put(key, e.getValue());
      }
    }
    fields.remove("extends");
    return Node.Obj.of(o, fields);
  }

  private static Node mergeById(Node.Arr base, Node.Arr overlay) {
    Map<String, Node> byId = new LinkedHashMap<>();
    List<Node> anonymous = new ArrayList<>();
    for (Node n : base.items()) {
      byId.put(idOf(n), n);
    }
    for (Node n : overlay.items()) {
      String id = idOf(n);
      Node old = id == null ? null : byId.get(id);
      if (old instanceof Node.Obj oldObj && n instanceof Node.Obj newObj) {
        Map<String, Node> patched = new LinkedHashMap<>(oldObj.fields());
        patched.putAll(newObj.fields());
        byId.put(id, Node.Obj.of(newObj, patched));
      } else if (id != null && !byId.containsKey(id)) {
        byId.put(id, n);
      } else {
        anonymous.add(n);
      }
    }
    List<Node> items = new ArrayList<>(byId.values());
    items.addAll(anonymous);
    return Node.Arr.of(overlay, items);
  }

  private static @Nullable String idOf(Node n) {
    if (n instanceof Node.Obj o
        && o.get("id") instanceof Node.Scalar s
        && s.type() == Node.Scalar.Type.STRING) {
      return s.text();
    }
    return null;
  }

  static Catalog read(Node root) {
    Node.Obj top = root.asObject("a catalog");
    top.checkKnown("the catalog", TOP);
    Catalog.Builder b = Catalog.builder();
    // The builder's checks (a blank name) are located at the value, as every other field's are.
    Node name = top.require("name", "the catalog");
    Bind.at(name, () -> b.name(name.asString("name")));
    Node version = top.get("version");
    if (version != null) {
      Bind.at(version, () -> b.version(version.asText("version")));
    }
    List<Component> components = list(top, "components", CatalogCodec::component);
    List<Protocol> protocols = list(top, "protocols", CatalogCodec::protocol);
    Map<String, Transport> transports = new LinkedHashMap<>();
    protocols.forEach(p -> transports.putIfAbsent(p.id(), p.transport()));
    List<PortRule> rules = list(top, "rules", n -> rule(n, transports));
    List<Operation> operations = list(top, "operations", CatalogCodec::operation);
    b.addRaw(components, protocols, rules, operations);
    try {
      return b.build();
    } catch (PointedException e) {
      throw root.find(e.pointer()).error(Messages.of(e), e);
    }
  }

  private static <T> List<T> list(Node.Obj top, String key, Function<Node, T> item) {
    List<T> out = new ArrayList<>();
    Node n = top.get(key);
    if (n == null) {
      return out;
    }
    for (Node i : n.asList(key).items()) {
      out.add(item.apply(i));
    }
    return out;
  }

  private static String id(Node.Obj o, String what) {
    Node n = o.require("id", what);
    return Bind.at(n, () -> Ids.check(what, n.asString(what + " id")));
  }

  private static String str(Node.Obj o, String key, String what, String fallback) {
    Node n = o.get(key);
    if (n == null) {
      if (fallback == null) {
        throw o.error(what + " has no \"" + key + "\": add it");
      }
      return fallback;
    }
    return n.asString(what + " " + key);
  }

  private static Component component(Node n) {
    Node.Obj o = n.asObject("a component");
    String id = id(o, "component");
    o.checkKnown("component " + id, COMPONENT);
    return Bind.at(
        o,
        () ->
            new Component(
                id, str(o, "name", "component " + id, id), str(o, "description", "", "")));
  }

  private static Protocol protocol(Node n) {
    Node.Obj o = n.asObject("a protocol");
    String id = id(o, "protocol");
    o.checkKnown("protocol " + id, PROTOCOL);
    Node t = o.require("transport", "protocol " + id);
    Transport transport = Bind.at(t, () -> Transport.parse(t.asString("transport")));
    Node defaultPorts = o.get("defaultPorts");
    PortSet ports =
        defaultPorts != null ? Bind.ports(defaultPorts, "defaultPorts") : PortSet.empty();
    return Bind.at(
        o, () -> new Protocol(id, str(o, "name", "protocol " + id, id), transport, ports));
  }

  private static Provenance provenance(Node.Obj owner) {
    Node n = owner.get("provenance");
    if (n == null) {
      return Provenance.user();
    }
    Node.Obj o = n.asObject("provenance");
    o.checkKnown("provenance", PROVENANCE);
    Node k = o.require("kind", "provenance");
    Provenance.Kind kind = Bind.at(k, () -> Provenance.Kind.parse(k.asString("provenance kind")));
    String evidence = str(o, "evidence", "provenance", "");
    return Bind.at(o, () -> new Provenance(kind, evidence));
  }

  private static PortRule rule(Node n, Map<String, Transport> transports) {
    Node.Obj o = n.asObject("a rule");
    String id = id(o, "rule");
    String what = "rule " + id;
    o.checkKnown(what, RULE);
    Node fromNode = o.require("from", what);
    String from = Bind.at(fromNode, () -> Ids.check("component", fromNode.asString("from")));
    Node toNode = o.require("to", what);
    String to = Bind.at(toNode, () -> Ids.check("component", toNode.asString("to")));
    Node protoNode = o.require("protocol", what);
    String protocol =
        Bind.at(protoNode, () -> Ids.check("protocol", protoNode.asString("protocol")));
    PortSet ports = Bind.ports(o.require("ports", what), "ports");
    int defaultPort;
    Node defaultPortNode = o.get("defaultPort");
    if (defaultPortNode != null) {
      defaultPort = Bind.port(defaultPortNode, "defaultPort");
    } else if (!ports.isEmpty() && ports.size() == 1) {
      defaultPort = ports.first();
    } else {
      throw o.error(
          what
              + " lists ports "
              + ports
              + " but no \"defaultPort\": add the port used when a deployment does not choose");
    }
    Node pc = o.get("portChoice");
    Optional<String> choice =
        pc == null || pc.isNull() ? Optional.empty() : Optional.of(pc.asString("portChoice"));
    Node configurableNode = o.get("configurable");
    boolean configurable = configurableNode != null && configurableNode.asBoolean("configurable");
    Node t = o.get("transport");
    if (t != null) {
      Transport given = Bind.at(t, () -> Transport.parse(t.asString("transport")));
      Transport actual = transports.get(protocol);
      if (actual != null && actual != given) {
        throw t.error(
            what
                + " says transport "
                + given.id()
                + " but protocol "
                + protocol
                + " runs on "
                + actual.id()
                + ": remove transport or fix it");
      }
    }
    String function = str(o, "function", what, "");
    Provenance provenance = provenance(o);
    return Bind.at(
        o,
        () ->
            new PortRule(
                id,
                from,
                to,
                protocol,
                ports,
                defaultPort,
                choice,
                configurable,
                function,
                provenance));
  }

  private static Operation operation(Node n) {
    Node.Obj o = n.asObject("an operation");
    String id = id(o, "operation");
    String what = "operation " + id;
    o.checkKnown(what, OPERATION);
    Node k = o.require("kind", what);
    Operation.Kind kind = Bind.at(k, () -> Operation.Kind.parse(k.asString("kind")));
    List<Requirement> requires = new ArrayList<>();
    for (Node r : o.require("requires", what).asList("requires").items()) {
      requires.add(requirement(r));
    }
    Provenance provenance = provenance(o);
    return Bind.at(
        o,
        () ->
            new Operation(
                id,
                str(o, "name", what, id),
                kind,
                str(o, "description", what, ""),
                requires,
                provenance));
  }

  private static Requirement requirement(Node n) {
    if (n instanceof Node.Scalar) {
      return Bind.at(n, () -> new Requirement.AllFlowsOf(n.asString("a requirement")));
    }
    Node.Obj o = n.asObject("a requirement");
    o.checkKnown("a requirement", REQUIREMENT);
    if (o.fields().size() != 1) {
      throw o.error(
          "a requirement has exactly one of rule, anyOf or channel, not " + o.fields().keySet());
    }
    Node rule = o.get("rule");
    if (rule != null) {
      return Bind.at(rule, () -> new Requirement.AllFlowsOf(rule.asString("rule")));
    }
    Node a = o.get("anyOf");
    if (a != null) {
      return Bind.at(a, () -> new Requirement.AnyOf(Bind.strings(a, "anyOf")));
    }
    // The one field is neither rule nor anyOf, and checkKnown passed: it is channel.
    Node.Obj c = Objects.requireNonNull(o.get("channel"), "channel").asObject("channel");
    c.checkKnown("channel", CHANNEL);
    String http = c.require("http", "channel").asString("channel http");
    String https = c.require("https", "channel").asString("channel https");
    return Bind.at(c, () -> new Requirement.Channel(http, https));
  }

  static ObjectNode write(Catalog c) {
    ObjectNode top = Writers.NODES.objectNode();
    top.put("name", c.name());
    top.put("version", c.version());
    ArrayNode comps = top.putArray("components");
    for (Component x : c.components()) {
      comps.addObject().put("id", x.id()).put("name", x.name()).put("description", x.description());
    }
    ArrayNode protos = top.putArray("protocols");
    for (Protocol p : c.protocols()) {
      ObjectNode o =
          protos
              .addObject()
              .put("id", p.id())
              .put("name", p.name())
              .put("transport", p.transport().id());
      o.set("defaultPorts", Writers.ports(p.defaultPorts()));
    }
    ArrayNode rules = top.putArray("rules");
    for (PortRule r : c.rules()) {
      ObjectNode o =
          rules
              .addObject()
              .put("id", r.id())
              .put("from", r.from())
              .put("to", r.to())
              .put("protocol", r.protocol());
      o.put("transport", c.protocolOf(r).transport().id());
      o.set("ports", Writers.ports(r.ports()));
      o.put("defaultPort", r.defaultPort());
      if (r.portChoice().isPresent()) {
        o.put("portChoice", r.portChoice().get());
      } else {
        o.putNull("portChoice");
      }
      o.put("configurable", r.configurable());
      o.put("function", r.function());
      o.set("provenance", provenance(r.provenance()));
    }
    ArrayNode ops = top.putArray("operations");
    for (Operation op : c.operations()) {
      ObjectNode o =
          ops.addObject()
              .put("id", op.id())
              .put("name", op.name())
              .put("kind", op.kind().id())
              .put("description", op.description());
      ArrayNode req = o.putArray("requires");
      for (Requirement r : op.requires()) {
        ObjectNode ro = req.addObject();
        if (r instanceof Requirement.AllFlowsOf x) {
          ro.put("rule", x.rule());
        } else if (r instanceof Requirement.AnyOf x) {
          ArrayNode a = ro.putArray("anyOf");
          x.rules().forEach(a::add);
        } else if (r instanceof Requirement.Channel x) {
          ro.putObject("channel").put("http", x.http()).put("https", x.https());
        }
      }
      o.set("provenance", provenance(op.provenance()));
    }
    return top;
  }

  private static ObjectNode provenance(Provenance p) {
    return Writers.NODES.objectNode().put("kind", p.kind().id()).put("evidence", p.evidence());
  }
}
