package io.parley.location;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.typesafe.config.ConfigException;
import com.typesafe.config.ConfigFactory;
import io.parley.cluster.ShardOpening;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class NewAorsTest {

  @Test
  void noShortcutBeforeTheJournalHasBeenRead() {
    NewAors aors = every(new NewAors(1000, SHARDS));
    assertFalse(aors.claim("alice@example.com"));
    assertFalse(aors.isClaimed("Aor|alice@example.com"));
    aors.loaded();
    assertTrue(aors.claim("bob@example.com"));
  }

  /**
   * Only AORs of shards hosted here since before the last read take the shortcut: one that came
   * later may hold an AOR its former home wrote after that read (bench/RESULTS.md: such refusals
   * opened the journal's circuit breaker).
   */
  @Test
  void onlyAnAorOfAVettedShardTakesTheShortcut() {
    NewAors aors = new NewAors(1000, SHARDS);
    aors.loaded();
    String alice = "alice@example.com";
    String shard = ShardOpening.shardOf(alice, SHARDS);
    assertFalse(aors.claim(alice), "no shard vetted yet");
    aors.vet(Set.of(shard));
    aors.retain(Set.of("x", shard));
    assertEquals(Set.of(shard), aors.vetted());
    aors.retain(Set.of("x"));
    assertFalse(aors.claim(alice), "its shard left this node");
    assertEquals(Set.of(), aors.vetted());
    aors.vet(Set.of(shard));
    assertTrue(aors.claim(alice));
  }

  private static final int SHARDS = 10;

  private static NewAors every(NewAors aors) {
    Set<String> all = new java.util.HashSet<>();
    for (int i = 0; i < SHARDS; i++) {
      all.add(Integer.toString(i));
    }
    aors.vet(all);
    return aors;
  }

  @Test
  void aClaimIsAnsweredOnceAndTheAorIsKnownFromThen() {
    NewAors aors = every(new NewAors(1000, SHARDS));
    aors.loaded();
    assertTrue(aors.claim("alice@example.com"));
    assertTrue(aors.isClaimed("Aor|alice@example.com"));
    assertFalse(aors.claim("alice@example.com"), "claimed once: a restart recovers from the journal");
    assertTrue(aors.takeClaim("Aor|alice@example.com"));
    assertFalse(aors.isClaimed("Aor|alice@example.com"));
    assertFalse(aors.takeClaim("Aor|alice@example.com"));
    assertEquals(1, aors.shortcuts());
  }

  @Test
  void anAorReadFromTheJournalOrWrittenHereIsNotNew() {
    NewAors aors = every(new NewAors(1000, SHARDS));
    aors.known("Aor|alice@example.com");
    aors.known("Aor|bob@example.com");
    aors.loaded();
    assertFalse(aors.claim("alice@example.com"));
    assertFalse(aors.claim("bob@example.com"));
    assertTrue(aors.claim("carol@example.com"));
    assertFalse(aors.takeClaim("Aor|bob@example.com"), "only claimed ids are answered without the journal");
  }

  @Test
  void anExpectedCountOutOfRangeStopsTheStartNamingTheKey() {
    for (String value : List.of("0", "-5", "1000000001")) {
      ConfigException e = assertThrows(ConfigException.BadValue.class,
          () -> NewAors.from(ConfigFactory.parseString("parley.registrar.expected-aors = " + value)));
      assertTrue(e.getMessage().contains("parley.registrar.expected-aors"), e.getMessage());
    }
    assertFalse(NewAors.from(ConfigFactory.parseString("parley.registrar.expected-aors = 10")).claim("alice@example.com"),
        "not loaded yet");
  }
}
