package io.parley.transport;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import org.junit.jupiter.api.Test;

class TransportValuesTest {

  @Test
  void transportsKnowTheirViaTokenAndNature() {
    assertEquals("UDP", Transport.UDP.viaToken());
    assertEquals("WSS", Transport.WSS.viaToken());
    assertFalse(Transport.UDP.isReliable());
    assertTrue(Transport.TCP.isReliable());
    assertTrue(Transport.TLS.isSecure());
    assertFalse(Transport.WS.isSecure());
    assertEquals(5061, Transport.TLS.defaultPort());
  }

  @Test
  void transportParsesCaseInsensitively() {
    assertEquals(Transport.TCP, Transport.parse("tcp"));
    assertEquals(Transport.WSS, Transport.parse("WsS"));
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> Transport.parse("sctp"));
    assertTrue(e.getMessage().contains("\"sctp\""), e.getMessage());
  }

  @Test
  void listenPointsParse() {
    assertEquals(new ListenPoint(Transport.UDP, "127.0.0.1", 5060),
        ListenPoint.parse("udp:127.0.0.1:5060"));
    assertEquals(new ListenPoint(Transport.TCP, "0.0.0.0", 0), ListenPoint.parse("TCP:0.0.0.0:0"));
    assertEquals(new ListenPoint(Transport.UDP, "::1", 5060), ListenPoint.parse("udp:[::1]:5060"));
    assertEquals(new ListenPoint(Transport.TLS, "proxy.example.com", 5061),
        ListenPoint.parse("tls:proxy.example.com"));
    assertEquals("udp:[::1]:5060", ListenPoint.parse("udp:[::1]:5060").toString());
    assertEquals("tcp:127.0.0.1:15060", ListenPoint.parse("tcp:127.0.0.1:15060").toString());
  }

  @Test
  void malformedListenPointsAreRefusedQuotingTheValue() {
    String[] bad = {
      "", "127.0.0.1:5060", "udp", "udp:", "udp::5060", "sctp:127.0.0.1:5060",
      "udp:127.0.0.1:65536", "udp:127.0.0.1:-1", "udp:127.0.0.1:50x", "udp:::1:5060",
      "udp:[::1:5060", "udp:[::1]5060", "udp:[host]:5060", "udp:127.0.0.1:", "udp:a b:5060"
    };
    for (String value : bad) {
      IllegalArgumentException e =
          assertThrows(IllegalArgumentException.class, () -> ListenPoint.parse(value), value);
      assertTrue(e.getMessage().contains("\"" + value + "\""), e.getMessage());
    }
  }

  @Test
  void flowIdsRoundTripThroughTheirTextForm() {
    FlowId[] ids = {
      new FlowId("node-1", Transport.TCP, 42),
      new FlowId("parley@10.0.0.1:2552", Transport.UDP, -1L),
      new FlowId("nœud ~ 1%", Transport.WSS, 0),
      new FlowId("n", Transport.UDP, Long.MIN_VALUE),
    };
    for (FlowId id : ids) {
      String text = id.toString();
      assertEquals(id, FlowId.parse(text), text);
      for (char c : text.toCharArray()) {
        boolean safe = Character.isLetterOrDigit(c) && c < 128 || "-._~%".indexOf(c) >= 0;
        assertTrue(safe, "unsafe char '" + c + "' in " + text);
      }
    }
    assertEquals("tcp~2a~node-1", ids[0].toString());
  }

  @Test
  void malformedFlowIdsAreRefused() {
    for (String text : new String[] {"", "tcp", "tcp~2a", "tcp~~n", "tcp~2a~", "xyz~2a~n",
        "tcp~zz~n", "tcp~-1~n", "tcp~11111111111111111~n", "tcp~2a~a%2", "tcp~2a~a b",
        "tcp~2a~a%zz"}) {
      assertThrows(IllegalArgumentException.class, () -> FlowId.parse(text), text);
    }
  }

  @Test
  void udpFlowIdsNameTheSocketAndTheExactIpv4Peer() throws Exception {
    InetSocketAddress a = new InetSocketAddress(InetAddress.getByName("192.0.2.1"), 5060);
    InetSocketAddress b = new InetSocketAddress(InetAddress.getByName("192.0.2.1"), 5061);
    long id = UdpFlowIds.of(3, a);
    assertEquals(3, UdpFlowIds.socketIndex(id));
    assertEquals(0xC0000201L << 16 | 5060, id & 0xFFFFFFFFFFFFL);
    assertNotEquals(id, UdpFlowIds.of(3, b));
    assertNotEquals(id, UdpFlowIds.of(4, a));
    InetSocketAddress v6 = new InetSocketAddress(InetAddress.getByName("2001:db8::1"), 5060);
    assertEquals(UdpFlowIds.of(1, v6), UdpFlowIds.of(1, v6));
    assertEquals(1, UdpFlowIds.socketIndex(UdpFlowIds.of(1, v6)));
    assertNotEquals(UdpFlowIds.of(1, v6),
        UdpFlowIds.of(1, new InetSocketAddress(InetAddress.getByName("2001:db8::2"), 5060)));
  }

  @Test
  void flowRefusesATransportOtherThanItsIds() {
    InetSocketAddress a = new InetSocketAddress(InetAddress.getLoopbackAddress(), 5060);
    assertThrows(IllegalArgumentException.class,
        () -> new Flow(new FlowId("n", Transport.TCP, 1), Transport.UDP, a, a));
  }

  @Test
  void settingsDefaultsFollowKamailio() {
    TransportSettings s = TransportSettings.defaults();
    assertEquals(65_535, s.maxMessageSize());
    assertEquals(120, s.tcpIdleTimeout().toSeconds());
    assertEquals(4 * 1024 * 1024, s.udpReceiveBufferSize());
    assertEquals(1, s.eventLoopThreads());
    assertThrows(IllegalArgumentException.class, () -> s.withMaxMessageSize(100));
    assertThrows(IllegalArgumentException.class, () -> s.withTcpWriteQueueMax(1000));
  }
}
