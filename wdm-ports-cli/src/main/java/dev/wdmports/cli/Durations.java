package dev.wdmports.cli;

import dev.wdmports.core.InvalidInputException;
import java.time.Duration;
import java.util.Locale;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

/** Parses the CLI's durations: {@code 500ms}, {@code 2s}, {@code 1m}. */
final class Durations implements ITypeConverter<Duration> {
  @Override
  public Duration convert(String value) {
    try {
      return parse(value);
    } catch (InvalidInputException e) {
      throw new TypeConversionException(e.detail());
    }
  }

  /** Parses a duration; bad text is an {@link InvalidInputException} naming it and the forms. */
  static Duration parse(String value) {
    String v = value.trim().toLowerCase(Locale.ROOT);
    try {
      Duration d;
      if (v.endsWith("ms")) {
        d = Duration.ofMillis(Long.parseLong(v.substring(0, v.length() - 2)));
      } else if (v.endsWith("s")) {
        double millis = Double.parseDouble(v.substring(0, v.length() - 1)) * 1000;
        if (millis >= Long.MAX_VALUE) {
          throw tooLong(value);
        }
        d = Duration.ofMillis(Math.round(millis));
      } else if (v.endsWith("m")) {
        try {
          d =
              Duration.ofSeconds(
                  Math.multiplyExact(Long.parseLong(v.substring(0, v.length() - 1)), 60));
        } catch (ArithmeticException e) {
          throw tooLong(value);
        }
      } else {
        throw new NumberFormatException();
      }
      if (d.isNegative() || d.isZero()) {
        throw new InvalidInputException(
            "duration \"" + value + "\" must be positive, e.g. 500ms, 2s or 1m");
      }
      return d;
    } catch (NumberFormatException e) {
      throw new InvalidInputException(
          "duration \"" + value + "\" is not valid: use e.g. 500ms, 2s or 1m");
    }
  }

  private static InvalidInputException tooLong(String value) {
    return new InvalidInputException(
        "duration \"" + value + "\" is too long: use e.g. 500ms, 2s or 1m");
  }
}
