package io.parley.proxy;

import static io.parley.proxy.Msgs.IDENTITY;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import io.parley.message.HeaderName;
import io.parley.message.SipResponse;
import org.junit.jupiter.api.Test;

class StatelessCoreTest {
  private static final StatelessCore CORE = new StatelessCore(IDENTITY, "");

  private static SipResponse answer(String request) {
    return (SipResponse) Msgs.parse(CORE.handle(Msgs.request(request)));
  }

  @Test
  void optionsToTheServerIsAnsweredEvenWithMaxForwardsZero() {
    SipResponse r = answer(Msgs.invite("sip:example.com").replace("INVITE", "OPTIONS")
        .replace("Max-Forwards: 70", "Max-Forwards: 0"));
    assertEquals(200, r.statusCode());
    assertEquals(ServerCapabilities.allowHeader(), r.value(HeaderName.ALLOW));
  }

  @Test
  void validationFailuresComeFirst() {
    assertEquals(483, answer(Msgs.invite("sip:bob@example.net").replace("Max-Forwards: 70", "Max-Forwards: 0"))
        .statusCode());
    assertEquals(416, answer(Msgs.invite("urn:service:sos")).statusCode());
  }

  @Test
  void proxiedRequestsWithoutACallLayerGet501AndAcksNothing() {
    assertEquals(501, answer(Msgs.invite("sip:bob@example.net")).statusCode());
    assertNull(CORE.handle(Msgs.request(Msgs.invite("sip:bob@example.net").replace("INVITE", "ACK"))));
  }
}
