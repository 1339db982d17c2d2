package dev.wdmports.probe;

import static java.util.Objects.requireNonNull;

import dev.wdmports.core.Address;
import dev.wdmports.core.InvalidInputException;
import dev.wdmports.core.PortRange;
import dev.wdmports.core.PortSet;
import dev.wdmports.probe.internal.CheckerIds;
import java.util.List;
import java.util.Locale;

/**
 * One port of one host to check with one checker, such as {@code 127.0.0.1:8080/http}.
 *
 * <pre>{@code
 * List<ProbeTarget> targets = ProbeTarget.parse("10.0.0.5:80,443/tcp");
 * ProbeTarget db = ProbeTarget.of("db.example", 1433, "tds");
 * ProbeTarget lab = ProbeTarget.of("127.0.0.1", 8443, "https")
 *     .withOptions(ProbeOptions.defaults().withTlsInsecure(true));
 * }</pre>
 *
 * <p>Whether the checker exists is decided by the {@link CheckerRegistry} the {@link Prober} uses,
 * not here.
 *
 * @param host an IP address ({@code 10.0.0.5}, {@code ::1}, without brackets) or a DNS name
 * @param port 1..65535
 * @param checker the checker id, lower case, e.g. {@code http}
 * @param options the options for the checker
 */
public record ProbeTarget(String host, int port, String checker, ProbeOptions options) {
  private static final String FORM = "write HOST:PORTS/CHECKER, e.g. 127.0.0.1:80/http";

  // A port range expands into up to 65,535 targets on one host with one checker. Remembering the
  // last host and checker id that passed validation keeps such a sweep from parsing the same
  // address 65,535 times (it was a third of a second of a sweep's start-up). Strings are
  // immutable, so an equal string is valid too; a stale or racing value only costs a re-check.
  private static volatile String lastValidHost = "";
  private static volatile String lastValidChecker = "";

  /**
   * Validates the target.
   *
   * @throws IllegalArgumentException if the host is not an IP address or DNS name, the port is out
   *     of range or the checker id is malformed
   */
  public ProbeTarget {
    requireNonNull(host, "host");
    requireNonNull(checker, "checker");
    requireNonNull(options, "options");
    checkHost(host);
    PortRange.checkPort(port);
    checkCheckerId(checker);
  }

  /**
   * Returns a target with the default options.
   *
   * @param host an IP address or DNS name
   * @param port 1..65535
   * @param checker the checker id
   * @return the target
   * @throws IllegalArgumentException as the constructor
   */
  public static ProbeTarget of(String host, int port, String checker) {
    return new ProbeTarget(host, port, checker, ProbeOptions.defaults());
  }

  /**
   * Returns this target with other options.
   *
   * @param options the options
   * @return the new target
   */
  public ProbeTarget withOptions(ProbeOptions options) {
    return new ProbeTarget(host, port, checker, options);
  }

  /**
   * Parses {@code HOST:PORTS/CHECKER} into one target per port, in ascending port order: {@code
   * 127.0.0.1:8080/http}, {@code [::1]:80/tcp}, {@code 10.0.0.5:1-65535/tcp}, {@code
   * db.example:1433/tds}. The checker id is case-insensitive.
   *
   * @param text the target
   * @return the targets, with default options
   * @throws InvalidInputException naming the target and the part that is wrong
   */
  public static List<ProbeTarget> parse(String text) {
    requireNonNull(text, "text");
    String t = text.trim();
    int slash = t.lastIndexOf('/');
    if (slash < 0 || slash == t.length() - 1) {
      throw new InvalidInputException("target \"" + text + "\" has no checker: " + FORM);
    }
    String checker = t.substring(slash + 1).trim().toLowerCase(Locale.ROOT);
    String hostPorts = t.substring(0, slash);
    String host;
    String ports;
    if (hostPorts.startsWith("[")) {
      int close = hostPorts.indexOf(']');
      if (close < 0) {
        throw new InvalidInputException(
            "target \"" + text + "\" opens [ without ]: write e.g. [::1]:80/tcp");
      }
      host = hostPorts.substring(1, close);
      String rest = hostPorts.substring(close + 1);
      if (!rest.startsWith(":") || rest.length() == 1) {
        throw new InvalidInputException("target \"" + text + "\" has no port: " + FORM);
      }
      ports = rest.substring(1);
    } else {
      int colon = hostPorts.lastIndexOf(':');
      if (colon < 0 || colon == hostPorts.length() - 1) {
        throw new InvalidInputException("target \"" + text + "\" has no port: " + FORM);
      }
      host = hostPorts.substring(0, colon);
      ports = hostPorts.substring(colon + 1);
      if (host.contains(":")) {
        throw new InvalidInputException(
            "target \""
                + text
                + "\" has an IPv6 address without brackets: write e.g. [::1]:80/"
                + checker);
      }
    }
    if (host.isBlank()) {
      throw new InvalidInputException("target \"" + text + "\" has no host: " + FORM);
    }
    PortSet set;
    try {
      set = PortSet.parse(ports);
      checkHost(host);
      checkCheckerId(checker);
    } catch (IllegalArgumentException | InvalidInputException e) {
      throw new InvalidInputException("target \"" + text + "\": " + e.getMessage(), e);
    }
    String h = host;
    return set.ports().mapToObj(p -> of(h, p, checker)).toList();
  }

  private static void checkHost(String host) {
    if (host.equals(lastValidHost) && !host.isEmpty()) {
      return;
    }
    if (host.isBlank() || host.startsWith("[") || host.contains("/")) {
      throw new IllegalArgumentException(
          "host \""
              + host
              + "\" is not an IP address or DNS name: use e.g. 10.0.0.5, ::1 or"
              + " wdm.example.com");
    }
    Address a = new Address(host);
    if (a.cidr().isPresent() && !a.cidr().get().isHost()) {
      throw new IllegalArgumentException(
          "host \"" + host + "\" is a network: probe one address, e.g. 10.0.0.5");
    }
    lastValidHost = host;
  }

  private static void checkCheckerId(String checker) {
    if (checker.equals(lastValidChecker) && !checker.isEmpty()) {
      return;
    }
    if (!CheckerIds.isValid(checker)) {
      throw new IllegalArgumentException(
          "checker \"" + checker + "\" is not a checker id: use " + CheckerIds.RULE);
    }
    lastValidChecker = checker;
  }

  /** Returns {@code host:port/checker}, with an IPv6 address in brackets. */
  @Override
  public String toString() {
    return (host.contains(":") ? "[" + host + "]" : host) + ":" + port + "/" + checker;
  }
}
