package io.parley.transport;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.net.InetAddress;
import org.junit.jupiter.api.Test;

class ConnectionsPerSourceTest {

  private final ConnectionsPerSource counts = new ConnectionsPerSource();

  @Test
  void countsPerAddressAndForgetsAnAddressAtZero() throws Exception {
    InetAddress a = InetAddress.getByName("192.0.2.1");
    InetAddress b = InetAddress.getByName("192.0.2.2");
    assertEquals(1, counts.opened(a));
    assertEquals(2, counts.opened(a));
    assertEquals(1, counts.opened(b));
    assertEquals(2, counts.sources());
    counts.closed(a);
    counts.closed(b);
    assertEquals(1, counts.count(a));
    assertEquals(1, counts.sources());
    counts.closed(a);
    assertEquals(0, counts.sources());
    counts.closed(a); // a close more than opened leaves nothing behind
    assertEquals(0, counts.count(a));
    assertEquals(0, counts.sources());
  }

  @Test
  void anIpv4SourceIsItsAddressAndAnIpv6SourceItsSlash64() throws Exception {
    InetAddress v4 = InetAddress.getByName("192.0.2.7");
    assertEquals(v4, ConnectionsPerSource.sourceOf(v4));
    InetAddress one = InetAddress.getByName("2001:db8:1:2::1");
    InetAddress other = InetAddress.getByName("2001:db8:1:2:ffff:ffff:ffff:ffff");
    InetAddress nextNet = InetAddress.getByName("2001:db8:1:3::1");
    assertEquals(InetAddress.getByName("2001:db8:1:2::"), ConnectionsPerSource.sourceOf(one));
    assertEquals(ConnectionsPerSource.sourceOf(one), ConnectionsPerSource.sourceOf(other));
    assertEquals(1, counts.opened(ConnectionsPerSource.sourceOf(one)));
    assertEquals(2, counts.opened(ConnectionsPerSource.sourceOf(other)));
    assertEquals(1, counts.opened(ConnectionsPerSource.sourceOf(nextNet)));
  }
}
