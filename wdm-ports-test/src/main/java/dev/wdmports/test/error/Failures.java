package dev.wdmports.test.error;

import dev.wdmports.core.graph.FlowVerdict;
import dev.wdmports.core.report.Evidence;
import dev.wdmports.core.report.FlowCheck;
import java.util.List;

/** Shared wording of the failure messages. */
final class Failures {
  private Failures() {}

  /** Returns {@code "1 of 3 is"} or {@code "2 of 3 are"}. */
  static String count(int failing, int total) {
    return failing + " of " + total + (failing == 1 ? " is" : " are");
  }

  /**
   * Counts unknown verdicts apart from denied ones: {@code " (1 denied, 2 unknown)"}, {@code " (2
   * unknown)"}, or nothing when every flow is denied.
   */
  static String breakdown(List<FlowCheck> notAllowed) {
    long unknown = notAllowed.stream().filter(c -> c.verdict() == FlowVerdict.UNKNOWN).count();
    long denied = notAllowed.stream().filter(c -> c.verdict() == FlowVerdict.BLOCKED).count();
    if (unknown == 0) {
      return "";
    }
    return " (" + (denied > 0 ? denied + " denied, " : "") + unknown + " unknown)";
  }

  /** Returns one indented line per item. */
  static String lines(List<String> items) {
    StringBuilder sb = new StringBuilder();
    for (String item : items) {
      sb.append(System.lineSeparator()).append("  ").append(item);
    }
    return sb.toString();
  }

  /**
   * Describes a checked flow as the report model does ({@link FlowCheck#describe()}): {@code flow:
   * DECISION by what decided}, and the warnings of an unknown verdict.
   */
  static String describe(FlowCheck c) {
    String text = c.flow() + ": " + c.describe();
    if (c.verdict() == FlowVerdict.UNKNOWN
        && c.evidence() instanceof Evidence.Decided d
        && !d.warnings().isEmpty()) {
      text += " (" + String.join("; ", d.warnings()) + ")";
    }
    return text;
  }

  static List<String> describe(List<FlowCheck> flows) {
    return flows.stream().map(Failures::describe).toList();
  }
}
