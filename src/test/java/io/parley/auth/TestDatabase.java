package io.parley.auth;

import java.util.UUID;
import javax.sql.DataSource;
import org.flywaydb.core.Flyway;
import org.h2.jdbcx.JdbcDataSource;

/** A fresh in-memory H2 database per call, migrated with the project's H2 scripts. */
final class TestDatabase {
  private TestDatabase() {}

  static DataSource migrated() {
    JdbcDataSource ds = new JdbcDataSource();
    ds.setURL("jdbc:h2:mem:auth-" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1");
    ds.setUser("sa");
    ds.setPassword("");
    Flyway.configure().dataSource(ds).locations("classpath:db/migration/h2").load().migrate();
    return ds;
  }
}
