package dev.wdmports.test.error;

import org.assertj.core.error.BasicErrorMessageFactory;
import org.assertj.core.error.ErrorMessageFactory;

/**
 * Builds the message of an operation expected to be broken that is not, e.g.
 *
 * <pre>
 * Expecting operation reboot to be broken, but it is not:
 *   reboot: available
 * </pre>
 *
 * @since 0.1.0
 */
public final class ShouldBeBroken extends BasicErrorMessageFactory {
  private ShouldBeBroken(String text) {
    super("%s", unquotedString(text));
  }

  /**
   * Creates the message.
   *
   * @param operationId the operation
   * @param reason why it is in the state it is, e.g. {@code reboot: available}
   * @return the message factory
   */
  public static ErrorMessageFactory shouldBeBroken(String operationId, String reason) {
    return new ShouldBeBroken(
        "Expecting operation "
            + operationId
            + " to be broken, but it is not:"
            + Failures.lines(java.util.List.of(reason)));
  }
}
