package dev.wdmports.core.graph;

import static java.util.Objects.requireNonNull;

import dev.wdmports.core.Flow;
import dev.wdmports.core.Operation;
import dev.wdmports.core.Requirement;
import java.util.List;

/**
 * What an operation needs in a deployment: all of the clauses, each satisfied by any one of its
 * alternatives, each alternative being all the flows of one rule.
 *
 * @param operation the operation
 * @param clauses the clauses, all needed
 * @since 0.1.0
 */
public record OperationRequirements(Operation operation, List<Clause> clauses) {
  /** Copies the list. */
  public OperationRequirements {
    requireNonNull(operation, "operation");
    clauses = List.copyOf(clauses);
  }

  /**
   * One needed thing, met by any of its alternatives.
   *
   * @param requirement the catalog requirement it comes from
   * @param alternatives the alternatives, at least one
   * @since 0.1.0
   */
  public record Clause(Requirement requirement, List<Alternative> alternatives) {
    /** Copies the list. */
    public Clause {
      requireNonNull(requirement, "requirement");
      alternatives = List.copyOf(alternatives);
    }
  }

  /**
   * All flows of one rule.
   *
   * @param rule the rule id
   * @param flows the rule's flows in the deployment; empty when no host runs both ends
   * @since 0.1.0
   */
  public record Alternative(String rule, List<Flow> flows) {
    /** Copies the list. */
    public Alternative {
      requireNonNull(rule, "rule");
      flows = List.copyOf(flows);
    }

    /**
     * Tells whether the deployment places the rule.
     *
     * @return true if it has at least one flow
     */
    public boolean placed() {
      return !flows.isEmpty();
    }
  }
}
