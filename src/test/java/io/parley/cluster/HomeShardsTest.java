package io.parley.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HashSet;
import java.util.List;
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
    assertEquals(home + "|a84b4c76e66710@pc33.atlanta.com", id);
    assertEquals(home, HomeShards.homeOf(id));
    assertEquals(home, HomeShards.homeOfShard(HomeShards.shardOf(id)));
    assertEquals("a84b4c76e66710@pc33.atlanta.com", HomeShards.callId(id));
  }

  /** A Call-ID holds no '|' (RFC 3261 §25.1): one that starts like a token is not taken for a home. */
  @Test
  void aCallIdIsNeverTakenForAnEntityId() {
    assertEquals("abcdef0123@host", HomeShards.callId("abcdef0123@host"));
    assertNull(HomeShards.homeOf("abcdef0123@host"));
  }

  /** A home's calls spread over its shards, so that a dead node's calls go to several survivors. */
  @Test
  void aHomeIsSeveralShardsAndACallAlwaysTheSameOne() {
    String home = HomeShards.token(node(2552, 9));
    Set<String> shards = new HashSet<>();
    for (int i = 0; i < 1000; i++) {
      String shard = HomeShards.shardOf(HomeShards.entityId(home, "call-" + i + "@127.0.0.1"));
      assertEquals(home, HomeShards.homeOfShard(shard));
      shards.add(shard);
    }
    assertEquals(HomeShards.SHARDS_PER_HOME, shards.size());
    String id = HomeShards.entityId(home, "x@y");
    assertEquals(HomeShards.shardOf(id), HomeShards.shardOf(new String(id)));
  }

  @Test
  void anIdWithoutAHomeIsSpreadOverTheFallbackShards() {
    assertTrue(HomeShards.shardOf("ABC").startsWith("~"));
    assertNull(HomeShards.homeOfShard(HomeShards.shardOf("ABC")));
    assertEquals("ABC", HomeShards.callId("ABC"));
    assertEquals(HomeShards.shardOf("x!y@z"), HomeShards.shardOf("x!y@z"));
  }

  @Test
  void theOpenersAreOneInEachShardOfTheHomeAndNoCallIdNamesOne() {
    String home = HomeShards.token(node(25520, 7));
    List<String> openers = HomeShards.openers(home);
    assertEquals(HomeShards.SHARDS_PER_HOME, openers.size());
    assertEquals(HomeShards.SHARDS_PER_HOME, openers.stream().map(HomeShards::shardOf).distinct().count());
    for (String id : openers) {
      assertEquals(home, HomeShards.homeOf(id));
      assertTrue(HomeShards.isOpener(id), id);
    }
    assertFalse(HomeShards.isOpener(HomeShards.entityId(home, "a84b4c76e66710@pc33.atlanta.com")));
    assertFalse(HomeShards.isOpener(HomeShards.entityId(home, "")));
    assertFalse(HomeShards.isOpener("|" + home));
  }
}
