package dev.wdmports.core.catalog;

import static org.assertj.core.api.Assertions.assertThat;

import dev.wdmports.core.DocumentFormat;
import dev.wdmports.core.RandomCatalogs;
import java.util.Random;
import java.util.stream.LongStream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** Seeded property: writing any catalog and reading it back gives an equal catalog. */
class CatalogRoundTripPropertyTest {
  static LongStream seeds() {
    long base = Long.getLong("wdmports.seed", 20261126L);
    return LongStream.range(base, base + 200);
  }

  @ParameterizedTest(name = "seed {0}")
  @MethodSource("seeds")
  void writeThenRead_isIdentity(long seed) {
    Catalog c = RandomCatalogs.catalog(new Random(seed));
    for (DocumentFormat f : DocumentFormat.values()) {
      String text = Catalogs.write(c, f);
      assertThat(Catalogs.parse(text, "generated." + f.name().toLowerCase(java.util.Locale.ROOT)))
          .as("seed %d, format %s (rerun with -Dwdmports.seed=%d):%n%s", seed, f, seed, text)
          .isEqualTo(c);
    }
  }
}
