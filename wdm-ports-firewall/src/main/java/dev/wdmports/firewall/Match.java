package dev.wdmports.firewall;

import static java.util.Objects.requireNonNull;

import dev.wdmports.core.Transport;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * What a {@link Rule} matches: transports, addresses, ports, interfaces, connection state, and the
 * constructs the model does not understand. Every part that is "any" or empty matches every flow.
 *
 * <pre>{@code
 * Match ssh = Rule.builder()
 *     .transports(Transport.TCP)
 *     .destinationPorts(PortMatch.of(PortSet.of(22)))
 *     .build()
 *     .match();
 * }</pre>
 *
 * @param transports the transports matched; both when the rule has no protocol match, none for a
 *     protocol other than TCP and UDP (e.g. {@code -p icmp})
 * @param source the source address match
 * @param destination the destination address match
 * @param sourcePorts the source port match
 * @param destinationPorts the destination port match
 * @param inInterface the arriving interface match, if any
 * @param outInterface the leaving interface match, if any
 * @param state the connection-state match, if any
 * @param unknown the constructs the model does not understand; a rule with any is never decided for
 *     sure
 * @since 0.1.0
 */
public record Match(
    Set<Transport> transports,
    AddressMatch source,
    AddressMatch destination,
    PortMatch sourcePorts,
    PortMatch destinationPorts,
    Optional<InterfaceMatch> inInterface,
    Optional<InterfaceMatch> outInterface,
    Optional<StateMatch> state,
    List<UnknownMatch> unknown) {

  /**
   * Validates the match.
   *
   * @throws NullPointerException if a part is null
   */
  public Match {
    transports =
        transports.isEmpty()
            ? Set.of()
            : Set.copyOf(EnumSet.copyOf(requireNonNull(transports, "transports")));
    requireNonNull(source, "source");
    requireNonNull(destination, "destination");
    requireNonNull(sourcePorts, "sourcePorts");
    requireNonNull(destinationPorts, "destinationPorts");
    requireNonNull(inInterface, "inInterface");
    requireNonNull(outInterface, "outInterface");
    requireNonNull(state, "state");
    unknown = List.copyOf(unknown);
  }
}
