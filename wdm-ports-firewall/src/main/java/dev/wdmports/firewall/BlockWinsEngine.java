package dev.wdmports.firewall;

import dev.wdmports.firewall.Outcome.PathNode;
import java.util.List;

/**
 * Windows Firewall / AWS evaluation: a matching block wins, then a matching allow, else the
 * default.
 */
final class BlockWinsEngine {
  private final RuleMatcher[] rules;

  BlockWinsEngine(List<Rule> input) {
    rules = new RuleMatcher[input.size()];
    for (int i = 0; i < rules.length; i++) {
      rules[i] = new RuleMatcher(input.get(i), i);
    }
  }

  /** Evaluates for one profile ({@code profileBit} 0 when the policy has no profiles). */
  Outcome evaluate(FlowKey k, EvalConfig cfg, int profileBit, Decision dflt, String pathName) {
    PathNode path = pathName == null ? null : new PathNode(pathName, null);
    RuleMatcher blockMaybe = null;
    RuleMatcher allowYes = null;
    RuleMatcher allowMaybe = null;
    for (RuleMatcher r : rules) {
      Rule rule = r.rule;
      if (!rule.enabled()
          || rule.direction().map(d -> d != k.direction).orElse(false)
          || (profileBit != 0 && (r.profileMask & profileBit) == 0)) {
        continue;
      }
      boolean block = rule.action() == Action.DROP || rule.action() == Action.REJECT;
      if (!block && rule.action() != Action.ACCEPT) {
        continue;
      }
      int m = r.match(k, cfg);
      if (m == RuleMatcher.NO) {
        continue;
      }
      if (block) {
        if (m == RuleMatcher.YES) {
          return Outcome.of(Decision.DENY, rule, path);
        }
        blockMaybe = blockMaybe == null ? r : blockMaybe;
      } else if (m == RuleMatcher.YES) {
        allowYes = allowYes == null ? r : allowYes;
      } else {
        allowMaybe = allowMaybe == null ? r : allowMaybe;
      }
    }
    Outcome rest;
    if (allowYes != null) {
      rest = Outcome.of(Decision.ALLOW, allowYes.rule, path);
    } else if (allowMaybe != null) {
      rest = unknown(allowMaybe, k, cfg, path);
    } else {
      rest = Outcome.of(dflt, null, path);
    }
    if (blockMaybe == null || rest.decision == Decision.DENY) {
      return rest;
    }
    return unknown(blockMaybe, k, cfg, path);
  }

  private static Outcome unknown(RuleMatcher r, FlowKey k, EvalConfig cfg, PathNode path) {
    return Outcome.unknown(
        r.rule, path, r.rule.location() + ": " + r.explain(k, cfg) + "; the verdict may differ");
  }
}
