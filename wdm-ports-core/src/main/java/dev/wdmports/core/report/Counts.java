package dev.wdmports.core.report;

import java.util.Collections;
import java.util.EnumMap;
import java.util.Map;

/** Counts by an enum's values, as the fleet records keep them: zero counts left out. */
final class Counts {
  private Counts() {}

  /**
   * An unmodifiable copy without the zero (or null) counts.
   *
   * @throws NullPointerException if the map is null
   */
  static <K extends Enum<K>> Map<K, Long> positive(Map<K, Long> counts, Class<K> type) {
    EnumMap<K, Long> copy = new EnumMap<>(type);
    java.util.Objects.requireNonNull(counts, "counts")
        .forEach(
            (k, v) -> {
              if (v != null && v > 0) {
                copy.put(k, v);
              }
            });
    return Collections.unmodifiableMap(copy);
  }
}
