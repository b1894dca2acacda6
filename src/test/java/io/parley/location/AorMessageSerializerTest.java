package io.parley.location;

import io.parley.cluster.WireRoundTrip;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.typesafe.config.ConfigFactory;
import io.parley.config.ConfigLoader;
import java.io.NotSerializableException;
import java.util.List;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.apache.pekko.actor.testkit.typed.javadsl.TestProbe;
import org.apache.pekko.actor.typed.javadsl.Adapter;
import org.apache.pekko.serialization.Serialization;
import org.apache.pekko.serialization.SerializationExtension;
import org.apache.pekko.serialization.Serializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/** A call's AOR lookup and its answer, as they cross nodes: both forms, the node's own bindings. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class AorMessageSerializerTest {
  private ActorTestKit testKit;
  private Serialization serialization;

  @BeforeAll
  void start() {
    testKit = ActorTestKit.create("aor-serializer", ConfigLoader.layered(ConfigFactory.parseString("""
        parley.cluster.port = 0
        pekko.cluster.jmx.multi-mbeans-in-same-jvm = on
        """)));
    serialization = SerializationExtension.get(Adapter.toClassic(testKit.system()));
  }

  @AfterAll
  void stop() {
    testKit.shutdownTestKit();
  }

  private <T> List<T> roundTrips(T message) {
    return WireRoundTrip.of(serialization, message, AorMessageSerializer.class, true);
  }

  @Test
  void theLookupCarriesWhereTheAnswerGoes() throws Exception {
    TestProbe<Bindings> probe = testKit.createTestProbe();
    for (AorEntity.GetBindings back : roundTrips(new AorEntity.GetBindings(probe.getRef()))) {
      assertEquals(probe.getRef(), back.replyTo());
    }
  }

  @Test
  void theAnswerCarriesEveryBindingWhole() throws Exception {
    Binding full = new Binding("<sip:bob@127.0.0.1:5070;transport=tcp>", 700, ";expires=600", 1_700_000_600_000L,
        1_700_000_300_000L, "reg-1@127.0.0.1", 42, "tcp:127.0.0.1:40000:node-1", List.of("<sip:127.0.0.1:5080;lr>"),
        "<urn:uuid:00000000-0000-1000-8000-000A95A0E128>", 1, "udp:127.0.0.1:5070", 1_700_000_000_000L, "SIPp");
    Binding bare = new Binding("<sip:carol@127.0.0.1:5072>", Binding.Q_UNSPECIFIED, null, 1L, 0L, "c", 1, null,
        List.of(), null, 0, null, 0L, null);
    Binding nated = new Binding("<sip:dave@127.0.0.1:5074>", 1000, "", 2L, 2L, "d", 2, "udp~1", List.of(), null, 0,
        "udp:127.0.0.1:40001", 1L, null, true);
    Binding notNated = new Binding("<sip:erin@127.0.0.2:5076>", 1000, "", 2L, 2L, "e", 2, "udp~1", List.of(), null, 0,
        "udp:127.0.0.1:40002", 1L, null, false);
    for (Bindings bindings : List.of(new Bindings(List.of(full, bare, nated, notNated)), new Bindings(List.of()))) {
      for (Bindings back : roundTrips(bindings)) {
        assertEquals(bindings, back);
      }
    }
  }

  /** A node of the version before NAT detection answers without the flag: read as unknown. */
  @Test
  void anAnswerOfTheEarlierFormReadsAsNatUnknown() throws Exception {
    Binding nated = new Binding("<sip:dave@127.0.0.1:5074>", 1000, "", 2L, 2L, "d", 2, null, List.of(), null, 0,
        "udp:127.0.0.1:40001", 1L, "UA", true);
    AorMessageSerializer serializer =
        (AorMessageSerializer) serialization.serializerByIdentity().apply(AorMessageSerializer.IDENTIFIER);
    byte[] now = serializer.toBinary(new Bindings(List.of(nated)));
    assertEquals(AorMessageSerializer.BINDINGS, serializer.manifest(new Bindings(List.of(nated))));
    // the earlier form is this one without the flag's octet at the end
    byte[] earlier = java.util.Arrays.copyOf(now, now.length - 1);
    Bindings read = (Bindings) serializer.fromBinary(earlier, AorMessageSerializer.BINDINGS_V1);
    assertEquals(null, read.bindings().get(0).behindNat());
    assertEquals(nated.contact(), read.bindings().get(0).contact());
    assertEquals("UA", read.bindings().get(0).userAgent());
    assertThrows(NotSerializableException.class, () -> serializer.fromBinary(earlier, AorMessageSerializer.BINDINGS));
  }

  @Test
  void aBrokenMessageIsRefusedNotHalfRead() {
    Serializer serializer = serialization.serializerByIdentity().apply(AorMessageSerializer.IDENTIFIER);
    assertThrows(NotSerializableException.class, () -> ((AorMessageSerializer) serializer).fromBinary(
        new byte[] {(byte) 0xff, (byte) 0xff, (byte) 0xff, (byte) 0xff, 0x0f}, AorMessageSerializer.BINDINGS));
    assertThrows(NotSerializableException.class, () -> ((AorMessageSerializer) serializer).fromBinary(
        new byte[0], "nope"));
  }
}
