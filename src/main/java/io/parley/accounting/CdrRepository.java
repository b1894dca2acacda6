package io.parley.accounting;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import javax.sql.DataSource;

/**
 * The {@code cdr} table read back ({@code GET /cdrs}, {@code parley cdrs}). Blocking JDBC: call
 * it from a dispatcher meant for blocking work, never from an actor's thread. Thread-safe if the
 * DataSource is.
 */
public final class CdrRepository {
  /** The most rows one query returns. */
  public static final int MAX_PAGE = 10_000;

  private final DataSource dataSource;

  public CdrRepository(DataSource dataSource) {
    this.dataSource = Objects.requireNonNull(dataSource, "dataSource");
  }

  /**
   * The CDRs {@code q} asks for, newest setup first (by insertion for equal times).
   *
   * @throws IllegalStateException if the database cannot be read
   */
  public List<Cdr> find(CdrQuery q) {
    StringBuilder sql = new StringBuilder("SELECT ").append(CdrTable.COLUMNS).append(" FROM cdr WHERE 1 = 1");
    List<Object> args = new ArrayList<>();
    if (q.from() != null) {
      sql.append(" AND setup_time >= ?");
      args.add(CdrTable.utc(q.from()));
    }
    if (q.to() != null) {
      sql.append(" AND setup_time < ?");
      args.add(CdrTable.utc(q.to()));
    }
    uri(sql, args, "caller", q.caller());
    uri(sql, args, "callee", q.callee());
    if (q.callId() != null) {
      sql.append(" AND call_id = ?");
      args.add(q.callId());
    }
    sql.append(" ORDER BY setup_time DESC, id DESC LIMIT ? OFFSET ?");
    args.add(q.limit());
    args.add(q.offset());
    try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement(sql.toString())) {
      for (int i = 0; i < args.size(); i++) {
        ps.setObject(i + 1, args.get(i));
      }
      List<Cdr> out = new ArrayList<>();
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          out.add(read(rs));
        }
      }
      return out;
    } catch (SQLException e) {
      throw new IllegalStateException("cannot read the cdr table: " + e.getMessage(), e);
    }
  }

  /** A URI as given, or, without a scheme, its sip: and sips: forms. */
  private static void uri(StringBuilder sql, List<Object> args, String column, String value) {
    if (value == null) {
      return;
    }
    if (value.contains(":")) {
      sql.append(" AND ").append(column).append(" = ?");
      args.add(value);
    } else {
      sql.append(" AND ").append(column).append(" IN (?, ?)");
      args.add("sip:" + value);
      args.add("sips:" + value);
    }
  }

  private static Cdr read(ResultSet rs) throws SQLException {
    return new Cdr(rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4), rs.getString(5),
        rs.getString(6), rs.getString(7), CdrTable.instant(rs.getObject(8, LocalDateTime.class)),
        CdrTable.instant(rs.getObject(9, LocalDateTime.class)), CdrTable.instant(rs.getObject(10, LocalDateTime.class)),
        rs.getLong(11), rs.getInt(12), rs.getString(13), rs.getString(14), rs.getString(15));
  }
}
