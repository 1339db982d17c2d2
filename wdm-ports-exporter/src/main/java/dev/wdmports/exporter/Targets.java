package dev.wdmports.exporter;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.wdmports.core.Address;
import dev.wdmports.core.Flow;
import dev.wdmports.core.deploy.Deployment;
import dev.wdmports.core.deploy.Host;
import dev.wdmports.core.internal.Writers;
import dev.wdmports.probe.Preflight;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * What a deployment names, seen from the exporter's host: the {@code HOST:PORT} endpoints of the
 * flows that start there (with the module that speaks each one's protocol), and the destination
 * hosts and device networks for {@code preflight}. Immutable.
 */
final class Targets {
  /** One endpoint to probe. */
  record Endpoint(String host, int port, String module, String to) {
    String key() {
      return hostPort(host, port);
    }
  }

  private final Map<String, Endpoint> endpoints; // by address:port
  private final Map<String, String> addressOfHost; // deployment host name -> probe address
  private final Set<String> destinations; // host names for preflight, in deployment order

  Targets(Deployment deployment, String from, Preflight preflight) {
    Map<String, Endpoint> eps = new LinkedHashMap<>();
    Set<String> dests = new LinkedHashSet<>();
    Map<String, String> addresses = new LinkedHashMap<>();
    for (Host h : deployment.hosts()) {
      h.address().flatMap(Targets::singleHost).ifPresent(a -> addresses.put(h.name(), a));
    }
    for (Flow f : deployment.flowsFrom(from)) {
      dests.add(f.to());
      Optional<String> host = f.toAddress().flatMap(Targets::singleHost);
      Optional<String> module = preflight.checkerFor(f.protocol().orElse(""), f.transport());
      if (host.isPresent() && module.isPresent()) {
        Endpoint e = new Endpoint(host.get(), f.port(), module.get(), f.to());
        Endpoint old = eps.get(e.key());
        if (old == null || old.module().equals("tcp")) {
          eps.put(e.key(), e);
        }
      }
    }
    this.endpoints = Map.copyOf(eps);
    this.addressOfHost = Map.copyOf(addresses);
    this.destinations = java.util.Collections.unmodifiableSet(dests);
    this.order = List.copyOf(eps.values());
  }

  private final List<Endpoint> order;

  /** The endpoints, in deployment order. */
  List<Endpoint> endpoints() {
    return order;
  }

  /** The destination names for {@code preflight}, in deployment order. */
  Set<String> destinations() {
    return destinations;
  }

  /**
   * Tells whether the deployment names an endpoint; {@code host} may be an address or a deployment
   * host's name.
   */
  boolean names(String host, int port) {
    return endpoints.containsKey(hostPort(addressOf(host), port));
  }

  /** The address to probe for a host: a deployment host's address, or the host itself. */
  String addressOf(String host) {
    return addressOfHost.getOrDefault(host, host);
  }

  /** Parses {@code HOST:PORT}, IPv6 in brackets. */
  static Map.Entry<String, Integer> parseHostPort(String target) {
    int colon = target.lastIndexOf(':');
    if (colon <= 0 || colon == target.length() - 1) {
      throw new ProbeQuery.BadQueryException(
          "target \"" + target + "\" is not HOST:PORT, e.g. 10.0.0.5:443 or [2001:db8::5]:443");
    }
    String host = target.substring(0, colon);
    if (host.startsWith("[") && host.endsWith("]")) {
      host = host.substring(1, host.length() - 1);
    } else if (host.contains(":")) {
      throw new ProbeQuery.BadQueryException(
          "target \"" + target + "\": write an IPv6 address in brackets, e.g. [::1]:443");
    }
    int port;
    try {
      port = Integer.parseInt(target.substring(colon + 1));
    } catch (NumberFormatException e) {
      port = -1;
    }
    if (port < 1 || port > 65535) {
      throw new ProbeQuery.BadQueryException(
          "target \"" + target + "\" has no port 1..65535 after the last colon");
    }
    return Map.entry(host, port);
  }

  static String hostPort(String host, int port) {
    return (host.contains(":") ? "[" + host + "]" : host) + ":" + port;
  }

  /**
   * The Prometheus HTTP service discovery document: one target group per endpoint, labelled with
   * its module, and one per preflight destination.
   */
  String serviceDiscoveryJson() {
    ArrayNode groups = Writers.NODES.arrayNode();
    for (Endpoint e : order) {
      group(groups, e.key(), e.module(), e.to());
    }
    for (String d : destinations) {
      group(groups, d, "preflight", d);
    }
    return Writers.compact(groups);
  }

  private static void group(ArrayNode groups, String target, String module, String to) {
    ObjectNode g = groups.addObject();
    g.putArray("targets").add(target);
    g.putObject("labels")
        .put("__param_module", module)
        .put("module", module)
        .put("wdmports_to", to);
  }

  private static Optional<String> singleHost(Address a) {
    if (a.isDnsName()) {
      return Optional.of(a.text());
    }
    return a.cidr().filter(c -> c.isHost()).map(c -> a.text());
  }
}
