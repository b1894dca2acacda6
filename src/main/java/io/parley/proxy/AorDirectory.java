package io.parley.proxy;

import io.parley.auth.SubscriberCache;
import io.parley.auth.SubscriberId;
import io.parley.location.AorEntity;

/**
 * Which addresses-of-record exist (RFC 3261 §16.5: a proxy answers 404 for a Request-URI naming
 * "a resource at this proxy that does not exist", 480 for one that exists but cannot be reached
 * now): the provisioned subscribers and their aliases. Reads must not block: they run on the
 * request path.
 */
@FunctionalInterface
public interface AorDirectory {

  /** Knows no AOR: only an AOR that has bindings is routed. */
  AorDirectory NONE = (user, domain) -> null;

  /**
   * The AOR entity id ({@link AorEntity#entityId}) whose bindings {@code user@domain} reaches:
   * its own for a subscriber, the subscriber's for an alias; null when it names neither. The user
   * in any escaping, the domain in any case (RFC 3261 §19.1.4): {@code %61lice} finds alice.
   */
  String canonicalAor(String user, String domain);

  /** The subscribers and aliases of {@code cache} (in memory, lock-free). */
  static AorDirectory of(SubscriberCache cache) {
    return (user, domain) -> cache.resolve(user, domain)
        .map(s -> {
          SubscriberId id = s.id();
          return AorEntity.entityId(id.username(), id.domain());
        })
        .orElse(null);
  }
}
