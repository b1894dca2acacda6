package io.parley.accounting;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.parley.dialog.BatchSettings;
import io.parley.dialog.CallEnded;
import io.parley.dialog.DialogInfo;
import io.parley.dialog.HangUp;
import io.parley.dialog.TestDatabases;
import io.parley.dialog.TestDialogs;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.TimeUnit;
import javax.sql.DataSource;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

/** CDRs from ended calls into the cdr table of H2 and back out through the repository. */
class CdrWriterTest {
  private static final ActorTestKit kit = ActorTestKit.create();
  private static final BatchSettings FAST = new BatchSettings("test", 100, Duration.ofMillis(10), 10_000);
  private static final long T0 = Instant.parse("2026-12-06T08:00:00Z").toEpochMilli();

  private final DataSource db = TestDatabases.migratedH2();
  private final CdrWriter writer = CdrWriter.start(kit.system(), FAST, db, "127.0.0.1:25520");
  private final CdrRepository repository = new CdrRepository(db);

  @AfterAll
  static void stop() {
    kit.shutdownTestKit();
  }

  private void flush() throws Exception {
    writer.flush().toCompletableFuture().get(30, TimeUnit.SECONDS);
  }

  @Test
  void anAnsweredCallAndAMissedCallHaveTheirRecords() throws Exception {
    DialogInfo d = TestDialogs.confirmed("answered@127.0.0.1", "alice@example.com", T0);
    writer.confirmed(d);
    writer.changed(d);
    CallEnded answered = TestDialogs.hungUp(d, 62);
    writer.ended(answered);
    writer.ended(TestDialogs.failed("missed@127.0.0.1", "alice@example.com", T0 + 60_000, 487, "Request Terminated",
        HangUp.CALLER));
    flush();

    List<Cdr> all = repository.find(CdrQuery.newest(10));
    assertEquals(2, all.size());
    Cdr missed = all.get(0);
    assertEquals("missed@127.0.0.1", missed.callId());
    assertNull(missed.answer());
    assertNull(missed.toTag());
    assertEquals(0, missed.durationSeconds());
    assertEquals(487, missed.status());
    assertEquals("caller", missed.endedBy());

    Cdr ok = all.get(1);
    assertEquals(new Cdr("answered@127.0.0.1", "sip:alice@example.com", "sip:bob@example.com", "sip:bob@example.com",
        "sip:b@127.0.0.1:5072", "ft-answered@127.0.0.1", "tt-answered@127.0.0.1", Instant.ofEpochMilli(T0),
        Instant.ofEpochMilli(T0 + 2000), Instant.ofEpochMilli(T0 + 64_000), 62, 200, "BYE", "caller",
        "127.0.0.1:25520"), ok);
    assertEquals(2, writer.stats().written());
  }

  @Test
  void queriesFilterByTimeCallerCalleeAndCallIdNewestFirstInPages() throws Exception {
    for (int i = 0; i < 30; i++) {
      String caller = i % 3 == 0 ? "carol@example.com" : "alice@example.com";
      writer.ended(TestDialogs.hungUp(TestDialogs.confirmed("c" + i + "@127.0.0.1", caller, T0 + i * 60_000L), i));
    }
    writer.write(new Cdr("sips@127.0.0.1", "sips:dave@example.com", "sip:bob@example.com", "sip:bob@example.com",
        null, "ft", null, Instant.ofEpochMilli(T0), null, Instant.ofEpochMilli(T0 + 1000), 0, 486, "Busy Here",
        "callee", "n"));
    flush();

    List<Cdr> page = repository.find(new CdrQuery(null, null, null, null, null, 5, 0));
    assertEquals(List.of("c29@127.0.0.1", "c28@127.0.0.1", "c27@127.0.0.1", "c26@127.0.0.1", "c25@127.0.0.1"),
        page.stream().map(Cdr::callId).toList());
    List<Cdr> next = repository.find(new CdrQuery(null, null, null, null, null, 5, 5));
    assertEquals("c24@127.0.0.1", next.get(0).callId());

    // [from, to): setups at minutes 10..19
    List<Cdr> range = repository.find(new CdrQuery(Instant.ofEpochMilli(T0 + 10 * 60_000L),
        Instant.ofEpochMilli(T0 + 20 * 60_000L), null, null, null, 100, 0));
    assertEquals(10, range.size());
    assertEquals("c19@127.0.0.1", range.get(0).callId());
    assertEquals("c10@127.0.0.1", range.get(9).callId());

    assertEquals(10, repository.find(new CdrQuery(null, null, "carol@example.com", null, null, 100, 0)).size());
    assertEquals(10, repository.find(new CdrQuery(null, null, "sip:carol@example.com", null, null, 100, 0)).size());
    assertEquals(0, repository.find(new CdrQuery(null, null, "sips:carol@example.com", null, null, 100, 0)).size());
    assertEquals(1, repository.find(new CdrQuery(null, null, "dave@example.com", null, null, 100, 0)).size());
    assertEquals(31, repository.find(new CdrQuery(null, null, null, "bob@example.com", null, 100, 0)).size());
    List<Cdr> one = repository.find(new CdrQuery(null, null, null, null, "c7@127.0.0.1", 100, 0));
    assertEquals(1, one.size());
    assertEquals(7, one.get(0).durationSeconds());
    assertTrue(repository.find(new CdrQuery(null, null, "nobody@example.com", null, null, 100, 0)).isEmpty());
  }

  @Test
  void aValueLongerThanItsColumnIsCutAndTheRecordKept() throws Exception {
    String longReason = "R".repeat(400);
    writer.ended(new CallEnded(TestDialogs.failed("long@127.0.0.1", "alice@example.com", T0, 500, "x", HangUp.PROXY)
        .dialog(), T0 + 1000, 500, longReason, HangUp.PROXY));
    flush();
    Cdr r = repository.find(CdrQuery.newest(1)).get(0);
    assertEquals(255, r.reason().length());
    assertTrue(r.reason().endsWith("…"));
    assertEquals("proxy", r.endedBy());
    assertEquals(0, writer.stats().failed());
  }

  @Test
  void aBadQueryIsRefusedWithItsReason() {
    assertThrows(IllegalArgumentException.class, () -> new CdrQuery(null, null, null, null, null, 0, 0));
    assertThrows(IllegalArgumentException.class, () -> new CdrQuery(null, null, null, null, null, 10_001, 0));
    assertThrows(IllegalArgumentException.class, () -> new CdrQuery(null, null, null, null, null, 10, -1));
    var e = assertThrows(IllegalArgumentException.class,
        () -> new CdrQuery(Instant.ofEpochMilli(T0), Instant.ofEpochMilli(T0), null, null, null, 10, 0));
    assertTrue(e.getMessage().contains("from"), e.getMessage());
  }
}
