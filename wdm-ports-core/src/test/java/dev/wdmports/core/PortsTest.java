package dev.wdmports.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class PortsTest {
  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      value = {
        "0      | port 0 out of range 1..65535",
        "65536  | port 65536 out of range 1..65535",
        "-1     | port -1 out of range 1..65535",
        "http   | port \"http\" is not a number: use a port number in 1..65535, e.g. 80",
        "''     | port \"\" is not a number: use a port number in 1..65535, e.g. 80",
        "99999999999 | port \"99999999999\" is not a number: use a port number in 1..65535, e.g. 80",
      })
  void parsePort_rejectsBadPorts_withMessageNamingTheValue(String text, String message) {
    assertThatThrownBy(() -> PortRange.parsePort(text))
        .isInstanceOf(InvalidInputException.class)
        .hasMessage(message);
  }

  @Test
  void parse_rejectsReversedRange_andSuggestsTheFix() {
    assertThatThrownBy(() -> PortRange.parse("90-80"))
        .isInstanceOf(InvalidInputException.class)
        .hasMessage("port range 90-80 is reversed: write the lower port first (80-90)");
  }

  @Test
  void constructor_rejectsOutOfRangePorts() {
    assertThatThrownBy(() -> PortRange.of(0)).hasMessage("port 0 out of range 1..65535");
    assertThatThrownBy(() -> PortRange.between(1, 65536))
        .hasMessage("port 65536 out of range 1..65535");
  }

  @Test
  void parse_readsSinglePortsAndRanges() {
    assertThat(PortRange.parse("80")).isEqualTo(PortRange.of(80));
    assertThat(PortRange.parse(" 1-1024 ")).isEqualTo(PortRange.between(1, 1024));
    assertThat(PortRange.between(1, 1024).size()).isEqualTo(1024);
    assertThat(PortRange.between(1, 1024)).hasToString("1-1024");
    assertThat(PortRange.of(80).isSingle()).isTrue();
    assertThat(PortRange.of(80).compareTo(PortRange.between(80, 81))).isNegative();
  }

  @Test
  void portSet_normalizesOverlappingAndAdjacentRanges() {
    PortSet s =
        new PortSet(
            java.util.List.of(
                PortRange.between(85, 100), PortRange.between(80, 90), PortRange.of(101)));
    assertThat(s.ranges()).containsExactly(PortRange.between(80, 101));
    assertThat(s.size()).isEqualTo(22);
    assertThat(s).hasToString("80-101");
  }

  @Test
  void portSet_parsesListsAndAnswersMembership() {
    PortSet s = PortSet.parse("443,80,8000-8100");
    assertThat(s).hasToString("80,443,8000-8100");
    assertThat(s.contains(80)).isTrue();
    assertThat(s.contains(8080)).isTrue();
    assertThat(s.contains(81)).isFalse();
    assertThat(s.contains(9000)).isFalse();
    assertThat(s.first()).isEqualTo(80);
    assertThat(s.ports().limit(3)).containsExactly(80, 443, 8000);
    assertThat(PortSet.of(80, 280).contains(280)).isTrue();
  }

  @Test
  void portSet_rejectsEmptyListsAndBadElements() {
    assertThatThrownBy(() -> PortSet.parse(" "))
        .hasMessage("port list is empty: give ports such as 80,443 or 1-1024");
    assertThatThrownBy(() -> PortSet.parse("80,,443"))
        .hasMessage("port \"\" is not a number: use a port number in 1..65535, e.g. 80");
    assertThatThrownBy(() -> PortSet.empty().first()).hasMessage("the port set is empty");
  }

  @Test
  void transport_parsesAnyCase_underTurkishLocale() {
    assertThat(Transport.parse("TCP")).isEqualTo(Transport.TCP);
    assertThat(Transport.parse("udp")).isEqualTo(Transport.UDP);
    assertThat(Transport.UDP.id()).isEqualTo("udp");
    assertThatThrownBy(() -> Transport.parse("sctp"))
        .hasMessage("transport \"sctp\" is not known: use tcp or udp");
  }
}
