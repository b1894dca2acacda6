package io.parley.location;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import io.parley.location.AorEntity.Command;
import io.parley.location.AorEntity.GetBindings;
import io.parley.location.AorEntity.RemoveAll;
import io.parley.location.AorEntity.UpdateBindings;
import io.parley.location.AorEvent.AllBindingsRemoved;
import io.parley.location.AorEvent.BindingAdded;
import io.parley.location.AorEvent.BindingExpired;
import io.parley.location.AorEvent.BindingRefreshed;
import io.parley.location.AorEvent.BindingRemoved;
import io.parley.location.AorEvent.BindingReplaced;
import io.parley.location.UpdateResult.OutOfOrder;
import io.parley.location.UpdateResult.TooManyBindings;
import io.parley.location.UpdateResult.Updated;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.apache.pekko.actor.testkit.typed.javadsl.ManualTime;
import org.apache.pekko.cluster.sharding.typed.javadsl.ClusterSharding;
import org.apache.pekko.cluster.sharding.typed.javadsl.EntityContext;
import org.apache.pekko.persistence.testkit.PersistenceTestKitSnapshotPlugin;
import org.apache.pekko.persistence.testkit.javadsl.EventSourcedBehaviorTestKit;
import org.apache.pekko.persistence.testkit.javadsl.EventSourcedBehaviorTestKit.CommandResultWithReply;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The AOR entity on the persistence testkit's in-memory journal, with every command, event and
 * state checked to survive Jackson CBOR. Time is ManualTime for the timers and a {@link
 * ManualClock} for the wall clock, moved together.
 */
class AorEntityTest {

  private static final Config CONFIG = EventSourcedBehaviorTestKit.config()
      .withFallback(PersistenceTestKitSnapshotPlugin.config())
      .withFallback(ManualTime.config())
      .withFallback(ConfigFactory.parseString(
          "pekko.actor.serialization-bindings { \"io.parley.common.CborSerializable\" = jackson-cbor }\n"
          // Time here is manual, but the probes wait in real time: a CI run once stalled 3 s in
          // the middle of a checkpoint's write, with the whole suite in one JVM on two cores.
          + "pekko.actor.testkit.typed.single-expect-default = 15s\n"
          // a parking entity writes what it holds only in memory, as when its node keeps no
          // more parked AORs; keeping them is AorJournalTest's, on the real journal
          + "parley.registrar.parked-in-memory = 0"))
      .withFallback(ConfigFactory.load());
  private static final ActorTestKit testKit = ActorTestKit.create(CONFIG);
  private static final ManualTime manualTime = ManualTime.get(testKit.system());
  private static final AtomicInteger ids = new AtomicInteger();

  static final long T0 = 1_700_000_000_000L;
  static final String CONTACT = "sip:alice@192.168.1.10:5060;transport=udp";
  static final String FLOW = "udp:203.0.113.7:40312";

  private ManualClock clock;
  private String aor;
  private EventSourcedBehaviorTestKit<Command, AorEvent, AorState> es;

  @AfterAll
  static void shutDown() {
    testKit.shutdownTestKit();
  }

  @BeforeEach
  void start() {
    clock = new ManualClock(T0);
    es = entity(AorSettings.DEFAULT);
  }

  private EventSourcedBehaviorTestKit<Command, AorEvent, AorState> entity(AorSettings settings) {
    aor = "user" + ids.incrementAndGet() + "@example.com";
    return EventSourcedBehaviorTestKit.create(testKit.system(), AorEntity.create(aor, settings, clock),
        EventSourcedBehaviorTestKit.enabledSerializationSettings());
  }

  private CommandResultWithReply<Command, AorEvent, AorState, UpdateResult> register(String callId, long cseq,
      String flow, ContactUpdate... contacts) {
    return es.runCommand(reply -> new UpdateBindings(List.of(contacts), callId, cseq, flow, List.of(), FLOW, reply));
  }

  private CommandResultWithReply<Command, AorEvent, AorState, UpdateResult> register(String callId, long cseq,
      ContactUpdate... contacts) {
    return register(callId, cseq, FLOW, contacts);
  }

  private List<Binding> current() {
    return es.<Bindings>runCommand(GetBindings::new).reply().bindings();
  }

  private void pass(Duration d) {
    clock.advance(d);
    manualTime.timePasses(d);
  }

  @Test
  void aNewContactIsAddedWithALeaseOfTwiceItsExpiry() {
    var r = register("call-1", 1, ContactUpdate.of(CONTACT, 3600));

    Binding b = new Binding(CONTACT, Binding.Q_UNSPECIFIED, "", T0 + 3_600_000, T0 + 7_200_000, "call-1", 1, FLOW,
        List.of(), null, 0, FLOW, T0, null, false);
    assertEquals(List.of(new BindingAdded(b)), r.events());
    assertEquals(new Updated(List.of(b)), r.reply());
    assertEquals(List.of(b), current());
  }

  /** RFC 3581: a UA that moved behind a NAT (or out from one) is reached elsewhere: written at once. */
  @Test
  void aRefreshFromBehindANatIsWrittenEvenWithinTheLease() {
    register("call-1", 1, ContactUpdate.of(CONTACT, 3600));
    pass(Duration.ofSeconds(60));
    var nated = register("call-1", 2, ContactUpdate.of(CONTACT, 3600).withBehindNat(true));
    assertEquals(Boolean.TRUE, assertInstanceOf(BindingRefreshed.class, nated.event()).binding().behindNat());
    pass(Duration.ofSeconds(60));
    assertTrue(register("call-1", 3, ContactUpdate.of(CONTACT, 3600).withBehindNat(true)).hasNoEvents(),
        "the same again is a refresh in memory");
    assertEquals(Boolean.TRUE, current().get(0).behindNat());
  }

  @Test
  void aRefreshWithinTheLeaseWritesNothingAndOneBeyondItWritesANewLease() {
    register("call-1", 1, ContactUpdate.of(CONTACT, 3600));

    pass(Duration.ofSeconds(1800));
    var within = register("call-1", 2, ContactUpdate.of(CONTACT, 3600));
    assertTrue(within.hasNoEvents());
    Binding refreshed = assertInstanceOf(Updated.class, within.reply()).bindings().get(0);
    assertEquals(T0 + 5_400_000, refreshed.expiresAt());
    assertEquals(T0 + 7_200_000, refreshed.leaseUntil());
    assertEquals(2, refreshed.cseq());

    pass(Duration.ofSeconds(1900)); // the new expiry, T0 + 7300 s, is past the lease
    var beyond = register("call-1", 3, ContactUpdate.of(CONTACT, 3600));
    BindingRefreshed e = assertInstanceOf(BindingRefreshed.class, beyond.event());
    assertEquals(T0 + 7_300_000, e.binding().expiresAt());
    assertEquals(T0 + 3_700_000 + 7_200_000, e.binding().leaseUntil());
    assertEquals(3, e.binding().cseq());
    assertEquals(T0, e.binding().registeredAt());
  }

  @Test
  void withLeaseFactorOneEveryRefreshIsWritten() {
    es = entity(new AorSettings(10, 1.0, Duration.ofHours(1), 100, 500, Duration.ofSeconds(10), Duration.ZERO));
    register("call-1", 1, ContactUpdate.of(CONTACT, 3600));
    pass(Duration.ofSeconds(1));
    var r = register("call-1", 2, ContactUpdate.of(CONTACT, 3600));
    assertEquals(T0 + 3_601_000, assertInstanceOf(BindingRefreshed.class, r.event()).binding().leaseUntil());
  }

  @Test
  void aRefreshThatChangesTheFlowIsWrittenEvenWithinTheLease() {
    register("call-1", 1, ContactUpdate.of(CONTACT, 3600));
    var r = register("call-1", 2, "udp:203.0.113.7:40999", ContactUpdate.of(CONTACT, 3600));
    assertEquals("udp:203.0.113.7:40999", assertInstanceOf(BindingRefreshed.class, r.event()).binding().flowId());
  }

  @Test
  void anotherCallIdReplacesTheBinding() {
    register("call-1", 7, ContactUpdate.of(CONTACT, 3600));
    pass(Duration.ofSeconds(10));
    var r = register("call-2", 1, new ContactUpdate(CONTACT, 3600, 500, "", null, 0));

    BindingReplaced e = assertInstanceOf(BindingReplaced.class, r.event());
    assertEquals(new BindingRef(CONTACT, null, 0), e.previous());
    assertEquals("call-2", e.binding().callId());
    assertEquals(T0 + 10_000, e.binding().registeredAt());
    assertEquals(1, current().size());
  }

  /** A new Call-ID alone, within the lease, is held in memory like the CSeq: no write. */
  @Test
  void anotherCallIdWithinTheLeaseIsKeptInMemory() {
    register("call-1", 7, ContactUpdate.of(CONTACT, 3600));
    pass(Duration.ofSeconds(10));
    var r = register("call-2", 1, ContactUpdate.of(CONTACT, 600));

    assertTrue(r.hasNoEvents());
    assertEquals("call-2", current().get(0).callId());
    // the in-memory Call-ID orders what follows: CSeq 1 of call-2 again is its retransmission
    var again = register("call-2", 1, ContactUpdate.of(CONTACT, 600));
    assertTrue(again.hasNoEvents());
    assertInstanceOf(UpdateResult.Updated.class, again.reply());
    var older = register("call-2", 0, ContactUpdate.of(CONTACT, 600));
    assertEquals(new OutOfOrder(CONTACT, 1), older.reply());
  }

  @Test
  void anEquivalentUriNamesTheSameBinding() {
    register("call-1", 1, ContactUpdate.of("sip:alice@Example.COM;transport=UDP", 3600));
    var r = register("call-1", 2, ContactUpdate.of("sip:%61lice@example.com;transport=udp", 3600));
    BindingReplaced e = assertInstanceOf(BindingReplaced.class, r.event());
    assertEquals("sip:%61lice@example.com;transport=udp", e.binding().contact());
    assertEquals(1, current().size());
  }

  @Test
  void anOutOfOrderCseqOnTheSameCallIdIsRefusedWholeAndChangesNothing() {
    register("call-1", 5, ContactUpdate.of(CONTACT, 3600));
    AorState before = es.getState();

    var lower = register("call-1", 4, ContactUpdate.of("sip:alice@10.0.0.2", 3600), ContactUpdate.of(CONTACT, 0));
    assertEquals(new OutOfOrder(CONTACT, 5), lower.reply());
    assertTrue(lower.hasNoEvents());
    assertEquals(before, es.getState());
  }

  /**
   * The registrar keeps no transaction state, so the request that set a binding may come again
   * (RFC 3261 §17.2.2): it is answered with the bindings as they are and changes nothing, even
   * where it would have removed or added a contact.
   */
  @Test
  void theSameCseqOnTheSameCallIdIsARetransmissionAndChangesNothing() {
    register("call-1", 5, ContactUpdate.of(CONTACT, 3600));
    AorState before = es.getState();

    var same = register("call-1", 5, ContactUpdate.of("sip:alice@10.0.0.2", 3600), ContactUpdate.of(CONTACT, 0));
    assertTrue(same.hasNoEvents());
    UpdateResult.Updated listed = assertInstanceOf(UpdateResult.Updated.class, same.reply());
    assertEquals(List.of(CONTACT), listed.bindings().stream().map(Binding::contact).toList());
    assertEquals(before, es.getState());
  }

  @Test
  void expiresZeroRemovesAndANewContactWithExpiresZeroDoesNothing() {
    register("call-1", 1, ContactUpdate.of(CONTACT, 3600));

    var none = register("call-1", 2, ContactUpdate.of("sip:alice@10.0.0.2", 0));
    assertTrue(none.hasNoEvents());
    var removed = register("call-1", 3, ContactUpdate.of(CONTACT, 0));
    assertEquals(List.of(new BindingRemoved(new BindingRef(CONTACT, null, 0))), removed.events());
    assertEquals(new Updated(List.of()), removed.reply());
    assertTrue(es.getState().isEmpty());
  }

  @Test
  void starRemovesAllButHonoursTheCseqOfItsCallId() {
    register("call-1", 4, ContactUpdate.of(CONTACT, 3600));
    register("call-2", 1, ContactUpdate.of("sip:alice@10.0.0.2", 3600));

    var refused = es.<UpdateResult>runCommand(reply -> new RemoveAll("call-1", 4, reply));
    assertEquals(new OutOfOrder(CONTACT, 4), refused.reply());
    assertTrue(refused.hasNoEvents());

    var r = es.<UpdateResult>runCommand(reply -> new RemoveAll("call-1", 5, reply));
    assertEquals(List.of(new AllBindingsRemoved("call-1", 5)), r.events());
    assertEquals(new Updated(List.of()), r.reply());
    assertTrue(current().isEmpty());
  }

  @Test
  void moreBindingsThanTheLimitAreRefusedWhole() {
    es = entity(new AorSettings(2, 2.0, Duration.ofHours(1), 100, 500, Duration.ofSeconds(10), Duration.ZERO));
    register("call-1", 1, ContactUpdate.of("sip:a@10.0.0.1", 3600), ContactUpdate.of("sip:a@10.0.0.2", 3600));

    var r = register("call-1", 2, ContactUpdate.of("sip:a@10.0.0.1", 3600), ContactUpdate.of("sip:a@10.0.0.3", 3600));
    assertEquals(new TooManyBindings(2), r.reply());
    assertTrue(r.hasNoEvents());
    // replacing one by another within the limit is fine
    var swap = register("call-1", 3, ContactUpdate.of("sip:a@10.0.0.1", 0), ContactUpdate.of("sip:a@10.0.0.3", 3600));
    assertEquals(2, assertInstanceOf(Updated.class, swap.reply()).bindings().size());
  }

  @Test
  void outboundBindingsAreNamedByInstanceAndRegId() {
    String instance = "<urn:uuid:00000000-0000-1000-8000-000A95A0E128>";
    String params = ";reg-id=1;+sip.instance=\"" + instance + "\"";
    register("call-1", 1, new ContactUpdate("sip:line1@192.0.2.2;transport=tcp;ob", 3600, 1000, params, instance, 1));
    var second = register("call-1", 2,
        new ContactUpdate("sip:line1@192.0.2.2;transport=tcp;ob", 3600, 1000, ";reg-id=2", instance, 2));
    assertInstanceOf(BindingAdded.class, second.event());

    var moved = register("call-1", 3, new ContactUpdate("sip:line1@198.51.100.9;transport=tcp;ob", 3600, 1000, params,
        instance, 1));
    BindingReplaced e = assertInstanceOf(BindingReplaced.class, moved.event());
    assertEquals(new BindingRef("sip:line1@192.0.2.2;transport=tcp;ob", instance, 1), e.previous());
    assertEquals(2, current().size());
  }

  @Test
  void bindingsComeHighestQFirst() {
    register("call-1", 1, new ContactUpdate("sip:a@10.0.0.1", 3600, 100, "", null, 0),
        new ContactUpdate("sip:a@10.0.0.2", 3600, 700, "", null, 0),
        ContactUpdate.of("sip:a@10.0.0.3", 3600));
    assertEquals(List.of("sip:a@10.0.0.3", "sip:a@10.0.0.2", "sip:a@10.0.0.1"),
        current().stream().map(Binding::contact).toList());
  }

  @Test
  void theTimerExpiresABindingWhenItsTimeIsReallyUp() {
    register("call-1", 1, ContactUpdate.of(CONTACT, 60));
    pass(Duration.ofSeconds(30));
    register("call-1", 2, ContactUpdate.of(CONTACT, 60)); // within the lease: expiry moves to T0 + 90 s

    pass(Duration.ofSeconds(30)); // the first expiry, T0 + 60 s, is gone by
    assertEquals(1, es.getState().size());
    es.runCommand(AorEntity.ExpiryDue.INSTANCE); // a timer that fires early changes nothing
    assertEquals(1, es.getState().size());

    pass(Duration.ofSeconds(30));
    assertTrue(es.getState().isEmpty());
    List<Object> journal = es.persistenceTestKit().persistedInStorage("Aor|" + aor);
    assertEquals(new BindingExpired(new BindingRef(CONTACT, null, 0)), journal.get(journal.size() - 1));
  }

  @Test
  void anExpiredBindingIsNotListedEvenBeforeTheTimerRuns() {
    register("call-1", 1, ContactUpdate.of(CONTACT, 60));
    clock.advance(Duration.ofSeconds(61));
    assertTrue(current().isEmpty());
    // and a new REGISTER of it adds it anew, expiring the old one in the same write
    var r = register("call-1", 2, ContactUpdate.of(CONTACT, 60));
    assertEquals(2, r.events().size());
    assertInstanceOf(BindingExpired.class, r.events().get(0));
    assertInstanceOf(BindingAdded.class, r.events().get(1));
  }

  @Test
  void afterRecoveryEveryBindingLivesUntilItsLease() {
    register("call-1", 1, ContactUpdate.of(CONTACT, 3600));
    pass(Duration.ofSeconds(1800));
    register("call-1", 2, ContactUpdate.of(CONTACT, 3600)); // not written: expires T0 + 5400 s in memory

    es.restart();
    Binding b = es.getState().active(clock.millis()).get(0);
    // never shorter than what the phone was granted, at most the slack longer
    assertEquals(T0 + 7_200_000, b.expiresAt());
    assertEquals(1, b.cseq()); // the CSeq of an unwritten refresh is lost with the node
  }

  @Test
  void bindingsThatRanOutWhileNoNodeHeldTheEntityExpireOnRecovery() {
    es = entity(new AorSettings(10, 1.0, Duration.ofHours(1), 100, 500, Duration.ofSeconds(10), Duration.ZERO));
    register("call-1", 1, ContactUpdate.of(CONTACT, 3600), ContactUpdate.of("sip:alice@10.0.0.2", 600));
    clock.advance(Duration.ofSeconds(700)); // the wall clock moves, no timer runs: the node is down

    es.restart();
    assertEquals(List.of(CONTACT), es.getState().bindings().stream().map(Binding::contact).toList());
    List<Object> journal = es.persistenceTestKit().persistedInStorage("Aor|" + aor);
    assertEquals(new BindingExpired(new BindingRef("sip:alice@10.0.0.2", null, 0)), journal.get(journal.size() - 1));
  }

  @Test
  void recoveryStartsFromASnapshot() {
    Binding a = new Binding("sip:a@10.0.0.1", 500, "", T0 + 60_000, T0 + 120_000, "c", 1, null, List.of(), null, 0,
        null, T0);
    Binding b = new Binding("sip:a@10.0.0.2", 900, "", T0 + 60_000, T0 + 120_000, "c", 2, null,
        List.of("<sip:edge.example.com;lr>"), null, 0, null, T0);
    es.initialize(AorState.of(List.of(a)), new BindingAdded(b));

    AorState recovered = es.restart().state();
    assertEquals(List.of(b.withExpiresAt(T0 + 120_000), a.withExpiresAt(T0 + 120_000)),
        recovered.active(clock.millis()));
  }

  @Test
  void aSnapshotIsTakenEverySnapshotEveryEvents() {
    es = entity(new AorSettings(10, 1.0, Duration.ofHours(1), 2, 500, Duration.ofSeconds(10), Duration.ZERO));
    register("call-1", 1, ContactUpdate.of(CONTACT, 3600));
    pass(Duration.ofSeconds(1));
    var second = register("call-1", 2, ContactUpdate.of(CONTACT, 3600));
    es.snapshotTestKit().orElseThrow().expectNextPersisted("Aor|" + aor, second.state());
  }

  @Test
  void anAorWithoutBindingsAsksItsShardToPassivateIt() {
    var shard = testKit.<ClusterSharding.ShardCommand>createTestProbe();
    aor = "user" + ids.incrementAndGet() + "@example.com";
    es = EventSourcedBehaviorTestKit.create(testKit.system(), AorEntity.create(
        new EntityContext<>(AorEntity.TYPE_KEY, aor, shard.ref()), AorSettings.DEFAULT, clock, null));
    // started with nothing to do (under sharding a first command would have run before the check)
    assertInstanceOf(ClusterSharding.Passivate.class, shard.receiveMessage());

    register("call-1", 1, ContactUpdate.of(CONTACT, 3600));
    current();
    shard.expectNoMessage(Duration.ZERO);
    register("call-1", 2, ContactUpdate.of(CONTACT, 0));
    assertInstanceOf(ClusterSharding.Passivate.class, shard.receiveMessage());
  }

  /**
   * Idle for {@code passivate-idle-after}: the entity writes its true expiry (its lease was twice
   * the granted time), hands that expiry to the index and asks to be passivated.
   */
  @Test
  void anIdleAorWritesItsTrueExpiryHandsItToTheIndexAndParks() {
    var shard = testKit.<ClusterSharding.ShardCommand>createTestProbe();
    var index = testKit.<AorExpiryIndex.Command>createTestProbe();
    aor = "user" + ids.incrementAndGet() + "@example.com";
    es = EventSourcedBehaviorTestKit.create(testKit.system(), AorEntity.create(
        new EntityContext<>(AorEntity.TYPE_KEY, aor, shard.ref()), AorSettings.DEFAULT, clock, index.ref()));
    index.expectMessage(new AorExpiryIndex.Untrack(aor));
    shard.receiveMessage(); // passivate-if-empty: nothing registered yet
    register("call-1", 1, ContactUpdate.of(CONTACT, 3600));

    // its idle timer runs as time passes: asked 30 s ago, it is not idle yet
    pass(Duration.ofSeconds(30));
    index.expectNoMessage(Duration.ZERO);
    shard.expectNoMessage(Duration.ZERO);

    // to the idle moment and no further: the journal's 10 s call-timeout runs on the same manual
    // scheduler, and a jump past the moment fired it while the checkpoint was being written
    pass(Duration.ofSeconds(90));
    assertEquals(new AorExpiryIndex.Track(aor, T0 + 3_600_000, 1), index.receiveMessage());
    Binding written = es.getState().bindings().get(0);
    assertEquals(T0 + 3_600_000, written.expiresAt());
    assertEquals(written.expiresAt(), written.leaseUntil(), "the checkpoint cut the lease to the true expiry");
    assertInstanceOf(ClusterSharding.Passivate.class, shard.receiveMessage());
  }

  /**
   * {@code parley_registered_contacts}: a running entity counts its bindings as they come and go;
   * one that parks hands its count to the index (a probe here, so the node's count drops).
   */
  @Test
  void anEntityCountsItsBindingsInTheNodesCountUntilItParks() {
    RegisteredContacts contacts = RegisteredContacts.get(testKit.system());
    var shard = testKit.<ClusterSharding.ShardCommand>createTestProbe();
    var index = testKit.<AorExpiryIndex.Command>createTestProbe();
    aor = "user" + ids.incrementAndGet() + "@example.com";
    es = EventSourcedBehaviorTestKit.create(testKit.system(), AorEntity.create(
        new EntityContext<>(AorEntity.TYPE_KEY, aor, shard.ref()), AorSettings.DEFAULT, clock, index.ref()));
    index.expectMessage(new AorExpiryIndex.Untrack(aor));
    shard.receiveMessage();
    long before = contacts.count();
    register("call-1", 1, ContactUpdate.of(CONTACT, 3600), ContactUpdate.of("sip:alice@10.0.0.2", 3600));
    assertEquals(before + 2, contacts.count());
    register("call-1", 2, ContactUpdate.of("sip:alice@10.0.0.2", 0));
    assertEquals(before + 1, contacts.count());
    register("call-1", 3, ContactUpdate.of(CONTACT, 3600)); // a refresh: still one
    assertEquals(before + 1, contacts.count());

    pass(Duration.ofSeconds(30));
    pass(Duration.ofMinutes(2));
    assertEquals(1, ((AorExpiryIndex.Track) index.receiveMessage()).contacts());
    assertEquals(before, contacts.count(), "parked: the index counts it now");
  }

  /** The index holds a parked AOR's count until the AOR is untracked (its entity runs again). */
  @Test
  void theIndexCountsTheContactsOfParkedAors() {
    RegisteredContacts contacts = RegisteredContacts.get(testKit.system());
    long parked = contacts.parked();
    var index = testKit.spawn(AorExpiryIndex.create(null, java.time.Clock.systemUTC()));
    long due = System.currentTimeMillis() + 3_600_000;
    index.tell(new AorExpiryIndex.Track("a@example.com", due, 2));
    index.tell(new AorExpiryIndex.Track("b@example.com", due, 3));
    index.tell(new AorExpiryIndex.Track("a@example.com", due + 1000, 1)); // parked again, with fewer
    var probe = testKit.createTestProbe();
    probe.awaitAssert(() -> {
      assertEquals(parked + 4, contacts.parked());
      return null;
    });
    index.tell(new AorExpiryIndex.Untrack("b@example.com"));
    index.tell(new AorExpiryIndex.Untrack("nobody@example.com"));
    probe.awaitAssert(() -> {
      assertEquals(parked + 1, contacts.parked());
      return null;
    });
    testKit.stop(index);
  }

  @Test
  void contactsOfRfc4475RoundTripExactly() {
    for (String contact : List.of(Rfc4475Contacts.contact("cparam02.dat"), Rfc4475Contacts.contact("regescrt.dat"))) {
      es = entity(AorSettings.DEFAULT);
      register("call-1", 1, new ContactUpdate(contact, 3600, 500, ";unknownparam", null, 0));
      Binding stored = current().get(0);
      assertEquals(contact, stored.contact());
      Binding copy = testKit.serializationTestKit().verifySerialization(stored, true);
      assertEquals(contact, copy.contact());
      assertNull(copy.instanceId());
    }
  }

  private static Binding withUserAgent(Binding b, String userAgent) {
    return new Binding(b.contact(), b.q(), b.params(), b.expiresAt(), b.leaseUntil(), b.callId(), b.cseq(), b.flowId(),
        b.path(), b.instanceId(), b.regId(), b.received(), b.registeredAt(), userAgent);
  }

  /** The User-Agent is stored, and a new one (a firmware update) is written even within the lease. */
  @Test
  void theUserAgentIsStoredAndANewOneWritten() {
    es.<UpdateResult>runCommand(reply -> new UpdateBindings(List.of(ContactUpdate.of(CONTACT, 3600)), "call-1", 1, FLOW, List.of(),
        FLOW, "Phone/1.0", reply));
    assertEquals("Phone/1.0", current().get(0).userAgent());
    var same = es.<UpdateResult>runCommand(reply -> new UpdateBindings(List.of(ContactUpdate.of(CONTACT, 3600)), "call-1", 2, FLOW,
        List.of(), FLOW, "Phone/1.0", reply));
    assertTrue(same.events().isEmpty(), "a refresh within the lease: " + same.events());
    var upgraded = es.<UpdateResult>runCommand(reply -> new UpdateBindings(List.of(ContactUpdate.of(CONTACT, 3600)), "call-1", 3,
        FLOW, List.of(), FLOW, "Phone/1.1", reply));
    assertEquals(1, upgraded.events().size(), upgraded.events().toString());
    assertEquals("Phone/1.1", current().get(0).userAgent());
  }

  /** An operator's view and removal: the node in the answer, removals as events. */
  @Test
  void anOperatorSeesAndRemovesBindings() {
    register("call-1", 1, ContactUpdate.of(CONTACT, 3600), ContactUpdate.of("sip:alice@192.168.1.11", 600));
    Registration r = es.<Registration>runCommand(AorEntity.GetRegistration::new).reply();
    assertEquals(aor, r.aor());
    assertEquals(2, r.bindings().size());
    assertEquals(testKit.system().address().toString(), r.node());

    // RFC 3261 §19.1.4: the contact in another spelling names the same binding
    var one = es.<RemovedBindings>runCommand(reply -> new AorEntity.RemoveBindings(
        "SIP:alice@192.168.1.10:5060;TRANSPORT=udp", reply));
    assertEquals(new RemovedBindings(1), one.reply());
    assertEquals(List.of(new AorEvent.BindingRemoved(new BindingRef(CONTACT, null, 0))), one.events());
    assertEquals(List.of("sip:alice@192.168.1.11"), current().stream().map(Binding::contact).toList());
    var none = es.<RemovedBindings>runCommand(reply -> new AorEntity.RemoveBindings("%zz:not a uri%", reply));
    assertEquals(new RemovedBindings(0), none.reply());
    assertTrue(none.events().isEmpty());

    var all = es.<RemovedBindings>runCommand(reply -> new AorEntity.RemoveBindings(null, reply));
    assertEquals(new RemovedBindings(1), all.reply());
    assertTrue(current().isEmpty());
    es.restart();
    assertTrue(current().isEmpty(), "the removal is in the journal");
  }

  @Test
  void everyEventTheStateAndEveryReplySurviveCbor() {
    Binding b = new Binding(CONTACT, 700, ";+sip.instance=\"<urn:uuid:1>\";reg-id=1", T0 + 1, T0 + 2, "c", 3, FLOW,
        List.of("<sip:edge1.example.com;lr>", "<sip:edge2.example.com;lr>"), "<urn:uuid:1>", 1, "tcp:192.0.2.9:5061",
        T0);
    BindingRef ref = b.ref();
    List<Object> all = List.of(new BindingAdded(b), new BindingRefreshed(b), new BindingReplaced(ref, b),
        new BindingRemoved(ref), new BindingExpired(ref), new BindingExpired(ref, "3 keepalives unanswered"),
        new AorEntity.KeepalivesUnanswered(ref, FLOW, 3, 3), new AllBindingsRemoved("c", 4),
        new AorEvent.BindingsCheckpointed(List.of(b.checkpointed())), AorState.EMPTY,
        AorState.of(List.of(b, b.withExpiresAt(T0 + 2))), new Updated(List.of(b)), new OutOfOrder(CONTACT, 3),
        new TooManyBindings(10), new Bindings(List.of(b)), AorEntity.Wake.INSTANCE,
        new BindingAdded(withUserAgent(b, "Phone/1.0 (é)")), new Registration("alice@example.com", List.of(b),
            "pekko://parley@127.0.0.1:25520"), new RemovedBindings(2));
    for (Object o : all) {
      assertEquals(o, testKit.serializationTestKit().verifySerialization(o, true));
    }
  }

  @Test
  void onlyTheRecordedFieldsAreWritten() throws Exception {
    var mapper = org.apache.pekko.serialization.jackson.JacksonObjectMapperProvider.get(testKit.system())
        .getOrCreate("jackson-json", java.util.Optional.empty());
    Binding b = new Binding(CONTACT, 700, "", T0 + 1, T0 + 2, "c", 3, FLOW, List.of(), "<urn:uuid:1>", 1, null, T0);
    var fields = new java.util.TreeSet<String>();
    mapper.readTree(mapper.writeValueAsString(b)).fieldNames().forEachRemaining(fields::add);
    assertEquals(new java.util.TreeSet<>(List.of("contact", "q", "params", "expiresAt", "leaseUntil", "callId", "cseq",
        "flowId", "path", "instanceId", "regId", "received", "registeredAt", "userAgent", "behindNat")), fields);
    var stateFields = new java.util.TreeSet<String>();
    mapper.readTree(mapper.writeValueAsString(AorState.of(List.of(b)))).fieldNames().forEachRemaining(stateFields::add);
    assertEquals(java.util.Set.of("bindings"), stateFields);
  }

  /**
   * BindingsCache: the nodes are told of a change they cannot see for themselves, before the
   * REGISTER is answered; not of a refresh that only moves expiry later, written or not.
   */
  @Test
  void changesTheNodesCannotSeeAreAnnouncedAndRefreshesAreNot() {
    List<String> told = new java.util.concurrent.CopyOnWriteArrayList<>();
    String mine = aor;
    BindingsCache.get(testKit.system()).broadcastThrough(n -> {
      if (n.aor().equals(mine)) {
        told.add(n.aor());
      }
    });
    register("call-1", 1, ContactUpdate.of(CONTACT, 3600));
    assertEquals(0, told.size(), "the first binding: no node holds any");
    register("call-1", 2, ContactUpdate.of(CONTACT, 3600), ContactUpdate.of("sip:alice@127.0.0.1:5091", 3600));
    register("call-1", 3, ContactUpdate.of("sip:alice@127.0.0.1:5091", 0));
    assertEquals(2, told.size(), "a binding added, then one removed");
    told.clear();
    pass(Duration.ofSeconds(600));
    register("call-1", 4, ContactUpdate.of(CONTACT, 3600)); // within the lease: in memory
    pass(Duration.ofSeconds(3400));
    var written = register("call-1", 5, ContactUpdate.of(CONTACT, 3600)); // beyond it: written
    assertInstanceOf(BindingRefreshed.class, written.events().get(0));
    assertEquals(0, told.size(), "refreshes to a later expiry");
    register("call-1", 6, ContactUpdate.of(CONTACT, 600));
    assertEquals(1, told.size(), "an expiry brought forward");
    register("call-1", 7, ContactUpdate.of(CONTACT, 3600), ContactUpdate.of("sip:alice@127.0.0.1:5090", 3600));
    assertEquals(2, told.size(), "a second binding");
    register("call-1", 8, ContactUpdate.of(CONTACT, 0));
    assertEquals(3, told.size(), "a binding removed");
    es.<RemovedBindings>runCommand(reply -> new AorEntity.RemoveBindings(null, reply));
    assertEquals(4, told.size(), "an operator removed the rest");
    BindingsCache.get(testKit.system()).broadcastThrough(n -> {});
  }

  /** An expiry written before reasons were reads back without one. */
  @Test
  void anExpiryWrittenBeforeReasonsReadsWithout() throws Exception {
    var mapper = org.apache.pekko.serialization.jackson.JacksonObjectMapperProvider.get(testKit.system())
        .getOrCreate("jackson-cbor", java.util.Optional.empty());
    byte[] old = mapper.writeValueAsBytes(java.util.Map.of("binding",
        java.util.Map.of("contact", CONTACT, "regId", 0)));
    assertEquals(new BindingExpired(new BindingRef(CONTACT, null, 0)), mapper.readValue(old, BindingExpired.class));
  }

  /** What the node's keepalive pinger is told ({@link NatedBindings}), in order. */
  static final class NatedLog implements NatedBindings {
    final List<List<Binding>> told = new java.util.concurrent.CopyOnWriteArrayList<>();

    @Override
    public void changed(String aor, List<Binding> nated) {
      told.add(nated);
    }

    @Override
    public void hosted(java.util.Set<String> shards) {}
  }

  private static final String NATED = "sip:alice@127.0.0.1:5999";

  private NatedLog natedEntity() {
    NatedLog log = new NatedLog();
    aor = "user" + ids.incrementAndGet() + "@example.com";
    es = EventSourcedBehaviorTestKit.create(testKit.system(), AorEntity.create(aor, AorSettings.DEFAULT, clock, log),
        EventSourcedBehaviorTestKit.enabledSerializationSettings());
    return log;
  }

  /** The pinger hears of the bindings behind a NAT, and of none once they are gone. */
  @Test
  void theBindingsBehindANatAreToldToThePinger() {
    NatedLog log = natedEntity();
    register("call-1", 1, ContactUpdate.of(CONTACT, 3600)); // not behind a NAT
    assertEquals(List.of(List.of()), log.told, "the first change tells it in any case: it may hold some");
    register("call-1", 2, ContactUpdate.of(CONTACT, 3600));
    assertEquals(1, log.told.size(), "nothing to tell");

    register("call-1", 3, ContactUpdate.of(CONTACT, 3600), ContactUpdate.of(NATED, 3600).withBehindNat(true));
    List<Binding> nated = log.told.get(log.told.size() - 1);
    assertEquals(1, nated.size());
    assertEquals(NATED, nated.get(0).contact());
    assertEquals(3, nated.get(0).cseq());
    register("call-1", 4, ContactUpdate.of(NATED, 3600).withBehindNat(true));
    assertEquals(4, log.told.get(log.told.size() - 1).get(0).cseq(), "a refresh is told: its misses are forgiven");

    register("call-1", 5, ContactUpdate.of(NATED, 0));
    assertEquals(List.of(), log.told.get(log.told.size() - 1), "none left");
  }

  /** A binding its keepalives gave up on is removed with the reason, unless it was registered again. */
  @Test
  void aBindingTheKeepalivesGaveUpOnIsRemovedUnlessRegisteredSince() {
    NatedLog log = natedEntity();
    register("call-1", 1, ContactUpdate.of(CONTACT, 3600), ContactUpdate.of(NATED, 3600).withBehindNat(true));
    BindingRef ref = new BindingRef(NATED, null, 0);

    var stale = es.runCommand(new AorEntity.KeepalivesUnanswered(ref, FLOW, 0, 3));
    assertTrue(stale.events().isEmpty(), "registered again (CSeq 1) since the pings it missed");
    var otherFlow = es.runCommand(new AorEntity.KeepalivesUnanswered(ref, "udp~1~elsewhere", 1, 3));
    assertTrue(otherFlow.events().isEmpty(), "pinged through a flow it no longer uses");

    var given = es.runCommand(new AorEntity.KeepalivesUnanswered(ref, FLOW, 1, 3));
    assertEquals(List.of(new BindingExpired(ref, "3 keepalives unanswered")), given.events());
    assertEquals(List.of(CONTACT), current().stream().map(Binding::contact).toList());
    assertEquals(List.of(), log.told.get(log.told.size() - 1), "and the pinger is told");
    es.restart();
    assertEquals(List.of(CONTACT), current().stream().map(Binding::contact).toList(), "the removal is in the journal");
  }
}
