package dev.wdmports.firewall;

import static java.util.Objects.requireNonNull;

import dev.wdmports.core.report.Direction;
import java.util.EnumSet;
import java.util.Set;

/**
 * A rule of a {@link RulePolicy} (Windows Firewall, AWS security groups): a {@link Rule} with the
 * direction it applies to and, for Windows, its profiles and whether it is enabled. In a {@link
 * ChainPolicy} the chain gives the direction and none of this exists.
 *
 * <pre>{@code
 * FlatRule https = FlatRule.of(Direction.IN,
 *     Rule.builder().destinationPorts(PortMatch.of(PortSet.of(443))).action(Action.ACCEPT).build());
 * FlatRule domainOnly = new FlatRule(rule, Direction.IN, Set.of(WindowsProfile.DOMAIN), true);
 * }</pre>
 *
 * @param rule what the rule matches and does, and where it was read
 * @param direction the direction of the flows the rule applies to
 * @param profiles the Windows profiles the rule applies to; empty means all
 * @param enabled false for a disabled Windows rule, which is ignored
 * @since 0.1.0
 */
public record FlatRule(
    Rule rule, Direction direction, Set<WindowsProfile> profiles, boolean enabled) {

  /**
   * Validates the rule.
   *
   * @throws NullPointerException if a part is null
   */
  public FlatRule {
    requireNonNull(rule, "rule");
    requireNonNull(direction, "direction");
    profiles = profiles.isEmpty() ? Set.of() : Set.copyOf(EnumSet.copyOf(profiles));
  }

  /**
   * Returns an enabled rule of every profile.
   *
   * @param direction the direction of the flows the rule applies to
   * @param rule the rule
   * @return the flat rule
   */
  public static FlatRule of(Direction direction, Rule rule) {
    return new FlatRule(rule, direction, Set.of(), true);
  }
}
