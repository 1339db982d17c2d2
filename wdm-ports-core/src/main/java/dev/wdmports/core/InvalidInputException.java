package dev.wdmports.core;

import static java.util.Objects.requireNonNull;

import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * User input (a catalog, a deployment, a firewall file, a command-line value) is malformed.
 *
 * <p>The message has the compiler-style form {@code source:line:column: what is wrong}, for example
 * {@code deployment.yaml:12:5: port 70000 out of range 1..65535}; parts that are not known are left
 * out. {@link #detail()} gives the message without the location, and the location parts are
 * available separately for tools that point at the input.
 *
 * <p>A value given to the API directly (a string passed to {@code ClosedPorts.parse}, a host name
 * passed to {@code Deployment.flowsFrom}) has no source: the message is then the detail alone, and
 * {@link #source()} is empty. A caller that knows where the value came from (a command-line option)
 * can wrap it: {@code new InvalidInputException("--closed " + text, e.detail())}.
 *
 * @since 0.1.0
 */
public final class InvalidInputException extends WdmPortsException {
  private static final long serialVersionUID = 1L;

  private final String source;
  private final int line;
  private final int column;
  private final @Nullable String pointer;
  private final String detail;

  /**
   * Creates an exception for a place in an input.
   *
   * @param source the file name or other name of the input, e.g. {@code catalog.yaml}
   * @param line the 1-based line, or 0 when unknown
   * @param column the 1-based column, or 0 when unknown
   * @param pointer the JSON pointer of the offending value, or {@code null} when unknown
   * @param detail what is wrong, naming the value and the fix
   * @param cause the underlying failure, or {@code null}
   */
  // JSpecify is requires static (as in Guava): callers need not have it, so javac's exports lint
  // about @Nullable here does not apply.
  @SuppressWarnings("exports")
  public InvalidInputException(
      String source,
      int line,
      int column,
      @Nullable String pointer,
      String detail,
      @Nullable Throwable cause) {
    super(format(source, line, column, detail), cause);
    this.source = requireNonNull(source, "source");
    this.line = Math.max(0, line);
    this.column = Math.max(0, column);
    this.pointer = pointer;
    this.detail = requireNonNull(detail, "detail");
  }

  /**
   * Creates an exception for an input without a known line, such as a command-line argument.
   *
   * @param source the name of the input, e.g. {@code --closed}
   * @param detail what is wrong
   */
  public InvalidInputException(String source, String detail) {
    this(source, 0, 0, null, detail, null);
  }

  /**
   * Creates an exception for a value given directly, without a source: the message is the detail.
   *
   * @param detail what is wrong, naming the value and the fix
   */
  public InvalidInputException(String detail) {
    this("", 0, 0, null, detail, null);
  }

  /**
   * Creates an exception for a value given directly that keeps its cause.
   *
   * @param detail what is wrong, naming the value and the fix
   * @param cause the underlying failure
   */
  public InvalidInputException(String detail, Throwable cause) {
    this("", 0, 0, null, detail, cause);
  }

  private static String format(String source, int line, int column, String detail) {
    if (source.isEmpty()) {
      return detail;
    }
    StringBuilder sb = new StringBuilder(source);
    if (line > 0) {
      sb.append(':').append(line);
      if (column > 0) {
        sb.append(':').append(column);
      }
    }
    return sb.append(": ").append(detail).toString();
  }

  /**
   * Returns the name of the input.
   *
   * @return the file name or other name of the input; empty for a value given directly
   */
  public String source() {
    return source;
  }

  /**
   * Returns the 1-based line of the fault.
   *
   * @return the line, or 0 when unknown
   */
  public int line() {
    return line;
  }

  /**
   * Returns the 1-based column of the fault.
   *
   * @return the column, or 0 when unknown
   */
  public int column() {
    return column;
  }

  /**
   * Returns the JSON pointer of the offending value, such as {@code /rules/3/defaultPort}.
   *
   * @return the pointer, when known
   */
  public Optional<String> pointer() {
    return Optional.ofNullable(pointer);
  }

  /**
   * Returns the message without the location prefix.
   *
   * @return what is wrong
   */
  public String detail() {
    return detail;
  }
}
