package io.parley.dialog;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The log lines of a {@link BatchWriter}: an outage or a full buffer would write a line a batch
 * or a row, so each kind is logged at most once an interval, with how many were left out; the
 * writer's counters have them all. Thread-safe.
 */
final class WriterLog {
  private static final Logger log = LoggerFactory.getLogger(BatchWriter.class);

  private final String name;
  private final long intervalNanos;
  private final Gate unavailable = new Gate();
  private final Gate dropped = new Gate();
  private final Gate refused = new Gate();
  private final Gate abandoned = new Gate();

  WriterLog(String name, Duration interval) {
    this.name = name;
    this.intervalNanos = interval.toNanos();
  }

  void unavailable(Throwable e, int rows, int retries, long pending) {
    long left = unavailable.admit(intervalNanos);
    if (left >= 0) {
      log.warn("{}: the database is unavailable ({}); keeping a batch of {} rows ({} pending) and retrying, "
          + "attempt {}{}", name, e.toString(), rows, pending, retries + 1, suppressed(left));
    }
  }

  void recovered(int retries) {
    log.info("{}: the database is back; written after {} retries", name, retries);
  }

  /** @param waiting the rows in the full buffer, or -1: the writer is closed */
  void dropped(int waiting) {
    long left = dropped.admit(intervalNanos);
    if (left >= 0) {
      log.warn("{}: {}: a row was dropped{}", name, waiting < 0 ? "closed"
          : "buffer full (" + waiting + " rows waiting for the database)", suppressed(left));
    }
  }

  void refusedBatch(Throwable e, int rows) {
    long left = refused.admit(intervalNanos);
    if (left >= 0) {
      log.warn("{}: the database refused a batch of {} rows ({}); writing them one by one{}", name, rows,
          e.toString(), suppressed(left));
    }
  }

  void refusedRow(Throwable e, Object row) {
    log.error("{}: the database refused a row, not written: {} ({})", name, row, e.toString());
  }

  void abandoned(int rows) {
    long left = abandoned.admit(intervalNanos);
    if (left >= 0) {
      log.error("{}: giving up a batch of {} rows at shutdown, the database still unavailable{}", name, rows,
          suppressed(left));
    }
  }

  private static String suppressed(long left) {
    return left == 0 ? "" : " (" + left + " more like it since the last line)";
  }

  /** When the next line of a kind may be written, and how many were left out since the last. */
  private static final class Gate {
    private final AtomicLong next = new AtomicLong(System.nanoTime());
    private final AtomicLong left = new AtomicLong();

    /** The count left out to report with this line, or -1: leave this one out. */
    long admit(long interval) {
      long now = System.nanoTime();
      long n = next.get();
      if (now - n >= 0 && next.compareAndSet(n, now + interval)) {
        return left.getAndSet(0);
      }
      left.incrementAndGet();
      return -1;
    }
  }
}
