package dev.wdmports.test.error;

import dev.wdmports.core.report.ProbeStatus;
import java.util.List;
import org.assertj.core.error.BasicErrorMessageFactory;
import org.assertj.core.error.ErrorMessageFactory;

/**
 * Builds the message of a probe whose status is not the expected one, or that is missing, e.g.
 *
 * <pre>
 * Expecting 127.0.0.1:40021/ftp to be REFUSED, but it is OPEN (220 wdm-ports local FTP peer ready)
 * </pre>
 *
 * @since 0.1.0
 */
public final class ShouldHaveStatus extends BasicErrorMessageFactory {
  private ShouldHaveStatus(String text) {
    super("%s", unquotedString(text));
  }

  /**
   * Creates the message of a probe with another status.
   *
   * @param what the target or flow
   * @param expected the expected status
   * @param actual the status found, with its detail
   * @return the message factory
   */
  public static ErrorMessageFactory shouldHaveStatus(
      String what, ProbeStatus expected, String actual) {
    return new ShouldHaveStatus(
        "Expecting " + what + " to be " + expected + ", but it is " + actual);
  }

  /**
   * Creates the message of a probe that is not in the report.
   *
   * @param what the target or flow
   * @param expected the expected status
   * @param present what the report holds
   * @return the message factory
   */
  public static ErrorMessageFactory shouldHaveBeenProbed(
      String what, ProbeStatus expected, List<String> present) {
    return new ShouldHaveStatus(
        "Expecting "
            + what
            + " to be "
            + expected
            + ", but the report has no such probe; it has:"
            + Failures.lines(present));
  }
}
