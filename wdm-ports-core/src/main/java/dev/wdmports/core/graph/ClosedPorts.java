package dev.wdmports.core.graph;

import static java.util.Objects.requireNonNull;

import dev.wdmports.core.Flow;
import dev.wdmports.core.InvalidInputException;
import dev.wdmports.core.PortRange;
import dev.wdmports.core.Transport;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Ports that are closed, on every host or on one: the question "what breaks if these are closed?".
 * A closed port blocks every flow whose destination (the listener) is on that host and port.
 *
 * <pre>{@code
 * ClosedPorts everywhere = ClosedPorts.parse("80,443");
 * ClosedPorts oneHost = ClosedPorts.parse("wdm-server:1433");
 * ClosedPorts udp = ClosedPorts.parse("69/udp,1-1024/tcp");
 * ClosedPorts both = everywhere.and(oneHost);
 * }</pre>
 *
 * @param entries what is closed
 * @since 0.1.0
 */
public record ClosedPorts(List<Entry> entries) {
  /**
   * One closed range.
   *
   * @param host the host it is closed on; empty for every host
   * @param ports the ports
   * @param transport the transport; empty for both
   * @since 0.1.0
   */
  public record Entry(Optional<String> host, PortRange ports, Optional<Transport> transport) {
    /** Checks for nulls. */
    public Entry {
      requireNonNull(host, "host");
      requireNonNull(ports, "ports");
      requireNonNull(transport, "transport");
    }

    /**
     * Tells whether this entry blocks a flow.
     *
     * @param flow a flow
     * @return true if the flow's destination host, port and transport match
     */
    public boolean blocks(Flow flow) {
      // Plain checks, no Optional lambdas: impact() calls this once per flow of the deployment.
      if (!ports.contains(flow.port())) {
        return false;
      }
      if (transport.isPresent() && transport.get() != flow.transport()) {
        return false;
      }
      return host.isEmpty() || host.get().equals(flow.to());
    }

    @Override
    public String toString() {
      return host.map(h -> h + ":").orElse("")
          + ports
          + transport.map(t -> "/" + t.id()).orElse("");
    }
  }

  /** Copies the entries. */
  public ClosedPorts {
    entries = List.copyOf(entries);
  }

  /**
   * Parses {@code [HOST:]PORTS} where PORTS is a comma-separated list of {@code PORT}, {@code
   * FIRST-LAST}, each optionally followed by {@code /tcp} or {@code /udp}.
   *
   * @param text the closed ports
   * @return the closed ports
   * @throws InvalidInputException naming the part that is wrong
   */
  public static ClosedPorts parse(String text) {
    requireNonNull(text, "text");
    String t = text.trim();
    Optional<String> host = Optional.empty();
    int colon = t.lastIndexOf(':');
    if (colon >= 0) {
      String h = t.substring(0, colon).trim();
      if (h.isEmpty()) {
        throw new InvalidInputException(
            "\"" + text + "\" has an empty host before ':': write HOST:PORTS, e.g. wdm-server:80");
      }
      host = Optional.of(h);
      t = t.substring(colon + 1);
    }
    if (t.isBlank()) {
      throw new InvalidInputException(
          "\"" + text + "\" names no port: write ports such as 80,443 or 1-1024/tcp");
    }
    List<Entry> out = new ArrayList<>();
    for (String part : t.split(",", -1)) {
      String p = part.trim();
      Optional<Transport> transport = Optional.empty();
      int slash = p.indexOf('/');
      if (slash >= 0) {
        transport = Optional.of(Transport.parse(p.substring(slash + 1)));
        p = p.substring(0, slash);
      }
      out.add(new Entry(host, PortRange.parse(p), transport));
    }
    return new ClosedPorts(out);
  }

  /**
   * Returns these closed ports and others.
   *
   * @param other more closed ports
   * @return the union
   */
  public ClosedPorts and(ClosedPorts other) {
    List<Entry> all = new ArrayList<>(entries);
    all.addAll(other.entries);
    return new ClosedPorts(all);
  }

  /**
   * Tells whether a flow is blocked.
   *
   * @param flow a flow
   * @return true if an entry blocks it
   */
  public boolean blocks(Flow flow) {
    for (Entry e : entries) {
      if (e.blocks(flow)) {
        return true;
      }
    }
    return false;
  }

  @Override
  public String toString() {
    return String.join(",", entries.stream().map(Entry::toString).toList());
  }
}
