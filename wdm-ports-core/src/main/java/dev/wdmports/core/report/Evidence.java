package dev.wdmports.core.report;

import static java.util.Objects.requireNonNull;

import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * Why a {@link FlowCheck} has its verdict: a firewall rule (or chain policy) decided it, a probe
 * saw it, or it was not checked at all.
 *
 * <pre>{@code
 * if (check.evidence() instanceof Evidence.Decided d) {
 *   System.out.println(check.flow() + " decided by " + d.describe());
 * } else if (check.evidence() instanceof Evidence.Probed p) {
 *   System.out.println(check.flow() + " is " + p.status() + " (" + p.detail() + ")");
 * }
 * }</pre>
 */
public sealed interface Evidence permits Evidence.Decided, Evidence.Probed, Evidence.NotChecked {

  /**
   * A firewall policy decided the flow.
   *
   * @param rule the deciding rule; empty when a chain policy or a default decided
   * @param path the chains traversed in order (for Windows, the profiles evaluated)
   * @param warnings why the verdict may be wrong or is unknown, each naming a line when one is
   *     known
   */
  record Decided(Optional<DecidingRule> rule, List<String> path, List<String> warnings)
      implements Evidence {
    /**
     * Copies the lists.
     *
     * @throws NullPointerException if a part is null
     */
    public Decided {
      requireNonNull(rule, "rule");
      path = List.copyOf(path);
      warnings = List.copyOf(warnings);
    }

    /**
     * Describes what decided: the rule with its line and text, or the chain's policy.
     *
     * @return e.g. {@code line 12 (-A INPUT -p tcp --dport 443 -j DROP)} or {@code the default
     *     policy of INPUT}
     */
    public String describe() {
      return rule.map(DecidingRule::describe)
          .orElse(
              "the default policy" + (path.isEmpty() ? "" : " of " + String.join(" -> ", path)));
    }
  }

  /**
   * A probe checked the flow.
   *
   * @param checker the checker used, e.g. {@code https}
   * @param host the host probed, e.g. {@code 10.0.0.5}
   * @param status what the probe found
   * @param detail what the probe saw, e.g. {@code certificate not trusted: ...}; may be empty
   * @param latency how long the probe took
   */
  record Probed(String checker, String host, ProbeStatus status, String detail, Duration latency)
      implements Evidence {
    /**
     * Validates the evidence.
     *
     * @throws NullPointerException if a part is null
     */
    public Probed {
      requireNonNull(checker, "checker");
      requireNonNull(host, "host");
      requireNonNull(status, "status");
      requireNonNull(detail, "detail");
      requireNonNull(latency, "latency");
    }
  }

  /**
   * The flow was not checked.
   *
   * @param checker the checker that would have probed it, or {@code none} when none speaks its
   *     protocol
   * @param reason why it was not checked, e.g. {@code destination 10.0.1.0/24 is a network, not one
   *     host}; may be empty
   */
  record NotChecked(String checker, String reason) implements Evidence {
    /**
     * Validates the evidence.
     *
     * @throws NullPointerException if a part is null
     */
    public NotChecked {
      requireNonNull(checker, "checker");
      requireNonNull(reason, "reason");
    }
  }
}
