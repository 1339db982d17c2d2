package dev.wdmports.test;

import dev.wdmports.core.graph.OperationStatus;
import java.util.List;
import java.util.Objects;
import java.util.stream.Collectors;

/** Finds operations by id for the assertions; misuse is an {@link IllegalArgumentException}. */
final class Operations {
  private Operations() {}

  static List<String> ids(String[] operationIds) {
    Objects.requireNonNull(operationIds, "operationIds");
    if (operationIds.length == 0) {
      throw new IllegalArgumentException(
          "operationIds is empty: name at least one operation, e.g. \"reboot\"");
    }
    for (String id : operationIds) {
      Objects.requireNonNull(id, "operationIds holds null");
    }
    return List.of(operationIds);
  }

  static OperationStatus find(List<OperationStatus> operations, String id) {
    return operations.stream()
        .filter(s -> s.operation().id().equals(id))
        .findFirst()
        .orElseThrow(
            () ->
                new IllegalArgumentException(
                    "no operation \""
                        + id
                        + "\": use one of "
                        + operations.stream()
                            .map(s -> s.operation().id())
                            .collect(Collectors.joining(", "))));
  }

  static <T> List<T> flows(T[] values, String name) {
    Objects.requireNonNull(values, name);
    if (values.length == 0) {
      throw new IllegalArgumentException(
          name + " is empty: pass at least one, e.g. Flow.parse(\"10.0.0.20->10.0.0.5:443/tcp\")");
    }
    for (T v : values) {
      Objects.requireNonNull(v, name + " holds null");
    }
    return List.of(values);
  }
}
