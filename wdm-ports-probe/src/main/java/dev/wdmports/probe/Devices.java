package dev.wdmports.probe;

import dev.wdmports.core.InvalidInputException;
import java.util.Locale;
import java.util.concurrent.ThreadLocalRandom;
import org.jspecify.annotations.Nullable;

/**
 * Which devices of a device network a {@link Preflight} checks: every one, or a sample of {@code N}
 * picked at random by a seed that repeats it ({@link ProbeTargets#sample}).
 *
 * <pre>{@code
 * Preflight all = Preflight.builder().devices(Devices.all()).build();
 * Preflight some = Preflight.builder().devices(Devices.sample(256, 12345L)).build();
 * Devices fromCli = Devices.parse("256", 12345L);  // --devices 256 --seed 12345
 * }</pre>
 *
 * @param sample how many devices per network; 0 for all of them
 * @param seed the seed of the sample (ignored for all)
 * @since 0.1.0
 */
public record Devices(int sample, long seed) {
  /**
   * Validates the selection.
   *
   * @throws IllegalArgumentException if the sample is negative or over {@link
   *     ProbeTargets#MAX_SAMPLE}
   */
  public Devices {
    if (sample < 0 || sample > ProbeTargets.MAX_SAMPLE) {
      throw new IllegalArgumentException(
          "device sample " + sample + " is out of range 1.." + ProbeTargets.MAX_SAMPLE);
    }
  }

  /**
   * Every device of each network.
   *
   * @return the selection
   */
  public static Devices all() {
    return new Devices(0, 0);
  }

  /**
   * A sample of each network.
   *
   * @param n how many devices per network, 1..{@value ProbeTargets#MAX_SAMPLE}
   * @param seed the seed: the same seed picks the same devices
   * @return the selection
   * @throws IllegalArgumentException if {@code n} is out of range
   */
  public static Devices sample(int n, long seed) {
    if (n < 1) {
      throw new IllegalArgumentException(
          "device sample " + n + " is out of range 1.." + ProbeTargets.MAX_SAMPLE);
    }
    return new Devices(n, seed);
  }

  /**
   * Reads {@code all} or a count, as {@code --devices} takes it.
   *
   * @param spec {@code all} or {@code N}
   * @param seed the seed of a sample; a random one when null
   * @return the selection
   * @throws InvalidInputException if the text is neither, naming it
   */
  // JSpecify is requires static (as in Guava): callers need not have it, so javac's exports lint
  // about @Nullable here does not apply.
  @SuppressWarnings("exports")
  public static Devices parse(String spec, @Nullable Long seed) {
    String s = spec.trim().toLowerCase(Locale.ROOT);
    if (s.equals("all")) {
      return all();
    }
    int n;
    try {
      n = Integer.parseInt(s);
    } catch (NumberFormatException e) {
      n = -1;
    }
    if (n < 1 || n > ProbeTargets.MAX_SAMPLE) {
      throw new InvalidInputException(
          "\""
              + spec
              + "\" is neither all nor a count 1.."
              + ProbeTargets.MAX_SAMPLE
              + ": give all, or a count such as 256");
    }
    return sample(n, seed != null ? seed : ThreadLocalRandom.current().nextLong());
  }

  /**
   * Tells whether every device is checked.
   *
   * @return true for {@link #all()}
   */
  public boolean isAll() {
    return sample == 0;
  }
}
