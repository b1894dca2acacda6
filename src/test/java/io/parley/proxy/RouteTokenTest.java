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
}
