package dev.wdmports.test.error;

import dev.wdmports.firewall.CheckedFlow;
import dev.wdmports.firewall.Decision;
import dev.wdmports.firewall.HostCheck;
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
  static String breakdown(List<CheckedFlow> notAllowed) {
    long unknown = notAllowed.stream().filter(c -> c.decision() == Decision.UNKNOWN).count();
    long denied = notAllowed.stream().filter(c -> c.decision() == Decision.DENY).count();
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
   * Describes a checked flow: {@code flow: DECISION by what decided}, and the warnings of an
   * unknown verdict.
   */
  static String describe(CheckedFlow c) {
    String text = c.flow() + ": " + c.decision() + " by " + HostCheck.decidedBy(c);
    if (c.decision() == Decision.UNKNOWN && !c.verdict().warnings().isEmpty()) {
      text += " (" + String.join("; ", c.verdict().warnings()) + ")";
    }
    return text;
  }

  static List<String> describe(List<CheckedFlow> flows) {
    return flows.stream().map(Failures::describe).toList();
  }
}
