package dev.wdmports.core;

import static java.util.Objects.requireNonNull;

/**
 * An application protocol, such as HTTP or OLE DB (TDS), and the transport it runs on.
 *
 * <pre>{@code
 * Protocol http = new Protocol("http", "HTTP", Transport.TCP, PortSet.of(80));
 * }</pre>
 *
 * @param id kebab-case id, e.g. {@code ole-db}
 * @param name display name, e.g. {@code OLE DB}
 * @param transport the transport
 * @param defaultPorts the ports the protocol usually listens on; may be empty
 * @since 0.1.0
 */
public record Protocol(String id, String name, Transport transport, PortSet defaultPorts) {
  /**
   * Validates the protocol.
   *
   * @throws IllegalArgumentException if the id is not kebab-case or the name is blank
   */
  public Protocol {
    Ids.check("protocol", id);
    requireNonNull(name, "name");
    requireNonNull(transport, "transport");
    requireNonNull(defaultPorts, "defaultPorts");
    if (name.isBlank()) {
      throw new IllegalArgumentException(
          "protocol " + id + " has a blank name: give a display name");
    }
  }
}
