package io.parley.proxy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import io.parley.message.uri.SipUri;
import io.parley.message.uri.Uri;
import org.junit.jupiter.api.Test;

class RouteTokenTest {
  private static final String CALL = "call-1@127.0.0.1";

  private static SipUri route(String token) {
    return (SipUri) Uri.parse("sip:127.0.0.1:5060;transport=udp;lr;" + RouteToken.PARAM + "=" + token);
  }

  @Test
  void aTokenNamesTheHomeOfTheCallAndVerifiesForItsCallId() {
    String t = Msgs.TOKENS.of("k3x9q0", CALL);
    assertEquals("k3x9q0", t.substring(0, 6));
    assertEquals("k3x9q0", Msgs.TOKENS.verify(route(t), CALL));
    assertNull(Msgs.TOKENS.verify(route(t), "call-2@127.0.0.1"), "another Call-ID");
  }

  /** The home is signed: a stranger cannot send a dialog's requests to a home of his choosing. */
  @Test
  void anotherHomeWithTheSameProofDoesNotVerify() {
    String t = Msgs.TOKENS.of("k3x9q0", CALL);
    assertNull(Msgs.TOKENS.verify(route("k3x9q1" + t.substring(6)), CALL));
    assertNotEquals(t.substring(6), Msgs.TOKENS.of("k3x9q1", CALL).substring(6));
  }

  @Test
  void noTokenATooShortOrTooLongOneOrAnotherKeysDoesNotVerify() {
    assertNull(Msgs.TOKENS.verify((SipUri) Uri.parse("sip:127.0.0.1;lr"), CALL));
    assertNull(Msgs.TOKENS.verify(route("AAAAAAAAAAAA"), CALL), "no home");
    assertNull(Msgs.TOKENS.verify(route("x".repeat(40)), CALL));
    String other = RouteToken.forSecret("another secret").of("k3x9q0", CALL);
    assertNull(Msgs.TOKENS.verify(route(other), CALL));
  }

  /** RFC 5626 §5.3 style: the NATed parties' flows in a Record-Route are signed with its token. */
  @Test
  void recordedFlowsAreSignedWithTheToken() {
    RecordedFlows flows = new RecordedFlows(null, RecordedFlows.value("udp~1a~n1", "udp:127.0.0.1:40000"));
    String t = Msgs.TOKENS.of("k3x9q0", CALL, flows);
    SipUri signed = (SipUri) Uri.parse("sip:127.0.0.1:5060;transport=udp;lr;" + RouteToken.PARAM + "=" + t
        + flows.params());
    assertEquals("k3x9q0", Msgs.TOKENS.verify(signed, CALL));
    assertEquals(flows, RecordedFlows.of(signed));
    RecordedFlows other = new RecordedFlows(null, RecordedFlows.value("udp~1b~n1", "udp:127.0.0.1:40001"));
    assertNull(Msgs.TOKENS.verify((SipUri) Uri.parse("sip:127.0.0.1:5060;transport=udp;lr;" + RouteToken.PARAM + "="
        + t + other.params()), CALL), "a flow changed in the route set");
    assertNull(Msgs.TOKENS.verify(route(t), CALL), "the flow taken out of the route set");
    assertEquals(Msgs.TOKENS.of("k3x9q0", CALL), Msgs.TOKENS.of("k3x9q0", CALL, RecordedFlows.NONE),
        "without flows a token is what it always was: routes of dialogs set up before still verify");
  }
}
