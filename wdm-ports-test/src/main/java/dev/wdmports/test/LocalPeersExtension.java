package dev.wdmports.test;

import dev.wdmports.peers.LocalPeer;
import dev.wdmports.peers.LocalPeers;
import dev.wdmports.peers.PeerKind;
import java.util.Arrays;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolutionException;
import org.junit.jupiter.api.extension.ParameterResolver;
import org.junit.platform.commons.support.AnnotationSupport;

/**
 * The JUnit 5 extension behind {@link WithLocalPeers}: starts the {@link LocalPeers} of a test
 * class before all its tests, resolves {@link LocalPeers} parameters and {@link LocalPeer}
 * parameters annotated with {@link PeerOfKind}, makes every peer serve again after each test, and
 * lets JUnit close the peers after the class. Prefer the annotation; registered without it (by
 * {@code @ExtendWith}) it starts every kind of peer.
 *
 * <p>The peers live in the class's {@link ExtensionContext.Store} under this extension's own
 * namespace, so {@code @Nested} classes share the peers of their outer class. Stateless itself and
 * thread-safe; the peers it shares are not meant for tests that run concurrently.
 *
 * @since 0.1.0
 */
public final class LocalPeersExtension
    implements BeforeAllCallback, AfterEachCallback, ParameterResolver {
  private static final ExtensionContext.Namespace NAMESPACE =
      ExtensionContext.Namespace.create(LocalPeersExtension.class);

  /** Creates the extension; JUnit does this for {@link WithLocalPeers}. */
  public LocalPeersExtension() {}

  /**
   * Starts the peers of the test class, unless an outer class already did.
   *
   * @param context the class's context
   */
  @Override
  public void beforeAll(ExtensionContext context) {
    peers(context);
  }

  /**
   * Makes every peer serve again, undoing a test's {@code refuse()} or {@code filter()}.
   *
   * @param context the test's context
   */
  @Override
  public void afterEach(ExtensionContext context) {
    Running running = context.getStore(NAMESPACE).get(Running.class, Running.class);
    if (running != null) {
      running.peers.peers().values().forEach(LocalPeer::serve);
    }
  }

  /**
   * Tells whether a parameter is a {@link LocalPeers} or a {@link LocalPeer}.
   *
   * @param parameter the parameter
   * @param context the context
   * @return true for the two types this extension provides
   */
  @Override
  public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
    Class<?> type = parameter.getParameter().getType();
    return type == LocalPeers.class || type == LocalPeer.class;
  }

  /**
   * Returns the running peers, or the peer that {@link PeerOfKind} names.
   *
   * @param parameter the parameter
   * @param context the context
   * @return the peers or the peer
   * @throws ParameterResolutionException if a {@link LocalPeer} parameter has no {@link PeerOfKind}
   *     annotation or names a kind that {@link WithLocalPeers} does not start
   */
  @Override
  public Object resolveParameter(ParameterContext parameter, ExtensionContext context) {
    LocalPeers peers = peers(context);
    if (parameter.getParameter().getType() == LocalPeers.class) {
      return peers;
    }
    Optional<PeerOfKind> wanted = parameter.findAnnotation(PeerOfKind.class);
    if (wanted.isEmpty()) {
      throw new ParameterResolutionException(
          "parameter "
              + parameter.getParameter().getName()
              + " of "
              + parameter.getDeclaringExecutable()
              + " is a LocalPeer without @PeerOfKind: annotate it, e.g. @PeerOfKind(PeerKind.FTP)");
    }
    PeerKind kind = wanted.get().value();
    if (!peers.peers().containsKey(kind)) {
      throw new ParameterResolutionException(
          "parameter "
              + parameter.getParameter().getName()
              + " of "
              + parameter.getDeclaringExecutable()
              + " wants the "
              + kind
              + " peer, but only "
              + peers.peers().keySet()
              + " were started: add PeerKind."
              + kind
              + " to @WithLocalPeers");
    }
    return peers.peer(kind);
  }

  private static LocalPeers peers(ExtensionContext context) {
    ExtensionContext classContext = context;
    while (classContext.getTestMethod().isPresent() && classContext.getParent().isPresent()) {
      classContext = classContext.getParent().get();
    }
    PeerKind[] kinds = kinds(context.getRequiredTestClass());
    return classContext
        .getStore(NAMESPACE)
        .getOrComputeIfAbsent(
            Running.class, k -> new Running(LocalPeers.start(kinds)), Running.class)
        .peers;
  }

  private static PeerKind[] kinds(Class<?> testClass) {
    for (Class<?> c = testClass; c != null; c = c.getEnclosingClass()) {
      Optional<WithLocalPeers> a = AnnotationSupport.findAnnotation(c, WithLocalPeers.class);
      if (a.isPresent()) {
        return Arrays.copyOf(a.get().value(), a.get().value().length);
      }
    }
    return PeerKind.values();
  }

  /**
   * The peers of a class, closed by JUnit when the class's store is closed. It is a {@code
   * CloseableResource} for JUnit 5 before 5.13 and an {@code AutoCloseable} for later versions
   * (which warn about a {@code CloseableResource} alone); closing twice is harmless.
   */
  @SuppressWarnings("deprecation") // CloseableResource is deprecated since JUnit 5.13
  private static final class Running
      implements ExtensionContext.Store.CloseableResource, AutoCloseable {
    private final LocalPeers peers;
    private final AtomicBoolean closed = new AtomicBoolean();

    Running(LocalPeers peers) {
      this.peers = peers;
    }

    @Override
    public void close() {
      if (closed.compareAndSet(false, true)) {
        peers.close();
      }
    }
  }
}
