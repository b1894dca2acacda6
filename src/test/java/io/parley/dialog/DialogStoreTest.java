package io.parley.dialog;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import javax.sql.DataSource;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

class DialogStoreTest {
  private static final ActorTestKit kit = ActorTestKit.create();
  private static final BatchSettings FAST = new BatchSettings("test", 100, Duration.ofMillis(10), 1_000);

  @AfterAll
  static void stop() {
    kit.shutdownTestKit();
  }

  private static void flush(DialogStore store) throws Exception {
    store.flush().toCompletableFuture().get(30, TimeUnit.SECONDS);
  }

  @Test
  void aConfirmedDialogIsStoredWholeAndRemovedWhenItEnds() throws Exception {
    DataSource db = TestDatabases.migratedH2();
    DialogStore store = DialogStore.start(kit.system(), FAST, db);
    DialogInfo a = TestDialogs.confirmed("call-a@127.0.0.1", "alice@example.com", 1_700_000_000_000L);
    DialogInfo b = TestDialogs.confirmed("call-b@127.0.0.1", "carol@example.com", 1_700_000_001_000L);
    store.confirmed(a);
    store.confirmed(b);
    flush(store);
    // a fresh store on the same database: what a restarted node reads
    assertEquals(List.of(a, b), DialogStore.start(kit.system(), FAST, db).loadLive());

    store.ended(TestDialogs.hungUp(a, 30));
    flush(store);
    assertEquals(List.of(b), store.loadLive());
    assertEquals(3, store.stats().written());
  }

  /** {@code d} held by {@code node} at {@code home}, with a session timer (RFC 4028): stored and read back too. */
  private static DialogInfo heldBy(DialogInfo d, String node, String home) {
    return new DialogInfo(d.callId(), d.state(), d.caller(), d.callee(), d.originalUri(), d.finalUri(),
        d.setupMillis(), d.answerMillis(), d.deadlineMillis(), node, home, 1_800_000, d.answerMillis() + 1_800_000);
  }

  /** What a restarted node takes back, and what the leader hands over for nodes that are gone. */
  @Test
  void theDialogsOfANodeAndThoseOfNodesNoLongerMembersReadApart() throws Exception {
    DialogStore store = DialogStore.start(kit.system(), FAST, TestDatabases.migratedH2());
    DialogInfo one = heldBy(TestDialogs.confirmed("c1@127.0.0.1", "alice@example.com", 1L), "127.0.0.1:25521", "aaaaaa");
    DialogInfo two = heldBy(TestDialogs.confirmed("c2@127.0.0.1", "bob@example.com", 2L), "127.0.0.1:25522", "bbbbbb");
    DialogInfo three = heldBy(TestDialogs.confirmed("c3@127.0.0.1", "carol@example.com", 3L), "127.0.0.1:25523",
        "cccccc");
    DialogInfo moved = heldBy(TestDialogs.confirmed("c4@127.0.0.1", "dave@example.com", 4L), "127.0.0.1:25523",
        "aaaaaa");
    for (DialogInfo d : List.of(one, two, three, moved)) {
      store.confirmed(d);
    }
    flush(store);
    assertEquals(List.of(two), store.loadHeldBy("127.0.0.1:25522"));
    assertEquals(List.of(one), store.loadOrphans(Set.of("127.0.0.1:25522", "127.0.0.1:25523")));
    List<DialogInfo> gone = store.loadOrphans(Set.of("127.0.0.1:25521"));
    assertEquals(Set.of(two, three, moved), Set.copyOf(gone));
    assertEquals("aaaaaa", gone.stream().filter(d -> d.callId().equals("c4@127.0.0.1")).findFirst().get().home(),
        "the home is kept: the dialog's requests still name it");
    assertEquals(List.of(), store.loadOrphans(Set.of("127.0.0.1:25521", "127.0.0.1:25522", "127.0.0.1:25523")));
  }

  @Test
  void aRefreshReplacesTheRowAndAnEarlyDialogIsNotStored() throws Exception {
    DialogStore store = DialogStore.start(kit.system(), FAST, TestDatabases.migratedH2());
    DialogInfo a = TestDialogs.confirmed("call-r@127.0.0.1", "alice@example.com", 1_700_000_000_000L);
    store.confirmed(a);
    flush(store);
    DialogInfo reinvited = new DialogInfo(a.callId(), a.state(), a.caller().withCseq(7), a.callee(), a.originalUri(),
        a.finalUri(), a.setupMillis(), a.answerMillis(), a.deadlineMillis(), a.node());
    store.changed(reinvited);
    store.changed(TestDialogs.confirmed("early@127.0.0.1", "x@example.com", 1L).withState(DialogState.EARLY));
    flush(store);
    assertEquals(List.of(reinvited), store.loadLive());
  }

  @Test
  void confirmAndEndOfOneDialogApplyInOrderWithinABatchAndAcrossBatches() throws Exception {
    DialogStore store = DialogStore.start(kit.system(), new BatchSettings("test", 3, Duration.ofMillis(10), 1_000),
        TestDatabases.migratedH2());
    // 40 short calls, each confirmed and ended: batches of 3 split some pairs, join others
    for (int i = 0; i < 40; i++) {
      DialogInfo d = TestDialogs.confirmed("short-" + i + "@127.0.0.1", "alice@example.com", 1_700_000_000_000L + i);
      store.confirmed(d);
      store.ended(TestDialogs.hungUp(d, 1));
    }
    DialogInfo last = TestDialogs.confirmed("long@127.0.0.1", "alice@example.com", 1_700_000_100_000L);
    store.confirmed(last);
    flush(store);
    assertEquals(List.of(last), store.loadLive());
  }

  @Test
  void aCallNeverAnsweredWritesNothingAndABadRowIsLeftOutOfTheLoad() throws Exception {
    DataSource db = TestDatabases.migratedH2();
    DialogStore store = DialogStore.start(kit.system(), FAST, db);
    store.ended(TestDialogs.failed("missed@127.0.0.1", "alice@example.com", 1L, 487, "Request Terminated",
        HangUp.CALLER));
    flush(store);
    assertEquals(0, store.stats().written());
    try (Connection c = db.getConnection(); PreparedStatement ps = c.prepareStatement(
        "INSERT INTO dialog (call_id, node, state, deadline_millis, info) VALUES ('bad', 'n', 'confirmed', 0, '{x')")) {
      ps.executeUpdate();
    }
    assertTrue(store.loadLive().isEmpty());
  }
}
