package io.parley.app;

import io.parley.message.uri.CanonicalAor;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import org.flywaydb.core.api.FlywayException;
import org.flywaydb.core.api.MigrationVersion;
import org.flywaydb.core.api.migration.Context;
import org.flywaydb.core.api.migration.JavaMigration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Schema version 6 (after every SQL script, so a database migrated by them alone takes it next),
 * for H2 and PostgreSQL alike: rewrites the user names of the {@code subscriber} and {@code alias}
 * tables into the one form of an address-of-record ({@link
 * CanonicalAor}, RFC 3261 §19.1.4), which every lookup now uses. Before it an operator could
 * provision {@code %41lice} as typed; it is now {@code Alice}. A plain user name (letters,
 * digits, {@code -_.!~*'()&=+$,;?/}) is its own canonical form and is not touched, so most
 * databases change nothing. Domains are in lower case already.
 *
 * <p>The HA1s stay as they are: they were computed over the spelling that was stored, and a
 * phone that authenticates with that spelling as its digest user name keeps working (its
 * lookup now finds the canonical row). If two rows are one AOR ({@code alice} and {@code
 * %61lice}), the migration stops with a message naming both, and the node does not start:
 * which one to keep is the operator's choice ({@code parley subscriber remove} one with the
 * previous version, or delete the row).
 *
 * <p>Why not SQL: resolving percent escapes has no portable SQL form in H2 and PostgreSQL.
 */
final class CanonicalUserNames implements JavaMigration {
  private static final Logger log = LoggerFactory.getLogger(CanonicalUserNames.class);

  @Override
  public MigrationVersion getVersion() {
    return MigrationVersion.fromVersion("6");
  }

  @Override
  public String getDescription() {
    return "canonical user names";
  }

  @Override
  public Integer getChecksum() {
    return null;
  }

  @Override
  public boolean canExecuteInTransaction() {
    return true;
  }

  @Override
  public void migrate(Context context) throws SQLException {
    Connection c = context.getConnection();
    for (String[] row : rows(c, "SELECT username, domain FROM subscriber")) {
      String canonical = CanonicalAor.user(row[0]);
      if (canonical.equals(row[0])) {
        continue;
      }
      refuseTaken(c, row[0], canonical, row[1]);
      // the alias foreign key has no ON UPDATE: a new row, the aliases moved to it, the old row gone
      update(c, "INSERT INTO subscriber (username, domain, ha1_md5, ha1_sha256, ha1_sha512_256, created_at) "
          + "SELECT ?, domain, ha1_md5, ha1_sha256, ha1_sha512_256, created_at FROM subscriber "
          + "WHERE username = ? AND domain = ?", canonical, row[0], row[1]);
      update(c, "UPDATE alias SET username = ? WHERE username = ? AND domain = ?", canonical, row[0], row[1]);
      update(c, "DELETE FROM subscriber WHERE username = ? AND domain = ?", row[0], row[1]);
    }
    for (String[] row : rows(c, "SELECT alias_username, alias_domain FROM alias")) {
      String canonical = CanonicalAor.user(row[0]);
      if (canonical.equals(row[0])) {
        continue;
      }
      refuseTaken(c, row[0], canonical, row[1]);
      update(c, "UPDATE alias SET alias_username = ? WHERE alias_username = ? AND alias_domain = ?",
          canonical, row[0], row[1]);
    }
  }

  private static void refuseTaken(Connection c, String written, String canonical, String domain)
      throws SQLException {
    boolean taken = !rows(c, "SELECT username FROM subscriber WHERE username = ? AND domain = ?", canonical, domain)
        .isEmpty()
        || !rows(c, "SELECT alias_username FROM alias WHERE alias_username = ? AND alias_domain = ?", canonical,
            domain).isEmpty();
    if (taken) {
      String message = "'" + written + "@" + domain + "' and '" + canonical + "@" + domain
          + "' are one address of record (RFC 3261 §19.1.4: escapes are resolved before comparing); "
          + "remove one of them (subscriber or alias) from the database, then start again";
      // Flyway reports only "Migration failed" at the top: the reason must reach the log itself
      log.error(message);
      throw new FlywayException(message);
    }
  }

  private static List<String[]> rows(Connection c, String sql, String... args) throws SQLException {
    try (PreparedStatement ps = c.prepareStatement(sql)) {
      for (int i = 0; i < args.length; i++) {
        ps.setString(i + 1, args[i]);
      }
      List<String[]> out = new ArrayList<>();
      try (ResultSet rs = ps.executeQuery()) {
        int n = rs.getMetaData().getColumnCount();
        while (rs.next()) {
          String[] row = new String[n];
          for (int i = 0; i < n; i++) {
            row[i] = rs.getString(i + 1);
          }
          out.add(row);
        }
      }
      return out;
    }
  }

  private static void update(Connection c, String sql, String... args) throws SQLException {
    try (PreparedStatement ps = c.prepareStatement(sql)) {
      for (int i = 0; i < args.length; i++) {
        ps.setString(i + 1, args[i]);
      }
      ps.executeUpdate();
    }
  }
}
