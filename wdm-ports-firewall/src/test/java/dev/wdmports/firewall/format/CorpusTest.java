package dev.wdmports.firewall.format;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.wdmports.core.InvalidInputException;
import dev.wdmports.firewall.ChainPolicy;
import dev.wdmports.firewall.Rule;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.TreeMap;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * Reads every file of the shared corpus of netfilter's own test material (see its README and
 * MANIFEST.json): a file the real tool accepts must parse, no file may crash the reader, and every
 * UNKNOWN verdict must say which line made it so ({@link ReaderOracle}, shared with {@link
 * RealWorldConfigsTest}). The corpus is GPL test data kept outside the repository: set {@code
 * -Dwdmports.corpus=DIR}, or keep {@code shared/corpus} beside the clone. {@code
 * -Dwdmports.corpus.list} (through surefire's {@code argLine}) lists the invalid files that were
 * accepted.
 */
class CorpusTest {
  private static Optional<Path> corpus() {
    String property = System.getProperty("wdmports.corpus");
    List<Path> candidates = new ArrayList<>();
    if (property != null && !property.isBlank()) {
      candidates.add(Path.of(property));
    }
    candidates.add(Path.of("../shared/corpus"));
    candidates.add(Path.of("../../shared/corpus"));
    return candidates.stream()
        .filter(p -> Files.isRegularFile(p.resolve("MANIFEST.json")))
        .findFirst();
  }

  @Test
  void everyCorpusFile_parsesWhenTheToolAcceptsIt_andNeverCrashes() throws IOException {
    Optional<Path> found = corpus();
    assumeTrue(
        found.isPresent(),
        "the firewall corpus is not here: set -Dwdmports.corpus=DIR or keep shared/corpus beside"
            + " the repository (looked in ../shared/corpus and ../../shared/corpus from "
            + Path.of("").toAbsolutePath()
            + ")");
    Path root = found.orElseThrow();
    JsonNode files =
        new ObjectMapper().readTree(root.resolve("MANIFEST.json").toFile()).get("files");
    List<String> validRejected = new ArrayList<>();
    List<String> crashes = new ArrayList<>();
    List<String> unlocated = new ArrayList<>();
    TreeMap<String, Integer> counts = new TreeMap<>();
    int unknownVerdicts = 0;
    int verdicts = 0;
    for (JsonNode f : files) {
      String rel = f.get("path").asText();
      String format = f.get("format").asText();
      String expect = f.get("expect").asText();
      boolean ip6 = f.has("family") && f.get("family").asText().equals("ip6");
      Path file = root.resolve(rel);
      String content = Files.readString(file, StandardCharsets.UTF_8);
      ChainPolicy policy;
      try {
        policy = (ChainPolicy) ReaderOracle.parse(format, ip6, content, rel, IpSets.none());
      } catch (InvalidInputException e) {
        counts.merge(expect + " rejected", 1, Integer::sum);
        if (expect.equals("valid")) {
          validRejected.add(rel + ": " + e.getMessage());
        }
        continue;
      } catch (RuntimeException e) {
        crashes.add(rel + ": " + e);
        continue;
      }
      counts.merge(expect + " parsed", 1, Integer::sum);
      if (expect.equals("invalid") && System.getProperty("wdmports.corpus.list") != null) {
        System.out.println("accepted invalid: " + rel + " " + f.path("rule").asText());
      }
      try {
        ReaderOracle.Verdicts v = ReaderOracle.verdicts(policy, rel);
        verdicts += v.total();
        unknownVerdicts += v.unknown();
        unlocated.addAll(v.unlocated());
      } catch (RuntimeException e) {
        crashes.add(rel + " (evaluating): " + e);
      }
      List<Rule> rules =
          policy.chains().stream().flatMap(c -> c.rules().stream()).collect(Collectors.toList());
      counts.merge(
          expect + " rules with an unknown part",
          (int) rules.stream().filter(r -> !r.unknown().isEmpty()).count(),
          Integer::sum);
      counts.merge(expect + " rules", rules.size(), Integer::sum);
    }
    System.out.printf(
        Locale.ROOT,
        "corpus %s: %d files. valid: %d parsed, %d rejected; invalid: %d rejected, %d accepted;"
            + " either: %d parsed, %d rejected. Rules of valid files: %d, %d with a part the model"
            + " does not understand. Verdicts: %d, %d UNKNOWN.%n",
        root,
        files.size(),
        counts.getOrDefault("valid parsed", 0),
        counts.getOrDefault("valid rejected", 0),
        counts.getOrDefault("invalid rejected", 0),
        counts.getOrDefault("invalid parsed", 0),
        counts.getOrDefault("either parsed", 0),
        counts.getOrDefault("either rejected", 0),
        counts.getOrDefault("valid rules", 0),
        counts.getOrDefault("valid rules with an unknown part", 0),
        verdicts,
        unknownVerdicts);
    assertThat(crashes).as("files that crashed the reader").isEmpty();
    assertThat(validRejected).as("files the real tool accepts, rejected").isEmpty();
    assertThat(unlocated).as("UNKNOWN verdicts whose warnings name no line").isEmpty();
  }
}
