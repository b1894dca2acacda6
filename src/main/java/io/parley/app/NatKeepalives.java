package io.parley.app;

import io.parley.cluster.FlowForwarding;
import io.parley.cluster.ShardOpening;
import io.parley.location.AorEntity;
import io.parley.location.Binding;
import io.parley.location.BindingRef;
import io.parley.location.NatedBindings;
import io.parley.nat.KeepaliveAnswers;
import io.parley.nat.KeepaliveFailures;
import io.parley.nat.KeepalivePeers;
import io.parley.nat.KeepaliveSettings;
import io.parley.nat.KeepaliveStats;
import io.parley.nat.KeepaliveTarget;
import io.parley.nat.Keepalives;
import io.parley.transaction.Inbound;
import io.parley.transport.FlowId;
import io.parley.transport.SipSender;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.pekko.actor.ActorSelection;
import org.apache.pekko.actor.Address;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.actor.typed.Props;
import org.apache.pekko.cluster.typed.Cluster;
import org.apache.pekko.cluster.sharding.typed.javadsl.ClusterSharding;

/**
 * The node's NAT keepalives ({@link Keepalives}) joined to the rest: the AOR entities feed it
 * ({@link NatedBindings}, their bindings turned into {@link KeepaliveTarget}s with their shard),
 * a binding it gives up on goes back to its AOR through sharding, and the keepalives of the other
 * nodes are found by the node names flow ids carry.
 */
final class NatKeepalives implements NatedBindings, KeepalivePeers {
  private final ActorSystem<?> system;
  private final Cluster cluster;
  private final ActorRef<Keepalives.Command> actor;
  private final KeepaliveStats stats = new KeepaliveStats();
  private final AtomicReference<SipSender> sender = new AtomicReference<>();
  private final String self;
  /** One String per shard id, shared by every binding of the shard. */
  private final String[] shardIds;
  private final Map<String, ActorSelection> peers = new ConcurrentHashMap<>();
  private final Map<String, String> nodeNames = new ConcurrentHashMap<>();

  private NatKeepalives(ActorSystem<?> system, KeepaliveSettings settings, String self) {
    this.system = system;
    this.cluster = Cluster.get(system);
    this.self = self;
    String key = "pekko.cluster.sharding.number-of-shards";
    int shards = system.settings().config().getInt(key);
    this.shardIds = new String[shards];
    for (int i = 0; i < shards; i++) {
      shardIds[i] = Integer.toString(i);
    }
    ClusterSharding sharding = ClusterSharding.get(system);
    this.actor = system.systemActorOf(Keepalives.create(settings, self, sender::get, this, new KeepaliveFailures() {
      @Override
      public void unanswered(String aor, KeepaliveTarget target, int missed) {
        AorEntity.entityRef(sharding, aor).tell(new AorEntity.KeepalivesUnanswered(
            new BindingRef(target.contact(), target.instanceId(), target.regId()), target.flow().toString(),
            target.cseq(), missed));
      }

      @Override
      public void moved(String aor) {
        AorEntity.entityRef(sharding, aor).tell(AorEntity.Wake.INSTANCE);
      }
    }, stats), Keepalives.NAME, Props.empty());
  }

  /** Starts the node's keepalives; no ping leaves before {@link #sendThrough} names the sockets. */
  static NatKeepalives start(ActorSystem<?> system, KeepaliveSettings settings, String self) {
    return new NatKeepalives(system, settings, self);
  }

  /** The node's sockets are bound: pings leave through them from now on. */
  void sendThrough(SipSender sockets) {
    sender.set(sockets);
  }

  /** What the response path hands the answers to pings to. */
  KeepaliveAnswers answers() {
    return new KeepaliveAnswers(actor, self, this);
  }

  KeepaliveStats stats() {
    return stats;
  }

  @Override
  public void changed(String aor, List<Binding> nated) {
    if (nated.isEmpty()) {
      actor.tell(new Keepalives.Keep(aor, null, List.of()));
      return;
    }
    List<KeepaliveTarget> targets = new ArrayList<>(nated.size());
    for (Binding b : nated) {
      KeepaliveTarget t = targetOf(b);
      if (t != null) {
        targets.add(t);
      }
    }
    actor.tell(new Keepalives.Keep(aor, shardIds[Integer.parseInt(ShardOpening.shardOf(aor, shardIds.length))],
        targets));
  }

  private KeepaliveTarget targetOf(Binding b) {
    FlowId flow;
    try {
      flow = FlowId.parse(b.flowId());
    } catch (IllegalArgumentException e) {
      return null;
    }
    // a cluster has a few node names: one String each, not one per binding
    String node = nodeNames.computeIfAbsent(flow.node(), n -> n);
    if (node != flow.node()) {
      flow = new FlowId(node, flow.transport(), flow.connectionId());
    }
    InetSocketAddress remote = Inbound.parseReceived(b.received());
    return remote == null ? null
        : new KeepaliveTarget(b.contact(), b.instanceId(), b.regId(), flow, remote, b.cseq());
  }

  @Override
  public void hosted(Set<String> shards) {
    actor.tell(new Keepalives.Hosted(shards));
  }

  @Override
  public boolean tell(String node, Keepalives.Command message) {
    Address address = FlowForwarding.liveMember(cluster, node);
    if (address == null) {
      return false;
    }
    peers.computeIfAbsent(node, n -> system.classicSystem().actorSelection(address + Keepalives.PATH))
        .tell(message, org.apache.pekko.actor.ActorRef.noSender());
    return true;
  }
}
