package dev.wdmports.core.firewall;

import static java.util.Objects.requireNonNull;

import dev.wdmports.core.Flow;
import dev.wdmports.core.PortRange;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * A firewall configuration that answers "would this flow get through?".
 *
 * <pre>{@code
 * FirewallPolicy policy = PolicyFormat.IPTABLES_SAVE.parse(Files.readString(path), "rules.v4");
 * Verdict v = policy.evaluate(Flow.parse("10.0.0.20->10.0.0.5:443/tcp"), Direction.IN);
 * System.out.println(v.decision() + " by line " + v.line() + " via " + v.path());
 * }</pre>
 *
 * <p><b>Semantics.</b> {@link Semantics#FIRST_MATCH} policies (iptables, nftables) walk the base
 * chains of the flow's hooks ({@code PREROUTING}+{@code INPUT} inbound, {@code OUTPUT}+{@code
 * POSTROUTING} outbound) in hook and priority order; the first matching rule of a chain decides; an
 * accept ends only its base chain (later base chains still see the packet), a drop or reject is
 * final. {@link Semantics#BLOCK_WINS} policies (Windows Firewall, AWS security groups) ignore rule
 * order: a matching enabled block rule denies, else a matching allow rule allows, else the
 * direction's default applies.
 *
 * <p><b>What a flow is.</b> A flow is the first packet of a new connection ({@code ct state new})
 * from a source port in {@link #ephemeralPorts()} (default 1024-65535) to its destination port. It
 * has no interface unless {@link #withInterface} names one: a rule on {@code lo} never matches a
 * flow between non-loopback addresses, any other interface match makes the verdict {@code UNKNOWN}.
 * Only this first packet is judged: a ruleset that accepts it but drops the connection's later
 * packets (no {@code ct state established accept} before a drop that catches them) breaks a flow
 * the verdict allows. Address matches of one family never match a flow of the other.
 *
 * <p><b>Partial matches.</b> A flow whose source or destination is a CIDR (a fleet of devices) is
 * split where a rule matches only part of it; each part is followed through the chains. The verdict
 * is {@code ALLOW} or {@code DENY} only if every part ends the same way, else {@code UNKNOWN} with
 * a warning naming the rule that splits the flow and where each part ends. The same holds for a
 * rule on source ports that match only some ephemeral ports. A host known only by name matches no
 * address match: such rules make the verdict {@code UNKNOWN}.
 *
 * <p><b>Unknown constructs.</b> A rule with a match the model does not understand ({@link
 * Rule#unknown()}, an unusual connection state) makes the verdict {@code UNKNOWN} for every flow
 * that reaches it and passes its understood matches; the warning names the rule's line. When every
 * unknown part of the rule is a {@link UnknownMatch#condition() condition} (a set lookup, a match
 * module), the flow is followed both ways, as if the rule matched and as if it did not; if both end
 * the same, that is the verdict, with a warning naming the rule.
 *
 * <p><b>Windows profiles.</b> A Windows policy is evaluated for every profile it has (Domain,
 * Private, Public) and the verdict is {@code ALLOW} or {@code DENY} only if all profiles agree;
 * otherwise {@code UNKNOWN} with a warning listing each profile's verdict. {@link #withProfile}
 * evaluates one profile only.
 *
 * <p>Instances are immutable and thread-safe; the chains are indexed by transport and destination
 * port when the policy is built, so evaluation visits only the rules that can match.
 */
public final class FirewallPolicy {
  private final Semantics semantics;
  private final List<Chain> chains;
  private final List<Rule> rules;
  private final String sourceName;
  private final List<String> notes;
  private final Set<Family> families;
  private final Set<Profile> profiles;
  private final Optional<Profile> selectedProfile;
  private final Decision defaultInbound;
  private final Decision defaultOutbound;
  private final Optional<String> interfaceName;
  private final PortRange ephemeralPorts;
  private final FirstMatchEngine firstMatch;
  private final BlockWinsEngine blockWins;
  private final EvalConfig config;

  private FirewallPolicy(Builder b) {
    this.semantics = b.semantics;
    this.chains = List.copyOf(b.chains);
    this.rules = List.copyOf(b.rules);
    this.sourceName = b.sourceName;
    this.notes = List.copyOf(b.notes);
    this.families = Set.copyOf(b.families);
    this.profiles = b.profiles.isEmpty() ? Set.of() : Set.copyOf(b.profiles);
    this.selectedProfile = b.selectedProfile;
    this.defaultInbound = b.defaultInbound;
    this.defaultOutbound = b.defaultOutbound;
    this.interfaceName = b.interfaceName;
    this.ephemeralPorts = b.ephemeralPorts;
    if (semantics == Semantics.FIRST_MATCH) {
      if (!rules.isEmpty()) {
        throw new IllegalStateException(
            "a FIRST_MATCH policy keeps its rules in chains: use chain(...), not rule(...)");
      }
      this.firstMatch = b.engine != null ? b.engine : new FirstMatchEngine(chains);
      this.blockWins = null;
    } else {
      if (!chains.isEmpty()) {
        throw new IllegalStateException(
            "a BLOCK_WINS policy has no chains: use rule(...), not chain(...)");
      }
      this.firstMatch = null;
      this.blockWins = b.blockEngine != null ? b.blockEngine : new BlockWinsEngine(rules);
    }
    this.config = new EvalConfig(ephemeralPorts, interfaceName.orElse(null));
  }

  /**
   * Returns a builder of a policy with the given semantics.
   *
   * @param semantics how rules combine
   * @return a new builder: no chains or rules, source name {@code policy}, both families, no
   *     profiles, defaults inbound {@code DENY} and outbound {@code ALLOW}
   */
  public static Builder builder(Semantics semantics) {
    return new Builder(requireNonNull(semantics, "semantics"));
  }

  /**
   * Returns a builder holding this policy's values.
   *
   * @return a new builder
   */
  public Builder toBuilder() {
    Builder b = new Builder(semantics);
    b.chains.addAll(chains);
    b.rules.addAll(rules);
    b.sourceName = sourceName;
    b.notes.addAll(notes);
    b.families = EnumSet.copyOf(families);
    b.profiles = profiles.isEmpty() ? EnumSet.noneOf(Profile.class) : EnumSet.copyOf(profiles);
    b.selectedProfile = selectedProfile;
    b.defaultInbound = defaultInbound;
    b.defaultOutbound = defaultOutbound;
    b.interfaceName = interfaceName;
    b.ephemeralPorts = ephemeralPorts;
    b.engine = firstMatch;
    b.blockEngine = blockWins;
    return b;
  }

  /**
   * Returns a copy that evaluates only one Windows profile.
   *
   * @param profile the profile
   * @return the copy
   */
  public FirewallPolicy withProfile(Profile profile) {
    return toBuilder().selectedProfile(profile).build();
  }

  /**
   * Returns a copy that assumes flows arrive on (inbound) or leave by (outbound) the named
   * interface, so rules on interfaces decide.
   *
   * @param name the interface name, e.g. {@code eth0}
   * @return the copy
   */
  public FirewallPolicy withInterface(String name) {
    return toBuilder().interfaceName(name).build();
  }

  /**
   * Evaluates a flow as the host in the given direction sees it.
   *
   * @param flow the flow; its addresses decide address matches
   * @param direction {@code IN} when this host is the flow's destination, {@code OUT} when it is
   *     the source
   * @return the verdict with the deciding rule, the path and warnings
   */
  public Verdict evaluate(Flow flow, Direction direction) {
    return evaluate(flow, direction, true);
  }

  /**
   * Evaluates a flow by scanning every rule in order, without the index. Gives the same verdict as
   * {@link #evaluate}; it exists as the reference for tests and benchmarks.
   *
   * @param flow the flow
   * @param direction the direction
   * @return the verdict
   */
  public Verdict evaluateNaively(Flow flow, Direction direction) {
    return evaluate(flow, direction, false);
  }

  private Verdict evaluate(Flow flow, Direction direction, boolean indexed) {
    requireNonNull(flow, "flow");
    requireNonNull(direction, "direction");
    FlowKey k = new FlowKey(flow, direction);
    if (semantics == Semantics.BLOCK_WINS) {
      return evaluateBlockWins(k);
    }
    if (k.family != null) {
      if (!families.contains(k.family)) {
        return new Verdict(
            Decision.UNKNOWN,
            Optional.empty(),
            List.of(),
            List.of(
                sourceName
                    + " covers "
                    + describe(families)
                    + " only; flow "
                    + flow.id()
                    + " is "
                    + describe(Set.of(k.family))
                    + ": give the policy for that family too"));
      }
      return firstMatch.evaluate(k, k.family, config, indexed).toVerdict(List.of());
    }
    Outcome first = null;
    Family firstFamily = null;
    for (Family f : List.of(Family.IPV4, Family.IPV6)) {
      if (!families.contains(f)) {
        continue;
      }
      Outcome o = firstMatch.evaluate(k, f, config, indexed);
      if (first == null) {
        first = o;
        firstFamily = f;
      } else if (o.decision != first.decision) {
        return new Verdict(
            Decision.UNKNOWN,
            Optional.empty(),
            Outcome.PathNode.toList(first.path),
            Outcome.join(
                Outcome.join(first.warnings, o.warnings),
                List.of(
                    "flow "
                        + flow.id()
                        + " names no IP address and the verdict depends on the family: "
                        + describe(Set.of(firstFamily))
                        + " "
                        + Outcome.describe(first)
                        + ", "
                        + describe(Set.of(f))
                        + " "
                        + Outcome.describe(o))));
      }
    }
    return first.toVerdict(List.of());
  }

  private Verdict evaluateBlockWins(FlowKey k) {
    Decision dflt = k.direction == Direction.IN ? defaultInbound : defaultOutbound;
    List<Profile> eval = new ArrayList<>();
    if (selectedProfile.isPresent()) {
      eval.add(selectedProfile.get());
    } else {
      eval.addAll(EnumSet.copyOf(profiles.isEmpty() ? EnumSet.noneOf(Profile.class) : profiles));
    }
    if (eval.isEmpty()) {
      return blockWins.evaluate(k, config, 0, dflt, null).toVerdict(List.of());
    }
    List<Outcome> outcomes = new ArrayList<>();
    for (Profile p : eval) {
      outcomes.add(blockWins.evaluate(k, config, 1 << p.ordinal(), dflt, p.displayName()));
    }
    List<String> path = eval.stream().map(Profile::displayName).toList();
    Outcome first = outcomes.get(0);
    List<String> warnings = List.of();
    boolean agree = true;
    for (Outcome o : outcomes) {
      warnings = Outcome.join(warnings, o.warnings);
      agree &= o.decision == first.decision;
    }
    if (agree) {
      return new Verdict(first.decision, Optional.ofNullable(first.rule), path, warnings);
    }
    StringBuilder sb = new StringBuilder("the profiles disagree: ");
    for (int i = 0; i < eval.size(); i++) {
      sb.append(i == 0 ? "" : ", ")
          .append(eval.get(i).displayName())
          .append(' ')
          .append(Outcome.describe(outcomes.get(i)));
    }
    sb.append("; evaluate one profile with withProfile(...)");
    return new Verdict(
        Decision.UNKNOWN, Optional.empty(), path, Outcome.join(warnings, List.of(sb.toString())));
  }

  private static String describe(Set<Family> fams) {
    return fams.contains(Family.IPV4) && fams.contains(Family.IPV6)
        ? "IPv4 and IPv6"
        : fams.contains(Family.IPV6) ? "IPv6" : "IPv4";
  }

  /**
   * Returns how rules combine.
   *
   * @return the semantics
   */
  public Semantics semantics() {
    return semantics;
  }

  /**
   * Returns the chains of a first-match policy.
   *
   * @return the chains; empty for a block-wins policy
   */
  public List<Chain> chains() {
    return chains;
  }

  /**
   * Returns the rules of a block-wins policy.
   *
   * @return the rules; empty for a first-match policy
   */
  public List<Rule> rules() {
    return rules;
  }

  /**
   * Returns the name of the input the policy was read from.
   *
   * @return e.g. {@code rules.v4}; {@code policy} by default
   */
  public String sourceName() {
    return sourceName;
  }

  /**
   * Returns what the parser skipped or assumed, e.g. {@code line 3: table nat skipped}.
   *
   * @return the notes
   */
  public List<String> notes() {
    return notes;
  }

  /**
   * Returns the address families the source describes; flows of another family are {@code UNKNOWN}.
   *
   * @return e.g. {@code [IPV4]} for iptables-save
   */
  public Set<Family> families() {
    return families;
  }

  /**
   * Returns the Windows profiles the policy distinguishes.
   *
   * @return the profiles; empty when the source has none
   */
  public Set<Profile> profiles() {
    return profiles;
  }

  /**
   * Returns the profile evaluated alone, if one was chosen.
   *
   * @return the profile
   */
  public Optional<Profile> selectedProfile() {
    return selectedProfile;
  }

  /**
   * Returns the decision of a block-wins policy when no rule matches.
   *
   * @param direction the direction
   * @return the default
   */
  public Decision defaultDecision(Direction direction) {
    return direction == Direction.IN ? defaultInbound : defaultOutbound;
  }

  /**
   * Returns the interface flows are assumed to use.
   *
   * @return the interface, if one was set
   */
  public Optional<String> interfaceName() {
    return interfaceName;
  }

  /**
   * Returns the source ports a flow may use.
   *
   * @return the range; default 1024-65535
   */
  public PortRange ephemeralPorts() {
    return ephemeralPorts;
  }

  @Override
  public String toString() {
    return "FirewallPolicy{"
        + sourceName
        + ", "
        + semantics
        + ", "
        + (semantics == Semantics.FIRST_MATCH ? chains.size() + " chains" : rules.size() + " rules")
        + "}";
  }

  /** Builds a {@link FirewallPolicy}. Not thread-safe. */
  public static final class Builder {
    private final Semantics semantics;
    private final List<Chain> chains = new ArrayList<>();
    private final List<Rule> rules = new ArrayList<>();
    private String sourceName = "policy";
    private final List<String> notes = new ArrayList<>();
    private EnumSet<Family> families = EnumSet.of(Family.IPV4, Family.IPV6);
    private EnumSet<Profile> profiles = EnumSet.noneOf(Profile.class);
    private Optional<Profile> selectedProfile = Optional.empty();
    private Decision defaultInbound = Decision.DENY;
    private Decision defaultOutbound = Decision.ALLOW;
    private Optional<String> interfaceName = Optional.empty();
    private PortRange ephemeralPorts = PortRange.between(1024, 65535);
    private FirstMatchEngine engine;
    private BlockWinsEngine blockEngine;

    private Builder(Semantics semantics) {
      this.semantics = semantics;
    }

    /**
     * Adds a chain (first-match policies).
     *
     * @param chain the chain
     * @return this builder
     */
    public Builder chain(Chain chain) {
      chains.add(requireNonNull(chain, "chain"));
      engine = null;
      return this;
    }

    /**
     * Adds a rule (block-wins policies).
     *
     * @param rule the rule
     * @return this builder
     */
    public Builder rule(Rule rule) {
      rules.add(requireNonNull(rule, "rule"));
      blockEngine = null;
      return this;
    }

    /**
     * Sets the name of the input (default {@code policy}).
     *
     * @param name e.g. the file name
     * @return this builder
     */
    public Builder sourceName(String name) {
      sourceName = requireNonNull(name, "name");
      return this;
    }

    /**
     * Adds a note on something skipped or assumed.
     *
     * @param note the note
     * @return this builder
     */
    public Builder note(String note) {
      notes.add(requireNonNull(note, "note"));
      return this;
    }

    /**
     * Sets the families the source describes (default IPv4 and IPv6).
     *
     * @param values {@code IPV4} and/or {@code IPV6}
     * @return this builder
     */
    public Builder families(Set<Family> values) {
      EnumSet<Family> f = EnumSet.noneOf(Family.class);
      f.addAll(values);
      f.remove(Family.ANY);
      if (f.isEmpty()) {
        throw new IllegalArgumentException("families is empty: give IPV4 and/or IPV6");
      }
      families = f;
      return this;
    }

    /**
     * Sets the Windows profiles the policy distinguishes (default none).
     *
     * @param values the profiles
     * @return this builder
     */
    public Builder profiles(Set<Profile> values) {
      profiles = values.isEmpty() ? EnumSet.noneOf(Profile.class) : EnumSet.copyOf(values);
      return this;
    }

    /**
     * Evaluates one profile only (default: all profiles must agree).
     *
     * @param profile the profile
     * @return this builder
     */
    public Builder selectedProfile(Profile profile) {
      selectedProfile = Optional.of(profile);
      return this;
    }

    /**
     * Sets the block-wins defaults (default inbound {@code DENY}, outbound {@code ALLOW}).
     *
     * @param inbound the inbound default
     * @param outbound the outbound default
     * @return this builder
     */
    public Builder defaults(Decision inbound, Decision outbound) {
      defaultInbound = requireNonNull(inbound, "inbound");
      defaultOutbound = requireNonNull(outbound, "outbound");
      return this;
    }

    /**
     * Sets the interface flows use (default unknown).
     *
     * @param name the interface name
     * @return this builder
     */
    public Builder interfaceName(String name) {
      if (name.isBlank()) {
        throw new IllegalArgumentException("interface name is blank: give e.g. eth0");
      }
      interfaceName = Optional.of(name);
      return this;
    }

    /**
     * Sets the source ports flows use (default 1024-65535).
     *
     * @param range the range
     * @return this builder
     */
    public Builder ephemeralPorts(PortRange range) {
      ephemeralPorts = requireNonNull(range, "range");
      return this;
    }

    /**
     * Builds and indexes the policy.
     *
     * @return the policy
     * @throws PolicyException if a rule jumps to a missing chain or the chains loop
     * @throws IllegalStateException if chains and rules are mixed up with the semantics
     */
    public FirewallPolicy build() {
      return new FirewallPolicy(this);
    }
  }
}
