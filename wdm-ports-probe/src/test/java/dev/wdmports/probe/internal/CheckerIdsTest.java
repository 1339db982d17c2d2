package dev.wdmports.probe.internal;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** One rule for checker ids, used by the registry and by targets alike. */
class CheckerIdsTest {
  @ParameterizedTest(name = "\"{0}\" -> {1}")
  @CsvSource({
    "http, true",
    "ms-sql, true",
    "0, true",
    "abcdefghijklmnopqrstuvwxyz012345, true",
    "abcdefghijklmnopqrstuvwxyz0123456, false",
    "-http, false",
    "Http, false",
    "http_s, false",
    "'', false",
  })
  void isValid_followsTheRule(String id, boolean valid) {
    assertThat(CheckerIds.isValid(id)).isEqualTo(valid);
  }
}
