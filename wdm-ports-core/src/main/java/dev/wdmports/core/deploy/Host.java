package dev.wdmports.core.deploy;

import static java.util.Objects.requireNonNull;

import dev.wdmports.core.Address;
import dev.wdmports.core.Ids;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * A machine (or a fleet of devices, when its address is a network) of a deployment, and the WDM
 * components it runs.
 *
 * <pre>{@code
 * Host server = new Host("wdm-server", Optional.of(Address.parse("10.0.0.5")),
 *     List.of("web-service", "standard-service", "database", "master-repository"));
 * Host devices = Host.of("devices", "10.0.1.0/24", "web-agent");
 * }</pre>
 *
 * @param name the host's name in the deployment: letters, digits, dots, dashes and underscores
 * @param address where it is, when known
 * @param components the ids of the components it runs; not empty, no repeats
 * @since 0.1.0
 */
public record Host(String name, Optional<Address> address, List<String> components) {
  private static final Pattern NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,62}");

  /**
   * Validates the host.
   *
   * @throws IllegalArgumentException naming the fault
   */
  public Host {
    requireNonNull(name, "name");
    requireNonNull(address, "address");
    components = List.copyOf(requireNonNull(components, "components"));
    if (!NAME.matcher(name).matches()) {
      throw new IllegalArgumentException(
          "host name \""
              + name
              + "\" is not valid: use letters, digits, '.', '-' and '_', at most 63 characters,"
              + " e.g. wdm-server");
    }
    if (components.isEmpty()) {
      throw new IllegalArgumentException(
          "host " + name + " runs no component: list at least one under runs, e.g. [web-service]");
    }
    components.forEach(c -> Ids.check("component", c));
    if (components.stream().distinct().count() != components.size()) {
      throw new IllegalArgumentException(
          "host " + name + " lists a component twice in " + components + ": list each once");
    }
  }

  /**
   * Creates a host with an address.
   *
   * @param name the host name
   * @param address an IP address, CIDR or DNS name
   * @param components the component ids it runs
   * @return the host
   */
  public static Host of(String name, String address, String... components) {
    return new Host(name, Optional.of(Address.parse(address)), List.of(components));
  }

  /**
   * Tells whether the host runs a component.
   *
   * @param component a component id
   * @return true if it is listed
   */
  public boolean runs(String component) {
    return components.contains(component);
  }
}
