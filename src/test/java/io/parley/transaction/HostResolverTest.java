package io.parley.transaction;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.UnknownHostException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** Names come from the test hosts file (jdk.net.hosts.file): no DNS query leaves the machine. */
class HostResolverTest {
  @Test
  void aNameResolvesToATransportAndAddress() throws Exception {
    try (HostResolver resolver = new HostResolver()) {
      Destination d = resolver.resolve("udp", "localhost", 5090).toCompletableFuture().get(5, TimeUnit.SECONDS);
      assertEquals("127.0.0.1", d.address().getAddress().getHostAddress());
      assertEquals(5090, d.address().getPort());
      assertTrue(!d.isReliable());
    }
  }

  @Test
  void anUnknownNameFailsAndTheFailureIsCachedToo() throws Exception {
    try (HostResolver resolver = new HostResolver()) {
      for (int i = 0; i < 2; i++) {
        var e = assertThrows(ExecutionException.class,
            () -> resolver.resolve("tcp", "no-such-host.example.com", 5060).toCompletableFuture().get(5, TimeUnit.SECONDS));
        assertTrue(e.getCause() instanceof UnknownHostException, e.toString());
      }
    }
  }

  @Test
  void anUnknownTransportFailsAtOnce() {
    assertTrue(new HostResolver().resolve("carrier-pigeon", "localhost", 1).toCompletableFuture().isCompletedExceptionally());
  }

  @Test
  void literalsNeedNoResolverAndBroadcastIsNeverRoutable() {
    assertEquals(5060, Destination.ofLiteral("udp", "192.0.2.7", 5060).address().getPort());
    assertEquals(null, Destination.ofLiteral("udp", "example.com", 5060));
    assertTrue(Destination.ofLiteral("udp", "[::1]", 5060).isRoutable());
    assertTrue(!Destination.ofLiteral("udp", "255.255.255.255", 5060).isRoutable());
  }
}
