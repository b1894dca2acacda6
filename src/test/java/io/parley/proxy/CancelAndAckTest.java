package io.parley.proxy;

import static io.parley.proxy.Msgs.IDENTITY;
import static io.parley.proxy.Msgs.UDP;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.parley.message.HeaderName;
import io.parley.message.Method;
import io.parley.message.SipMessage;
import io.parley.message.SipRequest;
import io.parley.message.SipResponse;
import io.parley.transaction.AckFactory;
import java.util.List;
import org.junit.jupiter.api.Test;

class CancelAndAckTest {
  /** An INVITE as a branch sent it: our Via on top, a Route, a Proxy-Require, a body. */
  private static final SipRequest SENT;

  static {
    SipRequest r = Msgs.request(Msgs.invite("sip:bob@example.com").replace("CSeq: 17 INVITE\n",
        "CSeq: 17 INVITE\nRoute: <sip:192.0.2.10;lr>, <sip:edge.example.net;lr>,\n <sip:far.example.net;lr>\n"
            + "Proxy-Require: foo\n"));
    ForwardedRequest f = new RequestForwarder(ProxySettings.DEFAULT, Msgs.TOKENS).forward(new RoutePreprocessing(IDENTITY, Msgs.TOKENS).apply(r),
        Msgs.HOME, BranchId.requestHash(r), Target.of(io.parley.message.uri.Uri.parse("sip:bob@203.0.113.5")), 3, UDP,
        new Arrival(UDP, "198.51.100.7", 5060));
    SENT = Msgs.request(f.bytes());
  }

  @Test
  void cancelMatchesTheBranchItCancels() {
    SipRequest cancel = Msgs.request(CancelFactory.cancelFor(SENT.toBytes(), null));
    assertEquals(Method.CANCEL, cancel.method());
    assertEquals(SENT.requestUri(), cancel.requestUri(), "RFC 3261 §9.1: same Request-URI");
    assertEquals(1, cancel.routing().vias().size(), "a single Via");
    assertEquals(SENT.routing().topVia().branch(), cancel.routing().topVia().branch());
    assertEquals(SENT.value(HeaderName.VIA).split(",")[0], cancel.value(HeaderName.VIA));
    assertEquals(17, cancel.routing().cseq().number());
    assertEquals(Method.CANCEL, cancel.routing().cseq().method());
    assertEquals(SENT.value(HeaderName.FROM), cancel.value(HeaderName.FROM));
    assertEquals(SENT.value(HeaderName.TO), cancel.value(HeaderName.TO));
    assertEquals(SENT.callId(), cancel.callId());
    assertEquals(List.of("<sip:edge.example.net;lr>", "<sip:far.example.net;lr>"), cancel.values(HeaderName.ROUTE));
    assertEquals(70, cancel.routing().maxForwards());
    assertEquals(-1, cancel.first(HeaderName.PROXY_REQUIRE), "§9.1: no Proxy-Require");
    assertEquals(0, cancel.bodyLength());
    assertEquals(0, cancel.contentLength());
    assertNull(cancel.value(HeaderName.REASON));
  }

  @Test
  void cancelCanSayWhy() {
    SipRequest cancel = Msgs.request(CancelFactory.cancelFor(SENT, "SIP;cause=200;text=\"Call completed elsewhere\""));
    assertEquals("SIP;cause=200;text=\"Call completed elsewhere\"", cancel.value(HeaderName.REASON));
  }

  @Test
  void onlyAnInviteIsCancelled() {
    SipRequest bye = Msgs.request(Msgs.invite("sip:bob@example.com").replace("INVITE", "BYE"));
    assertThrows(IllegalArgumentException.class, () -> CancelFactory.cancelFor(bye, null));
  }

  @Test
  void ackOfAFailureTakesTheToOfTheResponse() {
    SipResponse busy = Msgs.reply(486, "Busy Here", SENT.routing().topVia().branch(), "bob-tag");
    SipRequest ack = Msgs.request(NonSuccessAckFactory.ack(SENT, busy));
    assertEquals(Method.ACK, ack.method());
    assertEquals(SENT.requestUri(), ack.requestUri(), "RFC 3261 §17.1.1.3");
    assertEquals(1, ack.routing().vias().size());
    assertEquals(SENT.routing().topVia().branch(), ack.routing().topVia().branch());
    assertEquals("bob-tag", ack.routing().to().tag(), "the To of the response");
    assertEquals(SENT.value(HeaderName.FROM), ack.value(HeaderName.FROM));
    assertEquals(SENT.callId(), ack.callId());
    assertEquals("17 ACK", ack.value(HeaderName.CSEQ));
    assertEquals(SENT.values(HeaderName.ROUTE), ack.values(HeaderName.ROUTE));
    assertEquals(70, ack.routing().maxForwards());
    assertEquals(0, ack.bodyLength());
  }

  @Test
  void bothTransactionFormsAgree() {
    SipResponse busy = Msgs.reply(486, "Busy Here", SENT.routing().topVia().branch(), "bob-tag");
    AckFactory<byte[]> bytes = NonSuccessAckFactory.BYTES;
    AckFactory<SipMessage> messages = NonSuccessAckFactory.MESSAGES;
    byte[] a = bytes.ackFor(SENT.toBytes(), busy.toBytes());
    byte[] b = messages.ackFor(SENT, busy).toBytes();
    assertArrayEquals(a, b);
    assertArrayEquals(NonSuccessAckFactory.ack(SENT, busy), a);
  }
}
