package dev.wdmports.test.error;

import java.util.List;
import org.assertj.core.error.BasicErrorMessageFactory;
import org.assertj.core.error.ErrorMessageFactory;

/**
 * Builds the message of operations that should work but do not, each with its explanation, e.g.
 *
 * <pre>
 * Expecting policy server.rules of host wdm-server in deployment branch-office to keep reboot, register-package available, but 1 of 2 is not:
 *   reboot: broken, because admin-&gt;wdm-server:443/tcp (gui-to-web-service-https) is denied by line 10 (...)
 * </pre>
 *
 * @since 0.1.0
 */
public final class ShouldKeepAvailable extends BasicErrorMessageFactory {
  private ShouldKeepAvailable(String text) {
    super("%s", unquotedString(text));
  }

  /**
   * Creates the message.
   *
   * @param subject what was checked, e.g. {@code policy server.rules of host wdm-server in
   *     deployment branch-office}
   * @param operationIds the operations that should work
   * @param explanations one explanation per operation that does not work
   * @return the message factory
   */
  public static ErrorMessageFactory shouldKeepAvailable(
      String subject, List<String> operationIds, List<String> explanations) {
    return new ShouldKeepAvailable(
        "Expecting "
            + subject
            + " to keep "
            + String.join(", ", operationIds)
            + " available, but "
            + Failures.count(explanations.size(), operationIds.size())
            + " not:"
            + Failures.lines(explanations));
  }
}
