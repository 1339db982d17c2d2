package dev.wdmports.probe;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.wdmports.core.InvalidInputException;
import org.junit.jupiter.api.Test;

/** Which devices of a device network a preflight checks, and the messages of a bad choice. */
class DevicesTest {
  @Test
  void parse_readsAllOrACount_withTheSeedGiven() {
    assertThat(Devices.parse(" ALL ", null).isAll()).isTrue();
    assertThat(Devices.parse("256", 7L)).isEqualTo(Devices.sample(256, 7L));
  }

  @Test
  void parse_ofNeitherAllNorACount_namesTheValueAndTheFix() {
    assertThatThrownBy(() -> Devices.parse("some", null))
        .isInstanceOf(InvalidInputException.class)
        .hasMessage(
            "\"some\" is neither all nor a count 1..1000000: give all, or a count such as 256");
    assertThatThrownBy(() -> Devices.parse("0", null))
        .isInstanceOf(InvalidInputException.class)
        .hasMessage(
            "\"0\" is neither all nor a count 1..1000000: give all, or a count such as 256");
  }

  @Test
  void sample_outOfRange_namesTheRange() {
    assertThatThrownBy(() -> Devices.sample(0, 1L))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("device sample 0 is out of range 1..1000000");
    assertThatThrownBy(() -> new Devices(1_000_001, 1L))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("device sample 1000001 is out of range 1..1000000");
  }
}
