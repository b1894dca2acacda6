package io.parley.app;

import io.parley.admin.Readiness;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.persistence.query.PersistenceQuery;
import org.apache.pekko.persistence.query.javadsl.CurrentEventsByPersistenceIdQuery;
import org.apache.pekko.stream.javadsl.Sink;

/**
 * Whether this node takes traffic, for {@code GET /ready}: not before the schema is migrated
 * and the SIP sockets are bound ({@link #started()}, called at the end of the node's start),
 * not before its home shards are allocated ({@link #homeOpened()}, io.parley.cluster.HomeShardOpening)
 * and its warm-up is over ({@link #warmedUp()}, {@link WarmUp}),
 * not once it is leaving ({@link #leaving()}, from the first task of coordinated shutdown,
 * before the sockets close), and only while the journal answers a query (one read of a
 * persistence id that never has events: a round trip to the database through the journal's own
 * connection pool, per probe). Pekko's {@code cluster-membership} check adds the member's
 * status (Up or WeaklyUp).
 */
final class NodeReadiness implements Readiness {
  /** A persistence id no entity uses: its events query touches the journal table and finds nothing. */
  private static final String PROBE_ID = "parley-readiness-probe";

  private final ActorSystem<?> system;
  private final String readJournal;
  private volatile boolean started;
  private volatile boolean leaving;
  private volatile boolean homeOpened;
  private volatile boolean warmedUp;

  NodeReadiness(ActorSystem<?> system, String readJournal) {
    this.system = system;
    this.readJournal = readJournal;
  }

  /** The schema is migrated and the SIP sockets are bound. */
  void started() {
    started = true;
  }

  /** This node's home shards are allocated, or failed to be and will be on first use. */
  void homeOpened() {
    homeOpened = true;
  }

  /** The warm-up is over, or there is none: the node takes SIP traffic. */
  void warmedUp() {
    warmedUp = true;
  }

  /** The node is shutting down or leaving: ready no more. */
  void leaving() {
    leaving = true;
  }

  @Override
  public CompletionStage<Boolean> ready() {
    if (!started || !homeOpened || !warmedUp || leaving) {
      return CompletableFuture.completedFuture(false);
    }
    try {
      return PersistenceQuery.get(system).getReadJournalFor(CurrentEventsByPersistenceIdQuery.class, readJournal)
          .currentEventsByPersistenceId(PROBE_ID, 0L, Long.MAX_VALUE)
          .runWith(Sink.ignore(), system)
          .handleAsync((done, failure) -> failure == null, system.executionContext());
    } catch (RuntimeException e) {
      return CompletableFuture.completedFuture(false); // the system is stopping
    }
  }
}
