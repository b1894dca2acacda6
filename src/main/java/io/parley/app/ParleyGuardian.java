package io.parley.app;

import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.javadsl.Behaviors;

/**
 * The root actor of a node. The node's services are system actors of their own; the node joins
 * the cluster at the end of its start ({@link ClusterEntry}), not here.
 */
final class ParleyGuardian {
  private ParleyGuardian() {}

  /** Nothing is sent to the guardian: the node's services answer for themselves. */
  interface Command {}

  static Behavior<Command> create() {
    return Behaviors.empty();
  }
}
