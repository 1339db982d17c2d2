package dev.wdmports.firewall;

import dev.wdmports.firewall.Outcome.PathNode;
import java.util.List;

/**
 * Windows Firewall / AWS evaluation: a matching block wins, then a matching allow, else the
 * default.
 */
final class BlockWinsEngine {
  private final CompiledRule[] rules;

  BlockWinsEngine(List<Rule> input) {
    rules = new CompiledRule[input.size()];
    for (int i = 0; i < rules.length; i++) {
      rules[i] = new CompiledRule(input.get(i), i);
    }
  }

  /** Evaluates for one profile ({@code profileBit} 0 when the policy has no profiles). */
  Outcome evaluate(FlowKey k, EvalConfig cfg, int profileBit, Decision dflt, String pathName) {
    PathNode path = pathName == null ? null : new PathNode(pathName, null);
    CompiledRule blockMaybe = null;
    CompiledRule allowYes = null;
    CompiledRule allowMaybe = null;
    for (CompiledRule r : rules) {
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
      if (m == CompiledRule.NO) {
        continue;
      }
      if (block) {
        if (m == CompiledRule.YES) {
          return Outcome.of(Decision.DENY, rule, path);
        }
        blockMaybe = blockMaybe == null ? r : blockMaybe;
      } else if (m == CompiledRule.YES) {
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

  private static Outcome unknown(CompiledRule r, FlowKey k, EvalConfig cfg, PathNode path) {
    return Outcome.unknown(
        r.rule, path, r.rule.location() + ": " + r.explain(k, cfg) + "; the verdict may differ");
  }
}
