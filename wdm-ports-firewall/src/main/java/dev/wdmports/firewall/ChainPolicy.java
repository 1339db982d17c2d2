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
 * A firewall policy of chains, as iptables and nftables have: ordered rules, the first match
 * decides.
 *
 * <pre>{@code
 * ChainPolicy policy = ChainPolicy.builder()
 *     .sourceName("rules.v4")
 *     .families(Set.of(IpFamily.IPV4))
 *     .chain(Chain.base("filter", "INPUT", IpFamily.IPV4, Hook.INPUT, 0, Action.DROP, rules))
 *     .build();
 * Evaluation v = policy.evaluate(Flow.parse("10.0.0.20->10.0.0.5:443/tcp"), Direction.IN);
 * }</pre>
 *
 * <p><b>Semantics.</b> A flow walks the base chains of its hooks ({@code PREROUTING}+{@code INPUT}
 * inbound, {@code OUTPUT}+{@code POSTROUTING} outbound) in hook and priority order; the first
 * matching rule of a chain decides; {@code JUMP}/{@code GOTO}/{@code RETURN} move between chains; a
 * base chain without a deciding rule applies its policy. An accept ends only its base chain (later
 * base chains still see the packet), a drop or reject is final. Flows of a family the source does
 * not describe ({@link #families()}) are {@code UNKNOWN}; a flow that names no IP address is
 * evaluated for both families and is {@code UNKNOWN} when they differ.
 *
 * <p>Instances are immutable and thread-safe; the chains are indexed by transport and destination
 * port when the policy is built, so evaluation visits only the rules that can match.
 *
 * @since 0.1.0
 */
public final class ChainPolicy implements FirewallPolicy {
  private final List<Chain> chains;
  private final PolicySettings settings;
  private final Set<IpFamily> families;
  private final FirstMatchEngine engine;
  private final EvalConfig config;

  private ChainPolicy(Builder b) {
    this.chains = List.copyOf(b.chains);
    this.settings = b.settings.frozen();
    this.families = Set.copyOf(b.families);
    this.engine = b.engine != null ? b.engine : new FirstMatchEngine(chains);
    this.config = settings.evalConfig();
  }

  /**
   * Returns a builder of a chain policy.
   *
   * @return a new builder: no chains, source name {@code policy}, both families, any interface,
   *     ephemeral ports 1024-65535
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
    b.chains.addAll(chains);
    b.settings = settings.modifiable();
    b.families = EnumSet.copyOf(families);
    b.engine = engine;
    return b;
  }

  @Override
  public ChainPolicy withInterface(String name) {
    return toBuilder().interfaceName(name).build();
  }

  @Override
  public Evaluation evaluate(Flow flow, Direction direction) {
    return evaluate(flow, direction, true);
  }

  /**
   * Evaluates a flow by scanning every rule in order, without the index: the reference the property
   * tests and the benchmark compare {@link #evaluate} with. Not API.
   */
  Evaluation evaluateNaively(Flow flow, Direction direction) {
    return evaluate(flow, direction, false);
  }

  private Evaluation evaluate(Flow flow, Direction direction, boolean indexed) {
    requireNonNull(flow, "flow");
    requireNonNull(direction, "direction");
    FlowKey k = new FlowKey(flow, direction);
    if (k.family != null) {
      if (!families.contains(k.family)) {
        return new Evaluation(
            Decision.UNKNOWN,
            Optional.empty(),
            List.of(),
            List.of(
                settings.sourceName()
                    + " covers "
                    + describe(families)
                    + " only; flow "
                    + flow.id()
                    + " is "
                    + describe(Set.of(k.family))
                    + ": give the policy for that family too"));
      }
      return engine.evaluate(k, k.family, config, indexed).toVerdict(List.of());
    }
    Outcome first = null;
    IpFamily firstFamily = null;
    for (IpFamily f : List.of(IpFamily.IPV4, IpFamily.IPV6)) {
      if (!families.contains(f)) {
        continue;
      }
      Outcome o = engine.evaluate(k, f, config, indexed);
      if (first == null) {
        first = o;
        firstFamily = f;
      } else if (o.decision != first.decision) {
        return new Evaluation(
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
    // The builder requires at least one family, so the loop above set first.
    return requireNonNull(first, "first").toVerdict(List.of());
  }

  private static String describe(Set<IpFamily> fams) {
    return fams.contains(IpFamily.IPV4) && fams.contains(IpFamily.IPV6)
        ? "IPv4 and IPv6"
        : fams.contains(IpFamily.IPV6) ? "IPv6" : "IPv4";
  }

  /**
   * Returns the chains.
   *
   * @return the chains, base and user chains of every table
   */
  public List<Chain> chains() {
    return chains;
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
   * Returns the address families the source describes; flows of another family are {@code UNKNOWN}.
   *
   * @return e.g. {@code [IPV4]} for iptables-save
   */
  public Set<IpFamily> families() {
    return families;
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
    return "FirewallPolicy{"
        + settings.sourceName()
        + ", FIRST_MATCH, "
        + chains.size()
        + " chains}";
  }

  /**
   * Builds a {@link ChainPolicy}. Not thread-safe.
   *
   * @since 0.1.0
   */
  public static final class Builder extends PolicyBuilder<Builder> {
    private final List<Chain> chains = new ArrayList<>();
    private EnumSet<IpFamily> families = EnumSet.of(IpFamily.IPV4, IpFamily.IPV6);
    private @Nullable FirstMatchEngine engine;

    private Builder() {}

    /**
     * Adds a chain.
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
     * Sets the families the source describes (default IPv4 and IPv6).
     *
     * @param values {@code IPV4} and/or {@code IPV6}
     * @return this builder
     * @throws IllegalArgumentException if neither is given
     */
    public Builder families(Set<IpFamily> values) {
      EnumSet<IpFamily> f = EnumSet.noneOf(IpFamily.class);
      f.addAll(values);
      f.remove(IpFamily.ANY);
      if (f.isEmpty()) {
        throw new IllegalArgumentException("families is empty: give IPV4 and/or IPV6");
      }
      families = f;
      return this;
    }

    /**
     * Builds and indexes the policy.
     *
     * @return the policy
     * @throws PolicyException if a rule jumps to a missing chain or the chains loop
     */
    public ChainPolicy build() {
      return new ChainPolicy(this);
    }
  }
}
