package io.parley.cluster;

import java.util.function.Consumer;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.apache.pekko.actor.typed.pubsub.Topic;

/**
 * This node's subscriber of a {@link ChangeNotices} topic: passes each notice on at once, on
 * its own thread, to a handler that must not block (it hands the work to a blocking executor).
 */
final class NoticeListener {
  private NoticeListener() {}

  sealed interface Command {}

  /** A notice published by some node of the cluster, this one included. */
  record Noticed(Object notice) implements Command {}

  static <T> Behavior<Command> create(Class<T> type, ActorRef<Topic.Command<T>> topic, Consumer<T> handler) {
    return Behaviors.setup(context -> {
      topic.tell(Topic.subscribe(context.messageAdapter(type, Noticed::new)));
      return Behaviors.receive(Command.class)
          .onMessage(Noticed.class, n -> onNoticed(type, n, handler))
          .build();
    });
  }

  private static <T> Behavior<Command> onNoticed(Class<T> type, Noticed noticed, Consumer<T> handler) {
    handler.accept(type.cast(noticed.notice()));
    return Behaviors.same();
  }
}
