package dev.wdmports.core.graph;

import com.code_intelligence.jazzer.junit.DictionaryEntries;
import com.code_intelligence.jazzer.junit.FuzzTest;
import com.code_intelligence.jazzer.mutation.annotation.NotNull;
import com.code_intelligence.jazzer.mutation.annotation.WithUtf8Length;
import dev.wdmports.core.InvalidInputException;

/**
 * Fuzzes the {@code impact --closed} syntax, {@code [HOST:]PORTS[/TRANSPORT],...}: only {@link
 * InvalidInputException} may come out, and what parses prints back to text that parses again.
 */
class ClosedPortsFuzzTest {

  @FuzzTest(maxDuration = "10m")
  @DictionaryEntries({":", ",", "-", "/tcp", "/udp", "65535", "wdm-server:"})
  void closedPorts(@NotNull @WithUtf8Length(max = 4096) String text) {
    ClosedPorts c;
    try {
      c = ClosedPorts.parse(text);
    } catch (InvalidInputException expected) {
      return;
    }
    for (ClosedPorts.Entry e : c.entries()) {
      ClosedPorts.parse(e.toString());
    }
  }
}
