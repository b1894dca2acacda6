package io.parley.call;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.BiConsumer;
import org.apache.pekko.actor.typed.Scheduler;
import scala.concurrent.ExecutionContext;

/**
 * The node's parked calls: confirmed dialogs whose transactions are over, kept as plain data
 * while their call entities are stopped. An actor per quiet call costs more than the call itself
 * (bench/RESULTS.md, issue 11); a parked one costs its dialog and an entry here. The call's next
 * request starts its entity, which takes the call back; its next timeout (max duration, session
 * expiry) wakes it through sharding with the call in the message, so the call goes wherever its
 * Call-ID's shard now lives and is never left behind here. Thread-safe; one per node.
 */
public final class ParkedCalls {
  private final Map<String, ParkedCall> calls = new ConcurrentHashMap<>();
  private volatile BiConsumer<String, ParkedCall> waker = (entityId, call) -> { };

  /** How a timeout wakes a parked call: a message to its entity, through sharding. */
  void wakeThrough(BiConsumer<String, ParkedCall> waker) {
    this.waker = waker;
  }

  /**
   * Parks {@code call}; at {@code dueMillis} (epoch; 0: never) it is taken out and handed to the
   * waker, unless its entity has taken it back first.
   */
  void park(String entityId, ParkedCall call, long dueMillis, Scheduler scheduler, ExecutionContext executor) {
    calls.put(entityId, call);
    if (dueMillis > 0) {
      Duration delay = Duration.ofMillis(Math.max(0, dueMillis - System.currentTimeMillis()));
      try {
        call.wake = scheduler.scheduleOnce(delay, () -> due(entityId, call), executor);
      } catch (IllegalStateException stopping) {
        // the node is shutting down, its entities stopping: the store brings the call back at the next start
      }
    }
  }

  /** The parked call of entity {@code entityId}, taken out (its wake-up cancelled); null if none. */
  ParkedCall take(String entityId) {
    ParkedCall call = calls.remove(entityId);
    if (call != null && call.wake != null) {
      call.wake.cancel();
    }
    return call;
  }

  private void due(String entityId, ParkedCall call) {
    // only the one that takes it out hands it on: its entity, or this
    if (calls.remove(entityId, call)) {
      waker.accept(entityId, call);
    }
  }

  /** How many calls are parked on this node. */
  public int size() {
    return calls.size();
  }
}
