package io.parley.location;

import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;
import java.util.concurrent.CompletionStage;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.persistence.query.PersistenceQuery;
import org.apache.pekko.persistence.query.javadsl.CurrentPersistenceIdsQuery;

/**
 * The addresses-of-record the journal knows, a page at a time, for an operator's listing: every
 * AOR that has ever written an event, in the order of their ids ({@code user@domain}), after a
 * cursor.
 *
 * <p>What a page costs: the journal's persistence ids are read once (persistence-query {@code
 * currentPersistenceIds}: on pekko-persistence-jdbc one {@code SELECT DISTINCT persistence_id
 * FROM event_journal}, which the database answers from its primary-key index, in time that grows
 * with the journal's rows), streamed through this node and filtered here; only the page's
 * {@code limit + 1} smallest ids after the cursor are kept, so memory is bounded by the page
 * whatever the journal holds. No entity is started for this: the caller asks the page's entities
 * only. The same read serves {@link AorWaker}. Cheaper per page would be an index of our own
 * (a table of AORs per domain, written with each AOR's first binding): it would cost a write on
 * the registrar's hot path, while this read is paid only when an operator lists. Nothing is
 * deleted from the journal, so an AOR that no longer has bindings is still listed here.
 */
public final class JournalAors {
  private static final String PREFIX = AorEntity.TYPE_KEY.name() + "|";

  /**
   * One page.
   *
   * @param aors the AOR ids, ascending
   * @param next the cursor for the next page (the last of these), or null when there is none
   */
  public record Page(List<String> aors, String next) {
    public Page {
      aors = List.copyOf(aors);
    }
  }

  private final ActorSystem<?> system;
  private final String readJournalPluginId;

  /** @param readJournalPluginId the read journal that lists persistence ids, e.g. {@code "jdbc-read-journal"} */
  public JournalAors(ActorSystem<?> system, String readJournalPluginId) {
    this.system = system;
    this.readJournalPluginId = readJournalPluginId;
  }

  /**
   * The first {@code limit} AORs of {@code domain} (every domain when null) whose id sorts after
   * {@code after} (from the start when null).
   *
   * @param domain a domain in its one form (lower case, {@link AorEntity#entityId})
   */
  public CompletionStage<Page> page(String domain, String after, int limit) {
    if (limit < 1) {
      throw new IllegalArgumentException("limit must be at least 1, was " + limit);
    }
    String suffix = domain == null ? null : "@" + domain;
    CurrentPersistenceIdsQuery journal =
        PersistenceQuery.get(system).getReadJournalFor(CurrentPersistenceIdsQuery.class, readJournalPluginId);
    return journal.currentPersistenceIds()
        .filter(id -> id.startsWith(PREFIX))
        .map(id -> id.substring(PREFIX.length()))
        .filter(aor -> (suffix == null || aor.endsWith(suffix)) && (after == null || aor.compareTo(after) > 0))
        .runFold(new TreeSet<String>(), (smallest, aor) -> keep(smallest, aor, limit + 1), system)
        .thenApplyAsync(smallest -> page(smallest, limit), system.executionContext());
  }

  private static TreeSet<String> keep(TreeSet<String> smallest, String aor, int most) {
    if (smallest.size() < most) {
      smallest.add(aor);
    } else if (aor.compareTo(smallest.last()) < 0 && smallest.add(aor)) {
      smallest.pollLast();
    }
    return smallest;
  }

  private static Page page(TreeSet<String> smallest, int limit) {
    List<String> aors = new ArrayList<>(Math.min(smallest.size(), limit));
    for (String aor : smallest) {
      if (aors.size() == limit) {
        break;
      }
      aors.add(aor);
    }
    return new Page(aors, smallest.size() > limit ? aors.get(aors.size() - 1) : null);
  }
}
