package dev.wdmports.firewall;

import dev.wdmports.firewall.Outcome.PathNode;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * Windows Firewall / AWS evaluation: a matching block wins, then a matching allow, else the
 * default.
 */
final class BlockWinsEngine {
  private final FlatRule[] entries;
  private final RuleMatcher[] rules;
  private final int[] profileMasks;

  BlockWinsEngine(List<FlatRule> input) {
    entries = input.toArray(FlatRule[]::new);
    rules = new RuleMatcher[entries.length];
    profileMasks = new int[entries.length];
    for (int i = 0; i < rules.length; i++) {
      rules[i] = new RuleMatcher(entries[i].rule(), i);
      int mask = 0;
      for (WindowsProfile p : entries[i].profiles()) {
        mask |= 1 << p.ordinal();
      }
      profileMasks[i] = mask == 0 ? 7 : mask;
    }
  }

  /** Evaluates for one profile ({@code profileBit} 0 when the policy has no profiles). */
  Outcome evaluate(
      FlowKey k, EvalConfig cfg, int profileBit, Decision dflt, @Nullable String pathName) {
    PathNode path = pathName == null ? null : new PathNode(pathName, null);
    RuleMatcher blockMaybe = null;
    RuleMatcher allowYes = null;
    RuleMatcher allowMaybe = null;
    for (int i = 0; i < rules.length; i++) {
      FlatRule entry = entries[i];
      RuleMatcher r = rules[i];
      Rule rule = r.rule;
      if (!entry.enabled()
          || entry.direction() != k.direction
          || (profileBit != 0 && (profileMasks[i] & profileBit) == 0)) {
        continue;
      }
      boolean block = rule.action().blocks();
      if (!block && rule.action().kind() != Action.Kind.ACCEPT) {
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
    } else if (allowMaybe != null && dflt != Decision.ALLOW) {
      rest = unknown(allowMaybe, k, cfg, path);
    } else {
      // no allow rule surely matches; when the default allows, an allow that may match changes
      // nothing
      rest = Outcome.of(dflt, null, path);
    }
    if (blockMaybe == null || rest.decision == Decision.DENY) {
      return rest;
    }
    return unknown(blockMaybe, k, cfg, path);
  }

  private static Outcome unknown(
      RuleMatcher r, FlowKey k, EvalConfig cfg, @Nullable PathNode path) {
    return Outcome.unknown(
        r.rule,
        path,
        r.rule.location() + ": " + r.whyUncertain(k, cfg) + "; the verdict may differ");
  }
}
