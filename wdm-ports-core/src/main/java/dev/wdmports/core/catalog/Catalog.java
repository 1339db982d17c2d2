package dev.wdmports.core.catalog;

import static java.util.Objects.requireNonNull;

import com.google.common.collect.ImmutableMap;
import dev.wdmports.core.Component;
import dev.wdmports.core.InvalidInputException;
import dev.wdmports.core.Operation;
import dev.wdmports.core.PortRule;
import dev.wdmports.core.PortSet;
import dev.wdmports.core.Protocol;
import dev.wdmports.core.Requirement;
import dev.wdmports.core.internal.PointedException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A catalog of WDM components, protocols, directed port rules and operations. Every reference in it
 * resolves: rules name existing components and protocols, operations name existing rules.
 *
 * <pre>{@code
 * Catalog wdm = Catalogs.wdm();
 * PortRule rule = wdm.rule("web-service-to-database").orElseThrow();
 *
 * // extend it without copying it
 * Catalog mine = wdm.toBuilder()
 *     .component(new Component("backup-server", "Backup Server", ""))
 *     .rule(...)
 *     .build();
 * }</pre>
 *
 * <p>Instances are immutable and thread-safe.
 *
 * @since 0.1.0
 */
public final class Catalog {
  private final String name;
  private final String version;
  private final ImmutableMap<String, Component> components;
  private final ImmutableMap<String, Protocol> protocols;
  private final ImmutableMap<String, PortRule> rules;
  private final ImmutableMap<String, Operation> operations;

  private Catalog(Builder b) {
    this.name = b.name;
    this.version = b.version;
    this.components = index("components", b.components, Component::id);
    this.protocols = index("protocols", b.protocols, Protocol::id);
    this.rules = index("rules", b.rules, PortRule::id);
    this.operations = index("operations", b.operations, Operation::id);
    validateReferences();
  }

  private static <T> ImmutableMap<String, T> index(
      String list, List<T> items, java.util.function.Function<T, String> id) {
    Map<String, Integer> seen = new HashMap<>();
    ImmutableMap.Builder<String, T> map = ImmutableMap.builder();
    for (int i = 0; i < items.size(); i++) {
      String key = id.apply(items.get(i));
      Integer first = seen.putIfAbsent(key, i);
      if (first != null) {
        throw new PointedException(
            "/" + list + "/" + i + "/id",
            "duplicate id \""
                + key
                + "\" in "
                + list
                + " (entries "
                + (first + 1)
                + " and "
                + (i + 1)
                + "): ids must be unique; rename one or remove it");
      }
      map.put(key, items.get(i));
    }
    return map.buildOrThrow();
  }

  private void validateReferences() {
    int i = 0;
    for (PortRule r : rules.values()) {
      String at = "/rules/" + i++;
      if (!components.containsKey(r.from())) {
        throw unknown(at + "/from", "rule " + r.id(), "component", r.from(), components.keySet());
      }
      if (!components.containsKey(r.to())) {
        throw unknown(at + "/to", "rule " + r.id(), "component", r.to(), components.keySet());
      }
      if (!protocols.containsKey(r.protocol())) {
        throw unknown(
            at + "/protocol", "rule " + r.id(), "protocol", r.protocol(), protocols.keySet());
      }
    }
    i = 0;
    for (Operation op : operations.values()) {
      String at = "/operations/" + i++ + "/requires/";
      for (int j = 0; j < op.requires().size(); j++) {
        Requirement req = op.requires().get(j);
        for (String ruleId : req.ruleIds()) {
          if (!rules.containsKey(ruleId)) {
            throw unknown(at + j, "operation " + op.id(), "rule", ruleId, rules.keySet());
          }
        }
      }
    }
  }

  private static PointedException unknown(
      String pointer, String owner, String what, String id, Collection<String> known) {
    return new PointedException(
        pointer,
        owner
            + " refers to unknown "
            + what
            + " \""
            + id
            + "\": define it in the catalog or use one of "
            + String.join(", ", known));
  }

  /**
   * Returns a new, empty builder.
   *
   * @return a builder
   */
  public static Builder builder() {
    return new Builder();
  }

  /**
   * Returns this catalog with every rule of a protocol allowed on one port, its default: the way a
   * lab or a test puts a whole catalog on a few local servers.
   *
   * <pre>{@code
   * Catalog lab = Catalogs.wdm().withPorts(Map.of(
   *     "http", 8080, "vnc-http", 8080, "agent-wakeup", 8080, "https", 8443,
   *     "ftp", 2121, "vnc", 5900, "ole-db", 14330));
   * }</pre>
   *
   * @param portByProtocol the port of each protocol id that a rule uses
   * @return the catalog, with the same name, components, protocols and operations
   * @throws InvalidInputException naming a protocol that a rule uses and the map has no port for
   */
  public Catalog withPorts(Map<String, Integer> portByProtocol) {
    requireNonNull(portByProtocol, "portByProtocol");
    Builder b = toBuilder();
    for (PortRule r : rules.values()) {
      Integer port = portByProtocol.get(r.protocol());
      if (port == null) {
        throw new InvalidInputException(
            "no port for protocol \""
                + r.protocol()
                + "\" of rule "
                + r.id()
                + ": give every protocol the rules use, of "
                + String.join(", ", protocols.keySet()));
      }
      b.rule(
          new PortRule(
              r.id(),
              r.from(),
              r.to(),
              r.protocol(),
              PortSet.of(port),
              port,
              r.portChoice(),
              r.configurable(),
              r.function(),
              r.provenance()));
    }
    return b.build();
  }

  /**
   * Returns a builder that starts from this catalog, to add to it or override parts of it.
   *
   * @return a builder holding a copy of this catalog
   */
  public Builder toBuilder() {
    Builder b = new Builder().name(name).version(version);
    b.components.addAll(components.values());
    b.protocols.addAll(protocols.values());
    b.rules.addAll(rules.values());
    b.operations.addAll(operations.values());
    return b;
  }

  /**
   * Returns the catalog's name, e.g. {@code wdm}.
   *
   * @return the name
   */
  public String name() {
    return name;
  }

  /**
   * Returns the catalog's version, e.g. the WDM release it describes.
   *
   * @return the version; may be empty
   */
  public String version() {
    return version;
  }

  /**
   * Returns the components in catalog order.
   *
   * @return an immutable list
   */
  public List<Component> components() {
    return components.values().asList();
  }

  /**
   * Returns the protocols in catalog order.
   *
   * @return an immutable list
   */
  public List<Protocol> protocols() {
    return protocols.values().asList();
  }

  /**
   * Returns the rules in catalog order.
   *
   * @return an immutable list
   */
  public List<PortRule> rules() {
    return rules.values().asList();
  }

  /**
   * Returns the operations in catalog order.
   *
   * @return an immutable list
   */
  public List<Operation> operations() {
    return operations.values().asList();
  }

  /**
   * Looks up a component.
   *
   * @param id the id
   * @return the component, if the catalog has it
   */
  public Optional<Component> component(String id) {
    return Optional.ofNullable(components.get(id));
  }

  /**
   * Looks up a protocol.
   *
   * @param id the id
   * @return the protocol, if the catalog has it
   */
  public Optional<Protocol> protocol(String id) {
    return Optional.ofNullable(protocols.get(id));
  }

  /**
   * Looks up a rule.
   *
   * @param id the id
   * @return the rule, if the catalog has it
   */
  public Optional<PortRule> rule(String id) {
    return Optional.ofNullable(rules.get(id));
  }

  /**
   * Looks up an operation.
   *
   * @param id the id
   * @return the operation, if the catalog has it
   */
  public Optional<Operation> operation(String id) {
    return Optional.ofNullable(operations.get(id));
  }

  /**
   * Returns the protocol of a rule.
   *
   * @param rule a rule of this catalog
   * @return its protocol
   * @throws InvalidInputException if the rule's protocol is not in this catalog, listing those it
   *     has
   */
  public Protocol protocolOf(PortRule rule) {
    Protocol p = protocols.get(rule.protocol());
    if (p == null) {
      throw new InvalidInputException(
          "rule "
              + rule.id()
              + " uses protocol \""
              + rule.protocol()
              + "\", which catalog "
              + name
              + " lacks: use one of "
              + String.join(", ", protocols.keySet()));
    }
    return p;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof Catalog c
        && name.equals(c.name)
        && version.equals(c.version)
        && components().equals(c.components())
        && protocols().equals(c.protocols())
        && rules().equals(c.rules())
        && operations().equals(c.operations());
  }

  @Override
  public int hashCode() {
    return java.util.Objects.hash(name, version, components, protocols, rules, operations);
  }

  @Override
  public String toString() {
    return "Catalog["
        + name
        + " "
        + version
        + ": "
        + components.size()
        + " components, "
        + protocols.size()
        + " protocols, "
        + rules.size()
        + " rules, "
        + operations.size()
        + " operations]";
  }

  /**
   * Builds a {@link Catalog}. Adding an entry whose id already exists replaces it in place, so a
   * builder from {@link Catalog#toBuilder()} can override a rule of the built-in catalog. Not
   * thread-safe.
   *
   * @since 0.1.0
   */
  public static final class Builder {
    private String name = "catalog";
    private String version = "";
    private final List<Component> components = new ArrayList<>();
    private final List<Protocol> protocols = new ArrayList<>();
    private final List<PortRule> rules = new ArrayList<>();
    private final List<Operation> operations = new ArrayList<>();

    private Builder() {}

    /**
     * Sets the name (default {@code catalog}).
     *
     * @param name a non-blank name
     * @return this builder
     */
    public Builder name(String name) {
      requireNonNull(name, "name");
      if (name.isBlank()) {
        throw new IllegalArgumentException("catalog name is blank: give a name such as wdm");
      }
      this.name = name;
      return this;
    }

    /**
     * Sets the version (default empty).
     *
     * @param version the version
     * @return this builder
     */
    public Builder version(String version) {
      this.version = requireNonNull(version, "version");
      return this;
    }

    /**
     * Adds a component, or replaces the one with the same id.
     *
     * @param c the component
     * @return this builder
     */
    public Builder component(Component c) {
      put(components, c, Component::id);
      return this;
    }

    /**
     * Adds a protocol, or replaces the one with the same id.
     *
     * @param p the protocol
     * @return this builder
     */
    public Builder protocol(Protocol p) {
      put(protocols, p, Protocol::id);
      return this;
    }

    /**
     * Adds a rule, or replaces the one with the same id.
     *
     * @param r the rule
     * @return this builder
     */
    public Builder rule(PortRule r) {
      put(rules, r, PortRule::id);
      return this;
    }

    /**
     * Adds an operation, or replaces the one with the same id.
     *
     * @param o the operation
     * @return this builder
     */
    public Builder operation(Operation o) {
      put(operations, o, Operation::id);
      return this;
    }

    /**
     * Removes the rule with this id. Operations that need it must be changed too.
     *
     * @param id the rule id
     * @return this builder
     * @throws InvalidInputException if the builder holds no such rule, listing those it holds
     */
    public Builder removeRule(String id) {
      requireNonNull(id, "id");
      if (!rules.removeIf(r -> r.id().equals(id))) {
        throw unknown("rule", id, rules.stream().map(PortRule::id).toList());
      }
      return this;
    }

    /**
     * Removes the operation with this id.
     *
     * @param id the operation id
     * @return this builder
     * @throws InvalidInputException if the builder holds no such operation, listing those it holds
     */
    public Builder removeOperation(String id) {
      requireNonNull(id, "id");
      if (!operations.removeIf(o -> o.id().equals(id))) {
        throw unknown("operation", id, operations.stream().map(Operation::id).toList());
      }
      return this;
    }

    private static InvalidInputException unknown(String what, String id, List<String> known) {
      return new InvalidInputException(
          "there is no "
              + what
              + " \""
              + id
              + "\" to remove: use one of "
              + String.join(", ", known));
    }

    // Appends keep duplicates so that build() can report them; replacing is by explicit id match.
    private static <T> void put(List<T> list, T item, java.util.function.Function<T, String> id) {
      requireNonNull(item, "item");
      String key = id.apply(item);
      for (int i = 0; i < list.size(); i++) {
        if (id.apply(list.get(i)).equals(key)) {
          list.set(i, item);
          return;
        }
      }
      list.add(item);
    }

    /**
     * Adds entries without replacing same-id ones, so {@link #build()} reports duplicates; used by
     * readers that must not hide a repeated id in a file.
     */
    void addRaw(List<Component> c, List<Protocol> p, List<PortRule> r, List<Operation> o) {
      components.addAll(c);
      protocols.addAll(p);
      rules.addAll(r);
      operations.addAll(o);
    }

    /**
     * Builds the catalog.
     *
     * @return the catalog
     * @throws IllegalArgumentException on a duplicate id or a reference that does not resolve,
     *     naming it
     */
    public Catalog build() {
      return new Catalog(this);
    }
  }
}
