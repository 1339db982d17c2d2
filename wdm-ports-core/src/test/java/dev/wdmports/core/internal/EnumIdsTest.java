package dev.wdmports.core.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.wdmports.core.InvalidInputException;
import dev.wdmports.core.Operation;
import dev.wdmports.core.Provenance;
import dev.wdmports.core.SecurityMode;
import dev.wdmports.core.Transport;
import dev.wdmports.core.deploy.Redundancy;
import java.util.Locale;
import java.util.function.Function;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** One spelling of the model's enum ids, and one way to read them back. */
class EnumIdsTest {
  @Test
  void id_isLowerCaseName_withDashes() {
    assertThat(EnumIds.id(SecurityMode.HTTP_AND_HTTPS)).isEqualTo("http-and-https");
    assertThat(EnumIds.id(Provenance.Kind.values()[0])).doesNotContain("_");
  }

  @Test
  void id_ignoresDefaultLocale() {
    Locale before = Locale.getDefault();
    Locale.setDefault(Locale.forLanguageTag("tr"));
    try {
      assertThat(EnumIds.id(SecurityMode.HTTP_OR_HTTPS)).isEqualTo("http-or-https");
      assertThat(SecurityMode.parse("HTTPS")).isEqualTo(SecurityMode.HTTPS);
    } finally {
      Locale.setDefault(before);
    }
  }

  static Stream<Arguments> enums() {
    return Stream.of(
        Arguments.of(SecurityMode.values(), (Function<String, Enum<?>>) SecurityMode::parse),
        Arguments.of(Transport.values(), (Function<String, Enum<?>>) Transport::parse),
        Arguments.of(Redundancy.values(), (Function<String, Enum<?>>) Redundancy::parse),
        Arguments.of(Provenance.Kind.values(), (Function<String, Enum<?>>) Provenance.Kind::parse),
        Arguments.of(Operation.Kind.values(), (Function<String, Enum<?>>) Operation.Kind::parse));
  }

  @ParameterizedTest
  @MethodSource("enums")
  void parse_readsEveryId_trimmedAndInAnyCase(Enum<?>[] values, Function<String, Enum<?>> parse) {
    for (Enum<?> e : values) {
      String id = EnumIds.id(e);
      assertThat(parse.apply(id)).isSameAs(e);
      assertThat(parse.apply(" " + id.toUpperCase(Locale.ROOT) + " ")).isSameAs(e);
    }
    assertThatThrownBy(() -> parse.apply("nope"))
        .isInstanceOf(InvalidInputException.class)
        .hasMessageContaining("\"nope\" is not known: use " + EnumIds.id(values[0]));
  }

  @Test
  void parse_listsAcceptedIds_andMarksTheDefault() {
    assertThatThrownBy(
            () -> EnumIds.parse(Redundancy.class, "some", "redundancy", Redundancy.EVERY))
        .isInstanceOf(InvalidInputException.class)
        .hasMessage("redundancy \"some\" is not known: use every (the default) or any");
    assertThatThrownBy(() -> EnumIds.parse(Transport.class, "sctp", "transport"))
        .hasMessage("transport \"sctp\" is not known: use tcp or udp");
  }
}
