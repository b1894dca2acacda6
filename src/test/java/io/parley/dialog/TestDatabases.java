package io.parley.dialog;

import java.util.UUID;
import javax.sql.DataSource;
import org.flywaydb.core.Flyway;
import org.h2.jdbcx.JdbcDataSource;

/** Fresh H2 databases for tests: in memory, with the project's schema. */
public final class TestDatabases {
  private TestDatabases() {}

  /** An in-memory H2 database with the project's H2 migrations applied. */
  public static DataSource migratedH2() {
    JdbcDataSource ds = new JdbcDataSource();
    ds.setURL("jdbc:h2:mem:records-" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1");
    ds.setUser("sa");
    ds.setPassword("");
    Flyway.configure().dataSource(ds).locations("classpath:db/migration/h2").load().migrate();
    return ds;
  }
}
