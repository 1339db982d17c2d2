package dev.wdmports.core.deploy;

import static java.util.Objects.requireNonNull;

import com.google.common.collect.ImmutableList;
import com.google.common.collect.ImmutableMap;
import dev.wdmports.core.Address;
import dev.wdmports.core.Component;
import dev.wdmports.core.Flow;
import dev.wdmports.core.Ids;
import dev.wdmports.core.InvalidInputException;
import dev.wdmports.core.Operation;
import dev.wdmports.core.PortRange;
import dev.wdmports.core.PortRule;
import dev.wdmports.core.Requirement;
import dev.wdmports.core.SecurityMode;
import dev.wdmports.core.catalog.Catalog;
import dev.wdmports.core.internal.PointedException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Predicate;
import java.util.stream.Collectors;

/**
 * WDM placed on real hosts: which host runs which component, the designated ports (HTTP 80|280,
 * HTTPS 443|8443, database 1433 or any) and the security mode. A deployment turns the catalog's
 * rules into concrete {@link Flow}s.
 *
 * <pre>{@code
 * Deployment d = Deployment.builder(Catalogs.wdm())
 *     .name("branch-office")
 *     .host(Host.of("wdm-server", "10.0.0.5",
 *         "gui", "web-service", "standard-service", "database", "master-repository"))
 *     .host(Host.of("devices", "10.0.1.0/24", "web-agent"))
 *     .port("http", 280)
 *     .securityMode(SecurityMode.HTTPS)
 *     .build();
 * List<Flow> flows = d.flows();
 * }</pre>
 *
 * <p>A rule yields one flow for every pair of a host that runs its initiator and a host that runs
 * its listener; an operation that needs the rule needs all of them. The security mode decides which
 * rules of the web channel the deployment needs ({@link #uses(PortRule)}, {@link
 * #requires(PortRule)}): under {@code https} the rules on the designated HTTP port yield no flow,
 * under {@code http-or-https} an HTTP rule and its HTTPS counterpart are alternatives ({@link
 * #alternative(Flow)}).
 *
 * <p>By default every host that runs a component is needed ({@link Redundancy#EVERY}). A component
 * marked {@link Redundancy#ANY} ({@code .redundancy("web-service", Redundancy.ANY)}, {@code
 * redundancy: {web-service: any}} in a file) runs on redundant hosts: a peer that connects to it
 * needs any one of them, and a peer it connects to needs to be reached by any one of them ({@link
 * #flowGroups(PortRule)}). Instances are immutable and thread-safe.
 *
 * @since 0.1.0
 */
public final class Deployment {
  private final Catalog catalog;
  private final String name;
  private final ImmutableMap<String, Host> hosts;
  private final ImmutableMap<String, Integer> ports;
  private final SecurityMode securityMode;
  // rule id -> the side of the web channel it is on; rules off the web channel are absent
  private final ImmutableMap<String, WebSide> webSides;
  // web-channel rule id -> the rule on the other side between the same components
  private final ImmutableMap<String, String> counterparts;
  private final ImmutableMap<String, Redundancy> redundancy;
  private final ImmutableList<Flow> flows;
  // rule id -> its flows in groups: every group needed, any one flow of a group suffices
  private final ImmutableMap<String, ImmutableList<ImmutableList<Flow>>> groups;
  private final ImmutableMap<Flow, ImmutableList<Flow>> groupOf;

  private enum WebSide {
    HTTP,
    HTTPS
  }

  private Deployment(Builder b) {
    this.catalog = b.catalog;
    this.name = b.name;
    Map<String, Host> hostMap = new LinkedHashMap<>();
    for (int i = 0; i < b.hosts.size(); i++) {
      Host h = b.hosts.get(i);
      if (hostMap.putIfAbsent(h.name(), h) != null) {
        throw new PointedException(
            "/hosts/" + i + "/name",
            "duplicate host name \"" + h.name() + "\": host names must be unique");
      }
      for (int j = 0; j < h.components().size(); j++) {
        String c = h.components().get(j);
        if (catalog.component(c).isEmpty()) {
          throw new PointedException(
              "/hosts/" + i + "/runs/" + j,
              "host "
                  + h.name()
                  + " runs unknown component \""
                  + c
                  + "\": use one of "
                  + catalog.components().stream()
                      .map(Component::id)
                      .collect(Collectors.joining(", ")));
        }
      }
    }
    this.hosts = ImmutableMap.copyOf(hostMap);
    Set<String> keys = new TreeSet<>();
    catalog.rules().forEach(r -> r.portChoice().ifPresent(keys::add));
    for (Map.Entry<String, Integer> e : b.ports.entrySet()) {
      String key = e.getKey();
      int port = e.getValue();
      if (!keys.contains(key)) {
        throw new PointedException(
            "/ports/" + key,
            "port setting \""
                + key
                + "\" is not used by any rule of catalog "
                + catalog.name()
                + ": use one of "
                + String.join(", ", keys));
      }
      for (PortRule r : catalog.rules()) {
        if (r.portChoice().filter(key::equals).isPresent() && !r.allows(port)) {
          throw new PointedException(
              "/ports/" + key,
              "port "
                  + port
                  + " is not a choice for "
                  + key
                  + ": rule "
                  + r.id()
                  + " allows "
                  + r.ports().ranges().stream()
                      .map(PortRange::toString)
                      .collect(Collectors.joining(" or "))
                  + " (the catalog's allowed ports; extend the catalog to allow others)");
        }
      }
    }
    this.ports = ImmutableMap.copyOf(b.ports);
    for (String c : b.redundancy.keySet()) {
      if (catalog.component(c).isEmpty()) {
        throw new PointedException(
            "/redundancy/" + c,
            "redundancy names unknown component \""
                + c
                + "\": use one of "
                + catalog.components().stream()
                    .map(Component::id)
                    .collect(Collectors.joining(", ")));
      }
    }
    this.redundancy = ImmutableMap.copyOf(b.redundancy);
    this.securityMode = b.securityMode;
    this.webSides = webSides(catalog);
    this.counterparts = counterparts(catalog, webSides);
    this.flows = computeFlows();
    Map<String, ImmutableList<ImmutableList<Flow>>> byRule = new LinkedHashMap<>();
    Map<Flow, ImmutableList<Flow>> of = new java.util.HashMap<>();
    for (PortRule r : catalog.rules()) {
      ImmutableList<ImmutableList<Flow>> g = group(r);
      byRule.put(r.id(), g);
      g.forEach(members -> members.forEach(f -> of.put(f, members)));
    }
    this.groups = ImmutableMap.copyOf(byRule);
    this.groupOf = ImmutableMap.copyOf(of);
  }

  private ImmutableList<ImmutableList<Flow>> group(PortRule r) {
    boolean toAny = redundancy(r.to()) == Redundancy.ANY;
    boolean fromAny = redundancy(r.from()) == Redundancy.ANY;
    Map<String, List<Flow>> byKey = new LinkedHashMap<>();
    for (Flow f : flows) {
      if (!f.rule().orElseThrow().equals(r.id())) {
        continue;
      }
      String key =
          toAny && fromAny ? "" : toAny ? "from " + f.from() : fromAny ? "to " + f.to() : f.id();
      byKey.computeIfAbsent(key, k -> new ArrayList<>()).add(f);
    }
    return byKey.values().stream()
        .map(ImmutableList::copyOf)
        .collect(ImmutableList.toImmutableList());
  }

  /**
   * A rule is on the web channel when an operation names it as the http or https rule of a channel,
   * or when it uses the designated {@code http} or {@code https} port.
   */
  private static ImmutableMap<String, WebSide> webSides(Catalog catalog) {
    Map<String, WebSide> sides = new LinkedHashMap<>();
    for (Operation op : catalog.operations()) {
      for (Requirement r : op.requires()) {
        if (r instanceof Requirement.Channel ch) {
          sides.put(ch.http(), WebSide.HTTP);
          sides.put(ch.https(), WebSide.HTTPS);
        }
      }
    }
    for (PortRule r : catalog.rules()) {
      r.portChoice()
          .ifPresent(
              c -> {
                if (c.equals("http")) {
                  sides.putIfAbsent(r.id(), WebSide.HTTP);
                } else if (c.equals("https")) {
                  sides.putIfAbsent(r.id(), WebSide.HTTPS);
                }
              });
    }
    return ImmutableMap.copyOf(sides);
  }

  /**
   * Channels pair their rules; other web rules pair with the other side's rule between the same
   * components.
   */
  private static ImmutableMap<String, String> counterparts(
      Catalog catalog, Map<String, WebSide> sides) {
    Map<String, String> pairs = new LinkedHashMap<>();
    for (Operation op : catalog.operations()) {
      for (Requirement r : op.requires()) {
        if (r instanceof Requirement.Channel ch) {
          pairs.putIfAbsent(ch.http(), ch.https());
          pairs.putIfAbsent(ch.https(), ch.http());
        }
      }
    }
    for (PortRule a : catalog.rules()) {
      WebSide side = sides.get(a.id());
      if (side == null || pairs.containsKey(a.id())) {
        continue;
      }
      List<String> others =
          catalog.rules().stream()
              .filter(o -> sides.containsKey(o.id()) && sides.get(o.id()) != side)
              .filter(o -> o.from().equals(a.from()) && o.to().equals(a.to()))
              .filter(o -> !pairs.containsKey(o.id()))
              .map(PortRule::id)
              .toList();
      if (others.size() == 1) {
        pairs.put(a.id(), others.get(0));
        pairs.put(others.get(0), a.id());
      }
    }
    return ImmutableMap.copyOf(pairs);
  }

  private ImmutableList<Flow> computeFlows() {
    ImmutableList.Builder<Flow> out = ImmutableList.builder();
    for (PortRule r : catalog.rules()) {
      if (!uses(r)) {
        continue;
      }
      int port = port(r);
      var transport = catalog.protocolOf(r).transport();
      for (Host src : hosts.values()) {
        if (!src.runs(r.from())) {
          continue;
        }
        for (Host dst : hosts.values()) {
          if (dst.runs(r.to())) {
            out.add(
                new Flow(
                    src.name(),
                    dst.name(),
                    src.address(),
                    dst.address(),
                    transport,
                    port,
                    Optional.of(r.protocol()),
                    Optional.of(r.id())));
          }
        }
      }
    }
    return out.build();
  }

  /**
   * Starts a deployment of a catalog's components.
   *
   * @param catalog the catalog
   * @return a builder with no hosts, default ports and {@link SecurityMode#DEFAULT}
   */
  public static Builder builder(Catalog catalog) {
    return new Builder(catalog);
  }

  /**
   * The abstract deployment used when none is given: every component on a host of its own, named
   * after the component, without addresses, default ports and security mode.
   *
   * @param catalog the catalog
   * @return the deployment
   */
  public static Deployment standard(Catalog catalog) {
    Builder b = builder(catalog).name("standard");
    for (Component c : catalog.components()) {
      b.host(new Host(c.id(), Optional.empty(), List.of(c.id())));
    }
    return b.build();
  }

  /**
   * "Everything on one WDM server": a host {@code wdm-server} at the address runs every component
   * but the GUI and the Web Agent, and a host {@code this-host} (the machine that checks) runs the
   * GUI and the Web Agent, so the flows from this host are those a console and a device open.
   *
   * @param catalog the catalog
   * @param server where the server is: one IP address or a DNS name
   * @return the deployment, with default ports and security mode ({@link #toBuilder()} changes
   *     them)
   * @throws InvalidInputException if the address is a network (a CIDR wider than one address)
   */
  public static Deployment singleServer(Catalog catalog, Address server) {
    requireNonNull(server, "server");
    if (server.cidr().isPresent() && !server.cidr().get().isHost()) {
      throw new InvalidInputException(
          "address "
              + server
              + " is a network, not one server: give the WDM server's address, e.g. 10.0.0.5"
              + " (a fleet of servers is not supported)");
    }
    List<String> clientSide = List.of("gui", "web-agent");
    List<String> serverSide =
        catalog.components().stream()
            .map(Component::id)
            .filter(c -> !clientSide.contains(c))
            .toList();
    List<String> here = clientSide.stream().filter(c -> catalog.component(c).isPresent()).toList();
    Builder b = builder(catalog).name("single-server");
    if (!serverSide.isEmpty()) {
      b.host(new Host("wdm-server", Optional.of(server), serverSide));
    }
    if (!here.isEmpty()) {
      b.host(new Host("this-host", Optional.empty(), here));
    }
    return b.build();
  }

  /**
   * Returns a builder holding this deployment's settings.
   *
   * @return a builder
   */
  public Builder toBuilder() {
    Builder b = new Builder(catalog).name(name).securityMode(securityMode);
    hosts.values().forEach(b::host);
    ports.forEach(b::port);
    redundancy.forEach(b::redundancy);
    return b;
  }

  /**
   * Returns the catalog.
   *
   * @return the catalog whose rules this deployment places
   */
  public Catalog catalog() {
    return catalog;
  }

  /**
   * Returns the name.
   *
   * @return the name
   */
  public String name() {
    return name;
  }

  /**
   * Returns the hosts in order.
   *
   * @return an immutable list
   */
  public List<Host> hosts() {
    return hosts.values().asList();
  }

  /**
   * Looks up a host.
   *
   * @param name the host name
   * @return the host, if present
   */
  public Optional<Host> host(String name) {
    return Optional.ofNullable(hosts.get(name));
  }

  /**
   * Returns the designated ports the deployment sets, by setting ({@code http}, {@code https},
   * {@code database}); settings left out use each rule's default.
   *
   * @return an immutable map
   */
  public Map<String, Integer> ports() {
    return ports;
  }

  /**
   * Returns the port a rule uses in this deployment.
   *
   * @param rule a rule of the catalog
   * @return the designated port, or the rule's default
   * @throws InvalidInputException if the catalog has no rule of that id
   */
  public int port(PortRule rule) {
    requireRule(rule);
    return rule.portChoice().map(ports::get).orElse(rule.defaultPort());
  }

  /**
   * Returns the security mode.
   *
   * @return which of HTTP and HTTPS the web channel needs
   */
  public SecurityMode securityMode() {
    return securityMode;
  }

  /**
   * Returns how the hosts that run a component serve their peers.
   *
   * @param component a component of the catalog
   * @return {@link Redundancy#ANY} if the deployment says so, else {@link Redundancy#EVERY}
   * @throws InvalidInputException if the catalog has no such component, listing its components
   */
  public Redundancy redundancy(String component) {
    requireNonNull(component, "component");
    if (catalog.component(component).isEmpty()) {
      throw new InvalidInputException(
          "catalog "
              + catalog.name()
              + " has no component \""
              + component
              + "\": use one of "
              + catalog.components().stream().map(Component::id).collect(Collectors.joining(", ")));
    }
    return redundancy.getOrDefault(component, Redundancy.EVERY);
  }

  /**
   * Returns the redundancy the deployment sets, by component; components left out are {@link
   * Redundancy#EVERY}.
   *
   * @return an immutable map
   */
  public Map<String, Redundancy> redundancies() {
    return redundancy;
  }

  /**
   * Returns a rule's flows in groups: every group is needed, any one flow of a group suffices. A
   * flow is a group of its own unless an end of the rule is {@link Redundancy#ANY}: then the flows
   * from one source host to the redundant hosts form a group (and, when the source is redundant,
   * the flows from the redundant hosts to one destination host; when both ends are, all the rule's
   * flows).
   *
   * @param rule a rule of the catalog
   * @return the groups, in flow order; empty when the rule has no flows in this deployment
   * @throws InvalidInputException if the catalog has no rule of that id
   */
  public List<List<Flow>> flowGroups(PortRule rule) {
    return List.copyOf(groups.get(requireRule(rule).id()));
  }

  /**
   * Tells whether the security mode needs a rule at all: every rule off the web channel, the rules
   * on the designated HTTP port unless the mode is {@code https}, those on the designated HTTPS
   * port unless it is {@code http}. Only the rules it uses yield {@link #flows()}.
   *
   * @param rule a rule of the catalog
   * @return true if the rule's flows are listed
   * @throws InvalidInputException if the catalog has no rule of that id
   */
  public boolean uses(PortRule rule) {
    WebSide side = webSides.get(requireRule(rule).id());
    if (side == null) {
      return true;
    }
    return switch (side) {
      case HTTP -> securityMode.usesHttp();
      case HTTPS -> securityMode.usesHttps();
    };
  }

  /**
   * Tells whether each flow of a rule is required on its own: the rule is {@linkplain
   * #uses(PortRule) used}, and it is not one of an HTTP/HTTPS pair under {@code http-or-https}
   * (there either rule of the pair suffices; see {@link #alternative(Flow)}).
   *
   * @param rule a rule of the catalog
   * @return true if every flow of the rule must be allowed
   * @throws InvalidInputException if the catalog has no rule of that id
   */
  public boolean requires(PortRule rule) {
    return uses(rule)
        && !(securityMode.sidesAreAlternatives() && counterparts.containsKey(rule.id()));
  }

  /**
   * Returns the flow that can stand in for a flow: under {@code http-or-https}, the flow of the
   * other side's rule of the web channel between the same two hosts (for {@code
   * admin->wdm-server:80/tcp (gui-to-web-service-http)}, {@code admin->wdm-server:443/tcp
   * (gui-to-web-service-https)}).
   *
   * @param flow a flow of this deployment
   * @return the alternative; empty in the other modes and for flows off the web channel
   */
  public Optional<Flow> alternative(Flow flow) {
    requireNonNull(flow, "flow");
    if (!securityMode.sidesAreAlternatives() || flow.rule().isEmpty()) {
      return Optional.empty();
    }
    String other = counterparts.get(flow.rule().get());
    if (other == null) {
      return Optional.empty();
    }
    return flows.stream()
        .filter(f -> f.rule().orElseThrow().equals(other))
        .filter(f -> f.from().equals(flow.from()) && f.to().equals(flow.to()))
        .findFirst();
  }

  /**
   * Returns the flows, of those given, that are not allowed although the deployment needs them: a
   * flow whose rule is {@linkplain #requires(PortRule) required}, or one whose {@linkplain
   * #alternative(Flow) alternative} is not allowed either. This is what a firewall check of the
   * deployment fails on.
   *
   * @param flows flows of this deployment, e.g. {@link #flowsOf(String)}
   * @param allowed whether a flow is allowed
   * @return the unmet flows, in the given order
   */
  public List<Flow> unmet(List<Flow> flows, Predicate<Flow> allowed) {
    requireNonNull(flows, "flows");
    requireNonNull(allowed, "allowed");
    List<Flow> out = new ArrayList<>();
    for (Flow f : flows) {
      if (metBy(f, allowed)) {
        continue;
      }
      Optional<Flow> alt = alternative(f);
      if (alt.isEmpty() || !metBy(alt.get(), allowed)) {
        out.add(f);
      }
    }
    return out;
  }

  /** The flow, or another of its redundancy group, is allowed. */
  private boolean metBy(Flow f, Predicate<Flow> allowed) {
    if (allowed.test(f)) {
      return true;
    }
    ImmutableList<Flow> group = groupOf.get(f);
    return group != null && group.stream().anyMatch(allowed);
  }

  private PortRule requireRule(PortRule rule) {
    requireNonNull(rule, "rule");
    if (catalog.rule(rule.id()).isEmpty()) {
      throw new InvalidInputException(
          "catalog "
              + catalog.name()
              + " has no rule \""
              + rule.id()
              + "\": use one of "
              + catalog.rules().stream().map(PortRule::id).collect(Collectors.joining(", ")));
    }
    return rule;
  }

  /**
   * Returns every flow of the deployment, in catalog rule order, then host order. Rules the
   * security mode does not {@linkplain #uses(PortRule) use} yield none.
   *
   * @return an immutable list
   */
  public List<Flow> flows() {
    return flows;
  }

  /**
   * Returns the flows a host opens.
   *
   * @param host a host name
   * @return the flows whose source is the host
   * @throws InvalidInputException if the deployment has no such host, listing its hosts
   */
  public List<Flow> flowsFrom(String host) {
    requireHost(host);
    return flows.stream().filter(f -> f.from().equals(host)).toList();
  }

  /**
   * Returns the flows a host takes part in, as source or destination.
   *
   * @param host a host name
   * @return the flows whose source or destination is the host
   * @throws InvalidInputException if the deployment has no such host, listing its hosts
   */
  public List<Flow> flowsOf(String host) {
    requireHost(host);
    return flows.stream().filter(f -> f.from().equals(host) || f.to().equals(host)).toList();
  }

  /**
   * Returns a host, or fails naming the hosts there are.
   *
   * @param host a host name
   * @return the host
   * @throws InvalidInputException if the deployment has no such host, listing its hosts
   */
  public Host requireHost(String host) {
    Host h = hosts.get(requireNonNull(host, "host"));
    if (h == null) {
      throw new InvalidInputException(
          "deployment "
              + name
              + " has no host \""
              + host
              + "\": use one of "
              + String.join(", ", hosts.keySet()));
    }
    return h;
  }

  @Override
  public String toString() {
    return "Deployment[" + name + ": " + hosts.size() + " hosts, " + flows.size() + " flows]";
  }

  /**
   * Builds a {@link Deployment}. Not thread-safe.
   *
   * @since 0.1.0
   */
  public static final class Builder {
    private final Catalog catalog;
    private String name = "deployment";
    private final List<Host> hosts = new ArrayList<>();
    private final Map<String, Integer> ports = new LinkedHashMap<>();
    private SecurityMode securityMode = SecurityMode.DEFAULT;
    private final Map<String, Redundancy> redundancy = new LinkedHashMap<>();

    private Builder(Catalog catalog) {
      this.catalog = requireNonNull(catalog, "catalog");
    }

    /**
     * Sets the name (default {@code deployment}).
     *
     * @param name a non-blank name
     * @return this builder
     */
    public Builder name(String name) {
      requireNonNull(name, "name");
      if (name.isBlank()) {
        throw new IllegalArgumentException("deployment name is blank: give a name");
      }
      this.name = name;
      return this;
    }

    /**
     * Adds a host.
     *
     * @param host the host
     * @return this builder
     */
    public Builder host(Host host) {
      hosts.add(requireNonNull(host, "host"));
      return this;
    }

    /**
     * Designates the port of a setting ({@code http}, {@code https}, {@code database}).
     *
     * @param setting the setting, a rule's {@code portChoice}
     * @param port the port; must be allowed by every rule with that setting
     * @return this builder
     */
    public Builder port(String setting, int port) {
      Ids.check("port setting", setting);
      ports.put(setting, PortRange.checkPort(port));
      return this;
    }

    /**
     * Says how the hosts that run a component serve their peers (default {@link Redundancy#EVERY}).
     *
     * @param component a component of the catalog; {@link #build()} fails for another
     * @param redundancy {@link Redundancy#ANY} for redundant hosts
     * @return this builder
     */
    public Builder redundancy(String component, Redundancy redundancy) {
      Ids.check("component", component);
      this.redundancy.put(component, requireNonNull(redundancy, "redundancy"));
      return this;
    }

    /**
     * Sets the security mode (default {@link SecurityMode#DEFAULT}).
     *
     * @param mode the mode
     * @return this builder
     */
    public Builder securityMode(SecurityMode mode) {
      this.securityMode = requireNonNull(mode, "mode");
      return this;
    }

    /**
     * Builds the deployment.
     *
     * @return the deployment
     * @throws IllegalArgumentException on a duplicate host, an unknown component (on a host or in
     *     the redundancy), an unknown port setting or a port that a rule does not allow
     */
    public Deployment build() {
      return new Deployment(this);
    }
  }
}
