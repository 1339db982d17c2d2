package dev.wdmports.probe.internal;

/**
 * A built-in checker that the engine may run on a non-blocking scanner instead of a worker thread,
 * because the scanner decides exactly as the checker would (see {@link HttpScanner}). The engine
 * asks for this capability, never for a class: a checker registered in place of a built-in one,
 * even under the same id, does not have it and runs on the worker threads. Sealed, so that only the
 * checkers whose verdicts a scanner reproduces can declare it.
 */
public sealed interface Scannable permits TcpChecker, HttpChecker {
  /** The scanners the engine has. */
  enum Scanner {
    /** {@link ConnectScanner}: the connection alone. */
    CONNECT,
    /** {@link HttpScanner}: the {@link HttpChecker}'s request and status line. */
    HTTP
  }

  /**
   * Returns the scanner that can run this checker's probes.
   *
   * @return the scanner
   */
  Scanner scanner();
}
