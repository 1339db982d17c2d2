package dev.wdmports.firewall;

import static java.util.Objects.requireNonNull;

import dev.wdmports.core.Flow;
import dev.wdmports.core.PortRange;
import dev.wdmports.core.report.Direction;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * A firewall policy of flat rules, as Windows Firewall and AWS security groups have: a block wins.
 *
 * <pre>{@code
 * RulePolicy policy = RulePolicy.builder()
 *     .sourceName("wdm-server.netsh.txt")
 *     .profiles(EnumSet.allOf(WindowsProfile.class))
 *     .rule(FlatRule.of(Direction.IN, Rule.builder()
 *         .destinationPorts(PortMatch.of(PortSet.of(443))).action(Action.ACCEPT).build()))
 *     .build();
 * Evaluation v = policy.withProfile(WindowsProfile.DOMAIN).evaluate(flow, Direction.IN);
 * }</pre>
 *
 * <p><b>Semantics.</b> Rule order does not matter: a matching enabled block rule ({@code DROP} or
 * {@code REJECT}) denies, else a matching allow rule ({@code ACCEPT}) allows, else the direction's
 * {@link #defaultDecision default} applies. Disabled rules, rules of the other direction and rules
 * with any other action are ignored.
 *
 * <p><b>Windows profiles.</b> A policy with profiles (Domain, Private, Public) is evaluated for
 * every one of them and the verdict is {@code ALLOW} or {@code DENY} only if all profiles agree;
 * otherwise {@code UNKNOWN} with a warning listing each profile's verdict. {@link #withProfile}
 * evaluates one profile only. AWS security groups have no profiles.
 *
 * <p>Instances are immutable and thread-safe.
 *
 * @since 0.1.0
 */
public final class RulePolicy implements FirewallPolicy {
  private final List<FlatRule> rules;
  private final PolicySettings settings;
  private final Set<WindowsProfile> profiles;
  private final Optional<WindowsProfile> selectedProfile;
  private final Decision defaultInbound;
  private final Decision defaultOutbound;
  private final BlockWinsEngine engine;
  private final EvalConfig config;

  private RulePolicy(Builder b) {
    this.rules = List.copyOf(b.rules);
    this.settings = b.settings.frozen();
    this.profiles = b.profiles.isEmpty() ? Set.of() : Set.copyOf(b.profiles);
    this.selectedProfile = b.selectedProfile;
    this.defaultInbound = b.defaultInbound;
    this.defaultOutbound = b.defaultOutbound;
    this.engine = b.engine != null ? b.engine : new BlockWinsEngine(rules);
    this.config = settings.evalConfig();
  }

  /**
   * Returns a builder of a rule policy.
   *
   * @return a new builder: no rules, source name {@code policy}, no profiles, defaults inbound
   *     {@code DENY} and outbound {@code ALLOW}, any interface, ephemeral ports 1024-65535
   */
  public static Builder builder() {
    return new Builder();
  }

  /**
   * Returns a builder holding this policy's values.
   *
   * @return a new builder
   */
  public Builder toBuilder() {
    Builder b = new Builder();
    b.rules.addAll(rules);
    b.settings = settings.modifiable();
    b.profiles =
        profiles.isEmpty() ? EnumSet.noneOf(WindowsProfile.class) : EnumSet.copyOf(profiles);
    b.selectedProfile = selectedProfile;
    b.defaultInbound = defaultInbound;
    b.defaultOutbound = defaultOutbound;
    b.engine = engine;
    return b;
  }

  /**
   * Returns a copy that evaluates only one Windows profile.
   *
   * @param profile the profile
   * @return the copy
   */
  public RulePolicy withProfile(WindowsProfile profile) {
    return toBuilder().selectedProfile(profile).build();
  }

  @Override
  public RulePolicy withInterface(String name) {
    return toBuilder().interfaceName(name).build();
  }

  @Override
  public Evaluation evaluate(Flow flow, Direction direction) {
    return evaluateBlockWins(flow, direction);
  }

  private Evaluation evaluateBlockWins(Flow flow, Direction direction) {
    requireNonNull(flow, "flow");
    requireNonNull(direction, "direction");
    FlowKey k = new FlowKey(flow, direction);
    Decision dflt = defaultDecision(direction);
    List<WindowsProfile> eval = new ArrayList<>();
    if (selectedProfile.isPresent()) {
      eval.add(selectedProfile.get());
    } else {
      eval.addAll(
          EnumSet.copyOf(profiles.isEmpty() ? EnumSet.noneOf(WindowsProfile.class) : profiles));
    }
    if (eval.isEmpty()) {
      return engine.evaluate(k, config, 0, dflt, null).toVerdict(List.of());
    }
    List<Outcome> outcomes = new ArrayList<>();
    for (WindowsProfile p : eval) {
      outcomes.add(engine.evaluate(k, config, 1 << p.ordinal(), dflt, p.displayName()));
    }
    List<String> path = eval.stream().map(WindowsProfile::displayName).toList();
    Outcome first = outcomes.get(0);
    List<String> warnings = List.of();
    boolean agree = true;
    for (Outcome o : outcomes) {
      warnings = Outcome.join(warnings, o.warnings);
      agree &= o.decision == first.decision;
    }
    if (agree) {
      return new Evaluation(first.decision, Optional.ofNullable(first.rule), path, warnings);
    }
    StringBuilder sb = new StringBuilder("the profiles disagree: ");
    for (int i = 0; i < eval.size(); i++) {
      sb.append(i == 0 ? "" : ", ")
          .append(eval.get(i).displayName())
          .append(' ')
          .append(Outcome.describe(outcomes.get(i)));
    }
    sb.append("; evaluate one profile with withProfile(...)");
    return new Evaluation(
        Decision.UNKNOWN, Optional.empty(), path, Outcome.join(warnings, List.of(sb.toString())));
  }

  /**
   * Returns the rules, in the order read; the order does not change a verdict.
   *
   * @return the rules, each with its direction, profiles and enabled flag
   */
  public List<FlatRule> rules() {
    return rules;
  }

  @Override
  public String sourceName() {
    return settings.sourceName();
  }

  @Override
  public List<String> notes() {
    return settings.notes();
  }

  /**
   * Returns the Windows profiles the policy distinguishes.
   *
   * @return the profiles; empty when the source has none (AWS)
   */
  public Set<WindowsProfile> profiles() {
    return profiles;
  }

  /**
   * Returns the profile evaluated alone, if one was chosen.
   *
   * @return the profile
   */
  public Optional<WindowsProfile> selectedProfile() {
    return selectedProfile;
  }

  /**
   * Returns the decision when no rule matches.
   *
   * @param direction the direction
   * @return the default
   * @throws NullPointerException if the direction is null
   */
  public Decision defaultDecision(Direction direction) {
    return switch (direction) {
      case IN -> defaultInbound;
      case OUT -> defaultOutbound;
    };
  }

  @Override
  public Optional<String> interfaceName() {
    return settings.interfaceName();
  }

  @Override
  public PortRange ephemeralPorts() {
    return settings.ephemeralPorts();
  }

  @Override
  public String toString() {
    return "FirewallPolicy{" + settings.sourceName() + ", BLOCK_WINS, " + rules.size() + " rules}";
  }

  /**
   * Builds a {@link RulePolicy}. Not thread-safe.
   *
   * @since 0.1.0
   */
  public static final class Builder extends PolicyBuilder<Builder> {
    private final List<FlatRule> rules = new ArrayList<>();
    private EnumSet<WindowsProfile> profiles = EnumSet.noneOf(WindowsProfile.class);
    private Optional<WindowsProfile> selectedProfile = Optional.empty();
    private Decision defaultInbound = Decision.DENY;
    private Decision defaultOutbound = Decision.ALLOW;
    private @Nullable BlockWinsEngine engine;

    private Builder() {}

    /**
     * Adds a rule.
     *
     * @param rule the rule
     * @return this builder
     */
    public Builder rule(FlatRule rule) {
      rules.add(requireNonNull(rule, "rule"));
      engine = null;
      return this;
    }

    /**
     * Sets the Windows profiles the policy distinguishes (default none).
     *
     * @param values the profiles
     * @return this builder
     */
    public Builder profiles(Set<WindowsProfile> values) {
      profiles = values.isEmpty() ? EnumSet.noneOf(WindowsProfile.class) : EnumSet.copyOf(values);
      return this;
    }

    /**
     * Evaluates one profile only (default: all profiles must agree).
     *
     * @param profile the profile
     * @return this builder
     */
    public Builder selectedProfile(WindowsProfile profile) {
      selectedProfile = Optional.of(profile);
      return this;
    }

    /**
     * Sets the defaults (default inbound {@code DENY}, outbound {@code ALLOW}).
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
     * Builds the policy.
     *
     * @return the policy
     */
    public RulePolicy build() {
      return new RulePolicy(this);
    }
  }
}
