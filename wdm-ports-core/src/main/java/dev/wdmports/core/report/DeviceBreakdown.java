package dev.wdmports.core.report;

import static java.util.Objects.requireNonNull;

import dev.wdmports.core.graph.Availability;
import java.util.List;
import java.util.Map;

/**
 * For how many devices of a network an operation works, and where it does not: a preflight that
 * sweeps a device network rolls each device's flows up into the operation on its own, and this is
 * the result in aggregate. It stands beside the operation's {@link
 * dev.wdmports.core.graph.OperationStatus}, whose availability is the devices' worst; its size
 * grows with the number of ranges, not of devices.
 *
 * <pre>{@code
 * for (DeviceBreakdown b : report.devices()) {
 *   System.out.println(b.operation() + " on " + b.network() + ": " + b.byAvailability());
 *   b.ranges().stream()
 *       .filter(r -> !r.availability().works())
 *       .forEach(r -> System.out.println("  " + r.range() + " " + r.availability() + ": " + r.because()));
 * }
 * // reboot on thin-clients: {AVAILABLE=3072, BROKEN=1024}
 * //   10.10.12.0/22 BROKEN: web-service-to-web-agent-wakeup 80/tcp FILTERED
 * }</pre>
 *
 * @param operation the operation's id
 * @param network the deployment host that is the device network, e.g. {@code thin-clients}
 * @param devices how many devices were checked (the network's size or the sample's)
 * @param byAvailability devices by the operation's availability on them; availabilities with none
 *     are left out
 * @param ranges contiguous devices with one availability for one reason, in address order, at most
 *     {@value #MAX_RANGES}
 * @param rangesOmitted ranges beyond the limit, counted in {@code byAvailability} but not listed
 * @since 0.1.0
 */
public record DeviceBreakdown(
    String operation,
    String network,
    long devices,
    Map<Availability, Long> byAvailability,
    List<Range> ranges,
    long rangesOmitted) {
  /** The most ranges kept. */
  public static final int MAX_RANGES = 1_000;

  /**
   * Validates the breakdown and copies the collections.
   *
   * @throws NullPointerException if a part is null
   * @throws IllegalArgumentException if the counts do not add up to the devices
   */
  public DeviceBreakdown {
    requireNonNull(operation, "operation");
    requireNonNull(network, "network");
    byAvailability = Counts.positive(byAvailability, Availability.class);
    Map<Availability, Long> counts = byAvailability;
    ranges = List.copyOf(ranges);
    long sum = counts.values().stream().mapToLong(Long::longValue).sum();
    if (sum != devices || rangesOmitted < 0) {
      throw new IllegalArgumentException(
          operation
              + " on "
              + network
              + ": "
              + sum
              + " devices by availability for "
              + devices
              + " devices: the counts must add up");
    }
  }

  /**
   * Returns how many devices have an availability.
   *
   * @param availability the availability
   * @return the count, 0 if none
   */
  public long count(Availability availability) {
    return byAvailability.getOrDefault(availability, 0L);
  }

  /**
   * Returns the worst availability over the devices: {@code BROKEN}, then {@code UNKNOWN}, then
   * {@code DEGRADED}, then {@code AVAILABLE}.
   *
   * @return the worst, {@code UNKNOWN} for no device
   */
  public Availability worst() {
    for (Availability a :
        List.of(
            Availability.BROKEN,
            Availability.UNKNOWN,
            Availability.DEGRADED,
            Availability.AVAILABLE)) {
      if (count(a) > 0) {
        return a;
      }
    }
    return Availability.UNKNOWN;
  }

  /**
   * Describes where the operation does not simply work: {@code broken for 1,024 of 4,096 devices of
   * thin-clients (10.10.12.0/22: web-service-to-web-agent-wakeup 80/tcp FILTERED)}, the worst
   * availability first, at most three ranges each.
   *
   * @return the description; {@code available for all 4,096 devices of thin-clients} when it works
   *     on every one
   */
  public String describe() {
    if (count(Availability.AVAILABLE) == devices) {
      return "available for all " + Words.count(devices) + " devices of " + network;
    }
    StringBuilder sb = new StringBuilder();
    for (Availability a :
        List.of(Availability.BROKEN, Availability.UNKNOWN, Availability.DEGRADED)) {
      long n = count(a);
      if (n == 0) {
        continue;
      }
      List<String> where =
          ranges.stream()
              .filter(r -> r.availability() == a)
              .map(r -> r.range() + (r.because().isEmpty() ? "" : ": " + r.because()))
              .toList();
      sb.append(sb.length() == 0 ? "" : "; ")
          .append(
              a == Availability.DEGRADED ? "degraded" : a.name().toLowerCase(java.util.Locale.ROOT))
          .append(" for ")
          .append(Words.count(n))
          .append(" of ")
          .append(Words.count(devices))
          .append(" devices of ")
          .append(network)
          .append(Words.ranges(where, "; "));
    }
    return sb.toString();
  }

  /**
   * Contiguous devices on which the operation has one availability for one reason.
   *
   * @param range {@code 10.0.0.5}, a CIDR when exactly one ({@code 10.10.12.0/22}), else {@code
   *     first-last}
   * @param devices how many devices
   * @param availability the operation's availability on them
   * @param because the flows that make it so, e.g. {@code web-service-to-web-agent-wakeup 80/tcp
   *     FILTERED}; empty when it is available
   * @since 0.1.0
   */
  public record Range(String range, long devices, Availability availability, String because) {
    /**
     * Validates the range.
     *
     * @throws IllegalArgumentException if it has no device
     */
    public Range {
      requireNonNull(range, "range");
      requireNonNull(availability, "availability");
      requireNonNull(because, "because");
      if (devices < 1) {
        throw new IllegalArgumentException(
            "range " + range + " has " + devices + " devices: a range has at least one");
      }
    }
  }
}
