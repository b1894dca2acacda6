package io.parley.location;

import java.util.concurrent.atomic.LongAdder;
import org.apache.pekko.actor.AbstractExtensionId;
import org.apache.pekko.actor.ClassicActorSystemProvider;
import org.apache.pekko.actor.ExtendedActorSystem;
import org.apache.pekko.actor.Extension;
import org.apache.pekko.actor.typed.ActorRef;

/**
 * The asks this node's AOR entities answered for another node: a lookup of a call or a REGISTER
 * that arrived there, two crossings each, the ask and its answer (DESIGN.md, Cluster). An AOR
 * lives on the node that owns its shard, wherever its phone's messages arrive, so a cluster of
 * N nodes answers about (N-1)/N of them across. One per actor system; a LongAdder.
 */
public final class RemoteAsks implements Extension {
  private static final Id ID = new Id();

  private final LongAdder answered = new LongAdder();

  RemoteAsks() {}

  public static RemoteAsks get(ClassicActorSystemProvider system) {
    return ID.get(system.classicSystem());
  }

  /** Counts the ask whose answer goes to {@code replyTo} when that is on another node. */
  void asked(ActorRef<?> replyTo) {
    if (replyTo.path().address().hasGlobalScope()) {
      answered.increment();
    }
  }

  /** Asks answered for other nodes since the node started. */
  public long answered() {
    return answered.sum();
  }

  private static final class Id extends AbstractExtensionId<RemoteAsks> {
    @Override
    public RemoteAsks createExtension(ExtendedActorSystem system) {
      return new RemoteAsks();
    }
  }
}
