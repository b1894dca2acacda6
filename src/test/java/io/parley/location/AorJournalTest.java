package io.parley.location;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import io.parley.cluster.ShardOpening;
import io.parley.location.AorEntity.GetBindings;
import io.parley.location.AorEntity.UpdateBindings;
import io.parley.location.AorEvent.BindingExpired;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.cluster.sharding.typed.javadsl.ClusterSharding;
import org.apache.pekko.cluster.typed.Cluster;
import org.apache.pekko.cluster.typed.Join;
import org.apache.pekko.persistence.query.EventEnvelope;
import org.apache.pekko.persistence.query.PersistenceQuery;
import org.apache.pekko.persistence.query.javadsl.CurrentEventsByPersistenceIdQuery;
import org.apache.pekko.stream.javadsl.Sink;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.Test;

/**
 * The AOR entity on the real journal (pekko-persistence-jdbc on in-memory H2, schema by the
 * project's Flyway scripts), under sharding in a one-node cluster: a registration survives a
 * restart of the actor system and still expires on time, without anything but the
 * {@link AorWaker} starting its entity.
 */
class AorJournalTest {

  private static final Duration ASK = Duration.ofSeconds(10);

  @Test
  void bindingsSurviveARestartAndStillExpireOnTime() throws Exception {
    String url = migratedDatabase();
    // A lease at most 1 s beyond the granted time: after the restart a binding lives until its lease.
    AorSettings settings = new AorSettings(10, 2.0, Duration.ofSeconds(1), 100, 500, Duration.ofMillis(100), Duration.ZERO);

    ActorTestKit first = node(url);
    ClusterSharding firstSharding = sharding(first.system(), settings);
    long registeredAt = System.currentTimeMillis();
    for (String user : List.of("alice", "bob")) {
      long expires = user.equals("bob") ? 3 : 600;
      UpdateResult r = firstSharding.entityRefFor(AorEntity.TYPE_KEY, user + "@example.com")
          .<UpdateResult>ask(reply -> new UpdateBindings(List.of(ContactUpdate.of("sip:" + user + "@192.0.2.1", expires)),
              "call-" + user, 1, "udp:192.0.2.1:5060", List.of(), "udp:192.0.2.1:5060", reply), ASK)
          .toCompletableFuture().get();
      assertInstanceOf(UpdateResult.Updated.class, r);
    }
    first.shutdownTestKit();

    ActorTestKit second = node(url);
    try {
      ClusterSharding sharding = sharding(second.system(), settings);
      second.spawn(AorWaker.create(settings, "jdbc-read-journal"), "aor-waker");

      // bob: nothing is sent to his entity; the waker starts it and its timer expires him
      List<EventEnvelope> bob = awaitExpiry(second.system(), "Aor|bob@example.com");
      EventEnvelope expiry = bob.get(bob.size() - 1);
      assertInstanceOf(BindingExpired.class, expiry.event());
      // never before his lease ran out
      long lease = registeredAt + 4_000;
      assertTrue(expiry.timestamp() >= lease, "expired " + (lease - expiry.timestamp()) + " ms early");

      // alice (600 s): still there on the new node, until her lease
      List<Binding> alice = sharding.entityRefFor(AorEntity.TYPE_KEY, "alice@example.com")
          .<Bindings>ask(GetBindings::new, ASK).toCompletableFuture().get().bindings();
      assertEquals(1, alice.size());
      assertEquals("sip:alice@192.0.2.1", alice.get(0).contact());
      assertEquals(alice.get(0).leaseUntil(), alice.get(0).expiresAt());
      assertTrue(alice.get(0).expiresAt() >= registeredAt + 601_000);
    } finally {
      second.shutdownTestKit();
    }
  }

  /**
   * An idle AOR parks: it leaves its bindings with its true expiries on its node, the earliest
   * expiry with the node's expiry index, and stops, writing nothing. The index wakes it when a
   * binding's time is up, well before the lease it was written with; a request recovers it with
   * the expiry it was granted, not the lease.
   */
  @Test
  void anIdleAorParksOnItsNodeAndStillExpiresOnTimeNotAtItsLease() throws Exception {
    idleAorParksAndExpiresOnTime(true);
  }

  /** The same where the node keeps no parked AORs: the AOR writes its true expiries as it parks. */
  @Test
  void anIdleAorTheNodeDoesNotKeepWritesItsTrueExpiryAndStillExpiresOnTime() throws Exception {
    idleAorParksAndExpiresOnTime(false);
  }

  private void idleAorParksAndExpiresOnTime(boolean kept) throws Exception {
    String url = migratedDatabase();
    // leases of 10 × the granted time: a binding recovered at its lease would live far too long
    AorSettings settings = new AorSettings(10, 10.0, Duration.ofHours(1), 100, 500, Duration.ofMillis(100),
        Duration.ofMillis(300));
    ActorTestKit kit = node(url, kept ? "" : "parley.registrar.parked-in-memory = 0");
    try {
      ClusterSharding sharding = sharding(kit.system(), settings);
      ParkedAors parked = ParkedAors.get(kit.system());
      long registeredAt = System.currentTimeMillis();
      long granted = 0;
      for (String user : List.of("carol", "dave")) {
        long expires = user.equals("dave") ? 2 : 600;
        UpdateResult r = sharding.entityRefFor(AorEntity.TYPE_KEY, user + "@example.com")
            .<UpdateResult>ask(reply -> new UpdateBindings(List.of(ContactUpdate.of("sip:" + user + "@192.0.2.1",
                expires)), "call-" + user, 1, null, List.of(), null, reply), ASK)
            .toCompletableFuture().get();
        assertInstanceOf(UpdateResult.Updated.class, r);
        if (user.equals("carol")) {
          granted = ((UpdateResult.Updated) r).bindings().get(0).expiresAt();
        }
      }

      if (kept) {
        // carol parks with her true expiry kept on the node, and nothing written
        awaitParked(parked, "carol@example.com");
        assertEquals(granted, parked.parkedBindings("carol@example.com").get(0).expiresAt());
        assertEquals(1, events(kit.system(), "Aor|carol@example.com").size(), "written as she parked");
      } else {
        // carol parks: a checkpoint with her true expiry is written
        List<EventEnvelope> carol = awaitEvent(kit.system(), "Aor|carol@example.com",
            AorEvent.BindingsCheckpointed.class);
        Binding written = ((AorEvent.BindingsCheckpointed) carol.get(carol.size() - 1).event()).bindings().get(0);
        assertEquals(written.expiresAt(), written.leaseUntil());
        assertEquals(granted, written.expiresAt());
      }
      // and recovers with it when asked, not with the lease of 4,200 s
      Binding recovered = sharding.entityRefFor(AorEntity.TYPE_KEY, "carol@example.com")
          .<Bindings>ask(GetBindings::new, ASK).toCompletableFuture().get().bindings().get(0);
      assertEquals(granted, recovered.expiresAt());
      assertTrue(recovered.expiresAt() <= registeredAt + 601_000, "recovered at its lease: " + recovered);

      // dave (2 s, lease 20 s) parks too, and the index wakes him to expire
      List<EventEnvelope> dave = awaitEvent(kit.system(), "Aor|dave@example.com", BindingExpired.class);
      long expiredAt = dave.get(dave.size() - 1).timestamp();
      assertTrue(expiredAt >= registeredAt + 2_000, "expired " + (registeredAt + 2_000 - expiredAt) + " ms early");
      assertTrue(expiredAt < registeredAt + 20_000, "expired only at the lease");
      assertEquals(!kept, dave.stream().anyMatch(e -> e.event() instanceof AorEvent.BindingsCheckpointed),
          "a checkpoint as he parked, only where the node keeps none: " + dave);
      if (kept) {
        assertTrue(parked.stats().recovered() >= 2, "carol and dave recovered from the node's memory");
      } else {
        assertEquals(0, parked.stats().recovered());
      }
    } finally {
      kit.shutdownTestKit();
    }
  }

  /**
   * A parked AOR leaves its bindings with the node's {@link ParkedAors}; its next recovery there
   * starts from them, and still replays what the journal got after them: here another node
   * (a second one-node cluster on the same journal, as a shard's later home would be) added a
   * binding while the AOR was parked on the first.
   */
  @Test
  void aParkedAorRecoversFromItsNodesMemoryAndTheEventsWrittenSince() throws Exception {
    String url = migratedDatabase();
    AorSettings parking = new AorSettings(10, 2.0, Duration.ofHours(1), 100, 500, Duration.ofMillis(100),
        Duration.ofMillis(300));
    AorSettings staying = new AorSettings(10, 2.0, Duration.ofHours(1), 100, 500, Duration.ofMillis(100),
        Duration.ZERO);
    ActorTestKit first = node(url);
    ActorTestKit second = node(url);
    try {
      ClusterSharding firstSharding = sharding(first.system(), parking);
      ClusterSharding secondSharding = sharding(second.system(), staying);
      ParkedAors parked = ParkedAors.get(first.system());
      assertInstanceOf(UpdateResult.Updated.class, register(firstSharding, "erin", "sip:erin@192.0.2.1", ASK));
      awaitParked(parked, "erin@example.com");
      assertEquals(List.of("sip:erin@192.0.2.1"),
          parked.parkedBindings("erin@example.com").stream().map(Binding::contact).toList());

      assertInstanceOf(UpdateResult.Updated.class, register(secondSharding, "erin", "sip:erin@192.0.2.2", ASK));

      List<Binding> recovered = firstSharding.entityRefFor(AorEntity.TYPE_KEY, "erin@example.com")
          .<Bindings>ask(GetBindings::new, ASK).toCompletableFuture().get().bindings();
      assertEquals(1, parked.stats().recovered(), "recovered from memory");
      assertEquals(List.of("sip:erin@192.0.2.1", "sip:erin@192.0.2.2"),
          recovered.stream().map(Binding::contact).sorted().toList());
      assertEquals(null, parked.parkedBindings("erin@example.com"), "taken by the recovery");

      // parked again, with both
      awaitParked(parked, "erin@example.com");
      assertEquals(2, parked.parkedBindings("erin@example.com").size());
    } finally {
      second.shutdownTestKit();
      first.shutdownTestKit();
    }
  }

  private static void awaitParked(ParkedAors parked, String aor) throws InterruptedException {
    long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
    while (parked.parkedBindings(aor) == null) {
      assertTrue(System.nanoTime() < deadline, aor + " never parked with its bindings");
      Thread.sleep(20);
    }
  }

  @Test
  void aNewAorRecoversWithoutTheJournalAndAWrongGuessIsRefusedByIt() throws Exception {
    String url = migratedDatabase();
    AorSettings settings = new AorSettings(10, 2.0, Duration.ofSeconds(1), 100, 500, Duration.ofMillis(100), Duration.ZERO);
    ActorTestKit first = node(url);
    ActorTestKit second = node(url);
    try {
      ClusterSharding firstSharding = sharding(first.system(), settings);
      ClusterSharding secondSharding = sharding(second.system(), settings);
      awaitLoaded(first);
      awaitLoaded(second);
      NewAors firstAors = NewAors.get(first.system());
      NewAors secondAors = NewAors.get(second.system());

      // alice is new: her entity recovers without the journal, and her binding is written
      assertInstanceOf(UpdateResult.Updated.class, register(firstSharding, "alice", "sip:alice@192.0.2.1", ASK));
      assertEquals(1, firstAors.shortcuts());
      assertEquals(1, events(first.system(), "Aor|alice@example.com").size());

      // the second node read the journal before alice registered, her shard already there: it
      // takes her for new, wrongly (as a shard's former home can when its hand-off times out). Its write of her event 1 is refused by the journal, the
      // entity recovers from the journal, and the retransmitted REGISTER keeps her first binding.
      UpdateResult result = null;
      long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
      while (!(result instanceof UpdateResult.Updated) && System.nanoTime() < deadline) {
        try {
          result = register(secondSharding, "alice", "sip:alice@192.0.2.2", Duration.ofSeconds(2));
        } catch (java.util.concurrent.ExecutionException unanswered) {
          // the entity never answers the REGISTER whose write was refused (the registrar answers
          // it 500 once its ask times out); the retransmission that follows is the phone's
        }
      }
      assertEquals(1, secondAors.shortcuts());
      assertInstanceOf(UpdateResult.Updated.class, result);
      List<Binding> bindings = ((UpdateResult.Updated) result).bindings();
      assertEquals(List.of("sip:alice@192.0.2.1", "sip:alice@192.0.2.2"),
          bindings.stream().map(Binding::contact).sorted().toList());
      assertEquals(List.of(1L, 2L), events(second.system(), "Aor|alice@example.com").stream()
          .map(EventEnvelope::sequenceNr).toList());
    } finally {
      second.shutdownTestKit();
      first.shutdownTestKit();
    }
  }

  /**
   * Bindings written before user agents were stored have no {@code userAgent} in their events:
   * such an event still recovers, its user agent null. The test writes the AOR's event with a user
   * agent, takes the field out of the stored CBOR (what an older Parley wrote), and recovers it.
   */
  @Test
  void anEventWithoutAUserAgentStillRecovers() throws Exception {
    String url = migratedDatabase();
    AorSettings settings = new AorSettings(10, 2.0, Duration.ofSeconds(1), 100, 500, Duration.ofMinutes(10),
        Duration.ZERO);
    ActorTestKit first = node(url);
    try {
      UpdateResult r = sharding(first.system(), settings).entityRefFor(AorEntity.TYPE_KEY, "uma@example.com")
          .<UpdateResult>ask(reply -> new UpdateBindings(List.of(ContactUpdate.of("sip:uma@192.0.2.1", 600)),
              "call-uma", 1, null, List.of(), "udp:192.0.2.1:5060", "NewPhone/2.0", reply), ASK)
          .toCompletableFuture().get();
      assertEquals("NewPhone/2.0", assertInstanceOf(UpdateResult.Updated.class, r).bindings().get(0).userAgent());
    } finally {
      first.shutdownTestKit();
    }

    com.fasterxml.jackson.dataformat.cbor.databind.CBORMapper cbor =
        new com.fasterxml.jackson.dataformat.cbor.databind.CBORMapper();
    try (java.sql.Connection c = java.sql.DriverManager.getConnection(url, "sa", "")) {
      byte[] payload;
      try (var q = c.prepareStatement("SELECT \"event_payload\" FROM \"event_journal\" "
          + "WHERE \"persistence_id\" = 'Aor|uma@example.com' AND \"sequence_number\" = 1");
          var rs = q.executeQuery()) {
        assertTrue(rs.next(), "no event 1");
        payload = rs.getBytes(1);
      }
      var event = (com.fasterxml.jackson.databind.node.ObjectNode) cbor.readTree(payload);
      var binding = (com.fasterxml.jackson.databind.node.ObjectNode) event.get("binding");
      assertEquals("NewPhone/2.0", binding.remove("userAgent").asText(), "the field as written: " + event);
      try (var u = c.prepareStatement("UPDATE \"event_journal\" SET \"event_payload\" = ? "
          + "WHERE \"persistence_id\" = 'Aor|uma@example.com' AND \"sequence_number\" = 1")) {
        u.setBytes(1, cbor.writeValueAsBytes(event));
        assertEquals(1, u.executeUpdate());
      }
    }

    ActorTestKit second = node(url);
    try {
      Registration uma = sharding(second.system(), settings).entityRefFor(AorEntity.TYPE_KEY, "uma@example.com")
          .ask(AorEntity.GetRegistration::new, ASK).toCompletableFuture().get();
      assertEquals(1, uma.bindings().size(), uma.toString());
      Binding b = uma.bindings().get(0);
      assertEquals("sip:uma@192.0.2.1", b.contact());
      assertEquals("udp:192.0.2.1:5060", b.received());
      assertEquals(null, b.userAgent());
      assertEquals(second.system().address().toString(), uma.node());
    } finally {
      second.shutdownTestKit();
    }
  }

  /** {@link JournalAors}: a domain's AOR ids from the journal, in order, a page at a time. */
  @Test
  void theJournalsAorsOfADomainPageByPage() throws Exception {
    String url = migratedDatabase();
    ActorTestKit kit = node(url);
    try {
      ClusterSharding sharding = sharding(kit.system(), new AorSettings(10, 2.0, Duration.ofSeconds(1), 100, 500,
          Duration.ofMinutes(10), Duration.ZERO));
      // "a_example" would match "a.example" if '_' were not escaped in the LIKE pattern
      for (String aor : List.of("dan@b.example", "amy@a.example", "cid@a.example", "bob@a.example", "eve@b.example",
          "fay@a_example", "gus@xa.example")) {
        sharding.entityRefFor(AorEntity.TYPE_KEY, aor).<UpdateResult>ask(reply -> new UpdateBindings(
            List.of(ContactUpdate.of("sip:x@192.0.2.1", 600)), "call-" + aor, 1, null, List.of(), null, reply), ASK)
            .toCompletableFuture().get();
      }
      org.h2.jdbcx.JdbcDataSource database = new org.h2.jdbcx.JdbcDataSource();
      database.setURL(url);
      database.setUser("sa");
      JournalAors aors = new JournalAors(database, Runnable::run);
      JournalAors.Page one = aors.page("a.example", null, 2).toCompletableFuture().get();
      assertEquals(new JournalAors.Page(List.of("amy@a.example", "bob@a.example"), "bob@a.example"), one);
      JournalAors.Page two = aors.page("a.example", one.next(), 2).toCompletableFuture().get();
      assertEquals(new JournalAors.Page(List.of("cid@a.example"), null), two);
      assertEquals(new JournalAors.Page(List.of("dan@b.example", "eve@b.example"), null),
          aors.page("b.example", null, 2).toCompletableFuture().get());
      assertEquals(new JournalAors.Page(List.of(), null), aors.page("c.example", null, 10).toCompletableFuture().get());
      assertEquals(List.of("amy@a.example", "bob@a.example", "cid@a.example", "dan@b.example", "eve@b.example",
          "fay@a_example", "gus@xa.example"), aors.page(null, null, 10).toCompletableFuture().get().aors());
      assertEquals(List.of("fay@a_example"), aors.page("a_example", null, 10).toCompletableFuture().get().aors());
    } finally {
      kit.shutdownTestKit();
    }
  }

  /** A new in-memory H2 database with the project's schema; its URL. */
  private static String migratedDatabase() {
    String url = "jdbc:h2:mem:aor-" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1";
    Flyway.configure().dataSource(url, "sa", "").locations("classpath:db/migration/h2").load().migrate();
    return url;
  }

  private static UpdateResult register(ClusterSharding sharding, String user, String contact, Duration timeout)
      throws Exception {
    return sharding.entityRefFor(AorEntity.TYPE_KEY, user + "@example.com")
        .<UpdateResult>ask(reply -> new UpdateBindings(List.of(ContactUpdate.of(contact, 600)),
            "call-" + contact, 1, null, List.of(), null, reply), timeout)
        .toCompletableFuture().get();
  }

  @Test
  void onceMembershipHasSettledTheLeaderOpensEveryAorShardWithoutStartingAnAor() throws Exception {
    String url = migratedDatabase();
    ActorTestKit kit = node(url);
    try {
      AorSettings settings = new AorSettings(10, 2.0, Duration.ofSeconds(1), 100, 500, Duration.ofMillis(200),
          Duration.ZERO);
      var region = AorEntity.init(kit.system(), settings, Clock.systemUTC());
      kit.spawn(AorWaker.create(settings, "jdbc-read-journal", region), "aor-waker");
      int shards = kit.system().settings().config().getInt("pekko.cluster.sharding.number-of-shards");
      long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
      var probe = kit.<org.apache.pekko.cluster.sharding.ShardRegion.CurrentShardRegionState>createTestProbe();
      org.apache.pekko.cluster.sharding.ShardRegion.CurrentShardRegionState state;
      do {
        ClusterSharding.get(kit.system()).shardState().tell(
            new org.apache.pekko.cluster.sharding.typed.GetShardRegionState(AorEntity.TYPE_KEY, probe.getRef()));
        state = probe.receiveMessage(Duration.ofSeconds(10));
        // an opener that has just stopped is listed until its shard has seen it terminate
        if (state.getShards().size() == shards && state.getShards().stream().allMatch(s -> s.getEntityIds().isEmpty())) {
          break;
        }
        Thread.sleep(100);
      } while (System.nanoTime() < deadline);
      assertEquals(shards, state.getShards().size(), "every AOR shard on the one node");
      assertTrue(state.getShards().stream().allMatch(s -> s.getEntityIds().isEmpty()),
          "the openers stopped at once: " + state.getShards());
    } finally {
      kit.shutdownTestKit();
    }
  }

  /** Starts the node's {@link AorWaker} (that never sweeps here) and waits until it has read the journal. */
  /**
   * Waits until {@code kit}'s node has read the journal's persistence ids with every AOR shard
   * hosted on it: then each of its shards is vetted for the shortcut (NewAors).
   */
  private static void awaitLoaded(ActorTestKit kit) throws Exception {
    kit.spawn(AorWaker.create(new AorSettings(10, 2.0, Duration.ofSeconds(1), 100, 500, Duration.ofMinutes(10),
        Duration.ZERO), "jdbc-read-journal", REGIONS.get(kit.system())), "aor-waker");
    int shards = kit.system().settings().config().getInt("pekko.cluster.sharding.number-of-shards");
    ShardOpening.open(REGIONS.get(kit.system()), AorEntity.openers(shards), kit.system().executionContext())
        .toCompletableFuture().get(60, java.util.concurrent.TimeUnit.SECONDS);
    NewAors aors = NewAors.get(kit.system());
    long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
    // once the journal has been read with the shards here, a claim on an AOR nobody registers succeeds
    while (aors.vetted().size() < shards || !aors.claim("nobody-" + UUID.randomUUID() + "@example.com")) {
      assertTrue(System.nanoTime() < deadline, "the journal's persistence ids were never read with the shards here: "
          + aors.vetted().size() + " of " + shards + " vetted");
      Thread.sleep(20);
    }
  }

  private static List<EventEnvelope> events(ActorSystem<?> system, String persistenceId) throws Exception {
    return PersistenceQuery.get(system)
        .getReadJournalFor(CurrentEventsByPersistenceIdQuery.class, "jdbc-read-journal")
        .currentEventsByPersistenceId(persistenceId, 0, Long.MAX_VALUE)
        .runWith(Sink.seq(), system).toCompletableFuture().get();
  }

  private static List<EventEnvelope> awaitEvent(ActorSystem<?> system, String persistenceId, Class<?> type)
      throws Exception {
    CurrentEventsByPersistenceIdQuery query = PersistenceQuery.get(system)
        .getReadJournalFor(CurrentEventsByPersistenceIdQuery.class, "jdbc-read-journal");
    long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
    while (true) {
      List<EventEnvelope> events = query.currentEventsByPersistenceId(persistenceId, 0, Long.MAX_VALUE)
          .runWith(Sink.seq(), system).toCompletableFuture().get();
      if (events.stream().anyMatch(e -> type.isInstance(e.event()))) {
        return events;
      }
      if (System.nanoTime() > deadline) {
        throw new AssertionError("no " + type.getSimpleName() + " for " + persistenceId + ": " + events);
      }
      Thread.sleep(100);
    }
  }

  private static List<EventEnvelope> awaitExpiry(ActorSystem<?> system, String persistenceId) throws Exception {
    List<EventEnvelope> events = awaitEvent(system, persistenceId, BindingExpired.class);
    assertInstanceOf(BindingExpired.class, events.get(events.size() - 1).event(), "expired last: " + events);
    assertEquals(2, events.size(), "added, then expired: " + events);
    return events;
  }

  /** Each node's AOR shard region, as {@link #sharding} started it. */
  private static final java.util.Map<ActorSystem<?>, org.apache.pekko.actor.typed.ActorRef<?>> REGIONS =
      new java.util.concurrent.ConcurrentHashMap<>();

  private static ClusterSharding sharding(ActorSystem<?> system, AorSettings settings) {
    REGIONS.put(system, AorEntity.init(system, settings, Clock.systemUTC()));
    return ClusterSharding.get(system);
  }

  /** A one-node cluster on the journal at {@code url}. */
  private static ActorTestKit node(String url) {
    return node(url, "");
  }

  /** A one-node cluster on the journal at {@code url}, with {@code extra} configuration. */
  private static ActorTestKit node(String url, String extra) {
    Config config = ConfigFactory.parseString(extra).withFallback(ConfigFactory.parseString("""
        pekko.actor.provider = cluster
        pekko.remote.artery.canonical { hostname = "127.0.0.1", port = 0 }
        pekko.cluster.jmx.multi-mbeans-in-same-jvm = on
        pekko.cluster.seed-node-timeout = 1s
        pekko.actor.testkit.typed.system-shutdown-default = 30s
        pekko.actor.serialization-bindings { "io.parley.common.CborSerializable" = jackson-cbor }
        pekko.persistence.journal.plugin = "jdbc-journal"
        pekko.persistence.snapshot-store.plugin = "jdbc-snapshot-store"
        jdbc-journal.use-shared-db = "slick"
        jdbc-snapshot-store.use-shared-db = "slick"
        jdbc-read-journal.use-shared-db = "slick"
        jdbc-durable-state-store.use-shared-db = "slick"
        jdbc-journal.class = "io.parley.location.NewAorJournal"
        jdbc-snapshot-store.class = "io.parley.location.NewAorSnapshotStore"
        pekko-persistence-jdbc.shared-databases.slick {
          profile = "slick.jdbc.H2Profile$"
          db { url = "%s", driver = "org.h2.Driver", user = "sa", password = "",
               numThreads = 2, maxConnections = 2, minConnections = 1 }
        }
        """.formatted(url))).withFallback(ConfigFactory.load());
    ActorTestKit kit = ActorTestKit.create("aor", config);
    Cluster cluster = Cluster.get(kit.system());
    cluster.manager().tell(Join.create(cluster.selfMember().address()));
    return kit;
  }
}
