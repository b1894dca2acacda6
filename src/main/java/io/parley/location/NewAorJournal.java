package io.parley.location;

import com.typesafe.config.Config;
import org.apache.pekko.persistence.AtomicWrite;
import org.apache.pekko.persistence.jdbc.journal.JdbcAsyncWriteJournal;
import scala.collection.immutable.Seq;
import scala.concurrent.Future;
import scala.jdk.javaapi.CollectionConverters;
import scala.util.Try;

/**
 * pekko-persistence-jdbc's journal, except that the recovery of an AOR this node has claimed as
 * new ({@link NewAors#claim}) learns its highest sequence number, 0, without a query, and that
 * every write tells {@link NewAors} the AOR now has events. Configured as {@code
 * jdbc-journal.class}.
 */
public class NewAorJournal extends JdbcAsyncWriteJournal {
  private static final Future<Object> NONE_WRITTEN = Future.successful(0L);

  private final NewAors newAors;

  public NewAorJournal(Config config) {
    super(config);
    this.newAors = NewAors.get(context().system());
  }

  @Override
  public Future<Object> asyncReadHighestSequenceNr(String persistenceId, long fromSequenceNr) {
    return newAors.takeClaim(persistenceId) ? NONE_WRITTEN : super.asyncReadHighestSequenceNr(persistenceId, fromSequenceNr);
  }

  @Override
  public Future<Seq<Try<scala.runtime.BoxedUnit>>> asyncWriteMessages(Seq<AtomicWrite> messages) {
    for (AtomicWrite write : CollectionConverters.asJava(messages)) {
      newAors.known(write.persistenceId());
    }
    return super.asyncWriteMessages(messages);
  }
}
