package dev.wdmports.core;

import static java.util.Objects.requireNonNull;

import java.util.Optional;

/**
 * A concrete connection that must be possible: from a source host to a destination host, on a
 * transport and destination port. Flows of a deployment also name the protocol and the catalog rule
 * they come from.
 *
 * <pre>{@code
 * // from a deployment
 * List<Flow> flows = deployment.flows();
 * // or by hand, as on the command line
 * Flow f = Flow.parse("10.0.0.20->10.0.0.5:443/tcp");
 * }</pre>
 *
 * @param from the source host's name (for a parsed flow, its address)
 * @param to the destination host's name (for a parsed flow, its address)
 * @param fromAddress where the source is, when known
 * @param toAddress where the destination is, when known
 * @param transport the transport
 * @param port the destination port, 1..65535
 * @param protocol the protocol id, when known
 * @param rule the id of the catalog rule the flow comes from, when known
 * @since 0.1.0
 */
public record Flow(
    String from,
    String to,
    Optional<Address> fromAddress,
    Optional<Address> toAddress,
    Transport transport,
    int port,
    Optional<String> protocol,
    Optional<String> rule) {

  /**
   * Validates the flow.
   *
   * @throws IllegalArgumentException if a host is blank or the port out of range
   */
  public Flow {
    requireNonNull(from, "from");
    requireNonNull(to, "to");
    requireNonNull(fromAddress, "fromAddress");
    requireNonNull(toAddress, "toAddress");
    requireNonNull(transport, "transport");
    requireNonNull(protocol, "protocol");
    requireNonNull(rule, "rule");
    if (from.isBlank() || to.isBlank()) {
      throw new IllegalArgumentException(
          "flow \""
              + from
              + "->"
              + to
              + "\" needs a source and a destination host: name both, e.g. admin->wdm-server");
    }
    PortRange.checkPort(port);
  }

  /**
   * Parses {@code SRC->DST:PORT/TRANSPORT}, e.g. {@code 10.0.0.20->10.0.0.5:443/tcp} or {@code
   * [2001:db8::1]->[2001:db8::5]:80/tcp}. The transport defaults to TCP when {@code /TRANSPORT} is
   * left out. SRC and DST are addresses (IP, CIDR or DNS name).
   *
   * @param text the flow
   * @return a flow with addresses and no rule
   * @throws InvalidInputException naming the part that is wrong
   */
  public static Flow parse(String text) {
    String t = text.trim();
    int arrow = t.indexOf("->");
    if (arrow <= 0) {
      throw new InvalidInputException(
          "flow \""
              + text
              + "\" has no SRC->DST: write it as SRC->DST:PORT/TRANSPORT, e.g."
              + " 10.0.0.20->10.0.0.5:443/tcp");
    }
    String src = t.substring(0, arrow).trim();
    String rest = t.substring(arrow + 2).trim();
    Transport transport = Transport.TCP;
    int slash = rest.lastIndexOf('/');
    int colon = rest.lastIndexOf(':');
    if (slash > colon && colon >= 0) {
      transport = Transport.parse(rest.substring(slash + 1));
      rest = rest.substring(0, slash);
    }
    colon = rest.lastIndexOf(':');
    if (colon <= 0 || (rest.indexOf(':') != colon && !rest.substring(0, colon).endsWith("]"))) {
      throw new InvalidInputException(
          "flow \""
              + text
              + "\" has no destination port: write DST:PORT, e.g. 10.0.0.5:443"
              + " (IPv6 in brackets: [2001:db8::5]:443)");
    }
    String dst = rest.substring(0, colon).trim();
    int port = PortRange.parsePort(rest.substring(colon + 1));
    Address s = Address.parse(unbracket(src));
    Address d = Address.parse(unbracket(dst));
    return new Flow(
        s.text(),
        d.text(),
        Optional.of(s),
        Optional.of(d),
        transport,
        port,
        Optional.empty(),
        Optional.empty());
  }

  private static String unbracket(String s) {
    return s.startsWith("[") && s.endsWith("]") ? s.substring(1, s.length() - 1) : s;
  }

  /**
   * Returns the flow's id, {@code from->to:port/transport}, e.g. {@code
   * web-service->web-agent:80/tcp}. The id names the connection: flows of different rules between
   * the same hosts on the same port share it, and a verdict on one is a verdict on all.
   *
   * @return the id
   */
  public String id() {
    return from + "->" + to + ":" + port + "/" + transport.id();
  }

  /**
   * Returns {@link #id()} followed by the rule, when known.
   *
   * @return a description for messages
   */
  @Override
  public String toString() {
    return rule.map(r -> id() + " (" + r + ")").orElse(id());
  }
}
