package io.parley.dialog;

import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.atomic.LongAdder;
import javax.sql.DataSource;
import org.apache.pekko.Done;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.actor.typed.DispatcherSelector;
import org.apache.pekko.japi.Pair;
import org.apache.pekko.stream.BoundedSourceQueue;
import org.apache.pekko.stream.QueueOfferResult;
import org.apache.pekko.stream.javadsl.Keep;
import org.apache.pekko.stream.javadsl.Sink;
import org.apache.pekko.stream.javadsl.Source;
import scala.concurrent.ExecutionContextExecutor;

/**
 * Rows written to the database in batches, off every caller's thread: {@link #offer} puts a row
 * in a bounded queue and returns at once, whatever the database does; a Pekko stream groups the
 * rows ({@code groupedWithin(batch-size, batch-interval)}) and writes one group at a time, in
 * the order offered, as one JDBC batch in one transaction, on the threads of
 * {@value #DISPATCHER} (never the actors' dispatcher: JDBC blocks).
 *
 * <p><b>When the database is away</b> the batch in hand is kept and retried, waiting
 * {@link #MIN_BACKOFF} and doubling up to {@link #MAX_BACKOFF}; meanwhile the queue fills, and
 * once {@code buffer-size} rows wait, new ones are dropped and counted. Nothing blocks and memory
 * stays bounded: the queue, the group being formed and the batch in hand. <b>When the database
 * refuses a batch</b> while the connection is sound (a row that breaks a constraint), the rows
 * are written one by one and those refused are counted as failed and logged, so one bad row
 * cannot hold up the rest. Failures and drops are logged at most once every
 * {@link #LOG_INTERVAL}; the counts ({@link #stats()}) have them all.
 *
 * <p>{@link #flush()} completes once every row offered before it is written (or given up);
 * {@link #close(Duration)} is the end of a normal shutdown. Thread-safe.
 *
 * @param <T> what is written
 */
public final class BatchWriter<T> {
  /** The dispatcher the writes run on (reference.conf): a few threads that may block. */
  public static final String DISPATCHER = "parley.database-writer-dispatcher";
  static final Duration MIN_BACKOFF = Duration.ofMillis(200);
  static final Duration MAX_BACKOFF = Duration.ofSeconds(5);
  static final Duration LOG_INTERVAL = Duration.ofSeconds(10);
  /** How often a flush retries getting into a full queue. */
  private static final Duration FLUSH_RETRY = Duration.ofMillis(20);

  /**
   * What a writer has done since it started.
   *
   * @param written rows in the database
   * @param retried batches that failed and were kept to be tried again (an outage)
   * @param dropped rows refused by {@link #offer} because the buffer was full or the writer closed
   * @param failed rows the database refused one by one (bad data), not written
   * @param abandoned rows given up at shutdown, the database still away
   * @param pending rows offered and not yet written or given up
   */
  public record Stats(long written, long retried, long dropped, long failed, long abandoned, long pending) {}

  /** A flush's place in the queue: completed once the rows ahead of it are written. */
  private record Flush(CompletableFuture<Done> done) {}

  private final String name;
  private final ActorSystem<?> system;
  private final DataSource dataSource;
  private final JdbcBatch<T> batch;
  private final ExecutionContextExecutor executor;
  private final BoundedSourceQueue<Object> queue;
  private final CompletionStage<Done> finished;
  private final WriterLog log;
  private final LongAdder accepted = new LongAdder();
  private final LongAdder written = new LongAdder();
  private final LongAdder retried = new LongAdder();
  private final LongAdder dropped = new LongAdder();
  private final LongAdder failed = new LongAdder();
  private final LongAdder abandoned = new LongAdder();
  private volatile boolean givingUp;

  private BatchWriter(String name, ActorSystem<?> system, BatchSettings settings, DataSource dataSource,
      JdbcBatch<T> batch) {
    this.name = name;
    this.system = system;
    this.dataSource = dataSource;
    this.batch = batch;
    this.executor = system.dispatchers().lookup(DispatcherSelector.fromConfig(DISPATCHER));
    this.log = new WriterLog(name, LOG_INTERVAL);
    Pair<BoundedSourceQueue<Object>, CompletionStage<Done>> stream = Source.queue(settings.bufferSize())
        .groupedWithin(settings.batchSize(), settings.batchInterval())
        .mapAsync(1, this::write)
        .toMat(Sink.ignore(), Keep.both())
        .run(system);
    this.queue = stream.first();
    this.finished = stream.second();
  }

  /**
   * A writer named {@code name} (in logs) of {@code batch} to {@code dataSource}, running until
   * {@link #close} or the actor system stops.
   */
  public static <T> BatchWriter<T> start(String name, ActorSystem<?> system, BatchSettings settings,
      DataSource dataSource, JdbcBatch<T> batch) {
    return new BatchWriter<>(Objects.requireNonNull(name), system, settings, dataSource, batch);
  }

  /**
   * Queues {@code row} to be written; never blocks.
   *
   * @return false if it was dropped (the buffer is full, or the writer is closed), counted
   */
  public boolean offer(T row) {
    Objects.requireNonNull(row, "row");
    accepted.increment();
    QueueOfferResult r = queue.offer(row);
    if (r == QueueOfferResult.enqueued()) {
      return true;
    }
    accepted.decrement();
    dropped.increment();
    log.dropped(r == QueueOfferResult.dropped() ? queue.size() : -1);
    return false;
  }

  /** Completes once every row offered before this call is written or given up. */
  public CompletionStage<Done> flush() {
    CompletableFuture<Done> done = new CompletableFuture<>();
    enqueue(new Flush(done));
    return done;
  }

  /**
   * Writes what is pending, waiting at most {@code wait} for the database, then gives up on
   * what is left (counted as abandoned) and stops. Rows offered from now on are dropped.
   */
  public CompletionStage<Done> close(Duration wait) {
    queue.complete();
    try {
      system.scheduler().scheduleOnce(wait, () -> givingUp = true, executor);
    } catch (IllegalStateException schedulerStopped) {
      givingUp = true;
    }
    return finished.handleAsync((d, e) -> Done.getInstance(), executor);
  }

  public Stats stats() {
    long a = abandoned.sum();
    long w = written.sum();
    long f = failed.sum();
    return new Stats(w, retried.sum(), dropped.sum(), f, a, Math.max(0, accepted.sum() - w - f - a));
  }

  private void enqueue(Flush flush) {
    QueueOfferResult r = queue.offer(flush);
    if (r == QueueOfferResult.enqueued()) {
      return;
    }
    if (r == QueueOfferResult.dropped()) {
      // the buffer is full: it drains as the database takes rows (or the writer gives up)
      try {
        system.scheduler().scheduleOnce(FLUSH_RETRY, () -> enqueue(flush), executor);
        return;
      } catch (IllegalStateException schedulerStopped) {
        flush.done().complete(Done.getInstance());
        return;
      }
    }
    // closed: everything offered before is written once the stream has finished
    finished.whenCompleteAsync((d, e) -> flush.done().complete(Done.getInstance()), executor);
  }

  @SuppressWarnings("unchecked")
  private CompletionStage<Done> write(List<Object> group) {
    List<T> rows = new ArrayList<>(group.size());
    List<Flush> flushes = new ArrayList<>(0);
    for (Object o : group) {
      if (o instanceof Flush f) {
        flushes.add(f);
      } else {
        rows.add((T) o);
      }
    }
    CompletableFuture<Done> done = new CompletableFuture<>();
    if (rows.isEmpty()) {
      done.complete(Done.getInstance());
    } else {
      executor.execute(() -> attempt(rows, 0, done));
    }
    if (flushes.isEmpty()) {
      return done;
    }
    return done.whenCompleteAsync((d, e) -> flushes.forEach(f -> f.done().complete(Done.getInstance())), executor);
  }

  /** One try at {@code rows}, on the writer's dispatcher; later another one if the database is away. */
  private void attempt(List<T> rows, int retries, CompletableFuture<Done> done) {
    List<T> left = givingUp ? rows : tryWrite(rows, retries);
    if (left.isEmpty()) {
      if (retries > 0) {
        log.recovered(retries);
      }
      done.complete(Done.getInstance());
      return;
    }
    if (givingUp) {
      abandoned.add(left.size());
      log.abandoned(left.size());
      done.complete(Done.getInstance());
      return;
    }
    retried.increment();
    try {
      system.scheduler().scheduleOnce(backoff(retries), () -> attempt(left, retries + 1, done), executor);
    } catch (IllegalStateException schedulerStopped) {
      abandoned.add(left.size());
      log.abandoned(left.size());
      done.complete(Done.getInstance());
    }
  }

  static Duration backoff(int retries) {
    long millis = MIN_BACKOFF.toMillis() << Math.min(retries, 16);
    return Duration.ofMillis(Math.min(millis, MAX_BACKOFF.toMillis()));
  }

  /**
   * Writes {@code rows}; the rows still to write (all of them, or the tail) if the database is away.
   * AssertionError is caught with the exceptions: the PostgreSQL driver run with assertions on
   * (tests) asserts on a connection closed under it rather than throw an SQLException, and a
   * throw out of here would stop the writer for good.
   */
  private List<T> tryWrite(List<T> rows, int retries) {
    try (Connection c = dataSource.getConnection()) {
      c.setAutoCommit(false);
      try {
        batch.write(c, rows);
        c.commit();
        written.add(rows.size());
        return List.of();
      } catch (Exception | AssertionError e) {
        rollback(c);
        if (!valid(c)) {
          log.unavailable(e, rows.size(), retries, stats().pending());
          return rows;
        }
        return oneByOne(c, rows, e);
      }
    } catch (Exception | AssertionError e) {
      log.unavailable(e, rows.size(), retries, stats().pending());
      return rows;
    }
  }

  /** The database took the connection but not the batch: each row on its own, the bad ones counted. */
  private List<T> oneByOne(Connection c, List<T> rows, Throwable batchFailure) {
    log.refusedBatch(batchFailure, rows.size());
    for (int i = 0; i < rows.size(); i++) {
      try {
        batch.write(c, List.of(rows.get(i)));
        c.commit();
        written.increment();
      } catch (Exception | AssertionError e) {
        rollback(c);
        if (!valid(c)) {
          return List.copyOf(rows.subList(i, rows.size()));
        }
        failed.increment();
        log.refusedRow(e, rows.get(i));
      }
    }
    return List.of();
  }

  private static void rollback(Connection c) {
    try {
      c.rollback();
    } catch (Exception | AssertionError ignored) {
      // the connection is broken: valid() tells
    }
  }

  private static boolean valid(Connection c) {
    try {
      return c.isValid(2);
    } catch (Exception | AssertionError e) {
      return false;
    }
  }

  @Override
  public String toString() {
    return "BatchWriter[" + name + "]";
  }
}
