package io.parley.location;

import com.typesafe.config.Config;
import org.apache.pekko.persistence.SelectedSnapshot;
import org.apache.pekko.persistence.SnapshotSelectionCriteria;
import org.apache.pekko.persistence.jdbc.snapshot.JdbcSnapshotStore;
import scala.Option;
import scala.concurrent.Future;

/**
 * pekko-persistence-jdbc's snapshot store, except that an AOR this node has claimed as new
 * ({@link NewAors#claim}) has no snapshot, without a query. Configured as {@code
 * jdbc-snapshot-store.class}.
 */
public class NewAorSnapshotStore extends JdbcSnapshotStore {
  private static final Future<Option<SelectedSnapshot>> NONE = Future.successful(Option.empty());

  private final NewAors newAors;

  public NewAorSnapshotStore(Config config) {
    super(config);
    this.newAors = NewAors.get(context().system());
  }

  @Override
  public Future<Option<SelectedSnapshot>> loadAsync(String persistenceId, SnapshotSelectionCriteria criteria) {
    return newAors.isClaimed(persistenceId) ? NONE : super.loadAsync(persistenceId, criteria);
  }
}
