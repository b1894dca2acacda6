package io.parley.app;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.parley.auth.DigestAlgorithm;
import io.parley.auth.Ha1;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.FlywayException;
import org.h2.jdbcx.JdbcDataSource;
import org.junit.jupiter.api.Test;

/**
 * Schema 6 on a database written before it: user names stored as an operator typed them
 * ({@code %41lice}) become the canonical form every lookup uses; two spellings of one AOR stop
 * the migration with both named.
 */
class CanonicalUserNamesTest {
  private final JdbcDataSource ds = new JdbcDataSource();

  CanonicalUserNamesTest() {
    ds.setURL("jdbc:h2:mem:canonical-" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1");
    ds.setUser("sa");
    ds.setPassword("");
    // the schema as the previous version left it
    Flyway.configure().dataSource(ds).locations("classpath:db/migration/h2").target("3").load().migrate();
  }

  private void sql(String... statements) throws SQLException {
    try (Connection c = ds.getConnection(); Statement s = c.createStatement()) {
      for (String st : statements) {
        s.execute(st);
      }
    }
  }

  private List<String> rows(String query) throws SQLException {
    List<String> out = new ArrayList<>();
    try (Connection c = ds.getConnection(); Statement s = c.createStatement(); ResultSet rs = s.executeQuery(query)) {
      while (rs.next()) {
        StringBuilder row = new StringBuilder();
        for (int i = 1; i <= rs.getMetaData().getColumnCount(); i++) {
          row.append(i > 1 ? " " : "").append(rs.getString(i));
        }
        out.add(row.toString());
      }
    }
    return out;
  }

  private void subscriber(String username) throws SQLException {
    String ha1 = Ha1.compute(DigestAlgorithm.MD5, username, "example.com", "pw");
    sql("INSERT INTO subscriber (username, domain, ha1_md5, created_at) VALUES ('" + username
        + "', 'example.com', '" + ha1 + "', CURRENT_TIMESTAMP)");
  }

  private void migrate() {
    Flyway.configure().dataSource(ds).locations("classpath:db/migration/h2")
        .javaMigrations(new CanonicalUserNames()).load().migrate();
  }

  @Test
  void escapedUserNamesAreRewrittenWithTheirAliasesAndHa1s() throws SQLException {
    subscriber("%41lice");
    subscriber("bob");
    subscriber("a%3ab");
    sql("INSERT INTO alias (alias_username, alias_domain, username, domain) VALUES ('%61l', 'example.com', "
            + "'%41lice', 'example.com')",
        "INSERT INTO alias (alias_username, alias_domain, username, domain) VALUES ('robert', 'example.com', "
            + "'bob', 'example.com')");
    migrate();
    assertEquals(List.of("Alice", "a%3Ab", "bob"), rows("SELECT username FROM subscriber ORDER BY username"));
    assertEquals(List.of("al Alice", "robert bob"),
        rows("SELECT alias_username, username FROM alias ORDER BY alias_username"));
    // the HA1 stays the one computed over the spelling the phone was given
    assertEquals(List.of(Ha1.compute(DigestAlgorithm.MD5, "%41lice", "example.com", "pw")),
        rows("SELECT ha1_md5 FROM subscriber WHERE username = 'Alice'"));
  }

  @Test
  void twoSpellingsOfOneAorStopTheMigrationNamingBoth() throws SQLException {
    subscriber("alice");
    subscriber("%61lice");
    FlywayException e = assertThrows(FlywayException.class, this::migrate);
    StringBuilder messages = new StringBuilder();
    for (Throwable t = e; t != null; t = t.getCause()) {
      messages.append(t.getMessage()).append('\n');
    }
    assertTrue(messages.toString().contains(
        "'%61lice@example.com' and 'alice@example.com' are one address of record"), messages.toString());
    assertEquals(List.of("%61lice", "alice"), rows("SELECT username FROM subscriber ORDER BY username"),
        "nothing changed");
  }

  @Test
  void aDatabaseOfPlainUserNamesIsUnchanged() throws SQLException {
    subscriber("alice");
    subscriber("+4930123;x=y");
    migrate();
    assertEquals(List.of("+4930123;x=y", "alice"), rows("SELECT username FROM subscriber ORDER BY username"));
  }
}
