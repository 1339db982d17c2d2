package dev.wdmports.test.error;

import dev.wdmports.core.report.FlowCheck;
import java.util.List;
import org.assertj.core.error.BasicErrorMessageFactory;
import org.assertj.core.error.ErrorMessageFactory;

/**
 * Builds the message of a policy that lets through flows it should block, e.g.
 *
 * <pre>
 * Expecting policy server.rules to block every given flow inbound, but 1 of 1 is not blocked:
 *   10.10.0.20-&gt;10.10.0.5:80/tcp: ALLOW by line 13 (-A WDM -s 10.10.0.0/24 ... -j ACCEPT)
 * </pre>
 *
 * @since 0.1.0
 */
public final class ShouldBlock extends BasicErrorMessageFactory {
  private ShouldBlock(String text) {
    super("%s", unquotedString(text));
  }

  /**
   * Creates the message.
   *
   * @param policy the policy's name
   * @param scope what was expected, e.g. {@code every given flow inbound}
   * @param notBlocked every flow that is not denied, with its verdict
   * @param total how many flows were checked
   * @return the message factory
   */
  public static ErrorMessageFactory shouldBlock(
      String policy, String scope, List<FlowCheck> notBlocked, int total) {
    return new ShouldBlock(
        "Expecting policy "
            + policy
            + " to block "
            + scope
            + ", but "
            + Failures.count(notBlocked.size(), total)
            + " not blocked:"
            + Failures.lines(Failures.describe(notBlocked)));
  }
}
