package io.parley.dialog;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The {@code dialog} table ({@code db/migration/{h2,postgresql}/V7__cdr_and_dialog.sql}): one row
 * per confirmed dialog, its {@link DialogInfo} as JSON. Blocking JDBC; the same SQL on H2 and
 * PostgreSQL (a save is a delete and an insert in one transaction, not a dialect's upsert).
 */
final class DialogTable implements JdbcBatch<DialogTable.Change> {
  private static final Logger log = LoggerFactory.getLogger(DialogTable.class);
  /** Rows written by an older build may lack what a newer DialogInfo has, and the other way round. */
  static final ObjectMapper JSON = new ObjectMapper()
      .configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, false);

  /** What happened to a dialog: saved (confirmed, refreshed) or removed (ended). */
  sealed interface Change {
    String callId();
  }

  record Save(DialogInfo dialog) implements Change {
    @Override
    public String callId() {
      return dialog.callId();
    }
  }

  record Remove(String callId) implements Change {}

  /**
   * Only the last change of each Call-ID in the batch counts, applied in order: a dialog confirmed
   * and ended within one batch leaves no row, one ended and confirmed again leaves its row.
   */
  @Override
  public void write(Connection c, List<Change> rows) throws SQLException {
    Map<String, Change> last = new LinkedHashMap<>();
    for (Change ch : rows) {
      last.remove(ch.callId());
      last.put(ch.callId(), ch);
    }
    try (PreparedStatement delete = c.prepareStatement("DELETE FROM dialog WHERE call_id = ?");
        PreparedStatement insert = c.prepareStatement(
            "INSERT INTO dialog (call_id, node, state, deadline_millis, info) VALUES (?, ?, ?, ?, ?)")) {
      for (Change ch : last.values()) {
        delete.setString(1, ch.callId());
        delete.addBatch();
        if (ch instanceof Save s) {
          DialogInfo d = s.dialog();
          insert.setString(1, d.callId());
          insert.setString(2, d.node() == null ? "" : d.node());
          insert.setString(3, d.state().label());
          insert.setLong(4, d.deadlineMillis());
          insert.setString(5, json(d));
          insert.addBatch();
        }
      }
      delete.executeBatch();
      insert.executeBatch();
    }
  }

  /** Every dialog in the table; a row that does not read is logged and left out. */
  static List<DialogInfo> readAll(DataSource dataSource) {
    return read(dataSource, "SELECT call_id, info FROM dialog ORDER BY call_id", null);
  }

  /** The dialogs node {@code node} holds (its {@link DialogInfo#node()}). */
  static List<DialogInfo> readHeldBy(DataSource dataSource, String node) {
    return read(dataSource, "SELECT call_id, info FROM dialog WHERE node = ? ORDER BY call_id", node);
  }

  /**
   * The nodes that hold stored dialogs. A scan of the table, without an index of its own: it is
   * read when the cluster's membership changes, while every dialog's insert would pay for an index.
   */
  static Set<String> readNodes(DataSource dataSource) {
    Set<String> nodes = new HashSet<>();
    try (Connection c = dataSource.getConnection();
        PreparedStatement ps = c.prepareStatement("SELECT DISTINCT node FROM dialog");
        ResultSet rs = ps.executeQuery()) {
      while (rs.next()) {
        nodes.add(rs.getString(1));
      }
    } catch (SQLException e) {
      throw new IllegalStateException("cannot read the dialog table: " + e.getMessage(), e);
    }
    return nodes;
  }

  private static List<DialogInfo> read(DataSource dataSource, String sql, String node) {
    List<DialogInfo> out = new ArrayList<>();
    try (Connection c = dataSource.getConnection();
        PreparedStatement ps = c.prepareStatement(sql)) {
      if (node != null) {
        ps.setString(1, node);
      }
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          try {
            out.add(JSON.readValue(rs.getString(2), DialogInfo.class));
          } catch (JsonProcessingException | RuntimeException e) {
            log.error("dialog {}: its stored row does not read, left out: {}", rs.getString(1), e.toString());
          }
        }
      }
    } catch (SQLException e) {
      throw new IllegalStateException("cannot read the dialog table: " + e.getMessage(), e);
    }
    return out;
  }

  static String json(DialogInfo d) {
    try {
      return JSON.writeValueAsString(d);
    } catch (JsonProcessingException e) {
      // strings, numbers and a list: always serializable
      throw new IllegalStateException(e);
    }
  }
}
