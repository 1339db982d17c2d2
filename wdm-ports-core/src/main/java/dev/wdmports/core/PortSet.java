package dev.wdmports.core;

import static java.util.Objects.requireNonNull;

import com.google.common.collect.ImmutableList;
import com.google.common.collect.Range;
import com.google.common.collect.RangeSet;
import com.google.common.collect.TreeRangeSet;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

/**
 * A set of ports, kept as sorted, non-overlapping, non-adjacent ranges.
 *
 * <pre>{@code
 * PortSet web = PortSet.of(80, 280);
 * PortSet parsed = PortSet.parse("80,443,8000-8100");
 * boolean open = parsed.contains(8080); // true
 * }</pre>
 *
 * <p>The constructor normalizes: {@code [80-90, 85-100, 101]} becomes {@code [80-101]}.
 *
 * @param ranges the ranges; normalized on construction
 * @since 0.1.0
 */
public record PortSet(List<PortRange> ranges) {
  private static final PortSet EMPTY = new PortSet(List.of());

  /**
   * Normalizes the ranges.
   *
   * @throws NullPointerException if the list or a range is null
   */
  public PortSet {
    requireNonNull(ranges, "ranges");
    RangeSet<Integer> set = TreeRangeSet.create();
    for (PortRange r : ranges) {
      requireNonNull(r, "ranges contains null");
      set.add(Range.closedOpen(r.first(), r.last() + 1));
    }
    ranges =
        set.asRanges().stream()
            .map(r -> new PortRange(r.lowerEndpoint(), r.upperEndpoint() - 1))
            .collect(ImmutableList.toImmutableList());
  }

  /**
   * Returns the empty set.
   *
   * @return a set with no port
   */
  public static PortSet empty() {
    return EMPTY;
  }

  /**
   * Returns the set of the given ports.
   *
   * @param ports ports in 1..65535
   * @return the set
   * @throws IllegalArgumentException if a port is out of range
   */
  public static PortSet of(int... ports) {
    return new PortSet(Arrays.stream(ports).mapToObj(PortRange::of).toList());
  }

  /**
   * Returns the set of the given ranges.
   *
   * @param ranges the ranges
   * @return the set
   */
  public static PortSet of(PortRange... ranges) {
    return new PortSet(List.of(ranges));
  }

  /**
   * Parses a comma-separated list of ports and ranges: {@code 80}, {@code 80,443}, {@code
   * 1-1024,8080}.
   *
   * @param text the list
   * @return the set
   * @throws InvalidInputException naming the bad element
   */
  public static PortSet parse(String text) {
    if (text.isBlank()) {
      throw new InvalidInputException("port list is empty: give ports such as 80,443 or 1-1024");
    }
    return new PortSet(Arrays.stream(text.split(",", -1)).map(PortRange::parse).toList());
  }

  /**
   * Tells whether the set holds a port.
   *
   * @param port any number
   * @return true if a range holds it
   */
  public boolean contains(int port) {
    int lo = 0;
    int hi = ranges.size() - 1;
    while (lo <= hi) {
      int mid = (lo + hi) >>> 1;
      PortRange r = ranges.get(mid);
      if (port < r.first()) {
        hi = mid - 1;
      } else if (port > r.last()) {
        lo = mid + 1;
      } else {
        return true;
      }
    }
    return false;
  }

  /**
   * Tells whether the set is empty.
   *
   * @return true if it holds no port
   */
  public boolean isEmpty() {
    return ranges.isEmpty();
  }

  /**
   * Returns how many ports the set holds.
   *
   * @return the number of ports
   */
  public int size() {
    return ranges.stream().mapToInt(PortRange::size).sum();
  }

  /**
   * Returns the ports in ascending order.
   *
   * @return a stream of ports
   */
  public IntStream ports() {
    return ranges.stream().flatMapToInt(r -> IntStream.rangeClosed(r.first(), r.last()));
  }

  /**
   * Returns the lowest port.
   *
   * @return the first port
   * @throws IllegalStateException if the set is empty
   */
  public int first() {
    if (ranges.isEmpty()) {
      throw new IllegalStateException("the port set is empty");
    }
    return ranges.get(0).first();
  }

  /** Returns the list form, e.g. {@code 80,280} or {@code 1-1024,8080}. */
  @Override
  public String toString() {
    return ranges.stream().map(PortRange::toString).collect(Collectors.joining(","));
  }
}
