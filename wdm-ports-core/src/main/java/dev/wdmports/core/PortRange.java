package dev.wdmports.core;

import dev.wdmports.core.internal.Messages;

/**
 * A closed range of ports, {@code first..last}, within 1..65535.
 *
 * <pre>{@code
 * PortRange http = PortRange.of(80);
 * PortRange low = PortRange.between(1, 1024);
 * PortRange parsed = PortRange.parse("5800-5900");
 * }</pre>
 *
 * @param first the lowest port in the range
 * @param last the highest port in the range, not lower than {@code first}
 * @since 0.1.0
 */
public record PortRange(int first, int last) implements Comparable<PortRange> {
  /** The lowest valid port. */
  public static final int MIN_PORT = 1;

  /** The highest valid port. */
  public static final int MAX_PORT = 65535;

  /** Every port, 1..65535. */
  public static final PortRange ALL = new PortRange(MIN_PORT, MAX_PORT);

  /**
   * Validates the range.
   *
   * @throws IllegalArgumentException if a port is out of 1..65535 or {@code first > last}
   */
  public PortRange {
    checkPort(first);
    checkPort(last);
    if (first > last) {
      throw new IllegalArgumentException(
          "port range "
              + first
              + "-"
              + last
              + " is reversed: write the lower port first ("
              + last
              + "-"
              + first
              + ")");
    }
  }

  /**
   * Returns the range of one port.
   *
   * @param port a port in 1..65535
   * @return the range {@code port..port}
   */
  public static PortRange of(int port) {
    return new PortRange(port, port);
  }

  /**
   * Returns the range {@code first..last}.
   *
   * @param first the lowest port
   * @param last the highest port
   * @return the range
   */
  public static PortRange between(int first, int last) {
    return new PortRange(first, last);
  }

  /**
   * Parses {@code 80} or {@code 1-1024}.
   *
   * @param text the range
   * @return the range
   * @throws InvalidInputException naming the text if it is not a port or a range of ports
   */
  public static PortRange parse(String text) {
    String t = text.trim();
    int dash = t.indexOf('-', 1);
    if (dash < 0) {
      return of(parsePort(t));
    }
    int first = parsePort(t.substring(0, dash));
    int last = parsePort(t.substring(dash + 1));
    try {
      return between(first, last);
    } catch (IllegalArgumentException e) {
      throw new InvalidInputException(Messages.of(e), e);
    }
  }

  /**
   * Parses one port number.
   *
   * @param text the decimal port
   * @return the port
   * @throws InvalidInputException if the text is not a number in 1..65535
   */
  public static int parsePort(String text) {
    String t = text.trim();
    if (t.isEmpty() || t.length() > 10 || !t.chars().allMatch(c -> c == '-' || isDigit(c))) {
      throw new InvalidInputException(
          "port \"" + text + "\" is not a number: use a port number in 1..65535, e.g. 80");
    }
    long value;
    try {
      value = Long.parseLong(t);
    } catch (NumberFormatException e) {
      throw new InvalidInputException(
          "port \"" + text + "\" is not a number: use a port number in 1..65535, e.g. 80", e);
    }
    if (value < MIN_PORT || value > MAX_PORT) {
      throw new InvalidInputException(Messages.of(outOfRange(value)));
    }
    return (int) value;
  }

  private static boolean isDigit(int c) {
    return c >= '0' && c <= '9';
  }

  /**
   * Checks that a port is within 1..65535.
   *
   * @param port the port
   * @return the port
   * @throws IllegalArgumentException if it is not
   */
  public static int checkPort(long port) {
    if (port < MIN_PORT || port > MAX_PORT) {
      throw outOfRange(port);
    }
    return (int) port;
  }

  private static IllegalArgumentException outOfRange(long port) {
    return new IllegalArgumentException("port " + port + " out of range 1..65535");
  }

  /**
   * Tells whether the range holds a port.
   *
   * @param port any number
   * @return true if {@code first <= port <= last}
   */
  public boolean contains(int port) {
    return port >= first && port <= last;
  }

  /**
   * Returns how many ports the range holds.
   *
   * @return {@code last - first + 1}
   */
  public int size() {
    return last - first + 1;
  }

  /**
   * Tells whether the range is a single port.
   *
   * @return true if {@code first == last}
   */
  public boolean isSingle() {
    return first == last;
  }

  @Override
  public int compareTo(PortRange o) {
    int c = Integer.compare(first, o.first);
    return c != 0 ? c : Integer.compare(last, o.last);
  }

  /** Returns {@code 80} or {@code 1-1024}. */
  @Override
  public String toString() {
    return isSingle() ? Integer.toString(first) : first + "-" + last;
  }
}
