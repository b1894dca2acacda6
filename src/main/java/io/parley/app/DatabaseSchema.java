package io.parley.app;

import io.parley.config.StorageSettings;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.output.MigrateResult;

/**
 * Brings the database to the schema this build expects, before anything reads or writes it:
 * versioned, idempotent SQL under {@code db/migration/<dialect>} and the Java migrations SQL
 * cannot express ({@link CanonicalUserNames}), never the persistence plugin's testkit helper (it
 * swallows every SQL error).
 */
final class DatabaseSchema {
  private DatabaseSchema() {}

  static MigrateResult migrate(StorageSettings storage) {
    return Flyway.configure()
        .dataSource(storage.jdbcUrl(), storage.user(), storage.password())
        .locations("classpath:db/migration/" + storage.dialect().migrationFolder)
        .javaMigrations(new CanonicalUserNames())
        .load()
        .migrate();
  }
}
