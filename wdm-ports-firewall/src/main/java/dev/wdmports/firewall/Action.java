package dev.wdmports.firewall;

import static java.util.Objects.requireNonNull;

import java.util.Optional;

/**
 * What a rule does with a packet it matches: a {@link Kind} and, for {@code JUMP} and {@code GOTO},
 * the chain it continues in.
 *
 * <pre>{@code
 * Action accept = Action.ACCEPT;
 * Action toWdm = Action.jump("WDM");   // kind JUMP, target WDM
 * switch (toWdm.kind()) { ... }        // exhaustive over Action.Kind
 * }</pre>
 *
 * @param kind what the action does
 * @param target the chain of a {@code JUMP} or {@code GOTO}; empty for every other kind
 * @since 0.1.0
 */
public record Action(Kind kind, Optional<String> target) {

  /**
   * What an action does.
   *
   * @since 0.1.0
   */
  public enum Kind {
    /**
     * Let the packet through (in nftables: through this base chain; later base chains still see
     * it).
     */
    ACCEPT,
    /** Discard the packet silently. Final. */
    DROP,
    /** Discard the packet and tell the sender (TCP reset, ICMP unreachable). Final. */
    REJECT,
    /** Continue in the target chain, then come back after this rule. */
    JUMP,
    /** Continue in the target chain and do not come back to this one. */
    GOTO,
    /** Leave this chain: back to the caller, or the chain's policy in a base chain. */
    RETURN,
    /**
     * A non-terminating rule (a {@code LOG} target, a rule without verdict): evaluation goes on.
     */
    CONTINUE
  }

  /** Let the packet through. */
  public static final Action ACCEPT = new Action(Kind.ACCEPT, Optional.empty());

  /** Discard the packet silently. */
  public static final Action DROP = new Action(Kind.DROP, Optional.empty());

  /** Discard the packet and tell the sender. */
  public static final Action REJECT = new Action(Kind.REJECT, Optional.empty());

  /** Leave this chain. */
  public static final Action RETURN = new Action(Kind.RETURN, Optional.empty());

  /** Go on with the next rule. */
  public static final Action CONTINUE = new Action(Kind.CONTINUE, Optional.empty());

  /**
   * Validates the action.
   *
   * @throws IllegalArgumentException if a jump or goto has no target or a blank one, or another
   *     kind has one
   */
  public Action {
    requireNonNull(kind, "kind");
    requireNonNull(target, "target");
    boolean jumps = kind == Kind.JUMP || kind == Kind.GOTO;
    if (jumps && target.isEmpty()) {
      throw new IllegalArgumentException(
          "a " + kind + " action needs a target chain: use Action.jump(\"chain\") or goTo");
    }
    if (jumps && target.get().isBlank()) {
      throw new IllegalArgumentException("the target chain of a " + kind + " is blank: name it");
    }
    if (!jumps && target.isPresent()) {
      throw new IllegalArgumentException(
          "only JUMP and GOTO have a target chain; this action is " + kind);
    }
  }

  /**
   * Returns an action that jumps to a chain and comes back after the rule.
   *
   * @param chain the target chain
   * @return the action
   * @throws IllegalArgumentException if the chain name is blank
   */
  public static Action jump(String chain) {
    return new Action(Kind.JUMP, Optional.of(chain));
  }

  /**
   * Returns an action that goes to a chain without coming back.
   *
   * @param chain the target chain
   * @return the action
   * @throws IllegalArgumentException if the chain name is blank
   */
  public static Action goTo(String chain) {
    return new Action(Kind.GOTO, Optional.of(chain));
  }

  /**
   * Tells whether this action blocks the packet.
   *
   * @return true for {@code DROP} and {@code REJECT}
   */
  public boolean blocks() {
    return kind == Kind.DROP || kind == Kind.REJECT;
  }

  /**
   * Returns the kind, followed by the target of a jump or goto.
   *
   * @return e.g. {@code ACCEPT} or {@code JUMP WDM}
   */
  @Override
  public String toString() {
    return target.map(t -> kind + " " + t).orElse(kind.name());
  }
}
