package dev.wdmports.probe;

import com.code_intelligence.jazzer.junit.DictionaryEntries;
import com.code_intelligence.jazzer.junit.FuzzTest;
import com.code_intelligence.jazzer.mutation.annotation.NotNull;
import com.code_intelligence.jazzer.mutation.annotation.WithUtf8Length;
import dev.wdmports.core.InvalidInputException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Iterator;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

/**
 * Fuzzes the target syntaxes: one {@code HOST:PORTS/CHECKER} ({@link ProbeTarget#parse}), a spec
 * with CIDRs and ranges ({@link ProbeTargets#parse}) and the lines of an {@code @FILE}. Only {@link
 * InvalidInputException} may come out; what parses must count and yield its first targets without
 * throwing (never all of them: a /8 is 16 million).
 */
class ProbeTargetsFuzzTest {
  private static Path dir;
  private static Path file;

  @BeforeAll
  static void createFile() throws IOException {
    dir = Files.createTempDirectory("wdm-ports-fuzz-targets");
    file = dir.resolve("targets.txt");
  }

  @AfterAll
  static void deleteFile() throws IOException {
    Files.deleteIfExists(file);
    Files.deleteIfExists(dir);
  }

  @FuzzTest(maxDuration = "10m")
  @DictionaryEntries({":", "/", "/tcp", "/http", "/tftp", "[", "]", "::", ",", "-"})
  void target(@NotNull @WithUtf8Length(max = 4096) String text) {
    try {
      for (ProbeTarget t : ProbeTarget.parse(text)) {
        t.toString();
      }
    } catch (InvalidInputException expected) {
      // documented
    }
  }

  @FuzzTest(maxDuration = "10m")
  @DictionaryEntries({":", "/", "/24", "/tcp", "-", "[", "]", "::", ",", "10.0.0.1"})
  void targets(@NotNull @WithUtf8Length(max = 4096) String spec) {
    if (spec.trim().startsWith("@")) {
      return; // a file name: the targetFile method covers files
    }
    walk(spec);
  }

  @FuzzTest(maxDuration = "10m")
  @DictionaryEntries({"#", ":", "/", "/24", "/tcp", "-", "@"})
  void targetFile(@NotNull @WithUtf8Length(max = 65536) String lines) {
    try {
      Files.writeString(file, lines, StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    walk("@" + file);
  }

  private static void walk(String spec) {
    ProbeTargets t;
    try {
      t = ProbeTargets.parse(spec);
    } catch (InvalidInputException expected) {
      return;
    }
    try {
      t.size();
      t.addresses();
      Iterator<ProbeTarget> it = t.iterator();
      for (int i = 0; i < 1000 && it.hasNext(); i++) {
        it.next();
      }
    } catch (InvalidInputException expected) {
      // documented for size() and iterator(): an IPv6 spec over the limit
    }
  }
}
