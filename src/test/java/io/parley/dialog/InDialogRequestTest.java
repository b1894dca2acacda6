package io.parley.dialog;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.parley.message.Method;
import io.parley.message.SipParser;
import io.parley.message.SipRequest;
import java.util.List;
import org.junit.jupiter.api.Test;

class InDialogRequestTest {
  static DialogInfo dialog(List<String> towardCallee) {
    return new DialogInfo("c-1", DialogState.CONFIRMED,
        new DialogLeg("sip:alice@example.com", "a1", "sip:alice@127.0.0.2:5062", List.of("<sip:127.0.0.8;lr>"), 4,
            "udp:127.0.0.2:5062"),
        new DialogLeg("sip:bob@example.com", "b1", "sip:bob@127.0.0.3:5070", towardCallee, 0, "udp:127.0.0.3:5070"),
        "sip:bob@example.com", "sip:bob@127.0.0.3:5070", 1, 2, 3, "n1");
  }

  /** RFC 3261 §12.2.1.1: the target's contact, its route set, the dialog's tags as the sender sees them. */
  @Test
  void aByeTowardTheCalleeIsTheCallersRequest() {
    byte[] bytes = InDialogRequest.build(Method.BYE, dialog(List.of("<sip:127.0.0.9:5080;lr>")), Side.CALLEE, 5,
        "SIP/2.0/UDP 127.0.0.1:5060", "z9hG4bKx", "SIP;cause=200;text=\"max duration\"");
    SipRequest r = (SipRequest) SipParser.parse(bytes);
    assertEquals("sip:bob@127.0.0.3:5070", r.requestUri());
    assertEquals("a1", r.routing().from().tag());
    assertEquals("b1", r.routing().to().tag());
    assertEquals(5, r.routing().cseq().number());
    assertEquals(Method.BYE, r.routing().cseq().method());
    assertEquals("c-1", r.routing().callId());
    assertEquals("<sip:127.0.0.9:5080;lr>", r.routes().get(0).toString());
    assertEquals("z9hG4bKx", r.routing().topVia().branch());
  }

  @Test
  void aByeTowardTheCallerSpeaksForTheCallee() {
    SipRequest r = (SipRequest) SipParser.parse(InDialogRequest.build(Method.OPTIONS, dialog(List.of()), Side.CALLER,
        1, "SIP/2.0/UDP 127.0.0.1:5060", "z9hG4bKy", null));
    assertEquals("sip:alice@127.0.0.2:5062", r.requestUri());
    assertEquals("b1", r.routing().from().tag());
    assertEquals("a1", r.routing().to().tag());
    assertEquals(List.of("<sip:127.0.0.8;lr>"), r.routes().stream().map(Object::toString).toList());
  }

  /** RFC 3261 §12.2.1.1: a strict router is the Request-URI and the remote target goes last in Route. */
  @Test
  void aStrictRouterGetsTheRequestAddressedToIt() {
    SipRequest r = (SipRequest) SipParser.parse(InDialogRequest.build(Method.BYE,
        dialog(List.of("<sip:127.0.0.9:5080>", "<sip:127.0.0.10;lr>")), Side.CALLEE, 5,
        "SIP/2.0/UDP 127.0.0.1:5060", "z9hG4bKz", null));
    assertEquals("sip:127.0.0.9:5080", r.requestUri());
    assertEquals(List.of("<sip:127.0.0.10;lr>", "<sip:bob@127.0.0.3:5070>"),
        r.routes().stream().map(Object::toString).toList());
  }
}
