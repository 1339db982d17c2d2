package dev.wdmports.probe;

import static java.util.Objects.requireNonNull;

import dev.wdmports.core.Address;
import dev.wdmports.core.Cidr;
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
 * @since 0.1.0
 */
public record ProbeTarget(String host, int port, String checker, ProbeOptions options) {
  private static final String FORM = "write HOST:PORTS/CHECKER, e.g. 127.0.0.1:80/http";

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
    String[] parts = split(text);
    String host = parts[0];
    String checker = parts[2];
    PortSet set;
    try {
      set = PortSet.parse(parts[1]);
      checkHost(host);
      checkCheckerId(checker);
    } catch (IllegalArgumentException | InvalidInputException e) {
      throw new InvalidInputException("target \"" + text + "\": " + e.getMessage(), e);
    }
    return set.ports().mapToObj(p -> of(host, p, checker)).toList();
  }

  /**
   * Splits {@code HOST:PORTS/CHECKER} into host (without brackets), ports and the lower-case
   * checker id, checking only the form; {@link ProbeTargets} shares it, with networks and ranges as
   * the host.
   *
   * @throws InvalidInputException naming the target when a part is missing
   */
  static String[] split(String text) {
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
    return new String[] {host, ports, checker};
  }

  /** Checks a checker id as the constructor does; for {@link ProbeTargets}. */
  static void requireCheckerId(String checker) {
    checkCheckerId(checker);
  }

  private static void checkHost(String host) {
    if (!isPlainHost(host)) {
      checkHostFully(host);
    }
  }

  /** The full check of a host; package-private for the test that the fast path agrees. */
  static void checkHostFully(String host) {
    if (host.contains("/") && isNetwork(host)) {
      throw new IllegalArgumentException(
          "host \""
              + host
              + "\" is a network: probe one address, e.g. 10.0.0.5, or every address of it with"
              + " ProbeTargets.parse(\""
              + host
              + ":PORT/CHECKER\")");
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
  }

  private static boolean isNetwork(String text) {
    try {
      return !Cidr.parse(text).isHost();
    } catch (IllegalArgumentException | InvalidInputException e) {
      return false;
    }
  }

  /**
   * Tells, without allocating, whether a host is in a form that the full check (the core's {@code
   * Address}) accepts as one host for certain: a dotted-quad IPv4 address without leading zeros, an
   * IPv6 address of hex groups (with at most one {@code ::}, no embedded IPv4, no zone), or a DNS
   * name of ASCII letters, digits and inner hyphens whose last label starts with a letter. Anything
   * else takes the full check. A port range expands into up to 65,535 targets of one host, and the
   * full check costs microseconds each (a third of a second of a sweep's start-up); this replaces a
   * static cache of the last host that passed it.
   *
   * @param h the host
   * @return true when the host is valid; false when the full check must decide
   */
  static boolean isPlainHost(String h) {
    int n = h.length();
    if (n == 0 || n > 253) {
      return false;
    }
    return isPlainIpv4(h, n) || isPlainIpv6(h, n) || isPlainName(h, n);
  }

  private static boolean isPlainIpv6(String h, int n) {
    int groups = 0;
    boolean elided = false;
    int i = 0;
    if (h.startsWith("::")) {
      elided = true;
      i = 2;
    }
    while (i < n) {
      int start = i;
      while (i < n && Character.digit(h.charAt(i), 16) >= 0 && h.charAt(i) < 128) {
        i++;
      }
      int len = i - start;
      if (len == 0 || len > 4) {
        return false;
      }
      groups++;
      if (i == n) {
        break;
      }
      if (h.charAt(i) != ':') {
        return false;
      }
      i++;
      if (i < n && h.charAt(i) == ':') {
        if (elided) {
          return false;
        }
        elided = true;
        i++;
      } else if (i == n) {
        return false; // a single trailing colon
      }
    }
    return elided ? groups <= 7 : groups == 8;
  }

  private static boolean isPlainIpv4(String h, int n) {
    int parts = 0;
    int i = 0;
    while (i < n) {
      int start = i;
      int value = 0;
      while (i < n && h.charAt(i) >= '0' && h.charAt(i) <= '9') {
        value = value * 10 + (h.charAt(i) - '0');
        i++;
        if (i - start > 3) {
          return false;
        }
      }
      int len = i - start;
      if (len == 0 || value > 255 || (len > 1 && h.charAt(start) == '0')) {
        return false;
      }
      parts++;
      if (i < n) {
        if (h.charAt(i) != '.' || parts == 4) {
          return false;
        }
        i++;
        if (i == n) {
          return false;
        }
      }
    }
    return parts == 4;
  }

  private static boolean isPlainName(String h, int n) {
    int labelStart = 0;
    for (int i = 0; i <= n; i++) {
      char c = i < n ? h.charAt(i) : '.';
      if (c == '.') {
        int len = i - labelStart;
        if (len == 0 || len > 63 || h.charAt(i - 1) == '-') {
          return false;
        }
        labelStart = i + 1;
      } else if (c == '-') {
        if (i == labelStart) {
          return false;
        }
      } else if (!isAsciiLetter(c) && !(c >= '0' && c <= '9')) {
        return false;
      }
    }
    // The last label starts with a letter: not an IP address, and a valid top-level label.
    return isAsciiLetter(h.charAt(h.lastIndexOf('.') + 1));
  }

  private static boolean isAsciiLetter(char c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
  }

  /**
   * The checker-id pattern without a regex, per target of a sweep; the pattern decides the rest.
   */
  private static boolean isPlainCheckerId(String c) {
    int n = c.length();
    if (n == 0 || n > 32 || c.charAt(0) == '-') {
      return false;
    }
    for (int i = 0; i < n; i++) {
      char ch = c.charAt(i);
      if (!((ch >= 'a' && ch <= 'z') || (ch >= '0' && ch <= '9') || ch == '-')) {
        return false;
      }
    }
    return true;
  }

  private static void checkCheckerId(String checker) {
    if (isPlainCheckerId(checker)) {
      return;
    }
    if (!CheckerIds.isValid(checker)) {
      throw new IllegalArgumentException(
          "checker \"" + checker + "\" is not a checker id: use " + CheckerIds.RULE);
    }
  }

  /** Returns {@code host:port/checker}, with an IPv6 address in brackets. */
  @Override
  public String toString() {
    return (host.contains(":") ? "[" + host + "]" : host) + ":" + port + "/" + checker;
  }
}
