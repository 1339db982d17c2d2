package dev.wdmports.test;

import static dev.wdmports.test.error.ShouldBeBroken.shouldBeBroken;
import static dev.wdmports.test.error.ShouldKeepAvailable.shouldKeepAvailable;
import static java.util.Objects.requireNonNull;

import dev.wdmports.core.graph.Availability;
import dev.wdmports.core.graph.OperationStatus;
import java.util.ArrayList;
import java.util.List;
import org.assertj.core.api.AssertionErrorCollector;
import org.jspecify.annotations.Nullable;

/**
 * Assertions on operation statuses, as {@code HostCheck.operations()}, {@code
 * HostReport.operations()} or {@code DependencyGraph.availability(...)} return them; get one from
 * {@link WdmAssertions#assertThat(List)}. A failure gives each operation's {@link
 * OperationStatus#reason()}. Not thread-safe.
 *
 * @since 0.1.0
 */
public class OperationsAssert extends WdmAssert<OperationsAssert, List<OperationStatus>> {
  /**
   * Creates the assertion; prefer {@link WdmAssertions#assertThat(List)}.
   *
   * @param actual the statuses under test
   */
  public OperationsAssert(List<OperationStatus> actual) {
    this(actual, null);
  }

  /** A soft assertion of {@link WdmSoftAssertions} when {@code collector} is not null. */
  OperationsAssert(List<OperationStatus> actual, @Nullable AssertionErrorCollector collector) {
    super(actual, OperationsAssert.class, collector);
  }

  /**
   * Verifies that the operations work: each is available or degraded.
   *
   * @param operationIds the operations, e.g. {@code "reboot"}
   * @return this assertion
   * @throws IllegalArgumentException if no operation is named or one is not in the list
   */
  public OperationsAssert areAvailable(String... operationIds) {
    List<String> ids = Operations.ids(operationIds);
    isNotNull();
    List<String> reasons = new ArrayList<>();
    for (String id : ids) {
      OperationStatus s = Operations.find(actual, id);
      if (!s.available()) {
        reasons.add(s.reason());
      }
    }
    if (!reasons.isEmpty()) {
      throwAssertionError(shouldKeepAvailable("the operations", ids, reasons));
    }
    return myself;
  }

  /**
   * Verifies that an operation is {@link Availability#BROKEN}.
   *
   * @param operationId the operation, e.g. {@code "reboot"}
   * @return this assertion
   * @throws IllegalArgumentException if the operation is not in the list
   */
  public OperationsAssert isBroken(String operationId) {
    requireNonNull(operationId, "operationId");
    isNotNull();
    OperationStatus s = Operations.find(actual, operationId);
    if (s.availability() != Availability.BROKEN) {
      throwAssertionError(shouldBeBroken(operationId, s.reason()));
    }
    return myself;
  }
}
