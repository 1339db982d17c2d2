package dev.wdmports.exporter;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The samples of a Prometheus text exposition (format 0.0.4), read back for comparison. The
 * Prometheus Java client has writers only, so this small reader stands in: comments are skipped,
 * label values may hold escaped quotes, values are Go's or Java's spelling of a double ({@code
 * 1.796e+09}, {@code 1.796E9}, {@code NaN}, {@code +Inf}).
 *
 * @param samples the samples in the order written
 */
record Exposition(List<Sample> samples) {
  private static final Pattern LINE =
      Pattern.compile("([a-zA-Z_:][a-zA-Z0-9_:]*)(?:\\{(.*)})? (\\S+)(?: -?[0-9]+)?");
  private static final Pattern LABEL =
      Pattern.compile("([a-zA-Z_][a-zA-Z0-9_]*)=\"((?:[^\"\\\\]|\\\\.)*)\",?");

  /** One sample: a metric name, its labels and its value. */
  record Sample(String name, Map<String, String> labels, double value) {}

  Exposition {
    samples = List.copyOf(samples);
  }

  /**
   * Reads an exposition.
   *
   * @throws IllegalArgumentException naming the first line that is not a sample or a comment
   */
  static Exposition parse(String text) {
    List<Sample> out = new ArrayList<>();
    for (String line : text.split("\n")) {
      if (line.isBlank() || line.startsWith("#")) {
        continue;
      }
      Matcher m = LINE.matcher(line);
      if (!m.matches()) {
        throw new IllegalArgumentException("not a sample line: " + line);
      }
      Map<String, String> labels = new LinkedHashMap<>();
      if (m.group(2) != null) {
        Matcher l = LABEL.matcher(m.group(2));
        int at = 0;
        while (l.lookingAt()) {
          labels.put(l.group(1), l.group(2).replace("\\\"", "\"").replace("\\\\", "\\"));
          at = l.end();
          l.region(at, m.group(2).length());
        }
        if (at != m.group(2).length()) {
          throw new IllegalArgumentException("bad labels in: " + line);
        }
      }
      out.add(new Sample(m.group(1), labels, parseValue(m.group(3))));
    }
    return new Exposition(out);
  }

  private static double parseValue(String s) {
    return switch (s) {
      case "+Inf" -> Double.POSITIVE_INFINITY;
      case "-Inf" -> Double.NEGATIVE_INFINITY;
      default -> Double.parseDouble(s);
    };
  }

  /** The value of the one sample named so, if there is one. */
  Optional<Double> value(String name) {
    List<Sample> named = named(name);
    if (named.size() > 1) {
      throw new IllegalStateException(named.size() + " samples named " + name + ": " + named);
    }
    return named.stream().findFirst().map(Sample::value);
  }

  /** The value of label {@code label} of the one sample named so, if there is one. */
  Optional<String> label(String name, String label) {
    List<Sample> named = named(name);
    if (named.size() > 1) {
      throw new IllegalStateException(named.size() + " samples named " + name + ": " + named);
    }
    return named.stream().findFirst().map(s -> s.labels().get(label));
  }

  List<Sample> named(String name) {
    return samples.stream().filter(s -> s.name().equals(name)).toList();
  }
}
