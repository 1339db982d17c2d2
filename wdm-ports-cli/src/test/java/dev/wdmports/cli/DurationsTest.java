package dev.wdmports.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.wdmports.core.InvalidInputException;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class DurationsTest {

  @Test
  void parse_readsEachUnit() {
    assertThat(Durations.parse("500ms")).isEqualTo(Duration.ofMillis(500));
    assertThat(Durations.parse(" 1.5S ")).isEqualTo(Duration.ofMillis(1500));
    assertThat(Durations.parse("2m")).isEqualTo(Duration.ofMinutes(2));
  }

  /** Found by DurationsFuzzTest: 307445734561825861m times 60 wrapped around to 44 seconds. */
  @ParameterizedTest
  @ValueSource(strings = {"307445734561825861m", "153722867280912931m", "1e400s", "1e17s"})
  void parse_refusesADurationTooLongToHold_insteadOfWrappingAround(String text) {
    assertThatThrownBy(() -> Durations.parse(text))
        .isInstanceOf(InvalidInputException.class)
        .hasMessage("duration \"" + text + "\" is too long: use e.g. 500ms, 2s or 1m");
  }
}
