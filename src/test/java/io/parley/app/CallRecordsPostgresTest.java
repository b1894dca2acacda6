package io.parley.app;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import io.parley.accounting.AccountingSettings;
import io.parley.accounting.Cdr;
import io.parley.accounting.CdrQuery;
import io.parley.config.ConfigLoader;
import io.parley.config.StorageSettings;
import io.parley.dialog.BatchSettings;
import io.parley.dialog.DialogInfo;
import io.parley.dialog.DialogStore;
import io.parley.dialog.HangUp;
import io.parley.dialog.TestDialogs;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.junit.jupiter.api.Test;

/**
 * The call records on PostgreSQL, the database a cluster shares: the V7 migration, the dialog
 * store and the CDRs round trip, and an outage (the server stopped under the writers): offers
 * return at once, the records wait and are written once the server is back.
 */
class CallRecordsPostgresTest {
  private static final long T0 = Instant.parse("2026-12-06T08:00:00Z").toEpochMilli();

  @Test
  void dialogsAndCdrsRoundTripOnPostgresqlAndSurviveAnOutage() throws Exception {
    try (PostgresServer pg = PostgresServer.start()) {
      Config config = ConfigLoader.layered(ConfigFactory.parseString("""
          parley.storage.jdbc-url = "%s"
          parley.storage.user = "postgres"
          parley.storage.password = ""
          parley.accounting.batch-interval = 20ms
          parley.dialog.store.batch-interval = 20ms
          """.formatted(pg.jdbcUrl())));
      StorageSettings storage = StorageSettings.from(config);
      assertEquals("10", DatabaseSchema.migrate(storage).targetSchemaVersion);
      assertEquals(0, DatabaseSchema.migrate(storage).migrationsExecuted, "nothing left to do");

      ActorTestKit kit = ActorTestKit.create();
      try {
        CallRecords records = CallRecords.start(kit.system(), storage, AccountingSettings.from(config),
            BatchSettings.from(config, DialogStore.KEY), "127.0.0.1:25520");
        DialogInfo a = TestDialogs.confirmed("pg-a@127.0.0.1", "alice@example.com", T0);
        DialogInfo b = TestDialogs.confirmed("pg-b@127.0.0.1", "carol@example.com", T0 + 1000);
        records.events().confirmed(a);
        records.events().confirmed(b);
        records.events().ended(TestDialogs.hungUp(a, 30));
        records.events().ended(TestDialogs.failed("pg-c@127.0.0.1", "alice@example.com", T0 + 2000, 487,
            "Request Terminated", HangUp.CALLER));
        flush(records);
        assertEquals(List.of(b), records.dialogs.loadLive());
        List<Cdr> cdrs = records.repository.find(new CdrQuery(null, null, "alice@example.com", null, null, 10, 0));
        assertEquals(List.of("pg-c@127.0.0.1", "pg-a@127.0.0.1"), cdrs.stream().map(Cdr::callId).toList());
        assertNull(cdrs.get(0).answer());
        assertEquals(Instant.ofEpochMilli(T0 + 2000), cdrs.get(1).answer());
        assertEquals(30, cdrs.get(1).durationSeconds());

        pg.down();
        List<String> during = new ArrayList<>();
        for (int i = 0; i < 200; i++) {
          DialogInfo d = TestDialogs.confirmed("out-" + i + "@127.0.0.1", "dave@example.com", T0 + 10_000 + i);
          records.events().confirmed(d);
          records.events().ended(TestDialogs.hungUp(d, i));
          during.add(d.callId());
        }
        records.events().ended(TestDialogs.hungUp(b, 5));
        long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (records.cdrs.stats().retried() == 0 && System.nanoTime() < end) {
          Thread.sleep(20);
        }
        assertTrue(records.cdrs.stats().retried() > 0, records.cdrs.stats().toString());
        assertEquals(0, records.cdrs.stats().dropped());

        pg.up();
        flush(records);
        List<Cdr> written = records.repository.find(new CdrQuery(null, null, "dave@example.com", null, null, 1000, 0));
        assertEquals(200, written.size());
        assertEquals(during.get(199), written.get(0).callId());
        assertTrue(records.dialogs.loadLive().isEmpty(), "every dialog ended, b included");
        assertEquals(0, records.cdrs.stats().pending());
        assertEquals(0, records.dialogs.stats().pending());
      } finally {
        kit.shutdownTestKit();
      }
    }
  }

  private static void flush(CallRecords records) throws Exception {
    records.cdrs.flush().toCompletableFuture().get(60, TimeUnit.SECONDS);
    records.dialogs.flush().toCompletableFuture().get(60, TimeUnit.SECONDS);
  }
}
