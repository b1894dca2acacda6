package io.parley.call;

import io.parley.dialog.DialogInfo;
import io.parley.dialog.DialogRegistry;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletionStage;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.cluster.sharding.typed.javadsl.ClusterSharding;

/**
 * What the management API may see and do of the node's dialogs: list them (from the node's
 * {@link DialogRegistry}) and end one (its call entity sends BYE both ways). Thread-safe.
 */
public final class DialogControl {
  private static final Duration ASK_TIMEOUT = Duration.ofSeconds(5);

  private final ActorSystem<?> system;
  private final DialogRegistry registry;
  private final CallHomes homes;

  public DialogControl(ActorSystem<?> system, DialogRegistry registry, CallHomes homes) {
    this.system = system;
    this.registry = registry;
    this.homes = homes;
  }

  /** The dialogs this node holds (a copy). */
  public List<DialogInfo> dialogs() {
    return registry.all();
  }

  /** The dialog of {@code callId} on this node, or null. */
  public DialogInfo dialog(String callId) {
    return registry.get(callId);
  }

  /**
   * Asks the call entity of {@code callId} at {@code home} ({@link io.parley.dialog.DialogInfo#home};
   * null: this node's) to end its confirmed dialog.
   */
  public CompletionStage<CallEntity.EndDialogReply> end(String home, String callId) {
    return ClusterSharding.get(system).entityRefFor(CallEntity.TYPE_KEY, homes.ofDialog(home, callId))
        .ask(CallEntity.EndDialog::new, ASK_TIMEOUT);
  }
}
