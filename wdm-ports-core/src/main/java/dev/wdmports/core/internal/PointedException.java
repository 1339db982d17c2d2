package dev.wdmports.core.internal;

/**
 * An {@link IllegalArgumentException} that also carries the JSON pointer of the offending value, so
 * that a reader can turn it into {@code file:line:column} through its located tree. API users see
 * an ordinary {@code IllegalArgumentException} whose message names the value.
 */
public final class PointedException extends IllegalArgumentException {
  private static final long serialVersionUID = 1L;

  private final String pointer;

  public PointedException(String pointer, String message) {
    super(message);
    this.pointer = pointer;
  }

  public PointedException(String pointer, String message, Throwable cause) {
    super(message, cause);
    this.pointer = pointer;
  }

  public String pointer() {
    return pointer;
  }
}
