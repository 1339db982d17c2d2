package dev.wdmports.probe;

/**
 * Follows a run: told the number of targets, each result as it completes, and the summary.
 *
 * <pre>{@code
 * ProbeListener progress = new ProbeListener() {
 *   public void result(ProbeResult r) { System.err.println(r.target() + " " + r.status()); }
 * };
 * prober.run(targets, progress);
 * }</pre>
 *
 * <p>Calls for one run never overlap (the engine serializes them), but they come from engine
 * threads, so the listener must not block for long. Results arrive in completion order; the report
 * keeps input order. An exception thrown by the listener is logged and ignored.
 *
 * @since 0.1.0
 */
public interface ProbeListener {
  /**
   * The run starts.
   *
   * @param total the number of targets
   */
  default void started(int total) {}

  /**
   * A target is done, or will not be probed (cancelled, overall deadline).
   *
   * @param result the result
   */
  default void result(ProbeResult result) {}

  /**
   * The run is done; every result has been reported.
   *
   * @param summary the summary
   */
  default void finished(ProbeSummary summary) {}

  /**
   * Returns a listener that does nothing.
   *
   * @return the no-op listener
   */
  static ProbeListener none() {
    return NoListener.INSTANCE;
  }
}

/** The stateless no-op listener. */
enum NoListener implements ProbeListener {
  INSTANCE
}
