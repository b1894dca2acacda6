package io.parley.admin;

import io.parley.dialog.DialogInfo;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.CompletableFuture;
import org.apache.pekko.actor.Address;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.javadsl.ActorContext;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.apache.pekko.actor.typed.receptionist.Receptionist;
import org.apache.pekko.cluster.MemberStatus;
import org.apache.pekko.cluster.typed.Cluster;

/**
 * One listing of the cluster's dialogs, from the node that was asked: finds every node's
 * {@link NodeDialogs} through the Receptionist, asks each for the newest {@code max} that match,
 * and completes its future with what came back within the timeout, merged newest first, naming
 * the nodes that answered and the members that did not (unreachable, starting, or slow). It never
 * fails for want of a node, and stops when it has answered.
 */
final class DialogGathering {
  private DialogGathering() {}

  interface Command {}

  private record Found(Receptionist.Listing listing) implements Command {}

  private record Received(NodeDialogs.Held held) implements Command {}

  private enum TimedOut implements Command { INSTANCE }

  /**
   * What the nodes answered.
   *
   * @param dialogs the newest {@code max} matching dialogs of all the nodes that answered
   * @param total how many matched on those nodes
   * @param answered the nodes that answered, {@code host:port}, sorted
   * @param missing the members that did not answer in time, {@code host:port}, sorted
   */
  record Gathered(List<DialogInfo> dialogs, long total, List<String> answered, List<String> missing) {}

  static Behavior<Command> create(DialogQuery query, int max, Duration timeout, CompletableFuture<Gathered> result) {
    return Behaviors.setup(context -> {
      ActorRef<Receptionist.Listing> listings = context.messageAdapter(Receptionist.Listing.class, Found::new);
      context.getSystem().receptionist().tell(Receptionist.find(NodeDialogs.KEY, listings));
      return Behaviors.withTimers(timers -> {
        timers.startSingleTimer(TimedOut.INSTANCE, timeout);
        return new Gathering(context, query, max, result).waiting();
      });
    });
  }

  private static final class Gathering {
    private final ActorContext<Command> context;
    private final DialogQuery query;
    private final int max;
    private final CompletableFuture<Gathered> result;
    private final Set<String> asked = new TreeSet<>();
    private final Set<String> done = new TreeSet<>();
    private final Map<String, List<DialogInfo>> byNode = new HashMap<>();
    private long total;

    Gathering(ActorContext<Command> context, DialogQuery query, int max, CompletableFuture<Gathered> result) {
      this.context = context;
      this.query = query;
      this.max = max;
      this.result = result;
    }

    Behavior<Command> waiting() {
      return Behaviors.receive(Command.class)
          .onMessage(Found.class, this::onFound)
          .onMessage(Received.class, this::onReceived)
          .onMessageEquals(TimedOut.INSTANCE, this::finish)
          .build();
    }

    private Behavior<Command> onFound(Found f) {
      ActorRef<NodeDialogs.Held> replies = context.messageAdapter(NodeDialogs.Held.class, Received::new);
      for (ActorRef<NodeDialogs.Command> node : f.listing().getServiceInstances(NodeDialogs.KEY)) {
        asked.add(name(node.path().address()));
        node.tell(new NodeDialogs.Collect(query, max, replies));
      }
      return asked.isEmpty() ? finish() : Behaviors.same();
    }

    private Behavior<Command> onReceived(Received r) {
      NodeDialogs.Held held = r.held();
      if (done.contains(held.node())) {
        return Behaviors.same();
      }
      byNode.computeIfAbsent(held.node(), n -> new ArrayList<>()).addAll(held.dialogs());
      if (held.last()) {
        done.add(held.node());
        total += held.total();
      }
      return done.containsAll(asked) ? finish() : Behaviors.same();
    }

    private Behavior<Command> finish() {
      // a node that timed out half-way through its chunks counts as not answered: its part is left out
      List<DialogInfo> merged = done.stream().flatMap(n -> byNode.getOrDefault(n, List.of()).stream())
          .sorted(DialogQuery.NEWEST_FIRST).limit(Math.max(max, 0)).toList();
      Set<String> missing = new TreeSet<>(asked);
      for (var member : Cluster.get(context.getSystem()).state().getMembers()) {
        if (member.status() != MemberStatus.down() && member.status() != MemberStatus.removed()) {
          missing.add(name(member.address()));
        }
      }
      missing.removeAll(done);
      result.complete(new Gathered(merged, total, List.copyOf(done), List.copyOf(missing)));
      return Behaviors.stopped();
    }

    /** {@code host:port} of an address, this node's own for a local one (as the dialogs name it). */
    private String name(Address address) {
      Address a = address.hasLocalScope() ? context.getSystem().address() : address;
      return a.host().get() + ":" + a.port().get();
    }
  }
}
