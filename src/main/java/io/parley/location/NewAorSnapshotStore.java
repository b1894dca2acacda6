package io.parley.location;

import com.typesafe.config.Config;
import org.apache.pekko.persistence.SelectedSnapshot;
import org.apache.pekko.persistence.SnapshotMetadata;
import org.apache.pekko.persistence.SnapshotSelectionCriteria;
import org.apache.pekko.persistence.jdbc.snapshot.JdbcSnapshotStore;
import scala.Option;
import scala.concurrent.Future;

/**
 * pekko-persistence-jdbc's snapshot store, except that an AOR this node has claimed as new
 * ({@link NewAors#claim}) has no snapshot, and one that parked here ({@link ParkedAors}) has the
 * state it parked with, both without a query. Configured as {@code jdbc-snapshot-store.class}.
 */
public class NewAorSnapshotStore extends JdbcSnapshotStore {
  private static final Future<Option<SelectedSnapshot>> NONE = Future.successful(Option.empty());

  private final NewAors newAors;
  private final ParkedAors parkedAors;

  public NewAorSnapshotStore(Config config) {
    super(config);
    this.newAors = NewAors.get(context().system());
    this.parkedAors = ParkedAors.get(context().system());
  }

  @Override
  public Future<Option<SelectedSnapshot>> loadAsync(String persistenceId, SnapshotSelectionCriteria criteria) {
    if (newAors.isClaimed(persistenceId)) {
      return NONE;
    }
    ParkedAors.Snapshot parked = parkedAors.take(persistenceId, criteria.maxSequenceNr());
    if (parked != null) {
      SnapshotMetadata metadata = new SnapshotMetadata(persistenceId, parked.sequenceNr(), System.currentTimeMillis());
      return Future.successful(Option.apply(new SelectedSnapshot(metadata, parked.state())));
    }
    return super.loadAsync(persistenceId, criteria);
  }
}
