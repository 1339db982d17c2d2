package dev.wdmports.firewall;

import dev.wdmports.core.Flow;
import dev.wdmports.core.report.Direction;

/**
 * The benchmark's way to the naive evaluator, which is not API: a class in the firewall package on
 * the benchmark's class path, so the comparison costs no reflection.
 */
public final class NaiveEvaluation {
  private NaiveEvaluation() {}

  /** Evaluates by scanning every rule in order, without the index. */
  public static Evaluation evaluate(ChainPolicy policy, Flow flow, Direction direction) {
    return policy.evaluateNaively(flow, direction);
  }
}
