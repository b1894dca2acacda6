package io.parley.location;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
import java.util.Optional;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.apache.pekko.actor.typed.javadsl.Adapter;
import org.apache.pekko.serialization.SerializationExtension;
import org.apache.pekko.serialization.SerializerWithStringManifest;
import org.apache.pekko.serialization.jackson.JacksonObjectMapperProvider;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

/**
 * A binding event written before NAT detection (no {@code behindNat} in its CBOR) still reads
 * from the journal: its NAT is unknown (null), and the proxy keeps the earlier rule for it.
 */
class BindingEventCompatibilityTest {
  private static final ActorTestKit kit = ActorTestKit.create(io.parley.config.ConfigLoader.layered(
      com.typesafe.config.ConfigFactory.parseString("pekko.actor.provider = local")));

  @AfterAll
  static void stop() {
    kit.shutdownTestKit();
  }

  @Test
  void anEventWithoutTheFlagReadsAsUnknown() throws Exception {
    Binding b = new Binding("<sip:alice@127.0.0.1:5062>", 1000, "", 2_000, 3_000, "c", 1, "udp~1", List.of(), null, 0,
        "udp:127.0.0.1:40000", 1_000, "UA/1", true);
    AorEvent.BindingAdded event = new AorEvent.BindingAdded(b);
    var serialization = SerializationExtension.get(Adapter.toClassic(kit.system()));
    var serializer = (SerializerWithStringManifest) serialization.findSerializerFor(event);
    String manifest = serializer.manifest(event);
    assertEquals(b, ((AorEvent.BindingAdded) serializer.fromBinary(serializer.toBinary(event), manifest)).binding());

    ObjectMapper cbor = JacksonObjectMapperProvider.get(Adapter.toClassic(kit.system()))
        .getOrCreate("jackson-cbor", Optional.empty());
    ObjectNode tree = cbor.readValue(serializer.toBinary(event), ObjectNode.class);
    ((ObjectNode) tree.get("binding")).remove("behindNat");
    Binding earlier = ((AorEvent.BindingAdded) serializer.fromBinary(cbor.writeValueAsBytes(tree), manifest)).binding();
    assertNull(earlier.behindNat());
    assertEquals("UA/1", earlier.userAgent());
    assertEquals(b.received(), earlier.received());
  }
}
