package io.parley.accounting;

import io.parley.dialog.BatchSettings;
import io.parley.dialog.BatchWriter;
import io.parley.dialog.CallEnded;
import io.parley.dialog.DialogEvents;
import io.parley.dialog.DialogInfo;
import java.time.Duration;
import java.util.concurrent.CompletionStage;
import javax.sql.DataSource;
import org.apache.pekko.Done;
import org.apache.pekko.actor.typed.ActorSystem;

/**
 * Writes a {@link Cdr} for every call attempt that ends, answered or not, into the {@code cdr}
 * table through a {@link BatchWriter} ({@code parley.accounting}): an actor thread only queues,
 * never waits for the database; a database outage costs at most the buffer, the rest counted as
 * dropped. Dialogs confirmed or changed write nothing: a CDR is written once, when it is whole.
 */
public final class CdrWriter implements DialogEvents {
  private final BatchWriter<Cdr> writer;
  private final String node;

  private CdrWriter(BatchWriter<Cdr> writer, String node) {
    this.writer = writer;
    this.node = node;
  }

  /** A writer into the {@code cdr} table of {@code dataSource}; {@code node} names this node. */
  public static CdrWriter start(ActorSystem<?> system, BatchSettings settings, DataSource dataSource, String node) {
    return new CdrWriter(BatchWriter.start("cdr writer", system, settings, dataSource, new CdrTable()), node);
  }

  @Override
  public void confirmed(DialogInfo dialog) {
    // the CDR is written when the call ends
  }

  @Override
  public void ended(CallEnded call) {
    writer.offer(Cdr.of(call, node));
  }

  /** Queues {@code cdr} as it is; false if it was dropped (the buffer is full). */
  public boolean write(Cdr cdr) {
    return writer.offer(cdr);
  }

  public CompletionStage<Done> flush() {
    return writer.flush();
  }

  public CompletionStage<Done> close(Duration wait) {
    return writer.close(wait);
  }

  public BatchWriter.Stats stats() {
    return writer.stats();
  }
}
