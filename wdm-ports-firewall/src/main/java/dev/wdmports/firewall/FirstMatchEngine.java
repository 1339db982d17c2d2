package dev.wdmports.firewall;

import dev.wdmports.core.report.Direction;
import dev.wdmports.firewall.Outcome.PathNode;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * First-match evaluation through chains, iptables/nftables style. The indexed and the naive walk
 * share everything but the choice of candidate rules: the index only skips rules that cannot match,
 * so both give the same outcome.
 */
final class FirstMatchEngine {
  private static final int MAX_FORKS = 64;
  private static final int MAX_STEPS = 100_000;

  private final CompiledChain[] chains;
  private final int[][] bases; // [direction * 2 + (v6 ? 1 : 0)]

  FirstMatchEngine(List<Chain> input) {
    chains = new CompiledChain[input.size()];
    Map<String, Integer> byName = new HashMap<>();
    for (int i = 0; i < input.size(); i++) {
      Chain c = input.get(i);
      chains[i] = new CompiledChain(c);
      if (byName.put(key(c.table(), c.name()), i) != null) {
        throw new PolicyException(
            null, "chain " + c.name() + " is defined twice in table " + c.table());
      }
    }
    for (CompiledChain c : chains) {
      for (RuleMatcher r : c.rules) {
        Optional<String> target = r.rule.action().target();
        if (target.isPresent()) {
          Integer t = byName.get(key(c.chain.table(), target.get()));
          if (t == null) {
            throw new PolicyException(
                r.rule,
                "chain "
                    + c.chain.name()
                    + (r.rule.action().kind() == Action.Kind.JUMP
                        ? " jumps to chain "
                        : " goes to chain ")
                    + target.get()
                    + ", which does not exist: define it (:"
                    + target.get()
                    + " - [0:0]) or fix the name");
          }
          if (chains[t].chain.isBase()) {
            throw new PolicyException(
                r.rule,
                "chain "
                    + c.chain.name()
                    + " jumps to base chain "
                    + target.get()
                    + ": jump only to user chains");
          }
          r.target = t;
        }
      }
    }
    checkLoops();
    bases = new int[4][];
    for (Direction d : Direction.values()) {
      for (int v6 = 0; v6 < 2; v6++) {
        IpFamily fam = v6 == 0 ? IpFamily.IPV4 : IpFamily.IPV6;
        List<Integer> b = new ArrayList<>();
        for (int i = 0; i < chains.length; i++) {
          Chain c = chains[i].chain;
          if (c.hook().isPresent() && c.hook().get().sees(d) && c.family().covers(fam)) {
            b.add(i);
          }
        }
        b.sort(
            Comparator.<Integer>comparingInt(i -> chains[i].chain.hook().orElseThrow().ordinal())
                .thenComparingInt(i -> chains[i].chain.priority())
                .thenComparingInt(i -> i));
        bases[d.ordinal() * 2 + v6] = b.stream().mapToInt(Integer::intValue).toArray();
      }
    }
  }

  private static String key(String table, String name) {
    return table + "\u0000" + name;
  }

  private void checkLoops() {
    int[] color = new int[chains.length];
    for (int i = 0; i < chains.length; i++) {
      if (color[i] == 0) {
        dfs(i, color, new ArrayList<>());
      }
    }
  }

  private void dfs(int i, int[] color, List<Integer> onStack) {
    color[i] = 1;
    onStack.add(i);
    for (RuleMatcher r : chains[i].rules) {
      if (r.target < 0) {
        continue;
      }
      if (color[r.target] == 1) {
        StringBuilder cycle = new StringBuilder();
        for (int k = onStack.indexOf(r.target); k < onStack.size(); k++) {
          cycle.append(chains[onStack.get(k)].chain.name()).append(" -> ");
        }
        cycle.append(chains[r.target].chain.name());
        throw new PolicyException(r.rule, "chains loop: " + cycle + ": remove one of the jumps");
      }
      if (color[r.target] == 0) {
        dfs(r.target, color, onStack);
      }
    }
    onStack.remove(onStack.size() - 1);
    color[i] = 2;
  }

  boolean hasBases(Direction d, IpFamily f) {
    return bases[d.ordinal() * 2 + (f == IpFamily.IPV6 ? 1 : 0)].length > 0;
  }

  Outcome evaluate(FlowKey key, IpFamily family, EvalConfig cfg, boolean indexed) {
    Ctx c =
        new Ctx(
            key,
            cfg,
            indexed,
            bases[key.direction.ordinal() * 2 + (family == IpFamily.IPV6 ? 1 : 0)]);
    return nextBase(c, 0, null, null);
  }

  private static final class Ctx {
    final FlowKey key;
    final EvalConfig cfg;
    final boolean indexed;
    final int[] bases;
    int forks;
    int steps;

    Ctx(FlowKey key, EvalConfig cfg, boolean indexed, int[] bases) {
      this.key = key;
      this.cfg = cfg;
      this.indexed = indexed;
      this.bases = bases;
    }
  }

  /** A return address: continue in {@code chain} at rule {@code pos}. */
  private static final class Frame {
    final int chain;
    final int pos;
    final @Nullable Frame next;

    Frame(int chain, int pos, @Nullable Frame next) {
      this.chain = chain;
      this.pos = pos;
      this.next = next;
    }
  }

  private Outcome nextBase(Ctx c, int b, @Nullable PathNode path, @Nullable Rule accepted) {
    if (b >= c.bases.length) {
      return Outcome.of(Decision.ALLOW, accepted, path);
    }
    int chain = c.bases[b];
    return walk(c, b, chain, 0, null, new PathNode(chains[chain].label, path), accepted);
  }

  private Outcome walk(
      Ctx c,
      int base,
      int chainIdx,
      int pos,
      @Nullable Frame stack,
      PathNode path,
      @Nullable Rule accepted) {
    CompiledChain ch = chains[chainIdx];
    if (c.indexed) {
      PortIndex ix = ch.index[c.key.transportBit];
      int[] a = ix.specificFor(c.key.port);
      int[] w = ix.wildcard;
      int i = PortIndex.lowerBound(a, pos);
      int j = PortIndex.lowerBound(w, pos);
      while (i < a.length || j < w.length) {
        int r = (j >= w.length || (i < a.length && a[i] < w[j])) ? a[i++] : w[j++];
        Outcome o = step(c, base, chainIdx, ch.rules[r], stack, path, accepted);
        if (o != null) {
          return o;
        }
      }
    } else {
      for (int r = pos; r < ch.rules.length; r++) {
        if (ch.rules[r].rule.action().kind() == Action.Kind.CONTINUE) {
          continue;
        }
        Outcome o = step(c, base, chainIdx, ch.rules[r], stack, path, accepted);
        if (o != null) {
          return o;
        }
      }
    }
    return endOfChain(c, base, stack, path, accepted);
  }

  /** Returns the outcome when the rule decides it, null when the walk goes on past it. */
  private @Nullable Outcome step(
      Ctx c,
      int base,
      int chainIdx,
      RuleMatcher r,
      @Nullable Frame stack,
      PathNode path,
      @Nullable Rule accepted) {
    if (++c.steps > MAX_STEPS) {
      return Outcome.unknown(r.rule, path, r.rule.location() + ": evaluation took too many steps");
    }
    int m = r.match(c.key, c.cfg);
    switch (m) {
      case RuleMatcher.NO:
        return null;
      case RuleMatcher.YES:
        return take(c, base, chainIdx, r, stack, path, accepted);
      case RuleMatcher.PARTIAL:
        if (++c.forks > MAX_FORKS) {
          return Outcome.unknown(
              r.rule,
              path,
              r.rule.location() + ": too many partial matches to follow; the verdict is unknown");
        }
        Outcome matched = take(c, base, chainIdx, r, stack, path, accepted);
        Outcome rest = walk(c, base, chainIdx, r.index + 1, stack, path, accepted);
        return Outcome.merge(matched, rest, r.rule, r.whyUncertain(c.key, c.cfg));
      default:
        {
          String why = r.rule.location() + ": " + r.whyUncertain(c.key, c.cfg);
          Outcome unknown = Outcome.unknown(r.rule, path, why + "; the verdict may differ");
          // An unknown condition (not an unknown target) only decides whether the rule matches:
          // follow both ways; if they end alike, the rule does not matter for this flow.
          if (!r.hasUnknown || !r.conditionsOnly || ++c.forks > MAX_FORKS) {
            return unknown;
          }
          Outcome ifMatched = take(c, base, chainIdx, r, stack, path, accepted);
          if (ifMatched.decision == Decision.UNKNOWN) {
            return unknown;
          }
          Outcome ifNot = walk(c, base, chainIdx, r.index + 1, stack, path, accepted);
          if (ifNot.decision != ifMatched.decision) {
            return unknown;
          }
          return new Outcome(
              ifNot.decision,
              ifNot.rule,
              ifNot.path,
              Outcome.join(
                  Outcome.join(ifMatched.warnings, ifNot.warnings),
                  List.of(why + "; the verdict is " + ifNot.decision + " either way")));
        }
    }
  }

  private Outcome take(
      Ctx c,
      int base,
      int chainIdx,
      RuleMatcher r,
      @Nullable Frame stack,
      PathNode path,
      @Nullable Rule accepted) {
    return switch (r.rule.action().kind()) {
      case ACCEPT -> nextBase(c, base + 1, path, r.rule);
      case DROP, REJECT -> Outcome.of(Decision.DENY, r.rule, path);
      case RETURN -> endOfChain(c, base, stack, path, accepted);
      case JUMP ->
          walk(
              c,
              base,
              r.target,
              0,
              new Frame(chainIdx, r.index + 1, stack),
              new PathNode(chains[r.target].label, path),
              accepted);
      case GOTO ->
          walk(c, base, r.target, 0, stack, new PathNode(chains[r.target].label, path), accepted);
      // Neither evaluator takes a CONTINUE rule: the index leaves it out, the naive walk skips it.
      case CONTINUE -> throw new AssertionError("a CONTINUE rule is never taken: " + r.rule);
    };
  }

  private Outcome endOfChain(
      Ctx c, int base, @Nullable Frame stack, PathNode path, @Nullable Rule accepted) {
    if (stack != null) {
      return walk(c, base, stack.chain, stack.pos, stack.next, path, accepted);
    }
    CompiledChain b = chains[c.bases[base]];
    if (b.chain.policy().kind() == Action.Kind.ACCEPT) {
      return nextBase(c, base + 1, path, accepted);
    }
    return Outcome.of(Decision.DENY, null, path);
  }

  /** A chain with its compiled rules and one port index per transport. */
  private static final class CompiledChain {
    final Chain chain;
    final RuleMatcher[] rules;
    final PortIndex[] index = new PortIndex[3];
    final String label;

    CompiledChain(Chain chain) {
      this.chain = chain;
      this.rules = new RuleMatcher[chain.rules().size()];
      for (int i = 0; i < rules.length; i++) {
        rules[i] = new RuleMatcher(chain.rules().get(i), i);
      }
      index[1] = new PortIndex(rules, 1);
      index[2] = new PortIndex(rules, 2);
      this.label =
          chain.table().equals("filter") ? chain.name() : chain.table() + "/" + chain.name();
    }
  }
}
