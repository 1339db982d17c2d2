package dev.wdmports.probe;

import static java.util.Objects.requireNonNull;

import dev.wdmports.probe.internal.CheckerIds;
import dev.wdmports.probe.spi.HandshakeChecker;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.ServiceConfigurationError;
import java.util.ServiceLoader;
import java.util.Set;
import java.util.TreeMap;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The checkers a {@link Prober} can use, by id. Immutable and thread-safe.
 *
 * <pre>{@code
 * CheckerRegistry registry = CheckerRegistry.builder()
 *     .discover()                      // the built-ins and every ServiceLoader provider
 *     .register(new MyTdsChecker())    // explicit registration wins over discovery
 *     .remove("tftp")
 *     .build();
 * registry.problems().forEach(System.err::println);
 * }</pre>
 *
 * <p>Discovery uses {@link ServiceLoader} ({@code META-INF/services} on the class path, {@code
 * provides} on the module path). Among discovered checkers with the same id the highest {@link
 * HandshakeChecker#priority()} wins; a tie is reported in {@link #problems()} and the first found
 * is kept. A provider that fails to load is logged, reported in {@link #problems()} and skipped;
 * the others still load.
 *
 * @since 0.1.0
 */
public final class CheckerRegistry {
  private static final Logger LOG = LoggerFactory.getLogger(CheckerRegistry.class);
  private static final int MAX_CONSECUTIVE_ERRORS = 100;

  private final Map<String, HandshakeChecker> checkers;
  private final List<ProviderProblem> problems;

  private CheckerRegistry(Builder b) {
    Map<String, HandshakeChecker> all = new TreeMap<>(b.discovered);
    all.putAll(b.explicit);
    this.checkers = Collections.unmodifiableMap(all);
    this.problems = List.copyOf(b.problems);
  }

  /**
   * Returns a registry of everything discovery finds with this library's class loader.
   *
   * @return the default registry
   */
  public static CheckerRegistry defaults() {
    return builder().discover().build();
  }

  /**
   * Starts an empty registry.
   *
   * @return a builder with no checker
   */
  public static Builder builder() {
    return new Builder();
  }

  /**
   * Starts a builder holding this registry's checkers (as explicit registrations) and problems.
   *
   * @return a builder
   */
  public Builder toBuilder() {
    Builder b = new Builder();
    b.explicit.putAll(checkers);
    b.problems.addAll(problems);
    return b;
  }

  /**
   * Finds a checker.
   *
   * @param id the checker id
   * @return the checker, if registered
   */
  public Optional<HandshakeChecker> find(String id) {
    return Optional.ofNullable(checkers.get(requireNonNull(id, "id")));
  }

  /**
   * Returns a checker that must exist.
   *
   * @param id the checker id
   * @return the checker
   * @throws IllegalArgumentException naming the id and the known ids if it is not registered
   */
  public HandshakeChecker require(String id) {
    HandshakeChecker c = checkers.get(requireNonNull(id, "id"));
    if (c == null) {
      throw new IllegalArgumentException(
          "unknown checker \""
              + id
              + "\": known checkers are "
              + String.join(", ", checkers.keySet())
              + "; add one with CheckerRegistry.builder().register(...) or a ServiceLoader"
              + " provider");
    }
    return c;
  }

  /**
   * Returns the registered ids, sorted.
   *
   * @return the ids
   */
  public Set<String> ids() {
    return checkers.keySet();
  }

  /**
   * Returns the providers discovery skipped and the ambiguities it resolved.
   *
   * @return the problems, in the order found
   */
  public List<ProviderProblem> problems() {
    return problems;
  }

  @Override
  public String toString() {
    return "CheckerRegistry" + checkers.keySet();
  }

  /**
   * Builds a {@link CheckerRegistry}. Operations apply in order; not thread-safe.
   *
   * @since 0.1.0
   */
  public static final class Builder {
    private final Map<String, HandshakeChecker> discovered = new LinkedHashMap<>();
    private final Map<String, HandshakeChecker> explicit = new LinkedHashMap<>();
    private final List<ProviderProblem> problems = new ArrayList<>();

    private Builder() {}

    /**
     * Discovers checkers with the class loader of this library.
     *
     * @return this builder
     */
    public Builder discover() {
      return discover(CheckerRegistry.class.getClassLoader());
    }

    /**
     * Discovers checkers with a class loader.
     *
     * @param loader the class loader to search
     * @return this builder
     */
    public Builder discover(ClassLoader loader) {
      requireNonNull(loader, "loader");
      Iterator<ServiceLoader.Provider<HandshakeChecker>> it =
          ServiceLoader.load(HandshakeChecker.class, loader).stream().iterator();
      int errors = 0;
      while (errors < MAX_CONSECUTIVE_ERRORS) {
        ServiceLoader.Provider<HandshakeChecker> p;
        try {
          if (!it.hasNext()) {
            break;
          }
          p = it.next();
        } catch (ServiceConfigurationError e) {
          errors++;
          problem("?", "provider skipped: " + e.getMessage(), e);
          continue;
        }
        errors = 0;
        String name = p.type().getName();
        HandshakeChecker c;
        try {
          c = p.get();
          checkChecker(c);
        } catch (ServiceConfigurationError | RuntimeException | LinkageError e) {
          problem(name, "provider skipped: " + describe(e), e);
          continue;
        }
        HandshakeChecker old = discovered.get(c.id());
        if (old == null || c.priority() > old.priority()) {
          discovered.put(c.id(), c);
        } else if (c.priority() == old.priority() && old.getClass() != c.getClass()) {
          problem(
              name,
              "checker \""
                  + c.id()
                  + "\" is provided by both "
                  + old.getClass().getName()
                  + " and "
                  + name
                  + " with priority "
                  + c.priority()
                  + "; kept "
                  + old.getClass().getName()
                  + ": raise a priority or register one explicitly",
              null);
        }
      }
      return this;
    }

    private static String describe(Throwable e) {
      Throwable root = e;
      while (root.getCause() != null && root.getCause() != root) {
        root = root.getCause();
      }
      return root == e ? String.valueOf(e.getMessage()) : e.getMessage() + " (" + root + ")";
    }

    private void problem(String provider, String message, @Nullable Throwable cause) {
      LOG.warn("checker provider {}: {}", provider, message, cause);
      problems.add(new ProviderProblem(provider, message, Optional.ofNullable(cause)));
    }

    /**
     * Registers a checker; it replaces any checker with the same id, discovered or registered.
     *
     * @param checker the checker
     * @return this builder
     * @throws IllegalArgumentException if its id is malformed or its transport is null
     */
    public Builder register(HandshakeChecker checker) {
      requireNonNull(checker, "checker");
      checkChecker(checker);
      explicit.put(checker.id(), checker);
      return this;
    }

    /**
     * Removes the checker with an id, discovered or registered.
     *
     * @param id the checker id
     * @return this builder
     */
    public Builder remove(String id) {
      requireNonNull(id, "id");
      discovered.remove(id);
      explicit.remove(id);
      return this;
    }

    /**
     * Builds the registry.
     *
     * @return the registry
     */
    public CheckerRegistry build() {
      return new CheckerRegistry(this);
    }

    private static void checkChecker(HandshakeChecker c) {
      String id = c.id();
      if (!CheckerIds.isValid(id)) {
        throw new IllegalArgumentException(
            "checker " + c.getClass().getName() + " has id \"" + id + "\": use " + CheckerIds.RULE);
      }
      if (c.transport() == null) {
        throw new IllegalArgumentException(
            "checker " + c.getClass().getName() + " has no transport: return TCP or UDP");
      }
    }
  }
}
