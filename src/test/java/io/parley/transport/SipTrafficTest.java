package io.parley.transport;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.parley.message.Method;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Requests by method, responses by code: what each message adds, and what is not counted. */
class SipTrafficTest {
  private final SipTraffic traffic = new SipTraffic();

  private void send(String text) {
    traffic.sending(text.getBytes(StandardCharsets.US_ASCII));
  }

  @Test
  void requestsAreCountedByMethodAndAnExtensionAsOther() {
    traffic.requestReceived(Method.INVITE);
    traffic.requestReceived(Method.INVITE);
    traffic.requestReceived(Method.UPDATE);
    byte[] foo = "FOO".getBytes(StandardCharsets.US_ASCII);
    traffic.requestReceived(Method.of(foo, 0, foo.length));
    assertEquals(2, traffic.requestsReceived("INVITE"));
    assertEquals(1, traffic.requestsReceived("UPDATE"));
    assertEquals(1, traffic.requestsReceived(SipTraffic.OTHER));
    assertEquals(0, traffic.requestsReceived("BYE"));
    assertEquals(Map.of("INVITE", 2L, "UPDATE", 1L, "other", 1L), traffic.snapshot().requestsIn());
  }

  @Test
  void responsesSentAreCountedByTheStatusTheirBytesStartWith() {
    send("SIP/2.0 100 Trying\r\n\r\n");
    send("SIP/2.0 200 OK\r\n\r\n");
    send("SIP/2.0 200 OK\r\n\r\n");
    send("SIP/2.0 699 Whatever\r\n\r\n");
    // not responses, or no status RFC 3261 §7.2 allows: passed over
    send("INVITE sip:bob@example.com SIP/2.0\r\n\r\n");
    send("SIP/2.0 099 Low\r\n");
    send("SIP/2.0 700 High\r\n");
    send("SIP/2.0 2x0 Bad\r\n");
    send("SIP/2.0 20");
    send("SIP/3.0 200 OK\r\n");
    assertEquals(Map.of(100, 1L, 200, 2L, 699, 1L), traffic.snapshot().responsesOut());
    assertEquals(2, traffic.responsesSent(200));
    assertEquals(0, traffic.responsesSent(700));
  }

  @Test
  void responsesReceivedAreCountedByCode() {
    traffic.responseReceived(180);
    traffic.responseReceived(486);
    traffic.responseReceived(486);
    traffic.responseReceived(99); // out of range: the parser never hands one on, but it is not counted
    assertEquals(Map.of(180, 1L, 486, 2L), traffic.snapshot().responsesIn());
    assertEquals(Map.of(), traffic.snapshot().responsesOut());
  }
}
