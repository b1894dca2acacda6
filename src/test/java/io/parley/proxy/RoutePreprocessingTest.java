package io.parley.proxy;

import static io.parley.proxy.Msgs.IDENTITY;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.parley.message.SipRequest;
import io.parley.message.header.NameAddr;
import java.util.List;
import org.junit.jupiter.api.Test;

class RoutePreprocessingTest {
  private static final RoutePreprocessing PRE = new RoutePreprocessing(IDENTITY, Msgs.TOKENS);

  private static SipRequest withRoutes(String requestUri, String routes) {
    String text = Msgs.invite(requestUri);
    return Msgs.request(routes == null ? text : text.replace("CSeq: 17 INVITE\n", "CSeq: 17 INVITE\n" + routes + "\n"));
  }

  private static List<String> routes(PreprocessedRequest p) {
    return p.routes().stream().map(NameAddr::toString).toList();
  }

  @Test
  void nothingToDo() {
    SipRequest r = withRoutes("sip:bob@example.net", "Route: <sip:next.example.net;lr>");
    PreprocessedRequest p = PRE.apply(r);
    assertSame(r.uri(), p.requestUri());
    assertFalse(p.requestUriReplaced());
    assertFalse(p.routesChanged());
    assertEquals(List.of("<sip:next.example.net;lr>"), routes(p));
  }

  @Test
  void topRouteNamingUsIsRemoved() {
    for (String ours : List.of("<sip:192.0.2.10;lr>", "<sip:192.0.2.10:5060;transport=udp;lr>",
        "<sip:example.com;lr>", "<sips:192.0.2.10;lr>")) {
      PreprocessedRequest p = PRE.apply(withRoutes("sip:bob@example.net", "Route: " + ours + ", <sip:next.example.net;lr>"));
      assertEquals(List.of("<sip:next.example.net;lr>"), routes(p), ours);
      assertTrue(p.routesChanged());
    }
  }

  @Test
  void routeToAnotherPortOfOurAddressIsNotUs() {
    PreprocessedRequest p = PRE.apply(withRoutes("sip:bob@example.net", "Route: <sip:192.0.2.10:5080;lr>"));
    assertEquals(1, p.routes().size());
    assertFalse(p.routesChanged());
  }

  @Test
  void doubleRecordRouteOfOursIsRemovedWhole() {
    PreprocessedRequest p = PRE.apply(withRoutes("sip:bob@example.net",
        "Route: <sip:192.0.2.10:5061;transport=tls;lr>\nRoute: <sip:192.0.2.10:5060;transport=udp;lr>, <sip:far.example.net;lr>"));
    assertEquals(List.of("<sip:far.example.net;lr>"), routes(p), "RFC 5658");
  }

  @Test
  void strictRouterRequestUriIsReplacedByTheLastRoute() {
    SipRequest r = withRoutes("sip:192.0.2.10:5060;transport=udp;lr",
        "Route: <sip:next.example.net;lr>, \"Bob\" <sip:bob@203.0.113.5:5070;transport=tcp>");
    PreprocessedRequest p = PRE.apply(r);
    assertEquals("sip:bob@203.0.113.5:5070;transport=tcp", p.requestUri().toString(), "RFC 3261 §16.4 para 2");
    assertTrue(p.requestUriReplaced());
    assertEquals(List.of("<sip:next.example.net;lr>"), routes(p));
  }

  @Test
  void serverUriWithoutLrIsNotAStrictRouterArtefact() {
    SipRequest r = withRoutes("sip:192.0.2.10", "Route: <sip:next.example.net;lr>");
    PreprocessedRequest p = PRE.apply(r);
    assertFalse(p.requestUriReplaced());
    assertEquals(1, p.routes().size());
  }

  @Test
  void maddrNamingUsIsStripped() {
    PreprocessedRequest p = PRE.apply(withRoutes("sip:bob@example.com:5060;maddr=192.0.2.10;transport=udp;foo", null));
    assertEquals("sip:bob@example.com;foo", p.requestUri().toString(), "RFC 3261 §16.4 para 3");
    assertTrue(p.requestUriReplaced());
    PreprocessedRequest other = PRE.apply(withRoutes("sip:bob@example.net;maddr=203.0.113.1", null));
    assertFalse(other.requestUriReplaced());
  }

  @Test
  void inDialogFollowsTheToTag() {
    assertFalse(PRE.apply(withRoutes("sip:bob@example.net", null)).inDialog());
    SipRequest bye = Msgs.request(Msgs.invite("sip:bob@example.net")
        .replace("To: <sip:bob@example.net>", "To: <sip:bob@example.net>;tag=x"));
    assertTrue(PRE.apply(bye).inDialog());
  }

  /** RecordedFlows: the flows a route of ours names count only when its token signs them. */
  @Test
  void recordedFlowsAreTakenFromASignedRouteOnly() {
    String callId = "call-1@198.51.100.7"; // Msgs.invite's
    RecordedFlows flows = new RecordedFlows(null, RecordedFlows.value("udp~b2~n1", "udp:127.0.0.1:40002"));
    String signed = "<sip:192.0.2.10:5060;transport=udp;lr;" + RouteToken.PARAM + "="
        + Msgs.TOKENS.of(Msgs.HOME, callId, flows) + flows.params() + ">";
    assertEquals(flows, PRE.recordedFlows(withRoutes("sip:bob@127.0.0.1:5070", "Route: " + signed)));
    String forged = signed.replace("udp~b2~n1", "udp~c3~n1");
    assertEquals(RecordedFlows.NONE, PRE.recordedFlows(withRoutes("sip:bob@127.0.0.1:5070", "Route: " + forged)));
    String unsigned = "<sip:192.0.2.10:5060;transport=udp;lr;" + RouteToken.PARAM + "="
        + Msgs.TOKENS.of(Msgs.HOME, callId) + ">";
    assertEquals(RecordedFlows.NONE, PRE.recordedFlows(withRoutes("sip:bob@127.0.0.1:5070", "Route: " + unsigned)));
    assertEquals(RecordedFlows.NONE, PRE.recordedFlows(withRoutes("sip:bob@127.0.0.1:5070", "Route: <sip:next.example.net;lr"
        + flows.params() + ">")), "not our route");
  }
}
