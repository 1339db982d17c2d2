package dev.wdmports.test.error;

import dev.wdmports.core.report.FlowCheck;
import java.util.List;
import org.assertj.core.error.BasicErrorMessageFactory;
import org.assertj.core.error.ErrorMessageFactory;

/**
 * Builds the message of a policy that does not allow flows it should, e.g.
 *
 * <pre>
 * Expecting policy server.rules to allow every flow of host wdm-server in deployment branch-office, but 1 of 12 is not allowed:
 *   admin-&gt;wdm-server:443/tcp (gui-to-web-service-https): DENY by line 10 (-A INPUT -p tcp --dport 443 -j DROP)
 * </pre>
 *
 * <p>When some of those flows are unknown rather than denied, the count says so: {@code but 3 of 12
 * are not allowed (1 denied, 2 unknown):}.
 *
 * @since 0.1.0
 */
public final class ShouldAllow extends BasicErrorMessageFactory {
  private ShouldAllow(String text) {
    super("%s", unquotedString(text));
  }

  /**
   * Creates the message.
   *
   * @param policy the policy's name
   * @param scope what was expected, e.g. {@code every given flow inbound}
   * @param notAllowed every flow that is not allowed, with its verdict
   * @param total how many flows were checked
   * @return the message factory
   */
  public static ErrorMessageFactory shouldAllow(
      String policy, String scope, List<FlowCheck> notAllowed, int total) {
    return new ShouldAllow(
        "Expecting policy "
            + policy
            + " to allow "
            + scope
            + ", but "
            + Failures.count(notAllowed.size(), total)
            + " not allowed"
            + Failures.breakdown(notAllowed)
            + ":"
            + Failures.lines(Failures.describe(notAllowed)));
  }
}
