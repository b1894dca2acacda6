package io.parley.proxy;

import io.parley.common.TimeoutRetry;
import io.parley.location.AorEntity;
import io.parley.location.Binding;
import io.parley.location.BindingsCache;
import io.parley.location.Bindings;
import io.parley.message.SipParseException;
import io.parley.message.header.NameAddr;
import io.parley.message.uri.CanonicalAor;
import io.parley.message.uri.Uri;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.actor.typed.javadsl.ActorContext;
import org.apache.pekko.cluster.sharding.typed.javadsl.ClusterSharding;
import org.apache.pekko.cluster.sharding.typed.javadsl.EntityRef;

/**
 * The location service step of target resolution (RFC 3261 §16.5): a {@link
 * TargetResolver.Lookup} is answered at once from the bindings this node's calls looked up
 * lately ({@link BindingsCache}), or else asks the AOR entity for them, without blocking; that
 * resolution comes back to the asking actor as a message.
 *
 * <p>Which entity: the Request-URI's AOR in its one form ({@link CanonicalAor}, RFC 3261 §19.1.4:
 * {@code sip:%61lice@Example.COM} is {@code alice@example.com}); an alias is looked up as the
 * subscriber it names ({@link AorDirectory});
 * anything else as itself, so an AOR that registered without being a subscriber (with {@code
 * parley.registrar.authenticate = off}) is still reached. No bindings: 480 for a subscriber or
 * alias, 404 for anything else (RFC 3261 §16.5) — but 404 for both when a stranger asks, so that
 * nobody outside can list our subscribers by their answers (as sipvicious {@code svwar} does;
 * Kamailio answers 404 to both).
 */
public final class LocationLookup {
  private static final Logger log = LoggerFactory.getLogger(LocationLookup.class);
  /**
   * How long each ask of the AOR entity may take (recovery included), in turn: a lookup that
   * times out is asked again with the next, 24 s in all, inside Timer C (3 min) and the caller's
   * Timer B (64·T1 = 32 s), after which the answer is 500. When the AOR's node has died, each ask
   * is lost until the cluster has downed that node (about 12 s, parley-runtime.conf) and its shard
   * has started elsewhere: the call is delayed, not failed. Each attempt waits 2 s, then 4 s:
   * an ask that is only slow (its shard being allocated, under load) is not sent many times over,
   * and the last attempt still starts 20 s in, after the cluster has downed a dead node.
   */
  public static final List<Duration> ASK_TIMEOUTS = List.of(Duration.ofSeconds(2), Duration.ofSeconds(2),
      Duration.ofSeconds(4), Duration.ofSeconds(4), Duration.ofSeconds(4), Duration.ofSeconds(4), Duration.ofSeconds(4));

  private final ClusterSharding sharding;
  private final AorDirectory directory;
  private final BindingsCache cache;

  /** @param cache the bindings this node's calls looked up lately ({@link BindingsCache}) */
  public LocationLookup(ClusterSharding sharding, AorDirectory directory, BindingsCache cache) {
    this.sharding = sharding;
    this.directory = directory;
    this.cache = cache;
  }

  /** With the node's {@link BindingsCache}. */
  public static LocationLookup of(ActorSystem<?> system, AorDirectory directory) {
    return new LocationLookup(ClusterSharding.get(system), directory, BindingsCache.get(system));
  }

  /** Without a cache: every lookup asks the AOR entity (tests). */
  public static LocationLookup uncached(ClusterSharding sharding, AorDirectory directory) {
    return new LocationLookup(sharding, directory, BindingsCache.off());
  }

  /**
   * The resolution of {@code lookup}'s AOR at once when this node holds its bindings ({@link
   * BindingsCache}); otherwise null, and the AOR entity is asked: {@code adapt} then receives
   * the resolution ({@link #resolution}), or null when the location service failed or did not
   * answer in time.
   */
  public <T> TargetResolver.Resolution lookup(ActorContext<T> context, TargetResolver.Lookup lookup,
      Function<TargetResolver.Resolution, T> adapt) {
    String canonical = directory.canonicalAor(CanonicalAor.user(lookup.requestUri()), lookup.requestUri().host());
    boolean known = canonical != null;
    String aor = known ? canonical : lookup.aor();
    boolean mayTellUnavailable = known && lookup.mayTellUnavailable();
    Bindings held = cache.get(aor, System.currentTimeMillis());
    if (held != null) {
      return resolution(held, mayTellUnavailable);
    }
    long token = cache.askToken();
    EntityRef<AorEntity.Command> entity = AorEntity.entityRef(sharding, aor);
    context.pipeToSelf(TimeoutRetry.ask(timeout -> entity.ask(AorEntity.GetBindings::new, timeout), ASK_TIMEOUTS,
            context.getExecutionContext()),
        (bindings, failure) -> {
          if (failure != null) {
            log.warn("the location service did not answer for {}: {}", aor, failure.toString());
            return adapt.apply(null);
          }
          cache.offer(aor, bindings, token, System.currentTimeMillis());
          return adapt.apply(resolution(bindings, mayTellUnavailable));
        });
    return null;
  }


  /**
   * The bindings as targets, in the entity's q order, each with its flow, source and Path (a
   * stored contact or Path that no longer parses is skipped); none: {@link
   * TargetResolver#UNAVAILABLE} when {@code known}, else {@link TargetResolver#NOT_FOUND}.
   */
  public static TargetResolver.Resolution resolution(Bindings found, boolean known) {
    List<Target> targets = new ArrayList<>(found.bindings().size());
    for (Binding b : found.bindings()) {
      try {
        targets.add(target(b));
      } catch (SipParseException | IllegalArgumentException unusable) {
        // not a target, and not a reason to fail the others
      }
    }
    return TargetResolver.fromBindings(targets, known ? TargetResolver.UNAVAILABLE : TargetResolver.NOT_FOUND);
  }

  /** A binding as a target (RFC 3327 §5.3: its Path; RFC 5626 §5.3: its flow). */
  static Target target(Binding b) {
    List<NameAddr> path = List.of();
    if (!b.path().isEmpty()) {
      path = new ArrayList<>(b.path().size());
      for (String p : b.path()) {
        path.add(NameAddr.parse(p));
      }
    }
    return new Target(Uri.parse(b.contact()), b.q() < 0 ? Target.DEFAULT_Q : b.q(), b.flowId(), b.received(),
        b.isOutbound(), path, b.behindNat());
  }
}
