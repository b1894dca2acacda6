package io.parley.admin;

import io.parley.admin.ProvisioningException.Reason;
import io.parley.auth.SubscriberId;
import io.parley.location.AorEntity;
import io.parley.location.JournalAors;
import io.parley.location.Registration;
import io.parley.location.RemovedBindings;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletionStage;
import java.util.function.Predicate;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.cluster.sharding.typed.javadsl.ClusterSharding;
import org.apache.pekko.stream.javadsl.Sink;
import org.apache.pekko.stream.javadsl.Source;

/**
 * The location service as an operator sees it: one AOR's bindings, a page of a domain's
 * registrations, and the removal of bindings. Every answer comes from the AOR entities
 * themselves (through sharding, wherever they live), never from a copy; nothing here blocks.
 *
 * <p>A listing reads a page of AOR ids from the journal ({@link JournalAors}) and asks only those
 * entities, at most {@value #PARALLELISM} at a time: a page of {@code limit} costs the journal's
 * id read plus {@code limit} entity asks, each a recovery (a snapshot and the events since) when
 * the entity was parked. An AOR without bindings now (they expired, or were removed) is left out
 * of the page, so a page may hold fewer than {@code limit} AORs, even none, while {@code next}
 * says there are more ids to look at.
 */
public final class RegistrationAdmin {
  /** How long an entity may take to answer: a recovery and one write, as for a REGISTER. */
  static final Duration ASK_TIMEOUT = Duration.ofSeconds(10);
  /** Entity asks of one listing in flight at once. */
  static final int PARALLELISM = 8;

  /** A page of registrations; {@code next} is the cursor of the next page, or null. */
  public record Listing(List<Registration> registrations, String next) {}

  private final ActorSystem<?> system;
  private final ClusterSharding sharding;
  private final Predicate<String> served;
  private final JournalAors journal;

  /** @param served whether a domain (lower case) is one this node serves */
  public RegistrationAdmin(ActorSystem<?> system, Predicate<String> served, JournalAors journal) {
    this.system = system;
    this.sharding = ClusterSharding.get(system);
    this.served = served;
    this.journal = journal;
  }

  /**
   * The entity id of the AOR an operator typed.
   *
   * @throws IllegalArgumentException if it is no AOR
   * @throws ProvisioningException NOT_FOUND if its domain is not served here
   */
  String aor(String text) {
    SubscriberId id = AddressOfRecord.parse(text);
    servedOrThrow(id.domain());
    return AorEntity.entityId(id.username(), id.domain());
  }

  /** The domain an operator typed, in lower case, if it is served here. */
  String domain(String text) {
    String domain = DomainName.parse(text);
    servedOrThrow(domain);
    return domain;
  }

  private void servedOrThrow(String domain) {
    if (!served.test(domain)) {
      throw new ProvisioningException(Reason.NOT_FOUND, domain + " is not a domain this node serves");
    }
  }

  /** The bindings of an AOR (its entity id), none when it has none. */
  public CompletionStage<Registration> show(String aor) {
    return AorEntity.entityRef(sharding, aor).ask(AorEntity.GetRegistration::new, ASK_TIMEOUT);
  }

  /**
   * The registrations among the first {@code limit} AORs of {@code domain} (all domains when null)
   * after {@code after}, in the order of their ids.
   */
  public CompletionStage<Listing> list(String domain, String after, int limit) {
    return journal.page(domain, after, limit).thenComposeAsync(page -> Source.from(page.aors())
        .mapAsync(PARALLELISM, this::show)
        .filter(r -> !r.bindings().isEmpty())
        .runWith(Sink.seq(), system)
        .thenApplyAsync(found -> new Listing(found, page.next()), system.executionContext()),
        system.executionContext());
  }

  /**
   * Removes the AOR's bindings with {@code contact} (every binding when null), as events.
   *
   * @return how many went
   */
  public CompletionStage<Integer> remove(String aor, String contact) {
    return AorEntity.entityRef(sharding, aor)
        .<RemovedBindings>ask(replyTo -> new AorEntity.RemoveBindings(contact, replyTo), ASK_TIMEOUT)
        .thenApplyAsync(RemovedBindings::removed, system.executionContext());
  }
}
