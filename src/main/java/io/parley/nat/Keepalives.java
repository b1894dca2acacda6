package io.parley.nat;

import io.parley.common.CborSerializable;
import io.parley.transport.Flow;
import io.parley.transport.FlowId;
import io.parley.transport.SipSender;
import io.parley.transport.Transport;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.LongSupplier;
import java.util.function.Supplier;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.javadsl.AbstractBehavior;
import org.apache.pekko.actor.typed.javadsl.ActorContext;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.apache.pekko.actor.typed.javadsl.Receive;

/**
 * The NAT keepalives of one node: every binding behind a NAT whose AOR this node owns is pinged
 * every {@code parley.nat.keepalive-interval} (nathelper's {@code natping}), and one that leaves
 * {@code parley.nat.max-missed} pings in a row unanswered is handed to its AOR for removal.
 *
 * <p>Owned by the AORs: an AOR entity tells this actor its NATed bindings whenever they change
 * ({@link Keep}), and they stay here when the entity parks, so a parked AOR is pinged without
 * being woken for each ping (a wake costs a recovery, ~1 ms). When an AOR shard leaves the node
 * ({@link Hosted}) its bindings are dropped here, and the AOR's entity feeds them to its new
 * owner when it starts there, woken at once by this node ({@link KeepaliveFailures#moved}):
 * exactly one node pings a contact, and the pinger moves with the shard.
 *
 * <p>Spread: the interval is cut into 100 ms slots, and each binding has its own slot, from a
 * hash of its AOR and contact, so the pings of 100,000 bindings go out a few hundred at a time,
 * never all at once. A tick is one actor timer; which slots are due is read from the wall clock,
 * the same phase on every node (their clocks kept within a tick by NTP), since the timer fires
 * late by up to the scheduler's own tick.
 *
 * <p>The flow: a ping leaves through the flow its REGISTER came on (RFC 5626 §3; DESIGN.md,
 * Flows). When another node holds that flow, the ping is handed to that node's keepalives
 * ({@link PingThrough}), which send it; the answer names this node (see {@link
 * KeepaliveRequest}), and wherever it arrives it comes back here ({@link Answered}).
 */
public final class Keepalives extends AbstractBehavior<Keepalives.Command> {
  public static final String NAME = "nat-keepalives";
  /** Where another node finds this actor. */
  public static final String PATH = "/system/" + NAME;
  static final Duration TICK = Duration.ofMillis(100);

  public sealed interface Command {}

  /**
   * The NATed bindings of {@code aor}, whose shard is {@code shard}, as its entity holds them now;
   * none: it has none here any more.
   */
  public record Keep(String aor, String shard, List<KeepaliveTarget> targets) implements Command {}

  /** The AOR shards this node hosts now; the bindings of those that left are dropped. */
  public record Hosted(Set<String> shards) implements Command {}

  /** Ping {@code id} of this node was answered. */
  public record Answered(long id) implements Command, CborSerializable {}

  /**
   * Another node's ping, for a flow this node holds: send an OPTIONS ({@code udp}) or a double
   * CRLF through the flow.
   */
  public record PingThrough(long id, int seq, String pinger, String flowId, byte[] address, int port, String contact)
      implements Command, CborSerializable {}

  /** How many bindings this node pings now. */
  public record CountPinged(ActorRef<Integer> replyTo) implements Command {}

  private enum Tick implements Command { INSTANCE }

  /** One pinged binding. */
  private static final class Entry {
    final long id;
    final String aor;
    final String shard;
    KeepaliveTarget target;
    int missed;
    /** Pings sent so far: each has a branch and Call-ID of its own. */
    int pings;
    boolean awaiting;
    boolean gone;

    Entry(long id, String aor, String shard, KeepaliveTarget target) {
      this.id = id;
      this.aor = aor;
      this.shard = shard;
      this.target = target;
    }
  }

  private final KeepaliveSettings settings;
  private final String self;
  private final Supplier<SipSender> sender;
  private final KeepalivePeers peers;
  private final KeepaliveFailures failures;
  private final KeepaliveStats stats;
  private final Map<String, Entry[]> byAor = new HashMap<>();
  private final Map<Long, Entry> byId = new HashMap<>();
  private final List<Entry>[] slots;
  /**
   * The wall clock, epoch milliseconds: the ticks' timer runs late (the scheduler's own tick),
   * this does not; and every node's slots stand at the same phase of it, so a binding whose AOR
   * moves to another node is pinged there at the moment it would have been here.
   */
  private final LongSupplier millis;
  /** The last tick (epoch millis / {@link #TICK}) whose slot was gone through. */
  private long turned;
  private Set<String> hosted = Set.of();

  @SuppressWarnings("unchecked")
  private Keepalives(ActorContext<Command> context, KeepaliveSettings settings, String self,
      Supplier<SipSender> sender, KeepalivePeers peers, KeepaliveFailures failures, KeepaliveStats stats,
      LongSupplier millis) {
    super(context);
    this.millis = millis;
    this.turned = Math.floorDiv(millis.getAsLong(), TICK.toMillis());
    this.settings = settings;
    this.self = self;
    this.sender = sender;
    this.peers = peers;
    this.failures = failures;
    this.stats = stats;
    int n = (int) Math.max(1, settings.interval().toMillis() / TICK.toMillis());
    this.slots = new List[n];
    for (int i = 0; i < n; i++) {
      slots[i] = new ArrayList<>();
    }
  }

  /**
   * @param self this node's name as flow ids carry it
   * @param sender this node's sends; null until its sockets are bound (no ping leaves before)
   * @param peers the other nodes' keepalives
   * @param failures where a binding goes that stopped answering
   */
  public static Behavior<Command> create(KeepaliveSettings settings, String self, Supplier<SipSender> sender,
      KeepalivePeers peers, KeepaliveFailures failures, KeepaliveStats stats) {
    return create(settings, self, sender, peers, failures, stats, System::currentTimeMillis);
  }

  /** {@link #create(KeepaliveSettings, String, Supplier, KeepalivePeers, KeepaliveFailures, KeepaliveStats)} on {@code millis}' time. */
  static Behavior<Command> create(KeepaliveSettings settings, String self, Supplier<SipSender> sender,
      KeepalivePeers peers, KeepaliveFailures failures, KeepaliveStats stats, LongSupplier millis) {
    return Behaviors.setup(context -> Behaviors.withTimers(timers -> {
      if (settings.enabled()) {
        timers.startTimerWithFixedDelay(Tick.INSTANCE, TICK);
      }
      return new Keepalives(context, settings, self, sender, peers, failures, stats, millis);
    }));
  }

  @Override
  public Receive<Command> createReceive() {
    return newReceiveBuilder()
        .onMessage(Keep.class, this::onKeep)
        .onMessage(Hosted.class, this::onHosted)
        .onMessage(Answered.class, this::onAnswered)
        .onMessage(PingThrough.class, this::onPingThrough)
        .onMessage(CountPinged.class, c -> {
          c.replyTo().tell(byId.size());
          return this;
        })
        .onMessageEquals(Tick.INSTANCE, this::onTick)
        .build();
  }

  private Behavior<Command> onKeep(Keep keep) {
    if (!settings.enabled()) {
      return this;
    }
    Entry[] before = byAor.get(keep.aor());
    List<KeepaliveTarget> targets = keep.targets();
    if (targets.isEmpty()) {
      if (before != null) {
        byAor.remove(keep.aor());
        forget(before);
      }
      return this;
    }
    Entry[] after = new Entry[targets.size()];
    for (int i = 0; i < after.length; i++) {
      KeepaliveTarget t = targets.get(i);
      Entry kept = before == null ? null : takeSame(before, t);
      if (kept != null) {
        if (kept.target.cseq() != t.cseq()) {
          // refreshed through the same flow: the pinhole is open
          kept.missed = 0;
          kept.awaiting = false;
        }
        kept.target = t;
        after[i] = kept;
      } else {
        after[i] = add(keep.aor(), keep.shard(), t);
      }
    }
    if (before != null) {
      forget(before);
    }
    byAor.put(keep.aor(), after);
    stats.pinged = byId.size();
    return this;
  }

  /** The entry of {@code before} for the same binding reached the same way, taken out of it. */
  private static Entry takeSame(Entry[] before, KeepaliveTarget t) {
    for (int j = 0; j < before.length; j++) {
      Entry e = before[j];
      if (e != null && e.target.sameBinding(t) && e.target.sameWay(t)) {
        before[j] = null;
        return e;
      }
    }
    return null;
  }

  private Entry add(String aor, String shard, KeepaliveTarget t) {
    long id;
    do {
      // random, so an answer cannot be forged for a ping by counting
      id = ThreadLocalRandom.current().nextLong();
    } while (byId.containsKey(id));
    Entry e = new Entry(id, aor, shard, t);
    byId.put(id, e);
    int slot = Math.floorMod(31 * aor.hashCode() + t.contact().hashCode(), slots.length);
    slots[slot].add(e);
    return e;
  }

  /** Marks entries gone: their slots drop them when they next come round. */
  private void forget(Entry[] entries) {
    for (Entry e : entries) {
      if (e != null && !e.gone) {
        e.gone = true;
        byId.remove(e.id);
      }
    }
    stats.pinged = byId.size();
  }

  private Behavior<Command> onHosted(Hosted message) {
    Set<String> left = new HashSet<>(hosted);
    left.removeAll(message.shards());
    hosted = Set.copyOf(message.shards());
    if (!left.isEmpty()) {
      var it = byAor.values().iterator();
      List<String> moved = new ArrayList<>();
      while (it.hasNext()) {
        Entry[] entries = it.next();
        if (entries.length > 0 && left.contains(entries[0].shard)) {
          forget(entries);
          moved.add(entries[0].aor);
          it.remove();
        }
      }
      moved.forEach(failures::moved);
    }
    return this;
  }

  private Behavior<Command> onAnswered(Answered answered) {
    Entry e = byId.get(answered.id());
    if (e != null) {
      e.awaiting = false;
      e.missed = 0;
      stats.answered.increment();
    }
    return this;
  }

  /** Goes through the slots whose time has come: one a tick when the timer keeps time, more when it is late. */
  private Behavior<Command> onTick() {
    long due = Math.floorDiv(millis.getAsLong(), TICK.toMillis());
    if (due <= turned) {
      turned = Math.min(turned, due); // the clock was set back: go on from where it is now
      return this;
    }
    // after a long stall, one round at most: a binding is pinged once, late, not once per missed slot
    long todo = Math.min(due - turned, slots.length);
    for (long tick = due - todo + 1; tick <= due; tick++) {
      turn(slots[(int) Math.floorMod(tick, (long) slots.length)]);
    }
    turned = due;
    return this;
  }

  private void turn(List<Entry> slot) {
    int i = 0;
    while (i < slot.size()) {
      Entry e = slot.get(i);
      if (e.gone) {
        slot.set(i, slot.get(slot.size() - 1));
        slot.remove(slot.size() - 1);
        continue;
      }
      if (e.awaiting) {
        e.missed++;
        stats.missed.increment();
        if (settings.maxMissed() > 0 && e.missed >= settings.maxMissed()) {
          giveUp(e);
          continue; // gone now: dropped from the slot on the next pass of this loop
        }
      }
      e.awaiting = ping(e);
      i++;
    }
  }

  private void giveUp(Entry e) {
    Entry[] all = byAor.get(e.aor);
    if (all != null) {
      List<Entry> rest = new ArrayList<>(all.length);
      for (Entry other : all) {
        if (other != e) {
          rest.add(other);
        }
      }
      if (rest.isEmpty()) {
        byAor.remove(e.aor);
      } else {
        byAor.put(e.aor, rest.toArray(new Entry[0]));
      }
    }
    forget(new Entry[] {e});
    stats.removed.increment();
    failures.unanswered(e.aor, e.target, e.missed);
  }

  /**
   * Sends one ping; whether an answer is awaited. A double CRLF that left through an open
   * connection counts as answered at once (the connection's failure is what shows a dead flow);
   * one sent by another node is reported so by that node.
   */
  private boolean ping(Entry e) {
    KeepaliveTarget t = e.target;
    FlowId flow = t.flow();
    int seq = ++e.pings;
    if (!flow.node().equals(self)) {
      InetSocketAddress r = t.remote();
      if (peers.tell(flow.node(),
          new PingThrough(e.id, seq, self, flow.toString(), r.getAddress().getAddress(), r.getPort(), t.contact()))) {
        stats.relayed.increment();
      } else {
        stats.failed.increment();
      }
      return true;
    }
    boolean sent = sendThrough(flow, t.remote(), t.contact(), e.id, seq, self);
    if (sent && flow.transport() != Transport.UDP) {
      stats.answered.increment();
      e.missed = 0;
      return false;
    }
    return true;
  }

  private Behavior<Command> onPingThrough(PingThrough p) {
    FlowId flow;
    InetSocketAddress remote;
    try {
      flow = FlowId.parse(p.flowId());
      // an address, never a name: nothing is looked up
      remote = new InetSocketAddress(InetAddress.getByAddress(p.address()), p.port());
    } catch (IllegalArgumentException | UnknownHostException e) {
      stats.failed.increment();
      return this;
    }
    if (sendThrough(flow, remote, p.contact(), p.id(), p.seq(), p.pinger()) && flow.transport() != Transport.UDP) {
      peers.tell(p.pinger(), new Answered(p.id()));
    }
    return this;
  }

  /** Sends a ping through a flow of this node's; whether it left. */
  private boolean sendThrough(FlowId id, InetSocketAddress remote, String contact, long pingId, int seq,
      String pinger) {
    SipSender out = sender.get();
    Flow flow = out == null ? null : out.flow(id, remote);
    byte[] bytes = flow == null ? null
        : switch (flow.transport()) {
          case UDP -> KeepaliveRequest.options(contact, flow.local(), pingId, seq, pinger);
          case TCP, TLS -> KeepaliveRequest.DOUBLE_CRLF;
          case WS, WSS -> null; // RFC 7118: the WebSocket's own ping frames are its keepalive
        };
    if (bytes == null || !out.send(flow, bytes)) {
      stats.failed.increment();
      return false;
    }
    stats.sent.increment();
    return true;
  }
}
