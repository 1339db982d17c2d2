package dev.wdmports.core;

import com.code_intelligence.jazzer.junit.DictionaryEntries;
import com.code_intelligence.jazzer.junit.FuzzTest;
import com.code_intelligence.jazzer.mutation.annotation.NotNull;
import com.code_intelligence.jazzer.mutation.annotation.WithUtf8Length;

/**
 * Fuzzes the one-line syntaxes of the core model: flows, addresses and CIDRs, port ranges and port
 * sets. The only exception a parser may throw is the {@link InvalidInputException} its Javadoc
 * names; anything else escapes the method and Jazzer reports it as a finding.
 *
 * <p>In a plain build every input under {@code SyntaxFuzzTestInputs/<method>/} runs once; with
 * {@code JAZZER_FUZZ=1} the method is fuzzed for real (see docs/fuzzing.md).
 */
class SyntaxFuzzTest {

  @FuzzTest(maxDuration = "10m")
  @DictionaryEntries({"->", ":", "/tcp", "/udp", "[", "]", "::", "/", "."})
  void flow(@NotNull @WithUtf8Length(max = 4096) String text) {
    try {
      Flow f = Flow.parse(text);
      PortRange.checkPort(f.port());
    } catch (InvalidInputException expected) {
      // documented
    }
  }

  @FuzzTest(maxDuration = "10m")
  @DictionaryEntries({"/", ".", ":", "::", "/32", "/128", "%"})
  void cidr(@NotNull @WithUtf8Length(max = 4096) String text) {
    try {
      Cidr.parse(text);
    } catch (InvalidInputException expected) {
      // documented
    }
  }

  @FuzzTest(maxDuration = "10m")
  @DictionaryEntries({"/", ".", ":", "::", "-", "xn--"})
  void address(@NotNull @WithUtf8Length(max = 4096) String text) {
    try {
      Address.parse(text);
    } catch (InvalidInputException expected) {
      // documented
    }
  }

  @FuzzTest(maxDuration = "10m")
  @DictionaryEntries({"-", "65535", "0", "1"})
  void portRange(@NotNull @WithUtf8Length(max = 4096) String text) {
    try {
      PortRange r = PortRange.parse(text);
      PortRange.checkPort(r.first());
      PortRange.checkPort(r.last());
    } catch (InvalidInputException expected) {
      // documented
    }
    try {
      PortRange.checkPort(PortRange.parsePort(text));
    } catch (InvalidInputException expected) {
      // documented
    }
  }

  @FuzzTest(maxDuration = "10m")
  @DictionaryEntries({",", "-", "65535", " "})
  void portSet(@NotNull @WithUtf8Length(max = 4096) String text) {
    try {
      PortSet.parse(text);
    } catch (InvalidInputException expected) {
      // documented
    }
  }
}
