package io.parley.dialog;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletionStage;
import javax.sql.DataSource;
import org.apache.pekko.Done;
import org.apache.pekko.actor.typed.ActorSystem;

/**
 * The confirmed dialogs of every node, in the database: a row when a dialog is confirmed (RFC
 * 3261 §12.1), kept up to date while it is refreshed (a re-INVITE, a higher CSeq: what a BYE
 * sent after a restart must exceed, §12.2.1.1), removed when it ends. A node reads them back at
 * start ({@link #loadLive()}) so a dialog's max duration, pings and CDR outlive its node.
 *
 * <p>As a {@link DialogEvents} it only queues (a {@link BatchWriter}, {@code parley.dialog.store}):
 * an actor thread never waits for the database, an outage costs at most the buffer, and the
 * changes of one dialog are written in the order they happened. An early dialog is not stored.
 */
public final class DialogStore implements DialogEvents {
  public static final String KEY = "parley.dialog.store";

  private final BatchWriter<DialogTable.Change> writer;
  private final DataSource dataSource;

  private DialogStore(BatchWriter<DialogTable.Change> writer, DataSource dataSource) {
    this.writer = writer;
    this.dataSource = dataSource;
  }

  public static DialogStore start(ActorSystem<?> system, BatchSettings settings, DataSource dataSource) {
    return new DialogStore(BatchWriter.start("dialog store", system, settings, dataSource, new DialogTable()),
        dataSource);
  }

  @Override
  public void confirmed(DialogInfo dialog) {
    writer.offer(new DialogTable.Save(dialog));
  }

  @Override
  public void changed(DialogInfo dialog) {
    if (dialog.state() == DialogState.CONFIRMED) {
      writer.offer(new DialogTable.Save(dialog));
    }
  }

  @Override
  public void ended(CallEnded call) {
    if (call.dialog().answerMillis() != 0) {
      writer.offer(new DialogTable.Remove(call.dialog().callId()));
    }
  }

  /**
   * The dialogs stored, every node's. Blocking: at a node's start, off the actors' threads.
   *
   * @throws IllegalStateException if the table cannot be read
   */
  public List<DialogInfo> loadLive() {
    return DialogTable.readAll(dataSource);
  }

  /**
   * The dialogs node {@code node} holds: what it takes back when it restarts under the same name.
   * Blocking, off the actors' threads.
   *
   * @throws IllegalStateException if the table cannot be read
   */
  public List<DialogInfo> loadHeldBy(String node) {
    return DialogTable.readHeldBy(dataSource, node);
  }

  /**
   * The dialogs held by nodes that {@code live} does not name: nodes that are gone, whose dialogs
   * another node takes over. Blocking, off the actors' threads.
   *
   * @throws IllegalStateException if the table cannot be read
   */
  public List<DialogInfo> loadOrphans(Set<String> live) {
    List<DialogInfo> out = new ArrayList<>();
    for (String node : DialogTable.readNodes(dataSource)) {
      if (!live.contains(node)) {
        out.addAll(DialogTable.readHeldBy(dataSource, node));
      }
    }
    return out;
  }

  /** Completes once every change reported before is written (or given up). */
  public CompletionStage<Done> flush() {
    return writer.flush();
  }

  /** See {@link BatchWriter#close(Duration)}. */
  public CompletionStage<Done> close(Duration wait) {
    return writer.close(wait);
  }

  public BatchWriter.Stats stats() {
    return writer.stats();
  }
}
