package dev.wdmports.cli;

import com.code_intelligence.jazzer.junit.DictionaryEntries;
import com.code_intelligence.jazzer.junit.FuzzTest;
import com.code_intelligence.jazzer.mutation.annotation.NotNull;
import com.code_intelligence.jazzer.mutation.annotation.WithUtf8Length;
import dev.wdmports.core.InvalidInputException;
import java.math.BigInteger;
import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Fuzzes the CLI's durations ({@code --timeout 2s}): only {@link InvalidInputException} may come
 * out, a duration that parses is positive, and a whole number of minutes or milliseconds is read
 * exactly, never wrapped around.
 */
class DurationsFuzzTest {
  private static final Pattern WHOLE = Pattern.compile("\\s*(\\d+)(ms|m)\\s*");

  @FuzzTest(maxDuration = "10m")
  @DictionaryEntries({"ms", "s", "m", ".", "e", "-", "NaN", "Infinity", "9223372036854775807"})
  void duration(@NotNull @WithUtf8Length(max = 1024) String text) {
    Duration d;
    try {
      d = Durations.parse(text);
    } catch (InvalidInputException expected) {
      return;
    }
    if (d.isNegative() || d.isZero()) {
      throw new AssertionError("\"" + text + "\" parsed to " + d);
    }
    Matcher m = WHOLE.matcher(text);
    if (m.matches()) {
      BigInteger n = new BigInteger(m.group(1));
      BigInteger millis = m.group(2).equals("m") ? n.multiply(BigInteger.valueOf(60_000)) : n;
      BigInteger got =
          BigInteger.valueOf(d.getSeconds())
              .multiply(BigInteger.valueOf(1000))
              .add(BigInteger.valueOf(d.getNano() / 1_000_000));
      if (!got.equals(millis)) {
        throw new AssertionError("\"" + text + "\" parsed to " + d + ", not " + millis + " ms");
      }
    }
  }
}
