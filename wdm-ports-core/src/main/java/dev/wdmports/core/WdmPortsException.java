package dev.wdmports.core;

import org.jspecify.annotations.Nullable;

/**
 * The root of the exceptions that wdm-ports throws for its own failures.
 *
 * <p>Misuse of the API (a {@code null} argument, a port out of range passed to a factory) is
 * reported with the standard {@link NullPointerException} and {@link IllegalArgumentException};
 * everything that goes wrong while reading user input or running a check is a subclass of this
 * type, so callers can catch one type at the SDK boundary.
 *
 * @since 0.1.0
 */
public class WdmPortsException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  /**
   * Creates an exception with a message that names the value at fault and how to fix it.
   *
   * @param message what went wrong
   */
  public WdmPortsException(String message) {
    super(message);
  }

  /**
   * Creates an exception that keeps its cause.
   *
   * @param message what went wrong
   * @param cause the underlying failure
   */
  // JSpecify is requires static (as in Guava): callers need not have it, so javac's exports lint
  // about @Nullable here does not apply.
  @SuppressWarnings("exports")
  public WdmPortsException(String message, @Nullable Throwable cause) {
    super(message, cause);
  }
}
