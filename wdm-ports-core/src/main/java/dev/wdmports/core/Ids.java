package dev.wdmports.core;

import java.util.regex.Pattern;

/**
 * Checks for the ids of catalog entries: non-blank kebab-case such as {@code web-service}.
 *
 * <pre>{@code
 * String id = Ids.check("rule", "gui-to-database"); // returns the id
 * Ids.check("component", "Web Service");             // IllegalArgumentException
 * }</pre>
 *
 * @since 0.1.0
 */
public final class Ids {
  private static final Pattern KEBAB = Pattern.compile("[a-z0-9]+(-[a-z0-9]+)*");

  /** Longest id accepted; ids name things, they do not carry data. */
  public static final int MAX_LENGTH = 64;

  private Ids() {}

  /**
   * Tells whether a string is a valid id.
   *
   * @param id any string, or null
   * @return true if it is kebab-case and at most {@link #MAX_LENGTH} characters long
   */
  public static boolean isValid(String id) {
    return id != null && id.length() <= MAX_LENGTH && KEBAB.matcher(id).matches();
  }

  /**
   * Checks an id.
   *
   * @param what what the id names, for the message ("component", "rule")
   * @param id the id
   * @return the id
   * @throws IllegalArgumentException naming the id and the expected form
   */
  public static String check(String what, String id) {
    java.util.Objects.requireNonNull(id, what + " id");
    if (id.isBlank()) {
      throw new IllegalArgumentException(
          what + " id is missing: give a kebab-case id such as web-service");
    }
    if (!isValid(id)) {
      throw new IllegalArgumentException(
          what
              + " id \""
              + id
              + "\" is not kebab-case: use lower-case letters, digits and single dashes, at most "
              + MAX_LENGTH
              + " characters, e.g. "
              + suggest(id));
    }
    return id;
  }

  static String suggest(String id) {
    String s =
        id.trim()
            .replaceAll("([a-z0-9])([A-Z])", "$1-$2")
            .toLowerCase(java.util.Locale.ROOT)
            .replaceAll("[^a-z0-9]+", "-")
            .replaceAll("^-+|-+$", "");
    if (s.length() > MAX_LENGTH) {
      s = s.substring(0, MAX_LENGTH).replaceAll("-+$", "");
    }
    return s.isEmpty() ? "web-service" : s;
  }
}
