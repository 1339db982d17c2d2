package dev.wdmports.core.report;

import static java.util.Objects.requireNonNull;

import dev.wdmports.core.Flow;
import dev.wdmports.core.graph.FlowVerdict;
import java.util.Optional;

/**
 * One flow of a {@link HostReport}: the direction it crosses the host in, its verdict and the
 * evidence for it.
 *
 * <pre>{@code
 * for (FlowCheck c : report.flows()) {
 *   System.out.println(c.flow() + " " + c.direction() + " " + c.verdict());
 * }
 * }</pre>
 *
 * @param flow the flow
 * @param direction the direction on the host of the report ({@code OUT} for a probed flow)
 * @param verdict what is known of the flow, as rolled up into operations
 * @param evidence why: the deciding rule, the probe's status, or why it was not checked
 * @since 0.1.0
 */
public record FlowCheck(Flow flow, Direction direction, FlowVerdict verdict, Evidence evidence) {
  /**
   * Validates the check: the verdict must be the evidence's (a probed flow's is its status's {@link
   * ProbeStatus#verdict()}, a swept one's {@link Evidence.Swept#verdict()}, a flow not checked is
   * {@code NOT_CHECKED}, a firewall's is never {@code NOT_CHECKED}).
   *
   * @throws NullPointerException if a part is null
   * @throws IllegalArgumentException if the verdict contradicts the evidence
   */
  public FlowCheck {
    requireNonNull(flow, "flow");
    requireNonNull(direction, "direction");
    requireNonNull(verdict, "verdict");
    requireNonNull(evidence, "evidence");
    FlowVerdict expected = null;
    if (evidence instanceof Evidence.Probed p) {
      expected = p.status().verdict();
    } else if (evidence instanceof Evidence.Swept s) {
      expected = s.verdict();
    } else if (evidence instanceof Evidence.NotChecked) {
      expected = FlowVerdict.NOT_CHECKED;
    } else if (verdict == FlowVerdict.NOT_CHECKED) {
      throw new IllegalArgumentException(
          "flow "
              + flow.id()
              + ": a firewall decision is OPEN, BLOCKED or UNKNOWN, not "
              + verdict);
    }
    if (expected != null && expected != verdict) {
      throw new IllegalArgumentException(
          "flow "
              + flow.id()
              + ": verdict "
              + verdict
              + " contradicts its evidence "
              + evidence
              + ": use "
              + expected);
    }
  }

  /**
   * A flow a probe checked, from the probing host.
   *
   * @param flow the flow
   * @param probed what the probe found
   * @return the check, with the verdict of the probe's status
   */
  public static FlowCheck probed(Flow flow, Evidence.Probed probed) {
    return new FlowCheck(flow, Direction.OUT, probed.status().verdict(), probed);
  }

  /**
   * A flow to a device network, probed on each device (or a sample), from the probing host.
   *
   * @param flow the flow
   * @param swept what the probes found
   * @return the check, with the devices' worst verdict ({@link Evidence.Swept#verdict()})
   */
  public static FlowCheck swept(Flow flow, Evidence.Swept swept) {
    return new FlowCheck(flow, Direction.OUT, swept.verdict(), swept);
  }

  /**
   * A flow from the host that was not checked.
   *
   * @param flow the flow
   * @param notChecked why not
   * @return the check, {@code NOT_CHECKED}
   */
  public static FlowCheck notChecked(Flow flow, Evidence.NotChecked notChecked) {
    return new FlowCheck(flow, Direction.OUT, FlowVerdict.NOT_CHECKED, notChecked);
  }

  /**
   * Returns the probe's status.
   *
   * @return the status, or empty when the flow was not probed (a firewall decided it, or it was not
   *     checked)
   */
  public Optional<ProbeStatus> probeStatus() {
    return evidence instanceof Evidence.Probed p ? Optional.of(p.status()) : Optional.empty();
  }

  /**
   * Describes the verdict with its evidence in full, as a line of a failure message or a report's
   * flow list: the firewall's decision and what decided, the probe's status and detail, or why the
   * flow was not checked.
   *
   * @return e.g. {@code DENY by line 10 (-A INPUT -p tcp --dport 443 -j DROP)}, {@code FILTERED (no
   *     answer in 800ms)}, {@code OPEN} or {@code NOT_CHECKED (no checker speaks pxe over udp)}
   */
  public String describe() {
    if (evidence instanceof Evidence.Decided d) {
      return Words.decision(verdict) + " by " + d.describe();
    }
    String detail = Words.detail(this);
    return Words.status(this) + (detail.isEmpty() ? "" : " (" + detail + ")");
  }
}
