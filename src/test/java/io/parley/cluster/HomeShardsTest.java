package io.parley.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HashSet;
import java.util.Set;
import org.apache.pekko.actor.Address;
import org.apache.pekko.cluster.UniqueAddress;
import org.junit.jupiter.api.Test;

class HomeShardsTest {
  private static UniqueAddress node(int port, long uid) {
    return new UniqueAddress(new Address("pekko", "parley", "127.0.0.1", port), uid);
  }

  @Test
  void aTokenIsSixLowerCaseLettersOrDigitsAndTheSameForTheSameIncarnation() {
    String t = HomeShards.token(node(2552, 42));
    assertEquals(HomeShards.TOKEN_LENGTH, t.length());
    assertTrue(t.matches("[0-9a-z]{6}"), t);
    assertEquals(t, HomeShards.token(node(2552, 42)));
  }

  /** A restarted node (same address, new uid) gets a new home: its old one stays where it went. */
  @Test
  void anotherIncarnationOrAnotherNodeHasAnotherToken() {
    Set<String> tokens = new HashSet<>();
    for (int port = 2552; port < 2652; port++) {
      for (long uid = 1; uid <= 10; uid++) {
        tokens.add(HomeShards.token(node(port, uid)));
      }
    }
    assertEquals(1000, tokens.size());
    assertNotEquals(HomeShards.token(node(2552, 1)), HomeShards.token(node(2552, 2)));
  }

  @Test
  void anEntityIdIsTheHomeThenTheCallId() {
    String home = HomeShards.token(node(2552, 7));
    String id = HomeShards.entityId(home, "a84b4c76e66710@pc33.atlanta.com");
    assertEquals(home, HomeShards.shardOf(id));
    assertEquals("a84b4c76e66710@pc33.atlanta.com", HomeShards.callId(id));
  }

  @Test
  void anIdWithoutAHomeIsSpreadOverTheFallbackShards() {
    assertTrue(HomeShards.shardOf("ABC").startsWith("~"));
    assertEquals("ABC", HomeShards.callId("ABC"));
    assertEquals(HomeShards.shardOf("x!y@z"), HomeShards.shardOf("x!y@z"));
  }
}
