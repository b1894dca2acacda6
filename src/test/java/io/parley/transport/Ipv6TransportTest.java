package io.parley.transport;

import static io.parley.transport.Received.bytes;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

class Ipv6TransportTest {

  private static boolean ipv6LoopbackWorks() {
    try (DatagramSocket s = new DatagramSocket(new InetSocketAddress("::1", 0))) {
      return s.isBound();
    } catch (SocketException e) {
      return false;
    }
  }

  @Test
  void eachAddressFamilyUsesItsOwnSocketAndFlowsNameIt() throws Exception {
    assumeTrue(ipv6LoopbackWorks(), "no IPv6 loopback here");
    Received received = new Received();
    TransportLayer layer = new TransportLayer(
        List.of(ListenPoint.parse("udp:127.0.0.1:0"), ListenPoint.parse("udp:[::1]:0")),
        "node-a", received, TransportSettings.defaults());
    layer.start();
    try (DatagramSocket v4 = new DatagramSocket(new InetSocketAddress("127.0.0.1", 0));
        DatagramSocket v6 = new DatagramSocket(new InetSocketAddress("::1", 0))) {
      v4.setSoTimeout(10_000);
      v6.setSoTimeout(10_000);
      List<InetSocketAddress> bound = layer.boundAddresses(Transport.UDP);
      assertTrue(bound.get(1).getAddress() instanceof Inet6Address);

      byte[] request = bytes(Received.options("v6"));
      v6.send(new DatagramPacket(request, request.length, bound.get(1)));
      Received.Message m = received.next();
      assertEquals(1, UdpFlowIds.socketIndex(m.flow().id().connectionId()));
      assertEquals(FlowId.parse(m.flow().id().toString()), m.flow().id());
      assertTrue(layer.send(m.flow(), bytes(Received.ok("v6"))));
      assertEquals(Received.ok("v6"), receive(v6));

      // a send to an address goes out of the socket of that address's family
      assertTrue(layer.send(Transport.UDP, (InetSocketAddress) v6.getLocalSocketAddress(),
          bytes("x")));
      DatagramPacket p = new DatagramPacket(new byte[100], 100);
      v6.receive(p);
      assertEquals(bound.get(1), p.getSocketAddress());
      assertTrue(layer.send(Transport.UDP, (InetSocketAddress) v4.getLocalSocketAddress(),
          bytes("y")));
      v4.receive(p);
      assertEquals(bound.get(0), p.getSocketAddress());
      assertEquals(InetAddress.getByName("127.0.0.1"), ((InetSocketAddress) p.getSocketAddress()).getAddress());
    } finally {
      layer.stop();
    }
  }

  private static String receive(DatagramSocket s) throws Exception {
    DatagramPacket p = new DatagramPacket(new byte[4096], 4096);
    s.receive(p);
    return new String(p.getData(), 0, p.getLength(), StandardCharsets.ISO_8859_1);
  }
}
