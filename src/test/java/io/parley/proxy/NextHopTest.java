package io.parley.proxy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.parley.message.header.NameAddr;
import io.parley.message.uri.Uri;
import java.util.List;
import org.junit.jupiter.api.Test;

class NextHopTest {
  private static Hop hop(String uri) {
    return NextHop.of(Uri.parse(uri));
  }

  @Test
  void defaults() {
    assertEquals(new Hop("udp", "example.net", 5060), hop("sip:bob@example.net"));
    assertEquals(new Hop("tls", "example.net", 5061), hop("sips:bob@example.net"));
    assertEquals(new Hop("tcp", "192.0.2.1", 5070), hop("sip:192.0.2.1:5070;transport=TCP"));
    assertEquals(new Hop("tls", "example.net", 5061), hop("sip:example.net;transport=tls"));
  }

  @Test
  void maddrWinsOverTheHost() {
    assertEquals(new Hop("udp", "192.0.2.7", 5062), hop("sip:bob@example.net:5062;maddr=192.0.2.7"));
  }

  @Test
  void ipv6LosesItsBrackets() {
    assertEquals(new Hop("udp", "2001:db8::1", 5060), hop("sip:bob@[2001:db8::1]"));
  }

  @Test
  void sipsNeverGoesInTheClear() {
    assertEquals(new Hop("tls", "example.net", 5061), hop("sips:example.net;transport=tcp"));
    assertEquals(new Hop("wss", "example.net", 5061), hop("sips:example.net;transport=ws"));
  }

  @Test
  void topRouteWinsOverTheTarget() {
    Uri target = Uri.parse("sip:bob@example.net");
    assertEquals(new Hop("tcp", "edge.example.org", 5060),
        NextHop.of(target, NameAddr.parseList("<sip:edge.example.org;transport=tcp;lr>, <sip:x.example>")));
    assertEquals(new Hop("udp", "example.net", 5060), NextHop.of(target, List.of()));
  }

  @Test
  void telUriCannotBeRouted() {
    assertThrows(IllegalArgumentException.class, () -> hop("tel:+15551234567"));
  }

  @Test
  void reliability() {
    assertEquals(false, new Hop("udp", "h", 1).isReliable());
    assertEquals(true, new Hop("tcp", "h", 1).isReliable());
  }
}
