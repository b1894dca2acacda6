package io.parley.admin;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.typesafe.config.ConfigFactory;
import io.parley.config.ConfigLoader;
import java.util.List;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.apache.pekko.actor.testkit.typed.javadsl.SerializationTestKit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

/**
 * The messages of a cluster-wide dialog listing cross nodes: each survives the cluster's
 * serializer (Jackson CBOR, parley-runtime.conf), the dialogs' legs and route sets included.
 */
class NodeDialogsSerializationTest {
  private static final ActorTestKit kit = ActorTestKit.create(ConfigLoader.layered(
      ConfigFactory.parseString("pekko.actor.provider = local")));

  @AfterAll
  static void stop() {
    kit.shutdownTestKit();
  }

  @Test
  void theQueryRoundTrips() {
    SerializationTestKit s = new SerializationTestKit(kit.system());
    NodeDialogs.Collect all = new NodeDialogs.Collect(new DialogQuery("confirmed", "alice", null, "example.com", null),
        100, kit.<NodeDialogs.Held>createTestProbe().ref());
    assertEquals(all, s.verifySerialization(all, true));
    NodeDialogs.Collect one = new NodeDialogs.Collect(DialogQuery.callId("a84b4c76e66710@pc33"), 1,
        kit.<NodeDialogs.Held>createTestProbe().ref());
    assertEquals(one, s.verifySerialization(one, true));
  }

  @Test
  void theAnswerRoundTrips() {
    SerializationTestKit s = new SerializationTestKit(kit.system());
    NodeDialogs.Held held = new NodeDialogs.Held("127.0.0.1:25521", List.of(
        Dialogs.confirmed("c1", "alice@example.com", "bob@example.com", 1_000, "127.0.0.1:25521"),
        Dialogs.confirmed("c2", "carol@example.com", "dave@example.org", 2_000, "127.0.0.1:25521"),
        Dialogs.early("c3", "erin@example.com", "frank@example.com", 3_000, "127.0.0.1:25521")), 7, false);
    assertEquals(held, s.verifySerialization(held, true));
    NodeDialogs.Held none = new NodeDialogs.Held("127.0.0.1:25522", List.of(), 0, true);
    assertEquals(none, s.verifySerialization(none, true));
  }
}
