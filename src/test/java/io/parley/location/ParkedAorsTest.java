package io.parley.location;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.typesafe.config.ConfigException;
import com.typesafe.config.ConfigFactory;
import io.parley.cluster.ShardOpening;
import io.parley.config.ConfigLoader;
import java.util.List;
import java.util.Set;
import java.util.stream.IntStream;
import org.apache.pekko.actor.ExtendedActorSystem;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/** What a parked AOR leaves on its node, and what its next recovery there takes back. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ParkedAorsTest {
  private static final Binding FULL = new Binding("<sip:bob@127.0.0.1:5070;transport=tcp>", 700, ";expires=600",
      1_700_000_600_000L, 1_700_000_900_000L, "reg-1@127.0.0.1", 42, "tcp:127.0.0.1:40000:node-1",
      List.of("<sip:127.0.0.1:5080;lr>"), "<urn:uuid:00000000-0000-1000-8000-000A95A0E128>", 1, "udp:127.0.0.1:5070",
      1_700_000_000_000L, "SIPp", true);
  private static final Binding EXPIRED = new Binding("<sip:bob@127.0.0.1:5072>", Binding.Q_UNSPECIFIED, null, 1L, 1L,
      "c", 1, null, List.of(), null, 0, null, 0L, null);

  private ActorTestKit testKit;
  private AorMessageSerializer serializer;

  @BeforeAll
  void start() {
    testKit = ActorTestKit.create("parked-aors", ConfigLoader.layered(ConfigFactory.parseString("""
        parley.cluster.port = 0
        pekko.cluster.jmx.multi-mbeans-in-same-jvm = on
        """)));
    serializer = new AorMessageSerializer((ExtendedActorSystem) testKit.system().classicSystem());
  }

  @AfterAll
  void stop() {
    testKit.shutdownTestKit();
  }

  private static AorState state(Binding... bindings) {
    return AorState.of(List.of(bindings));
  }

  @Test
  void aRecoveryTakesBackEveryBindingInItsOrderWithTheSequenceNumber() {
    ParkedAors parked = new ParkedAors(10, 1000, serializer);
    AorState state = state(FULL, EXPIRED);
    parked.park("bob@example.com", 17, state);

    ParkedAors.Snapshot back = parked.take("Aor|bob@example.com", Long.MAX_VALUE);
    assertEquals(17, back.sequenceNr());
    assertEquals(state, back.state());
    assertEquals(new ParkedAors.Stats(0, 1, 0), parked.stats());
    assertNull(parked.take("Aor|bob@example.com", Long.MAX_VALUE), "taken once");
  }

  @Test
  void aLaterParkingReplacesTheEarlierOne() {
    ParkedAors parked = new ParkedAors(10, 1000, serializer);
    parked.park("bob@example.com", 3, state(EXPIRED));
    parked.park("bob@example.com", 5, state(FULL));
    assertEquals(1, parked.stats().entries());
    ParkedAors.Snapshot back = parked.take("Aor|bob@example.com", Long.MAX_VALUE);
    assertEquals(5, back.sequenceNr());
    assertEquals(state(FULL), back.state());
  }

  @Test
  void pastTheLimitAnAorParksWithoutAndIsCounted() {
    ParkedAors parked = new ParkedAors(1, 1000, serializer);
    parked.park("alice@example.com", 1, state(FULL));
    parked.park("bob@example.com", 1, state(FULL));
    assertEquals(new ParkedAors.Stats(1, 0, 1), parked.stats());
    assertNull(parked.take("Aor|bob@example.com", Long.MAX_VALUE));
    // one already kept is still replaced at the limit
    parked.park("alice@example.com", 2, state(FULL, EXPIRED));
    assertEquals(2, parked.take("Aor|alice@example.com", Long.MAX_VALUE).sequenceNr());
  }

  @Test
  void nothingIsKeptWhenTurnedOffOrEmptyAndOnlyAorsAreAnswered() {
    ParkedAors off = new ParkedAors(0, 1000, serializer);
    off.park("bob@example.com", 1, state(FULL));
    assertNull(off.take("Aor|bob@example.com", Long.MAX_VALUE));

    ParkedAors parked = new ParkedAors(10, 1000, serializer);
    parked.park("bob@example.com", 1, AorState.EMPTY);
    assertEquals(0, parked.stats().entries());
    parked.park("bob@example.com", 1, state(FULL));
    assertNull(parked.take("Call|bob@example.com", Long.MAX_VALUE), "another entity type");
  }

  /** Pekko's snapshot criteria: a recovery up to an earlier event does not start from a later state. */
  @Test
  void aRecoveryBoundedBelowTheParkedSequenceNumberAsksTheJournal() {
    ParkedAors parked = new ParkedAors(10, 1000, serializer);
    parked.park("bob@example.com", 9, state(FULL));
    assertNull(parked.take("Aor|bob@example.com", 8));
    assertEquals(0, parked.stats().entries());
  }

  /** A shard that left: its AORs recover where it went, so what they left here goes. */
  @Test
  void whatTheAorsOfAShardThatLeftParkedWithGoes() {
    ParkedAors parked = new ParkedAors(10, 1000, serializer);
    String here = "alice@example.com";
    String gone = IntStream.range(0, 100).mapToObj(i -> "user" + i + "@example.com")
        .filter(aor -> !ShardOpening.shardOf(aor, 1000)
            .equals(ShardOpening.shardOf(here, 1000)))
        .findFirst().orElseThrow();
    parked.park(here, 1, state(FULL));
    parked.park(gone, 1, state(FULL));
    parked.hosted(Set.of(ShardOpening.shardOf(here, 1000)));
    assertEquals(1, parked.stats().entries());
    assertNull(parked.take("Aor|" + gone, Long.MAX_VALUE));
    assertEquals(1, parked.take("Aor|" + here, Long.MAX_VALUE).sequenceNr());
  }

  @Test
  void theLimitIsReadWithItsKey() {
    assertEquals(100_000, ParkedAors.maxEntries(ConfigFactory.empty()));
    assertEquals(0, ParkedAors.maxEntries(ConfigFactory.parseString("parley.registrar.parked-in-memory = 0")));
    ConfigException e = assertThrows(ConfigException.class,
        () -> ParkedAors.maxEntries(ConfigFactory.parseString("parley.registrar.parked-in-memory = -1")));
    assertEquals(true, e.getMessage().contains("parley.registrar.parked-in-memory"), e.getMessage());
  }
}
