package dev.wdmports.probe.internal;

import java.util.regex.Pattern;

/**
 * The one definition of a checker id, which a checker's {@code id()} and a target's checker both
 * must be: 1 to 32 lower-case letters, digits and {@code -}, not starting with {@code -}.
 */
public final class CheckerIds {
  /** The rule in words, for messages that refuse an id. */
  public static final String RULE = "1 to 32 lower-case letters, digits and -, e.g. http";

  private static final Pattern ID = Pattern.compile("[a-z0-9][a-z0-9-]{0,31}");

  private CheckerIds() {}

  /**
   * Tells whether {@code id} is a well-formed checker id.
   *
   * @param id the id, or null
   * @return true when it follows {@link #RULE}
   */
  public static boolean isValid(String id) {
    return id != null && ID.matcher(id).matches();
  }
}
