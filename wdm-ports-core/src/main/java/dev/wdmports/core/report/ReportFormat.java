package dev.wdmports.core.report;

import static java.util.Objects.requireNonNull;

/**
 * How a {@link HostReport} is written: the CLI, the examples and the test kit's failure messages
 * all render through these.
 *
 * <pre>{@code
 * HostReport report = preflight.run(deployment, "admin");
 * Files.writeString(Path.of("preflight.xml"), ReportFormat.JUNIT.render(report));
 * }</pre>
 *
 * <p>Every rendering ends with a line break. Stateless and thread-safe.
 *
 * @since 0.1.0
 */
public enum ReportFormat {
  /**
   * Plain-text tables: the flows (with their evidence), then {@code OPERATION STATUS BECAUSE}, then
   * a line that says whether the check passed.
   */
  TEXT,
  /**
   * JSON, with the fields {@code docs/cli.md} documents for {@code firewall check}, {@code
   * preflight} and {@code impact}.
   */
  JSON,
  /** The tables of {@link #TEXT} as Markdown, under a heading: for a pull request or a wiki. */
  MARKDOWN,
  /**
   * JUnit XML (the Ant/Surefire format CI servers read): a case per flow and per operation. What
   * was not verified (a flow not checked, an {@code UNKNOWN} verdict or operation) is a {@code
   * <skipped message="why"/>}, never a passing case; it is a failure only where the check fails on
   * it (see {@link HostReport#passed()}).
   */
  JUNIT;

  /**
   * Renders a report.
   *
   * @param report the report
   * @return the text, ending with a line break
   */
  public String render(HostReport report) {
    requireNonNull(report, "report");
    return switch (this) {
      case TEXT -> Tables.text(report);
      case JSON -> JsonReport.write(report) + "\n";
      case MARKDOWN -> Tables.markdown(report);
      case JUNIT -> JUnitReport.write(report);
    };
  }
}
