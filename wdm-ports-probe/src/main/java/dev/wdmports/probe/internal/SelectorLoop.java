package dev.wdmports.probe.internal;

import java.io.IOException;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.util.Iterator;
import java.util.function.Supplier;

/**
 * The loop the non-blocking scanners share: one thread and one {@link Selector}, jobs pulled from a
 * source on that thread as slots free up (no queue, no hand-off), a select that wakes for the
 * earliest deadline, and an end when the source is dry and nothing is in flight.
 *
 * <p>Subclasses open jobs, react to ready keys, expire what is past its deadline and give every
 * outstanding job a verdict on cancel; they count what they have in flight with {@link #started()}
 * and {@link #ended()}. No constructor starts the thread: the engine calls {@link #start()}.
 *
 * @param <J> the job type
 */
public abstract class SelectorLoop<J> {
  /** The selector; subclasses register their channels with it. */
  final Selector selector;

  private final int maxInFlight;
  private final Supplier<J> source;
  private final J wait;
  private final Thread thread;
  private int inFlight;
  private volatile boolean cancelled;

  /** A job that could not start yet (no file descriptor free), to open before any new one. */
  private J deferred;

  /** Whether the deferred job waits for one of this loop's jobs to end. */
  private boolean starved;

  /**
   * Whether a job ended since the last select. Closing a channel that is registered with a selector
   * only cancels its key: the descriptor is released at the selector's next select, so a starved
   * job is retried after that select, not at once (when the retry would fail again and wait for yet
   * another job to end).
   */
  private boolean endedSinceSelect;

  /**
   * Sets up the loop; {@link #start()} starts its thread.
   *
   * @param maxInFlight the most jobs outstanding at once
   * @param source gives the next job, {@code wait} when none may start yet, or null when done
   * @param wait the source's "not yet" value
   * @param threadName the name of the thread
   * @throws IOException if no selector can be opened
   */
  SelectorLoop(int maxInFlight, Supplier<J> source, J wait, String threadName) throws IOException {
    this.maxInFlight = maxInFlight;
    this.source = source;
    this.wait = wait;
    this.selector = Selector.open();
    this.thread = new Thread(this::loop, threadName);
    thread.setDaemon(true);
  }

  /** Starts the thread; once. */
  public final void start() {
    thread.start();
  }

  /** Gives up every outstanding job (each gets a verdict) and stops claiming jobs. */
  public final void cancel() {
    cancelled = true;
    selector.wakeup();
  }

  /**
   * Waits until the source has no more work and every job is decided.
   *
   * @throws InterruptedException if interrupted while waiting
   */
  public final void join() throws InterruptedException {
    thread.join();
  }

  /** One more job in flight. */
  final void started() {
    inFlight++;
  }

  /** One job fewer in flight. */
  final void ended() {
    inFlight--;
    endedSinceSelect = true;
  }

  /**
   * Returns how many jobs are in flight.
   *
   * @return the jobs started and not yet ended
   */
  final int inFlight() {
    return inFlight;
  }

  /**
   * Gives a job back that could not start for want of a resource that ending jobs free (a file
   * descriptor): it is tried again, before any new job, when one of this loop's jobs ends, or after
   * a millisecond when none is in flight. Called from {@link #open} only.
   */
  final void defer(J job) {
    deferred = job;
    starved = inFlight > 0;
  }

  /**
   * Makes a deferred job ready to open again.
   *
   * @param job the job given to {@link #defer}
   * @return the job to open (e.g. with its clock restarted), or null when it has been decided
   */
  J retry(J job) {
    return job;
  }

  /** Decides a deferred job as cancelled; only scanners that {@link #defer} override it. */
  void abandon(J job) {}

  /** Starts a job: decides it at once or registers its channel. */
  abstract void open(J job);

  /** A registered channel is ready. */
  abstract void ready(Object attachment);

  /** Decides every job whose deadline has passed. */
  abstract void expire();

  /** Decides every outstanding job as cancelled. */
  abstract void cancelAll();

  /**
   * Returns how long until the earliest outstanding deadline.
   *
   * @return nanoseconds (negative when passed), or {@link Long#MAX_VALUE} when nothing waits
   */
  abstract long nanosToFirstDeadline();

  private void abandonDeferred() {
    if (deferred != null) {
      J job = deferred;
      deferred = null;
      abandon(job);
    }
  }

  private void loop() {
    boolean exhausted = false;
    try {
      while (true) {
        boolean waiting = false;
        while (!cancelled && inFlight < maxInFlight) {
          J job;
          if (deferred != null) {
            if (starved) {
              break; // until one of ours ends and frees what the deferred job needs
            }
            job = retry(deferred);
            deferred = null;
            if (job == null) {
              continue;
            }
          } else if (exhausted) {
            break;
          } else {
            job = source.get();
            if (job == null) {
              exhausted = true;
              continue;
            }
            if (job == wait) {
              waiting = true;
              break;
            }
          }
          open(job);
          if (deferred != null) {
            waiting |= !starved;
            break;
          }
        }
        if (cancelled) {
          abandonDeferred();
          cancelAll();
        }
        if ((exhausted || cancelled) && inFlight == 0 && deferred == null) {
          return;
        }
        boolean releasing = endedSinceSelect;
        long timeout = waiting ? 1 : 100;
        long nanos = nanosToFirstDeadline();
        if (nanos != Long.MAX_VALUE) {
          timeout = Math.min(timeout, Math.max(1, (nanos + 999_999) / 1_000_000));
        }
        if (releasing && deferred != null) {
          selector
              .selectNow(); // releases the descriptors of the channels closed since the last one
        } else {
          selector.select(timeout);
        }
        if (releasing) {
          endedSinceSelect = false;
          starved = false; // what the ended jobs held is free now
        }
        Iterator<SelectionKey> it = selector.selectedKeys().iterator();
        while (it.hasNext()) {
          SelectionKey key = it.next();
          it.remove();
          ready(key.attachment());
        }
        expire();
      }
    } catch (IOException | RuntimeException e) {
      cancelled = true;
      abandonDeferred();
      cancelAll(); // outstanding jobs get a verdict; the engine reports unclaimed ones
    } finally {
      try {
        selector.close();
      } catch (IOException e) {
        // Every channel is closed already; nothing holds the selector.
      }
    }
  }
}
