package dev.wdmports.firewall;

import static java.util.Objects.requireNonNull;

import java.util.Locale;
import java.util.Set;
import java.util.TreeSet;

/**
 * A rule's match on the connection-tracking state ({@code -m conntrack --ctstate}, {@code ct
 * state}). A required flow is a new connection: its first packet is in state {@code NEW}.
 *
 * @param states upper-case state names, e.g. {@code NEW}, {@code ESTABLISHED}, {@code RELATED}
 * @param negated true for {@code ! --ctstate ...}
 * @since 0.1.0
 */
public record StateMatch(Set<String> states, boolean negated) {
  /** The states the model understands; others make the rule an unknown construct. */
  public static final Set<String> KNOWN =
      Set.of("NEW", "ESTABLISHED", "RELATED", "INVALID", "UNTRACKED");

  /**
   * Validates and upper-cases the states.
   *
   * @throws IllegalArgumentException if no state is given
   */
  public StateMatch {
    requireNonNull(states, "states");
    Set<String> s = new TreeSet<>();
    for (String st : states) {
      s.add(st.trim().toUpperCase(Locale.ROOT));
    }
    if (s.isEmpty()) {
      throw new IllegalArgumentException("a state match needs at least one state, e.g. NEW");
    }
    states = Set.copyOf(s);
  }

  /**
   * Tells whether the first packet of a new connection passes.
   *
   * @return true if {@code NEW} is in the set (not in it, when negated)
   */
  public boolean matchesNew() {
    return states.contains("NEW") != negated;
  }

  /**
   * Tells whether every state is one the model understands.
   *
   * @return true if all states are in {@link #KNOWN}
   */
  public boolean isUnderstood() {
    return KNOWN.containsAll(states);
  }

  @Override
  public String toString() {
    return (negated ? "!" : "") + String.join(",", new TreeSet<>(states));
  }
}
