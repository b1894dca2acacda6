package io.parley.location;

import java.util.concurrent.atomic.LongAdder;
import org.apache.pekko.actor.AbstractExtensionId;
import org.apache.pekko.actor.ClassicActorSystemProvider;
import org.apache.pekko.actor.ExtendedActorSystem;
import org.apache.pekko.actor.Extension;

/**
 * How many contacts are bound on this node's AOR entities now (Kamailio's
 * {@code usrloc:registered_users} counts AORs; this counts their bindings, as
 * {@code usrloc:location-contacts} does): what {@code parley_registered_contacts} shows.
 *
 * <p>The cheapest honest count, kept as the bindings change rather than computed at each scrape:
 * a running {@link AorEntity} adds the change in its binding count each time its bindings
 * change, recover or go, and takes its share back when it stops; an entity that parks hands its
 * count to the node's {@link AorExpiryIndex} with its next expiry, which holds it (packed beside
 * the due second it already keeps, so an idle registration costs no more memory) until it wakes
 * the entity or the entity starts again. So parked AORs count too, and an AOR counts on the node
 * that holds or parked it. Not in it: AORs whose node was lost and that no node has woken yet
 * ({@link AorWaker} wakes them after the membership change). A parked binding is counted until
 * its entity wakes, at most a tick after it expired.
 *
 * <p>One per actor system (a node); two LongAdders, cheap from any thread.
 */
public final class RegisteredContacts implements Extension {
  private static final Id ID = new Id();

  private final LongAdder running = new LongAdder();
  private final LongAdder parked = new LongAdder();

  RegisteredContacts() {}

  public static RegisteredContacts get(ClassicActorSystemProvider system) {
    return ID.get(system.classicSystem());
  }

  void runningChanged(long delta) {
    if (delta != 0) {
      running.add(delta);
    }
  }

  void parkedChanged(long delta) {
    if (delta != 0) {
      parked.add(delta);
    }
  }

  /** Contacts bound on this node now: in running entities and in parked ones. */
  public long count() {
    return running.sum() + parked.sum();
  }

  /** Contacts of AORs parked in this node's expiry index. */
  public long parked() {
    return parked.sum();
  }

  private static final class Id extends AbstractExtensionId<RegisteredContacts> {
    @Override
    public RegisteredContacts createExtension(ExtendedActorSystem system) {
      return new RegisteredContacts();
    }
  }
}
