package io.parley.call;

import io.parley.cluster.FlowForwarding;
import io.parley.cluster.MembershipSettle;
import io.parley.dialog.DialogInfo;
import io.parley.dialog.DialogStore;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import org.apache.pekko.Done;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.javadsl.ActorContext;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.apache.pekko.cluster.Member;
import org.apache.pekko.cluster.sharding.typed.javadsl.ClusterSharding;
import org.apache.pekko.cluster.typed.Cluster;
import org.apache.pekko.stream.javadsl.Source;

/**
 * Hands the confirmed dialogs of nodes that are gone to the cluster (DESIGN.md, Actors: a
 * dialog's timers and CDR outlive its node). Every confirmed dialog that has lasted {@code
 * persist-after} is in the store under the name of the node that holds it. When membership has
 * been quiet for {@code wake-settle} after a member came up or was removed, the cluster leader
 * reads the dialogs held by nodes that are no longer members and sends each a {@link
 * CallEntity.Resume} through sharding, at {@code wake-rate} per second: it reaches the call's
 * entity at the call's home ({@link CallHomes}), where the dialog's requests and responses go,
 * which sharding has placed on a surviving node. The entity takes the dialog over under its own
 * node's name, re-arms its max duration and ends the call on time, BYE and CDR included. An
 * entity that holds the dialog already ignores it, so a sweep that comes twice does no harm.
 *
 * <p>A node that restarts under the same name takes its own dialogs back at start ({@code
 * CallRecords.resume}); the sweep covers the nodes that do not come back.
 */
public final class DialogRecovery {

  /** What the recovery hears. */
  public sealed interface Command {}

  private record Settled(MembershipSettle.Settled settled) implements Command {}

  private record Loaded(List<DialogInfo> orphans, Throwable failure) implements Command {}

  private record Handed(Done done, Throwable failure) implements Command {}

  private final ActorContext<Command> context;
  private final DialogStore store;
  private final CallHomes homes;
  private final int rate;
  private final Executor blocking;
  private boolean sweeping;
  private boolean again;

  private DialogRecovery(ActorContext<Command> context, DialogStore store, CallHomes homes, int rate,
      Executor blocking) {
    this.context = context;
    this.store = store;
    this.homes = homes;
    this.rate = rate;
    this.blocking = blocking;
  }

  /**
   * @param settle how long membership must be quiet before a sweep
   * @param rate dialogs handed over per second
   * @param blocking where the store is read
   */
  public static Behavior<Command> create(DialogStore store, CallHomes homes, Duration settle, int rate,
      Executor blocking) {
    return Behaviors.setup(ctx -> {
      ctx.spawn(MembershipSettle.create(settle, ctx.messageAdapter(MembershipSettle.Settled.class, Settled::new)),
          "settle");
      DialogRecovery recovery = new DialogRecovery(ctx, store, homes, rate, blocking);
      return Behaviors.receive(Command.class)
          .onMessage(Settled.class, m -> {
            if (m.settled().leader()) {
              recovery.sweep();
            }
            return Behaviors.same();
          })
          .onMessage(Loaded.class, recovery::onLoaded)
          .onMessage(Handed.class, recovery::onHanded)
          .build();
    });
  }

  private void sweep() {
    if (sweeping) {
      again = true;
      return;
    }
    sweeping = true;
    Set<String> live = new HashSet<>();
    for (Member m : Cluster.get(context.getSystem()).state().getMembers()) {
      live.add(FlowForwarding.nodeName(m.address()));
    }
    context.pipeToSelf(CompletableFuture.supplyAsync(() -> store.loadOrphans(live), blocking), Loaded::new);
  }

  private Behavior<Command> onLoaded(Loaded loaded) {
    if (loaded.failure() != null) {
      context.getLog().warn("Reading the dialogs of nodes that are gone failed; they are taken over at the next "
          + "membership change", loaded.failure());
      return done();
    }
    if (loaded.orphans().isEmpty()) {
      return done();
    }
    context.getLog().info("{} confirmed dialogs of nodes that are gone are taken over", loaded.orphans().size());
    ClusterSharding sharding = ClusterSharding.get(context.getSystem());
    context.pipeToSelf(Source.from(loaded.orphans())
        .throttle(rate, Duration.ofSeconds(1))
        .runForeach(d -> sharding.entityRefFor(CallEntity.TYPE_KEY, homes.ofDialog(d.home(), d.callId()))
            .tell(new CallEntity.Resume(d)), context.getSystem()), Handed::new);
    return Behaviors.same();
  }

  private Behavior<Command> onHanded(Handed handed) {
    if (handed.failure() != null) {
      context.getLog().warn("Handing over the dialogs of nodes that are gone stopped", handed.failure());
    }
    return done();
  }

  private Behavior<Command> done() {
    sweeping = false;
    if (again) {
      again = false;
      sweep();
    }
    return Behaviors.same();
  }
}
