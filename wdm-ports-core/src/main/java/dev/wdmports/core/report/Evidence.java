package dev.wdmports.core.report;

import static java.util.Objects.requireNonNull;

import dev.wdmports.core.graph.FlowVerdict;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * Why a {@link FlowCheck} has its verdict: a firewall rule (or chain policy) decided it, a probe
 * saw it, or it was not checked at all.
 *
 * <pre>{@code
 * if (check.evidence() instanceof Evidence.Decided d) {
 *   System.out.println(check.flow() + " decided by " + d.describe());
 * } else if (check.evidence() instanceof Evidence.Probed p) {
 *   System.out.println(check.flow() + " is " + p.status() + " (" + p.detail() + ")");
 * }
 * }</pre>
 *
 * @since 0.1.0
 */
public sealed interface Evidence
    permits Evidence.Decided, Evidence.Probed, Evidence.Swept, Evidence.NotChecked {

  /**
   * A firewall policy decided the flow.
   *
   * @param rule the deciding rule; empty when a chain policy or a default decided
   * @param path the chains traversed in order (for Windows, the profiles evaluated)
   * @param warnings why the verdict may be wrong or is unknown, each naming a line when one is
   *     known
   * @since 0.1.0
   */
  record Decided(Optional<DecidingRule> rule, List<String> path, List<String> warnings)
      implements Evidence {
    /**
     * Copies the lists.
     *
     * @throws NullPointerException if a part is null
     */
    public Decided {
      requireNonNull(rule, "rule");
      path = List.copyOf(path);
      warnings = List.copyOf(warnings);
    }

    /**
     * Describes what decided: the rule with its line and text, or the chain's policy.
     *
     * @return e.g. {@code line 12 (-A INPUT -p tcp --dport 443 -j DROP)} or {@code the default
     *     policy of INPUT}
     */
    public String describe() {
      return rule.map(DecidingRule::describe)
          .orElse(
              "the default policy" + (path.isEmpty() ? "" : " of " + String.join(" -> ", path)));
    }
  }

  /**
   * A probe checked the flow.
   *
   * @param checker the checker used, e.g. {@code https}
   * @param host the host probed, e.g. {@code 10.0.0.5}
   * @param status what the probe found
   * @param detail what the probe saw, e.g. {@code certificate not trusted: ...}; may be empty
   * @param latency how long the probe took
   * @since 0.1.0
   */
  record Probed(String checker, String host, ProbeStatus status, String detail, Duration latency)
      implements Evidence {
    /**
     * Validates the evidence.
     *
     * @throws NullPointerException if a part is null
     */
    public Probed {
      requireNonNull(checker, "checker");
      requireNonNull(host, "host");
      requireNonNull(status, "status");
      requireNonNull(detail, "detail");
      requireNonNull(latency, "latency");
    }
  }

  /**
   * Probes checked the flow on every device of a network, or on a sample of them: the flow's
   * destination is a device network, and the verdict is the devices' worst ({@link #verdict()}).
   * Its size grows with the number of ranges, not of devices.
   *
   * @param checker the checker used on each device, e.g. {@code tcp}
   * @param network the network swept, e.g. {@code 10.10.8.0/22}
   * @param devices how many devices were to be checked: the network's size, or the sample's
   * @param byStatus results by status; statuses with none are left out; devices never probed (the
   *     deadline passed) are the difference to {@code devices}
   * @param ranges contiguous devices with one status, in address order, at most {@value
   *     #MAX_RANGES}
   * @param rangesOmitted ranges beyond the limit, counted in {@code byStatus} but not listed
   * @param seed the seed of the sample, to repeat it; empty when every device was checked
   * @since 0.1.0
   */
  record Swept(
      String checker,
      String network,
      long devices,
      Map<ProbeStatus, Long> byStatus,
      List<Range> ranges,
      long rangesOmitted,
      OptionalLong seed)
      implements Evidence {
    /** The most ranges kept. */
    public static final int MAX_RANGES = 1_000;

    /**
     * Validates the evidence and copies the collections.
     *
     * @throws NullPointerException if a part is null
     * @throws IllegalArgumentException if a count is negative or the results outnumber the devices
     */
    public Swept {
      requireNonNull(checker, "checker");
      requireNonNull(network, "network");
      requireNonNull(seed, "seed");
      byStatus = Counts.positive(byStatus, ProbeStatus.class);
      Map<ProbeStatus, Long> counts = byStatus;
      ranges = List.copyOf(ranges);
      long probed = counts.values().stream().mapToLong(Long::longValue).sum();
      if (devices < 0 || rangesOmitted < 0 || probed > devices) {
        throw new IllegalArgumentException(
            "swept "
                + network
                + ": "
                + probed
                + " results for "
                + devices
                + " devices, "
                + rangesOmitted
                + " ranges omitted: counts must be non-negative and results at most the devices");
      }
    }

    /**
     * Returns how many devices were probed.
     *
     * @return the sum of {@link #byStatus()}
     */
    public long probed() {
      return byStatus.values().stream().mapToLong(Long::longValue).sum();
    }

    /**
     * Returns the devices' worst verdict: {@code BLOCKED} if any device's status blocks, else
     * {@code UNKNOWN} if any is unknown or was not probed, {@code OPEN} only when every device was
     * probed and is open; {@code NOT_CHECKED} when none was probed.
     *
     * @return the verdict of the flow
     */
    public FlowVerdict verdict() {
      if (probed() == 0) {
        return FlowVerdict.NOT_CHECKED;
      }
      FlowVerdict v = probed() < devices ? FlowVerdict.UNKNOWN : FlowVerdict.OPEN;
      for (ProbeStatus s : byStatus.keySet()) {
        v = v.stricter(s.verdict() == FlowVerdict.NOT_CHECKED ? FlowVerdict.UNKNOWN : s.verdict());
      }
      return v;
    }

    /**
     * Describes the devices that are not open: {@code FILTERED for 1,024 of 4,096 devices
     * (10.10.12.0/22)}, the statuses with the most devices first, at most three ranges each.
     *
     * @return the description, {@code OPEN on all 4,096 devices} when every one is open
     */
    public String describe() {
      long open = byStatus.getOrDefault(ProbeStatus.OPEN, 0L);
      if (open == devices) {
        return "OPEN on all " + Words.count(devices) + " devices";
      }
      List<String> parts = new ArrayList<>();
      byStatus.entrySet().stream()
          .filter(e -> e.getKey() != ProbeStatus.OPEN)
          .sorted((a, b) -> Long.compare(b.getValue(), a.getValue()))
          .forEach(
              e -> {
                List<String> where =
                    ranges.stream()
                        .filter(r -> r.status() == e.getKey())
                        .map(Range::range)
                        .toList();
                parts.add(
                    e.getKey().name()
                        + " for "
                        + Words.count(e.getValue())
                        + " of "
                        + Words.count(devices)
                        + " devices"
                        + Words.ranges(where));
              });
      long notProbed = devices - probed();
      if (notProbed > 0) {
        parts.add("not probed for " + Words.count(notProbed) + " (the deadline passed)");
      }
      return String.join(", ", parts);
    }

    /**
     * Contiguous devices with one status.
     *
     * @param range {@code 10.0.0.5}, a CIDR when exactly one ({@code 10.10.12.0/22}), else {@code
     *     first-last}
     * @param devices how many devices
     * @param status their status
     * @since 0.1.0
     */
    public record Range(String range, long devices, ProbeStatus status) {
      /**
       * Validates the range.
       *
       * @throws IllegalArgumentException if it has no device
       */
      public Range {
        requireNonNull(range, "range");
        requireNonNull(status, "status");
        if (devices < 1) {
          throw new IllegalArgumentException(
              "range " + range + " has " + devices + " devices: a range has at least one");
        }
      }
    }
  }

  /**
   * The flow was not checked.
   *
   * @param checker the checker that would have probed it, or {@code none} when none speaks its
   *     protocol
   * @param reason why it was not checked, e.g. {@code destination 10.0.1.0/24 is a network, not one
   *     host}; may be empty
   * @since 0.1.0
   */
  record NotChecked(String checker, String reason) implements Evidence {
    /**
     * Validates the evidence.
     *
     * @throws NullPointerException if a part is null
     */
    public NotChecked {
      requireNonNull(checker, "checker");
      requireNonNull(reason, "reason");
    }
  }
}
