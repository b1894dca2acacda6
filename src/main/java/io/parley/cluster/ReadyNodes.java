package io.parley.cluster;

import java.util.Optional;
import java.util.Set;
import java.util.function.Consumer;
import org.apache.pekko.actor.AbstractExtensionId;
import org.apache.pekko.actor.ActorRef;
import org.apache.pekko.actor.ClassicActorSystemProvider;
import org.apache.pekko.actor.ExtendedActorSystem;
import org.apache.pekko.actor.Extension;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.Props;
import org.apache.pekko.actor.typed.javadsl.Adapter;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.apache.pekko.cluster.UniqueAddress;
import org.apache.pekko.cluster.ddata.DistributedData;
import org.apache.pekko.cluster.ddata.Key;
import org.apache.pekko.cluster.ddata.ORSet;
import org.apache.pekko.cluster.ddata.ORSetKey;
import org.apache.pekko.cluster.ddata.Replicator;
import org.apache.pekko.cluster.ddata.SelfUniqueAddress;
import org.apache.pekko.cluster.ddata.typed.javadsl.ReplicatorMessageAdapter;

/**
 * The members that have said they are ready to take work (the node's {@code /ready}: schema,
 * sockets, home shards), kept in the cluster's distributed data so that whichever node runs a
 * shard coordinator, now or after the oldest node leaves, knows them ({@link
 * ReadyFirstAllocation}). One per node, a Pekko extension: the first use starts a watcher that
 * keeps {@link #entries()} current.
 *
 * <p>Each node adds itself once, as {@code address#uid}, and drops the entries of its own earlier
 * incarnations at that address: the set holds at most one entry per node address ever used. It
 * is written locally and spread by the replicator's gossip (2 s).
 */
public final class ReadyNodes implements Extension {
  static final Key<ORSet<String>> KEY = ORSetKey.create("parley-ready-nodes");
  private static final Id ID = new Id();

  private final ExtendedActorSystem system;
  private volatile Set<String> entries = Set.of();

  private ReadyNodes(ExtendedActorSystem system) {
    this.system = system;
  }

  public static ReadyNodes get(ClassicActorSystemProvider system) {
    return ID.get(system.classicSystem());
  }

  /** The ready members as last seen here, each as {@link #entryOf}. */
  public Set<String> entries() {
    return entries;
  }

  /** This node is ready: every coordinator may give it shards from now on. */
  public void announce() {
    DistributedData ddata = DistributedData.get(system);
    SelfUniqueAddress self = ddata.selfUniqueAddress();
    String entry = entryOf(self.uniqueAddress());
    String earlier = self.uniqueAddress().address() + "#";
    ddata.replicator().tell(new Replicator.Update<ORSet<String>>(KEY, ORSet.create(), Replicator.writeLocal(),
        Optional.empty(), set -> {
          ORSet<String> next = set;
          for (String e : set.getElements()) {
            if (e.startsWith(earlier) && !e.equals(entry)) {
              next = next.remove(self, e);
            }
          }
          return next.add(self, entry);
        }), ActorRef.noSender());
  }

  /** How a member appears in the set. */
  public static String entryOf(UniqueAddress member) {
    return member.address() + "#" + member.longUid();
  }

  /** What the watcher is told. */
  public sealed interface Command {}

  private record Changed(
      org.apache.pekko.cluster.ddata.typed.javadsl.Replicator.SubscribeResponse<ORSet<String>> response)
      implements Command {}

  /** Tells {@code sink} the set each time it changes (and once, when it is first seen). */
  static Behavior<Command> watch(Consumer<Set<String>> sink) {
    return Behaviors.setup(ctx -> org.apache.pekko.cluster.ddata.typed.javadsl.DistributedData
        .withReplicatorMessageAdapter((ReplicatorMessageAdapter<Command, ORSet<String>> replicator) -> {
          replicator.subscribe(KEY, Changed::new);
          return Behaviors.receive(Command.class)
              .onMessage(Changed.class, c -> onChanged(c, sink))
              .build();
        }));
  }

  private static Behavior<Command> onChanged(Changed c, Consumer<Set<String>> sink) {
    if (c.response() instanceof org.apache.pekko.cluster.ddata.typed.javadsl.Replicator.Changed<ORSet<String>> changed) {
      sink.accept(Set.copyOf(changed.dataValue().getElements()));
    }
    return Behaviors.same();
  }

  private static final class Id extends AbstractExtensionId<ReadyNodes> {
    @Override
    public ReadyNodes createExtension(ExtendedActorSystem system) {
      ReadyNodes ready = new ReadyNodes(system);
      Adapter.toTyped(system).systemActorOf(watch(entries -> ready.entries = entries), "parley-ready-nodes",
          Props.empty());
      return ready;
    }
  }
}
