package dev.wdmports.core.internal;

/** The text of a caught exception, for a message that wraps it. */
public final class Messages {
  private Messages() {}

  /**
   * Returns an exception's message, or its class's simple name when it has none ({@link
   * Throwable#getMessage()} may be null), so that a wrapping message never reads "null".
   *
   * @param e the caught exception
   * @return its message, never null
   */
  public static String of(Throwable e) {
    String m = e.getMessage();
    return m != null ? m : e.getClass().getSimpleName();
  }
}
