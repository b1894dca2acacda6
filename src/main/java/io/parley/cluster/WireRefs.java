package io.parley.cluster;

import org.apache.pekko.actor.ExtendedActorSystem;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.ActorRefResolver;
import org.apache.pekko.actor.typed.javadsl.Adapter;

/**
 * Actor references as a {@link WireSerializer} writes and reads them (a reply's address), through
 * Pekko's {@link ActorRefResolver}. Thread-safe.
 */
public final class WireRefs {
  private final ExtendedActorSystem system;
  private volatile ActorRefResolver resolver;

  public WireRefs(ExtendedActorSystem system) {
    this.system = system;
  }

  public String write(ActorRef<?> ref) {
    return resolver().toSerializationFormat(ref);
  }

  public <T> ActorRef<T> read(String ref) {
    return resolver().resolveActorRef(ref);
  }

  private ActorRefResolver resolver() {
    ActorRefResolver r = resolver;
    if (r == null) {
      // not in the constructor: a serializer is made while the actor system is still starting
      r = ActorRefResolver.get(Adapter.toTyped(system));
      resolver = r;
    }
    return r;
  }
}
