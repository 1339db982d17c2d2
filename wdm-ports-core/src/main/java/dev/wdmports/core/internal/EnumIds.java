package dev.wdmports.core.internal;

import dev.wdmports.core.InvalidInputException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.jspecify.annotations.Nullable;

/**
 * The one way an enum of the model turns into its id and back: the constant's name in lower case
 * ({@link Locale#ROOT}) with {@code _} as {@code -} ({@code HTTP_AND_HTTPS} is {@code
 * http-and-https}); text is read trimmed and in any case. Not API.
 */
public final class EnumIds {
  private EnumIds() {}

  /**
   * Returns the id of a constant.
   *
   * @param constant the constant
   * @return its name in lower case, {@code _} as {@code -}
   */
  public static String id(Enum<?> constant) {
    return constant.name().toLowerCase(Locale.ROOT).replace('_', '-');
  }

  /**
   * Reads the constant whose id {@code text} is.
   *
   * @param <E> the enum
   * @param type the enum's class
   * @param text the id, trimmed and in any case
   * @param what what the value is, for the message, e.g. {@code security mode}
   * @return the constant
   * @throws InvalidInputException naming the text and listing the ids accepted
   */
  public static <E extends Enum<E>> E parse(Class<E> type, String text, String what) {
    return parse(type, text, what, null);
  }

  /**
   * Reads the constant whose id {@code text} is; the message marks the default among the ids.
   *
   * @param <E> the enum
   * @param type the enum's class
   * @param text the id, trimmed and in any case
   * @param what what the value is, for the message, e.g. {@code redundancy}
   * @param defaultValue the constant used when none is given, or null
   * @return the constant
   * @throws InvalidInputException naming the text and listing the ids accepted
   */
  public static <E extends Enum<E>> E parse(
      Class<E> type, String text, String what, @Nullable E defaultValue) {
    String t = text.trim().toLowerCase(Locale.ROOT);
    E[] all = type.getEnumConstants();
    for (E e : all) {
      if (id(e).equals(t)) {
        return e;
      }
    }
    List<String> ids = new ArrayList<>();
    for (E e : all) {
      ids.add(id(e) + (e == defaultValue ? " (the default)" : ""));
    }
    String last = ids.remove(ids.size() - 1);
    String use = ids.isEmpty() ? last : String.join(", ", ids) + " or " + last;
    throw new InvalidInputException(what + " \"" + text + "\" is not known: use " + use);
  }
}
