package io.parley.auth;

import java.sql.SQLException;

/** A failed write or read of the subscriber tables, with what the caller may want to tell apart. */
public final class SubscriberStoreException extends RuntimeException {

  /** What went wrong. */
  public enum Kind {
    /** The row exists already (SQLSTATE 23505, unique violation). */
    DUPLICATE,
    /** An alias names a subscriber that does not exist (SQLSTATE 23503, foreign key violation). */
    NO_SUBSCRIBER,
    /** Anything else: the database is unreachable, the schema is missing, … */
    FAILURE
  }

  private final Kind kind;

  SubscriberStoreException(String message, SQLException cause) {
    super(message + ": " + cause.getMessage(), cause);
    this.kind = kindOf(cause);
  }

  public Kind kind() {
    return kind;
  }

  private static Kind kindOf(SQLException e) {
    String state = e.getSQLState();
    if ("23505".equals(state)) {
      return Kind.DUPLICATE;
    }
    if ("23503".equals(state) || "23506".equals(state)) {
      // H2 reports a missing parent row as 23506; PostgreSQL as 23503.
      return Kind.NO_SUBSCRIBER;
    }
    return Kind.FAILURE;
  }
}
