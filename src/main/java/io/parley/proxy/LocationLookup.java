package io.parley.proxy;

import io.parley.location.AorEntity;
import io.parley.location.Binding;
import io.parley.location.Bindings;
import io.parley.message.SipParseException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import org.apache.pekko.actor.typed.javadsl.ActorContext;
import org.apache.pekko.cluster.sharding.typed.javadsl.ClusterSharding;

/**
 * The location service step of target resolution (RFC 3261 §16.5): a {@link
 * TargetResolver.Lookup} asks the AOR entity for its bindings, without blocking; the resolution
 * comes back to the asking actor as a message.
 */
public final class LocationLookup {
  /** How long the AOR entity may take (recovery included); a timeout is answered 500. */
  public static final Duration ASK_TIMEOUT = Duration.ofSeconds(10);

  private final ClusterSharding sharding;

  public LocationLookup(ClusterSharding sharding) {
    this.sharding = sharding;
  }

  /**
   * Asks for the bindings of {@code lookup}'s AOR; {@code adapt} receives the resolution ({@link
   * #resolution}), or null when the location service failed or did not answer in time.
   */
  public <T> void lookup(ActorContext<T> context, TargetResolver.Lookup lookup,
      Function<TargetResolver.Resolution, T> adapt) {
    context.ask(Bindings.class, AorEntity.entityRef(sharding, lookup.aor()), ASK_TIMEOUT, AorEntity.GetBindings::new,
        (bindings, failure) -> adapt.apply(bindings == null ? null : resolution(bindings)));
  }

  /**
   * The bindings as targets, in the entity's q order (a stored contact that no longer parses is
   * skipped); none: 480 for an AOR that had bindings, 404 for one that never registered (RFC 3261
   * §16.5, until subscribers say which AORs exist).
   */
  public static TargetResolver.Resolution resolution(Bindings found) {
    List<Target> targets = new ArrayList<>(found.bindings().size());
    for (Binding b : found.bindings()) {
      try {
        targets.add(Target.ofContact(b.contact(), b.q(), b.flowId()));
      } catch (SipParseException | IllegalArgumentException unusable) {
        // not a target, and not a reason to fail the others
      }
    }
    return TargetResolver.fromBindings(targets,
        found.everRegistered() ? TargetResolver.UNAVAILABLE : TargetResolver.NOT_FOUND);
  }
}
