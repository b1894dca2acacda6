package io.parley.app;

import io.parley.call.CallEntity;
import io.parley.cluster.FlowForwarder;
import io.parley.location.AorEntity;
import io.parley.location.Bindings;
import io.parley.location.Registration;
import io.parley.location.RemovedBindings;
import io.parley.location.UpdateResult;
import java.util.List;

/**
 * The roots of the message types that cross nodes: what sharding delivers to the call and AOR
 * entities, the replies they send back to whoever asked, on any node, and the messages for a
 * flow another node holds. A sealed root stands for everything it permits ({@link
 * io.parley.cluster.CrossingMessages}); the node checks at start that each has a serializer bound.
 */
final class CrossingTypes {
  static final List<Class<?>> ROOTS = List.of(
      CallEntity.Command.class, CallEntity.EndDialogReply.class,
      AorEntity.Command.class, UpdateResult.class, Bindings.class, Registration.class, RemovedBindings.class,
      FlowForwarder.Command.class);

  private CrossingTypes() {}
}
