package io.parley.dialog;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;

/**
 * How a {@link BatchWriter} writes its rows: prepares its statements on the connection it is
 * given, adds the rows to their batches and executes them. The writer owns the transaction
 * (auto-commit off, commit after the call, rollback on a throw) and the connection.
 *
 * @param <T> what is written
 */
@FunctionalInterface
public interface JdbcBatch<T> {
  void write(Connection connection, List<T> rows) throws SQLException;
}
