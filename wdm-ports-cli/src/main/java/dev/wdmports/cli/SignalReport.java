package dev.wdmports.cli;

import java.io.PrintWriter;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * What a probing command does on SIGINT or SIGTERM: it interrupts the command's thread, whose probe
 * run then cancels what is in flight and ends with what it has (every target not probed says so:
 * {@code not probed: the run was cancelled}), and waits a moment for the command to print that
 * report; then the JVM exits with the signal's status (130 or 143). The run's threads and sockets
 * are closed by the cancel. Without a signal it does nothing.
 *
 * <pre>{@code
 * SignalReport signals = SignalReport.install(err);
 * try {
 *   ProbeReport r = prober.run(targets);   // SIGINT: returns at once, the rest not probed
 *   out.print(render(r));
 * } finally {
 *   signals.close();
 * }
 * }</pre>
 */
final class SignalReport implements AutoCloseable {
  /** How long a signal waits for the partial report: cancelling and printing take milliseconds. */
  private static final long GRACE_SECONDS = 5;

  private final CountDownLatch printed = new CountDownLatch(1);
  private final Thread hook;

  private SignalReport(Thread command, PrintWriter err) {
    this.hook =
        new Thread(
            () -> {
              err.println(
                  "wdm-ports: stopped by a signal: what follows is what was probed before it;"
                      + " the rest is reported as not probed");
              err.flush();
              command.interrupt();
              try {
                printed.await(GRACE_SECONDS, TimeUnit.SECONDS);
              } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
              }
            },
            "wdm-ports-signal");
  }

  /** Installs the shutdown hook for the calling thread's command. */
  static SignalReport install(PrintWriter err) {
    SignalReport s = new SignalReport(Thread.currentThread(), err);
    Runtime.getRuntime().addShutdownHook(s.hook);
    return s;
  }

  /** The report is out: a signal from now on need not wait; the hook goes. */
  @Override
  public void close() {
    printed.countDown();
    try {
      Runtime.getRuntime().removeShutdownHook(hook);
    } catch (IllegalStateException shuttingDown) {
      // A signal came: the hook is running and ends now that the report is printed.
    }
  }
}
