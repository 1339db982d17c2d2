package dev.wdmports.exporter;

import com.code_intelligence.jazzer.junit.DictionaryEntries;
import com.code_intelligence.jazzer.junit.FuzzTest;
import com.code_intelligence.jazzer.mutation.annotation.NotNull;
import com.code_intelligence.jazzer.mutation.annotation.WithUtf8Length;
import java.time.Duration;

/**
 * Fuzzes what a scrape sends the exporter: the raw query of {@code /probe} and the {@code
 * X-Prometheus-Scrape-Timeout-Seconds} header. The only exception allowed out is {@link
 * ProbeQuery.BadQueryException}, whose message becomes a one-line HTTP 400 body: it must hold no
 * line break. A deadline that parses is within the exporter's bounds.
 */
class ProbeQueryFuzzTest {

  @FuzzTest(maxDuration = "10m")
  @DictionaryEntries({"module=", "target=", "&", "%", "%0a", "%2", "+", "tcp", "http", "="})
  void query(@NotNull @WithUtf8Length(max = 4096) String rawQuery) {
    try {
      ProbeQuery q = ProbeQuery.parse(rawQuery);
      if (q.target().isBlank()) {
        throw new AssertionError("blank target from " + rawQuery);
      }
    } catch (ProbeQuery.BadQueryException e) {
      requireOneLine(e);
    }
  }

  @FuzzTest(maxDuration = "10m")
  @DictionaryEntries({".", "e", "E", "-", "NaN", "Infinity", "0x", "p", "_"})
  void scrapeTimeout(@NotNull @WithUtf8Length(max = 1024) String header) {
    try {
      Duration d = Exporter.deadline(header);
      if (d.isNegative() || d.isZero() || d.compareTo(Duration.ofHours(1)) > 0) {
        throw new AssertionError("deadline " + d + " from \"" + header + "\"");
      }
    } catch (ProbeQuery.BadQueryException e) {
      requireOneLine(e);
    }
  }

  private static void requireOneLine(RuntimeException e) {
    String m = e.getMessage();
    if (m == null || m.isEmpty() || m.indexOf('\n') >= 0 || m.indexOf('\r') >= 0) {
      throw new AssertionError("not a one-line message: " + m, e);
    }
  }
}
