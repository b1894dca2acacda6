package io.parley.accounting;

import io.parley.dialog.JdbcBatch;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Types;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.List;

/**
 * The {@code cdr} table ({@code db/migration/{h2,postgresql}/V7__cdr_and_dialog.sql}; V9 dropped
 * its index on call_id): one insert per record, times as UTC {@code TIMESTAMP}s like the other
 * tables'. A text longer than its column is cut to fit, with "…" at its end, so a caller with a
 * long URI still leaves a record.
 */
final class CdrTable implements JdbcBatch<Cdr> {
  static final String COLUMNS = "call_id, caller, callee, original_uri, final_uri, from_tag, to_tag, setup_time, "
      + "answer_time, end_time, duration, status, reason, ended_by, node";
  /** Column sizes (the migration's). */
  static final int URI = 1024;
  static final int TAG = 255;
  static final int REASON = 255;
  static final int LABEL = 32;
  static final int NODE = 255;

  @Override
  public void write(Connection c, List<Cdr> rows) throws SQLException {
    try (PreparedStatement ps = c.prepareStatement(
        "INSERT INTO cdr (" + COLUMNS + ") VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")) {
      for (Cdr r : rows) {
        ps.setString(1, fit(r.callId(), URI));
        ps.setString(2, fit(r.caller(), URI));
        ps.setString(3, fit(r.callee(), URI));
        ps.setString(4, fit(r.originalUri(), URI));
        ps.setString(5, fit(r.finalUri(), URI));
        ps.setString(6, fit(r.fromTag(), TAG));
        ps.setString(7, fit(r.toTag(), TAG));
        ps.setObject(8, utc(r.setup()));
        if (r.answer() == null) {
          ps.setNull(9, Types.TIMESTAMP);
        } else {
          ps.setObject(9, utc(r.answer()));
        }
        ps.setObject(10, utc(r.end()));
        ps.setLong(11, r.durationSeconds());
        ps.setInt(12, r.status());
        ps.setString(13, fit(r.reason(), REASON));
        ps.setString(14, fit(r.endedBy(), LABEL));
        ps.setString(15, fit(r.node(), NODE));
        ps.addBatch();
      }
      ps.executeBatch();
    }
  }

  static LocalDateTime utc(Instant t) {
    return LocalDateTime.ofInstant(t, ZoneOffset.UTC);
  }

  static Instant instant(LocalDateTime t) {
    return t == null ? null : t.toInstant(ZoneOffset.UTC);
  }

  /** {@code s}, or its beginning and "…" if it is longer than {@code max}. */
  static String fit(String s, int max) {
    if (s == null || s.length() <= max) {
      return s;
    }
    return s.substring(0, max - 1) + "…";
  }
}
