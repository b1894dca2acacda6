package io.parley.route;

import io.parley.auth.PendingDelays;
import io.parley.transport.Flow;
import io.parley.transport.TransportLayer;
import java.time.Duration;
import org.apache.pekko.actor.typed.Scheduler;
import scala.concurrent.ExecutionContextExecutor;

/**
 * Sends an answer now, or after the delay that password-guessing protection asks for (a failed
 * attempt for a user under attack, {@code parley.auth.failures}), by the actor system's scheduler:
 * no thread waits. At most {@code parley.auth.failures.max-pending-delayed} answers wait at once;
 * past that an answer is dropped (counted in {@link PendingDelays}), which to the client is a
 * lost datagram. Shared by the registrar's and the proxy's paths. Thread-safe.
 */
final class DelayedAnswers {
  private final TransportLayer transports;
  private final Scheduler scheduler;
  private final ExecutionContextExecutor executor;
  private final PendingDelays pending;

  /** @param pending the bound on waiting answers; null: never delay */
  DelayedAnswers(TransportLayer transports, Scheduler scheduler, ExecutionContextExecutor executor,
      PendingDelays pending) {
    this.transports = transports;
    this.scheduler = scheduler;
    this.executor = executor;
    this.pending = pending;
  }

  /** Sends {@code answer} through {@code flow} after {@code delay} (zero: now). */
  void send(Flow flow, byte[] answer, Duration delay) {
    if (delay.isZero() || pending == null) {
      transports.send(flow, answer);
      return;
    }
    if (!pending.tryAcquire()) {
      return; // counted there
    }
    try {
      scheduler.scheduleOnce(delay, () -> {
        try {
          transports.send(flow, answer);
        } finally {
          pending.release();
        }
      }, executor);
    } catch (RuntimeException shuttingDown) {
      pending.release(); // the scheduler refuses tasks once the system stops
    }
  }
}
