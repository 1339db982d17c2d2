package dev.wdmports.probe;

import static java.util.Objects.requireNonNull;

import java.util.Optional;

/**
 * A checker provider that discovery skipped, or an ambiguity it resolved, with the reason.
 *
 * <pre>{@code
 * registry.problems().forEach(p -> System.err.println(p.provider() + ": " + p.message()));
 * }</pre>
 *
 * @param provider the provider class name, or {@code ?} when the class could not be named
 * @param message what went wrong and what was done about it
 * @param cause the failure, when there was one
 * @since 0.1.0
 */
public record ProviderProblem(String provider, String message, Optional<Throwable> cause) {
  /** Validates the problem. */
  public ProviderProblem {
    requireNonNull(provider, "provider");
    requireNonNull(message, "message");
    requireNonNull(cause, "cause");
  }
}
