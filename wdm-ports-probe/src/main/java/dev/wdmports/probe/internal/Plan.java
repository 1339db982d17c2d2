package dev.wdmports.probe.internal;

import dev.wdmports.core.Transport;
import dev.wdmports.probe.ProbeTarget;
import dev.wdmports.probe.spi.HandshakeChecker;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * A run's targets sorted into the work of the connect scanners, the HTTP scanners and the worker
 * threads, with each target's checker, and how the run's concurrency is shared. Immutable once made
 * (its arrays are not handed out to callers outside the engine).
 */
public final class Plan {
  final HandshakeChecker[] checkers;
  final int[] scan;
  final int[] http;
  final int[] blocking;
  private final int concurrency;

  private Plan(
      HandshakeChecker[] checkers, int[] scan, int[] http, int[] blocking, int concurrency) {
    this.checkers = checkers;
    this.scan = scan;
    this.http = http;
    this.blocking = blocking;
    this.concurrency = concurrency;
  }

  /**
   * Sorts targets in one pass: a sweep has 65,535 targets, and this runs before the first probe. A
   * target goes to a scanner when its checker declares the capability ({@link Scannable}) and that
   * scanner is on; every other target goes to the workers.
   *
   * @param targets the run's targets
   * @param checker finds the checker of an id; throws for an unknown id
   * @param connectScanner whether the connect scanner is on
   * @param httpScanner whether the HTTP scanner is on
   * @param concurrency the run's concurrency for handshakes, HTTP scanners and workers together
   * @return the plan
   */
  public static Plan of(
      List<ProbeTarget> targets,
      Function<String, HandshakeChecker> checker,
      boolean connectScanner,
      boolean httpScanner,
      int concurrency) {
    int n = targets.size();
    HandshakeChecker[] checkers = new HandshakeChecker[n];
    Map<String, HandshakeChecker> byId = new HashMap<>();
    int[] scan = new int[n];
    int[] blocking = new int[n];
    int[] http = new int[n];
    int httpCount = 0;
    int scanCount = 0;
    int blockingCount = 0;
    String lastId = null;
    HandshakeChecker last = null;
    for (int i = 0; i < n; i++) {
      String id = targets.get(i).checker();
      if (!id.equals(lastId)) {
        last = byId.computeIfAbsent(id, checker);
        lastId = id;
      }
      checkers[i] = last;
      Scannable.Scanner s = scanner(last);
      if (connectScanner && s == Scannable.Scanner.CONNECT) {
        scan[scanCount++] = i;
      } else if (httpScanner && s == Scannable.Scanner.HTTP) {
        http[httpCount++] = i;
      } else {
        blocking[blockingCount++] = i;
      }
    }
    if (concurrency < 2 && httpCount > 0 && blockingCount > 0) {
      // One slot cannot be split between the HTTP scanner and the workers: the workers take all.
      for (int k = 0; k < httpCount; k++) {
        blocking[blockingCount++] = http[k];
      }
      Arrays.sort(blocking, 0, blockingCount);
      httpCount = 0;
    }
    return new Plan(
        checkers,
        Arrays.copyOf(scan, scanCount),
        Arrays.copyOf(http, httpCount),
        Arrays.copyOf(blocking, blockingCount),
        concurrency);
  }

  /** The scanner a checker declares it can run on, or null for the worker threads. */
  private static Scannable.Scanner scanner(HandshakeChecker checker) {
    return checker instanceof Scannable s && checker.transport() == Transport.TCP
        ? s.scanner()
        : null;
  }

  /**
   * How many of the run's {@code concurrency} slots the HTTP scanners get: all of them when every
   * handshake target is http, else a share in proportion to the targets, at least one for each
   * side, so that http and other handshakes together never exceed the concurrency.
   *
   * @return the HTTP scanners' slots
   */
  public int httpShare() {
    int h = http.length;
    int other = blocking.length;
    if (h == 0) {
      return 0;
    }
    if (other == 0) {
      return concurrency;
    }
    long share = (long) concurrency * h / (h + other);
    return (int) Math.max(1, Math.min(concurrency - 1, share));
  }

  /**
   * How many worker threads the run starts: the concurrency the HTTP scanners leave, at most one
   * per worker target.
   *
   * @return the number of workers
   */
  public int workers() {
    return Math.min(concurrency - httpShare(), blocking.length);
  }

  /**
   * Returns the indices of the connect scanners' targets, ascending.
   *
   * @return a copy
   */
  public int[] scanTargets() {
    return scan.clone();
  }

  /**
   * Returns the indices of the HTTP scanners' targets, ascending.
   *
   * @return a copy
   */
  public int[] httpTargets() {
    return http.clone();
  }

  /**
   * Returns the indices of the workers' targets, ascending.
   *
   * @return a copy
   */
  public int[] workerTargets() {
    return blocking.clone();
  }

  /**
   * Returns the checker of a target.
   *
   * @param index the target's index
   * @return the checker
   */
  public HandshakeChecker checker(int index) {
    return checkers[index];
  }
}
