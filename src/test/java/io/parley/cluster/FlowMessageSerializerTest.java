package io.parley.cluster;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.typesafe.config.ConfigFactory;
import io.parley.config.ConfigLoader;
import io.parley.transport.Flow;
import io.parley.transport.FlowId;
import io.parley.transport.Transport;
import java.io.NotSerializableException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.apache.pekko.actor.typed.javadsl.Adapter;
import org.apache.pekko.serialization.Serialization;
import org.apache.pekko.serialization.SerializationExtension;
import org.apache.pekko.serialization.Serializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * {@link FlowForwarder.SendThrough} through a real actor system's serialization as a node
 * configures it (parley-runtime.conf): the array form and the remoting's buffer form. After the
 * trip the flow is equal and the octets are the same, octet for octet.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class FlowMessageSerializerTest {
  private static final byte[] RESPONSE = ("SIP/2.0 180 Ringing\r\n"
      + "Via: SIP/2.0/UDP 127.0.0.1:5062;branch=z9hG4bK-1;received=127.0.0.1;rport=5062\r\n"
      + "From: <sip:alice@example.com>;tag=a1\r\nTo: <sip:bob@example.com>;tag=b1\r\n"
      + "Call-ID: c1@127.0.0.1\r\nCSeq: 1 INVITE\r\nContent-Length: 0\r\n\r\n").getBytes(StandardCharsets.UTF_8);
  private static final Flow UDP = new Flow(new FlowId("127.0.0.1:25520", Transport.UDP, 0x0001_7F00_0001_13BEL),
      Transport.UDP, new InetSocketAddress("127.0.0.1", 5060), new InetSocketAddress("127.0.0.1", 5062));
  private static final Flow TCP = new Flow(new FlowId("127.0.0.1:25521", Transport.TCP, 42), Transport.TCP,
      new InetSocketAddress("::1", 5060), new InetSocketAddress("::1", 5064));

  private ActorTestKit testKit;
  private Serialization serialization;

  @BeforeAll
  void start() {
    testKit = ActorTestKit.create("flow-serializer", ConfigLoader.layered(ConfigFactory.parseString("""
        parley.cluster.port = 0
        pekko.cluster.jmx.multi-mbeans-in-same-jvm = on
        """)));
    serialization = SerializationExtension.get(Adapter.toClassic(testKit.system()));
  }

  @AfterAll
  void stop() {
    testKit.shutdownTestKit();
  }

  @Test
  void theCrossingTypeIsBoundToTheFlowSerializer() throws Exception {
    List<Class<?>> types = CrossingMessages.under(List.of(FlowForwarder.Command.class));
    assertEquals(List.of(FlowForwarder.SendThrough.class), types);
    assertInstanceOf(FlowMessageSerializer.class, CrossingMessages.serializerFor(testKit.system(),
        FlowForwarder.SendThrough.class));
  }

  @Test
  void aMessageForAUdpFlowTravelsWithItsFlowAndOctets() throws Exception {
    for (FlowForwarder.SendThrough back : roundTrips(new FlowForwarder.SendThrough(UDP, RESPONSE))) {
      assertEquals(UDP, back.flow());
      assertArrayEquals(RESPONSE, back.bytes());
    }
  }

  @Test
  void aMessageForATcpFlowOverIpv6TravelsToo() throws Exception {
    byte[] oneOctet = {'x'};
    for (FlowForwarder.SendThrough back : roundTrips(new FlowForwarder.SendThrough(TCP, oneOctet))) {
      assertEquals(TCP, back.flow());
      assertArrayEquals(oneOctet, back.bytes());
    }
  }

  @Test
  void aTruncatedMessageIsRefusedNotHalfRead() throws Exception {
    Serializer serializer = serialization.findSerializerFor(new FlowForwarder.SendThrough(UDP, RESPONSE));
    byte[] bytes = serializer.toBinary(new FlowForwarder.SendThrough(UDP, RESPONSE));
    byte[] cut = java.util.Arrays.copyOf(bytes, bytes.length - 3);
    assertThrows(NotSerializableException.class,
        () -> ((FlowMessageSerializer) serializer).fromBinary(cut, FlowMessageSerializer.SEND_THROUGH));
    byte[] longer = java.util.Arrays.copyOf(bytes, bytes.length + 1);
    assertThrows(RuntimeException.class,
        () -> ((FlowMessageSerializer) serializer).fromBinary(longer, FlowMessageSerializer.SEND_THROUGH));
    assertThrows(NotSerializableException.class,
        () -> ((FlowMessageSerializer) serializer).fromBinary(bytes, "??"));
  }

  /** Through the array form and through the remoting's little-endian buffer form. */
  private List<FlowForwarder.SendThrough> roundTrips(FlowForwarder.SendThrough message) {
    List<FlowForwarder.SendThrough> back = WireRoundTrip.of(serialization, message, FlowMessageSerializer.class, true);
    assertEquals(message, back.get(0));
    assertEquals(message, back.get(1));
    return back;
  }
}
