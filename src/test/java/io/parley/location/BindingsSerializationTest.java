package io.parley.location;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.apache.pekko.actor.testkit.typed.javadsl.SerializationTestKit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

/** The lookup answer crosses nodes: it survives the cluster's serializer, its flag included. */
class BindingsSerializationTest {
  private static final ActorTestKit kit = ActorTestKit.create(io.parley.config.ConfigLoader.layered(
      com.typesafe.config.ConfigFactory.parseString("pekko.actor.provider = local")));

  @AfterAll
  static void stop() {
    kit.shutdownTestKit();
  }

  @Test
  void roundTrips() {
    SerializationTestKit s = new SerializationTestKit(kit.system());
    Binding b = new Binding("sip:a@192.0.2.1", 500, ";reg-id=1", 2_000, 3_000, "c", 1, null, List.of(),
        "<urn:x>", 1, null, 1_000);
    Bindings some = new Bindings(List.of(b));
    assertEquals(some, s.verifySerialization(some, false));
    Bindings none = new Bindings(List.of());
    assertEquals(none, s.verifySerialization(none, false));
  }
}
