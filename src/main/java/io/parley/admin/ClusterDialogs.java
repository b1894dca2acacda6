package io.parley.admin;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.actor.typed.Props;

/**
 * The dialogs of the whole cluster, asked of any node: each listing or look-up runs as one
 * {@link DialogGathering} actor that asks every node's {@link NodeDialogs} and waits at most
 * {@link #TIMEOUT} for them. Thread-safe.
 */
final class ClusterDialogs {
  /** How long the asking node waits for the others; a node slower than this is named, not waited for. */
  static final Duration TIMEOUT = Duration.ofSeconds(3);

  private final ActorSystem<?> system;
  private final Duration timeout;
  private final AtomicLong sequence = new AtomicLong();

  ClusterDialogs(ActorSystem<?> system) {
    this(system, TIMEOUT);
  }

  ClusterDialogs(ActorSystem<?> system, Duration timeout) {
    this.system = system;
    this.timeout = timeout;
  }

  /** The newest {@code max} dialogs of the cluster that match {@code query}; the stage never fails. */
  CompletionStage<DialogGathering.Gathered> gather(DialogQuery query, int max) {
    CompletableFuture<DialogGathering.Gathered> result = new CompletableFuture<>();
    system.systemActorOf(DialogGathering.create(query, max, timeout, result),
        "dialog-gathering-" + sequence.incrementAndGet(), Props.empty());
    return result;
  }
}
