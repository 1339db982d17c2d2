package dev.wdmports.core;

import static java.util.Objects.requireNonNull;

import java.util.Optional;

/**
 * A directed port requirement: the {@code from} component opens connections to the {@code to}
 * component on one of {@code ports}, speaking {@code protocol}.
 *
 * <p>How the port is chosen:
 *
 * <ul>
 *   <li>fixed: no {@code portChoice}; the port is {@code defaultPort} (the only port in {@code
 *       ports});
 *   <li>a choice made at install time: {@code portChoice} names the deployment setting (for example
 *       {@code http}) that designates one of {@code ports}, {@code defaultPort} when the deployment
 *       is silent (the seed's "80, 280": the port designated by the Web service);
 *   <li>configurable: {@code configurable} is true, and the deployment setting named by {@code
 *       portChoice} may give any port ({@code ports} lists the usual ones; the seed's "1433
 *       (default), can be configured during installation").
 * </ul>
 *
 * <pre>{@code
 * PortRule rule = new PortRule("gui-to-web-service-http", "gui", "web-service", "http",
 *     PortSet.of(80, 280), 80, Optional.of("http"), false,
 *     "Communicate with the Web Service and Standard Service.",
 *     Provenance.seed("Table 4: GUI, HTTP, 80 / 280"));
 * }</pre>
 *
 * @param id kebab-case id, unique in a catalog
 * @param from the id of the initiating component
 * @param to the id of the listening component
 * @param protocol the id of the protocol
 * @param ports the allowed ports of the listener
 * @param defaultPort the port used when the deployment does not choose; one of {@code ports}
 * @param portChoice the deployment setting that designates the port, when there is a choice
 * @param configurable true if the deployment may pick any port, not only one of {@code ports}
 * @param function what the connection is for (the seed's "Function" column, verbatim for seed rows)
 * @param provenance where the requirement comes from
 * @since 0.1.0
 */
public record PortRule(
    String id,
    String from,
    String to,
    String protocol,
    PortSet ports,
    int defaultPort,
    Optional<String> portChoice,
    boolean configurable,
    String function,
    Provenance provenance) {

  /**
   * Validates the rule on its own; references to components and protocols are checked by the
   * catalog.
   *
   * @throws IllegalArgumentException naming the field and the fix
   */
  public PortRule {
    Ids.check("rule", id);
    Ids.check("component", from);
    Ids.check("component", to);
    Ids.check("protocol", protocol);
    requireNonNull(ports, "ports");
    requireNonNull(portChoice, "portChoice");
    requireNonNull(function, "function");
    requireNonNull(provenance, "provenance");
    PortRange.checkPort(defaultPort);
    if (ports.isEmpty()) {
      throw new IllegalArgumentException(
          "rule " + id + " has no ports: list the port(s) the listener uses, e.g. [80]");
    }
    if (!ports.contains(defaultPort)) {
      throw new IllegalArgumentException(
          "rule "
              + id
              + ": default port "
              + defaultPort
              + " is not among its ports "
              + ports
              + ": add it to ports or pick one of them");
    }
    portChoice.ifPresent(key -> Ids.check("port choice", key));
    if (portChoice.isEmpty() && ports.size() > 1) {
      throw new IllegalArgumentException(
          "rule "
              + id
              + " lists ports "
              + ports
              + " but no portChoice: name the deployment setting that picks one (e.g. http), or"
              + " split it into one rule per port");
    }
    if (configurable && portChoice.isEmpty()) {
      throw new IllegalArgumentException(
          "rule "
              + id
              + " is configurable but has no portChoice: name the deployment setting that"
              + " configures the port (e.g. database)");
    }
  }

  /**
   * Tells whether the port can be chosen by a deployment.
   *
   * @return true if {@code portChoice} is present
   */
  public boolean hasChoice() {
    return portChoice.isPresent();
  }

  /**
   * Tells whether a deployment may designate a port for this rule.
   *
   * @param port the port
   * @return true if the port is allowed
   */
  public boolean allows(int port) {
    return configurable
        ? port >= PortRange.MIN_PORT && port <= PortRange.MAX_PORT
        : ports.contains(port);
  }
}
