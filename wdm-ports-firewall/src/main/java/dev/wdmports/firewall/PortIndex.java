package dev.wdmports.firewall;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.TreeSet;

/**
 * The rules of one chain that can match one transport, bucketed by destination port: for each
 * elementary port interval the indices (ascending) of the rules whose port match covers it, plus
 * the "wildcard" rules (no port match, or too wide a one) that every port must check.
 */
final class PortIndex {
  private static final int MAX_INTERVALS_PER_RULE = 32;
  private static final int[] NONE = new int[0];

  private final int[] starts;
  private final int[][] specific;
  final int[] wildcard;

  PortIndex(RuleMatcher[] rules, int transportBit) {
    List<RuleMatcher> candidates = new ArrayList<>();
    for (RuleMatcher r : rules) {
      if (r.rule.action().kind() != Action.Kind.CONTINUE && (r.transportMask & transportBit) != 0) {
        candidates.add(r);
      }
    }
    TreeSet<Integer> bounds = new TreeSet<>();
    bounds.add(1);
    for (RuleMatcher r : candidates) {
      if (r.dport != null) {
        for (int i = 0; i < r.dport.length; i += 2) {
          bounds.add(r.dport[i]);
          if (r.dport[i + 1] < 65535) {
            bounds.add(r.dport[i + 1] + 1);
          }
        }
      }
    }
    starts = bounds.stream().mapToInt(Integer::intValue).toArray();
    List<List<Integer>> buckets = new ArrayList<>();
    for (int i = 0; i < starts.length; i++) {
      buckets.add(new ArrayList<>());
    }
    List<Integer> wild = new ArrayList<>();
    for (RuleMatcher r : candidates) {
      if (r.dport == null) {
        wild.add(r.index);
        continue;
      }
      int count = 0;
      for (int i = 0; i < r.dport.length; i += 2) {
        count += interval(r.dport[i + 1]) - interval(r.dport[i]) + 1;
      }
      if (count > MAX_INTERVALS_PER_RULE) {
        wild.add(r.index);
        continue;
      }
      for (int i = 0; i < r.dport.length; i += 2) {
        for (int k = interval(r.dport[i]); k <= interval(r.dport[i + 1]); k++) {
          buckets.get(k).add(r.index);
        }
      }
    }
    specific = new int[starts.length][];
    for (int i = 0; i < starts.length; i++) {
      List<Integer> b = buckets.get(i);
      specific[i] = b.isEmpty() ? NONE : b.stream().mapToInt(Integer::intValue).toArray();
    }
    wildcard = wild.stream().mapToInt(Integer::intValue).toArray();
  }

  private int interval(int port) {
    int k = Arrays.binarySearch(starts, port);
    return k >= 0 ? k : -k - 2;
  }

  int[] specificFor(int port) {
    return specific[interval(port)];
  }

  /** The first position in a sorted array holding a value at least {@code min}. */
  static int lowerBound(int[] a, int min) {
    int lo = 0;
    int hi = a.length;
    while (lo < hi) {
      int mid = (lo + hi) >>> 1;
      if (a[mid] < min) {
        lo = mid + 1;
      } else {
        hi = mid;
      }
    }
    return lo;
  }
}
