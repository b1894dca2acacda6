package io.parley.nat;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import com.typesafe.config.ConfigFactory;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.apache.pekko.serialization.SerializationExtension;
import org.apache.pekko.serialization.Serializers;
import org.apache.pekko.serialization.jackson.JacksonCborSerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

/** The keepalive messages that cross nodes, in the node's own CBOR binding (parley-runtime.conf). */
class KeepaliveMessagesTest {
  private static final ActorTestKit testKit = ActorTestKit.create(ConfigFactory.parseString(
      "pekko.actor.serialization-bindings { \"io.parley.common.CborSerializable\" = jackson-cbor }")
      .withFallback(ConfigFactory.load()));

  @AfterAll
  static void shutDown() {
    testKit.shutdownTestKit();
  }

  private static Object roundTrip(Object o) {
    var serialization = SerializationExtension.get(testKit.system().classicSystem());
    var serializer = serialization.findSerializerFor(o);
    assertEquals(JacksonCborSerializer.class, serializer.getClass());
    byte[] bytes = serialization.serialize(o).get();
    return serialization.deserialize(bytes, serializer.identifier(), Serializers.manifestFor(serializer, o)).get();
  }

  @Test
  void anAnswerAndAPingForAnotherNodesFlowCrossAsTheyAre() {
    assertEquals(new Keepalives.Answered(-7L), roundTrip(new Keepalives.Answered(-7L)));
    var ping = new Keepalives.PingThrough(0x1234_5678_9abcL, 3, "127.0.0.1:25520", "udp~2a~127.0.0.1%3A25521",
        new byte[] {(byte) 203, 0, 113, 7}, 40312, "sip:alice@10.0.0.2:5060;transport=udp");
    var back = (Keepalives.PingThrough) roundTrip(ping);
    assertEquals(ping.id(), back.id());
    assertEquals(ping.seq(), back.seq());
    assertEquals(ping.pinger(), back.pinger());
    assertEquals(ping.flowId(), back.flowId());
    assertArrayEquals(ping.address(), back.address());
    assertEquals(ping.port(), back.port());
    assertEquals(ping.contact(), back.contact());
  }
}
