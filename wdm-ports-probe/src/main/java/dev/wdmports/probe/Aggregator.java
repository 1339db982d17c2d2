package dev.wdmports.probe;

import dev.wdmports.core.report.ProbeStatus;
import dev.wdmports.probe.internal.IpSpan;
import java.math.BigInteger;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * Folds results, in probe order, into a {@link ProbeAggregate}: per port and checker, counts by
 * status and a range that grows while the next address is the last one plus one with the same
 * status. Not thread-safe; memory grows with the number of ranges (at most {@link
 * ProbeAggregate#MAX_RANGES} kept per group), not of results.
 */
final class Aggregator {
  private record Key(int port, String checker) {}

  private static final class Group {
    final EnumMap<ProbeStatus, Long> counts = new EnumMap<>(ProbeStatus.class);
    final RangeFold<ProbeStatus> ranges = new RangeFold<>(ProbeAggregate.MAX_RANGES);

    void accept(String host, ProbeStatus s) {
      counts.merge(s, 1L, Long::sum);
      ranges.accept(host, s);
    }

    List<ProbeAggregate.StatusRange> finish() {
      return ranges.finish().stream()
          .map(
              r ->
                  new ProbeAggregate.StatusRange(
                      r.first(), r.last(), r.count(), r.state(), r.text()))
          .toList();
    }
  }

  private final Map<Key, Group> groups =
      new TreeMap<>(Comparator.comparingInt(Key::port).thenComparing(Key::checker));
  private final EnumMap<ProbeStatus, Long> counts = new EnumMap<>(ProbeStatus.class);

  void accept(ProbeResult r) {
    ProbeTarget t = r.target();
    groups
        .computeIfAbsent(new Key(t.port(), t.checker()), k -> new Group())
        .accept(t.host(), r.status());
    counts.merge(r.status(), 1L, Long::sum);
  }

  ProbeAggregate finish(long total, long notProbed, Duration elapsed, boolean deadlineReached) {
    List<ProbeAggregate.Group> out = new ArrayList<>();
    groups.forEach(
        (k, g) -> {
          List<ProbeAggregate.StatusRange> ranges = g.finish();
          out.add(
              new ProbeAggregate.Group(
                  k.port(), k.checker(), g.counts, ranges, g.ranges.omitted()));
        });
    return new ProbeAggregate(out, total, counts, notProbed, elapsed, deadlineReached);
  }

  /** The address of an IP literal as a number; empty for a DNS name. */
  static Optional<BigInteger> number(String host) {
    long v = ipv4(host);
    if (v >= 0) {
      return Optional.of(BigInteger.valueOf(v));
    }
    if (host.indexOf(':') < 0) {
      return Optional.empty();
    }
    return IpSpan.parse(host).map(IpSpan::first);
  }

  /** A dotted quad as a number, or -1. */
  private static long ipv4(String h) {
    long v = 0;
    int parts = 0;
    int octet = -1;
    for (int i = 0; i <= h.length(); i++) {
      char c = i < h.length() ? h.charAt(i) : '.';
      if (c == '.') {
        if (octet < 0 || octet > 255 || ++parts > 4) {
          return -1;
        }
        v = (v << 8) | octet;
        octet = -1;
      } else if (c >= '0' && c <= '9') {
        octet = (octet < 0 ? 0 : octet * 10) + (c - '0');
        if (octet > 255) {
          return -1;
        }
      } else {
        return -1;
      }
    }
    return parts == 4 ? v : -1;
  }
}
