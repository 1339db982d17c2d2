package dev.wdmports.test.error;

import java.util.List;
import org.assertj.core.error.BasicErrorMessageFactory;
import org.assertj.core.error.ErrorMessageFactory;

/**
 * Builds the message of probes that should all be open but are not, e.g.
 *
 * <pre>
 * Expecting every probe to be OPEN, but 1 of 2 is not:
 *   127.0.0.1:40021/ftp: REFUSED (connection refused)
 * </pre>
 *
 * @since 0.1.0
 */
public final class ShouldBeOpen extends BasicErrorMessageFactory {
  private ShouldBeOpen(String text) {
    super("%s", unquotedString(text));
  }

  /**
   * Creates the message.
   *
   * @param subject what was probed, e.g. {@code every probe}
   * @param notOpen one line per probe that is not open: what, status and detail
   * @param total how many probes there are
   * @return the message factory
   */
  public static ErrorMessageFactory shouldBeOpen(String subject, List<String> notOpen, int total) {
    return new ShouldBeOpen(
        "Expecting "
            + subject
            + " to be OPEN, but "
            + Failures.count(notOpen.size(), total)
            + " not:"
            + Failures.lines(notOpen));
  }
}
