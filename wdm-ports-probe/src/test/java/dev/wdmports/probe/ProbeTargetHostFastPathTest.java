package dev.wdmports.probe;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;

import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * The allocation-free host check that replaced ProbeTarget's static cache agrees with the full one.
 */
class ProbeTargetHostFastPathTest {
  @Test
  void commonHosts_takeTheFastPath() {
    for (String h :
        new String[] {
          "127.0.0.1",
          "0.0.0.0",
          "255.255.255.255",
          "10.0.0.5",
          "::1",
          "::",
          "fe80::1",
          "2001:db8::",
          "1:2:3:4:5:6:7:8",
          "::ffff:a00:14",
          "localhost",
          "wdm.example.com",
          "WDM-01.Example.COM",
          "a"
        }) {
      assertThat(ProbeTarget.isPlainHost(h)).as(h).isTrue();
    }
  }

  @Test
  void doubtfulHosts_takeTheFullCheck() {
    for (String h :
        new String[] {
          "",
          "010.0.0.1",
          "256.0.0.1",
          "1.2.3",
          "1.2.3.4.5",
          "1.2.3.",
          "10.0.0.0/24",
          "::ffff:1.2.3.4",
          "fe80::1%eth0",
          "1:2:3:4:5:6:7:8:9",
          "1::2::3",
          ":1",
          "1:",
          "-a.example",
          "a-.example",
          "a..example",
          "host.123",
          "under_score.example",
          "a.example.",
          " a.example"
        }) {
      assertThat(ProbeTarget.isPlainHost(h)).as(h).isFalse();
    }
  }

  @Test
  void everyHostTheFastPathAccepts_theFullCheckAccepts() {
    long seed = System.nanoTime();
    Random random = new Random(seed);
    String alphabet = "0123456789abcdefxyzABF.:-_%/ ";
    int accepted = 0;
    for (int i = 0; i < 200_000; i++) {
      int len = 1 + random.nextInt(20);
      StringBuilder b = new StringBuilder(len);
      for (int k = 0; k < len; k++) {
        b.append(alphabet.charAt(random.nextInt(alphabet.length())));
      }
      String h = b.toString();
      if (ProbeTarget.isPlainHost(h)) {
        accepted++;
        assertThatCode(() -> ProbeTarget.checkHostFully(h))
            .as("seed %d: host \"%s\"", seed, h)
            .doesNotThrowAnyException();
      }
    }
    assertThat(accepted).as("seed %d", seed).isPositive();
  }

  @Test
  void generatedAddressesAndNames_theFastPathAndTheFullCheckAgree() {
    long seed = System.nanoTime();
    Random random = new Random(seed);
    for (int i = 0; i < 20_000; i++) {
      String h =
          switch (random.nextInt(3)) {
            case 0 ->
                random.nextInt(300)
                    + "."
                    + random.nextInt(256)
                    + "."
                    + random.nextInt(256)
                    + "."
                    + random.nextInt(300);
            case 1 ->
                Integer.toHexString(random.nextInt(0x10000))
                    + "::"
                    + Integer.toHexString(random.nextInt(0x10000));
            default -> "h" + random.nextInt(1000) + (random.nextBoolean() ? "-x" : "") + ".example";
          };
      boolean fullAccepts;
      try {
        ProbeTarget.checkHostFully(h);
        fullAccepts = true;
      } catch (IllegalArgumentException e) {
        fullAccepts = false;
      }
      assertThat(ProbeTarget.isPlainHost(h))
          .as("seed %d: host \"%s\"", seed, h)
          .isEqualTo(fullAccepts);
    }
  }
}
