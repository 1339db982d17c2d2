package dev.wdmports.firewall;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/** An evaluation result under construction; becomes a {@link Evaluation}. */
final class Outcome {
  final Decision decision;
  final @Nullable Rule rule; // null: decided by a policy or default
  final @Nullable PathNode path; // null: no chain entered
  final List<String> warnings;

  Outcome(Decision decision, @Nullable Rule rule, @Nullable PathNode path, List<String> warnings) {
    this.decision = decision;
    this.rule = rule;
    this.path = path;
    this.warnings = warnings;
  }

  static Outcome of(Decision decision, @Nullable Rule rule, @Nullable PathNode path) {
    return new Outcome(decision, rule, path, List.of());
  }

  static Outcome unknown(Rule rule, @Nullable PathNode path, String warning) {
    return new Outcome(Decision.UNKNOWN, rule, path, List.of(warning));
  }

  /** Combines the outcomes of the two parts of a flow that a partial match split. */
  static Outcome merge(Outcome matched, Outcome rest, Rule splitter, String why) {
    List<String> w = join(matched.warnings, rest.warnings);
    if (matched.decision == rest.decision && matched.decision != Decision.UNKNOWN) {
      return new Outcome(matched.decision, matched.rule, matched.path, w);
    }
    List<String> all = new ArrayList<>(w);
    all.add(
        splitter.location()
            + ": "
            + why
            + ": where it matches the flow is "
            + describe(matched)
            + ", elsewhere "
            + describe(rest));
    return new Outcome(Decision.UNKNOWN, splitter, matched.path, List.copyOf(all));
  }

  static String describe(Outcome o) {
    String d = o.decision.name();
    return o.rule == null ? d + " (by policy or default)" : d + " (" + o.rule.location() + ")";
  }

  static List<String> join(List<String> a, List<String> b) {
    if (b.isEmpty()) {
      return a;
    }
    if (a.isEmpty()) {
      return b;
    }
    LinkedHashSet<String> s = new LinkedHashSet<>(a);
    s.addAll(b);
    return List.copyOf(s);
  }

  Evaluation toVerdict(List<String> extraWarnings) {
    return new Evaluation(
        decision, Optional.ofNullable(rule), PathNode.toList(path), join(warnings, extraWarnings));
  }

  /** A persistent list of the chains entered, newest first. */
  static final class PathNode {
    final String name;
    final @Nullable PathNode prev;

    PathNode(String name, @Nullable PathNode prev) {
      this.name = name;
      this.prev = prev;
    }

    static List<String> toList(@Nullable PathNode p) {
      int size = 0;
      for (PathNode n = p; n != null; n = n.prev) {
        size++;
      }
      String[] out = new String[size];
      for (PathNode n = p; n != null; n = n.prev) {
        out[--size] = n.name;
      }
      return List.of(out);
    }
  }
}
