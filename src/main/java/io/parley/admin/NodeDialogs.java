package io.parley.admin;

import io.parley.common.CborSerializable;
import io.parley.dialog.DialogInfo;
import io.parley.dialog.DialogRegistry;
import java.util.ArrayList;
import java.util.List;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.apache.pekko.actor.typed.receptionist.Receptionist;
import org.apache.pekko.actor.typed.receptionist.ServiceKey;

/**
 * One per node: answers what this node's {@link DialogRegistry} holds to whichever node gathers
 * the cluster's dialogs ({@link DialogGathering}). It registers itself with the Receptionist
 * under {@link #KEY}, so the asking node finds every node's instance without knowing their
 * management ports. It filters and sorts here, so only what matches crosses the cluster, and
 * answers in chunks of {@value #CHUNK} dialogs: one message of a thousand dialogs with their
 * route sets would pass Artery's 256 KiB frame.
 */
public final class NodeDialogs {
  public static final ServiceKey<Command> KEY = ServiceKey.create(Command.class, "parley-node-dialogs");
  static final int CHUNK = 100;

  private NodeDialogs() {}

  public sealed interface Command extends CborSerializable {}

  /**
   * Asks for the newest {@code max} dialogs that match {@code query}; answered with one or more
   * {@link Held}, the last one marked.
   */
  public record Collect(DialogQuery query, int max, ActorRef<Held> replyTo) implements Command {}

  /**
   * A chunk of the answer.
   *
   * @param node the answering node ({@code host:port} of its cluster address)
   * @param dialogs the chunk, newest first
   * @param total how many dialogs of this node match, beyond {@code max} too
   * @param last whether this is the last chunk of the answer
   */
  public record Held(String node, List<DialogInfo> dialogs, int total, boolean last) implements CborSerializable {
    public Held {
      dialogs = List.copyOf(dialogs);
    }
  }

  /** @param node this node's name as its dialogs carry it ({@code host:port}) */
  public static Behavior<Command> create(DialogRegistry registry, String node) {
    return Behaviors.setup(context -> {
      context.getSystem().receptionist().tell(Receptionist.register(KEY, context.getSelf()));
      return Behaviors.receive(Command.class)
          .onMessage(Collect.class, c -> onCollect(registry, node, c))
          .build();
    });
  }

  private static Behavior<Command> onCollect(DialogRegistry registry, String node, Collect c) {
    List<DialogInfo> matching;
    if (c.query().callId() != null) {
      DialogInfo d = registry.get(c.query().callId());
      matching = d != null && c.query().matches(d) ? List.of(d) : List.of();
    } else {
      matching = registry.view().stream().filter(c.query()::matches).sorted(DialogQuery.NEWEST_FIRST).toList();
    }
    List<DialogInfo> wanted = matching.subList(0, Math.min(Math.max(c.max(), 0), matching.size()));
    int from = 0;
    do {
      int to = Math.min(from + CHUNK, wanted.size());
      c.replyTo().tell(new Held(node, new ArrayList<>(wanted.subList(from, to)), matching.size(), to == wanted.size()));
      from = to;
    } while (from < wanted.size());
    return Behaviors.same();
  }
}
