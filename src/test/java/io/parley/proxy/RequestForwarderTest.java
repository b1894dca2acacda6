package io.parley.proxy;

import static io.parley.proxy.Msgs.IDENTITY;
import static io.parley.proxy.Msgs.TLS;
import static io.parley.proxy.Msgs.UDP;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.parley.message.HeaderName;
import io.parley.message.SipRequest;
import io.parley.message.Vectors;
import io.parley.message.header.NameAddr;
import io.parley.message.header.Via;
import io.parley.message.uri.SipUri;
import io.parley.message.uri.Uri;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class RequestForwarderTest {
  /** The proof our Record-Route carries for Msgs.invite's Call-ID. */
  private static final String PTK = ";" + RouteToken.PARAM + "=" + Msgs.TOKENS.of(Msgs.HOME, "call-1@198.51.100.7");
  private static final RequestForwarder FORWARDER = new RequestForwarder(ProxySettings.DEFAULT, Msgs.TOKENS);
  private static final RoutePreprocessing PRE = new RoutePreprocessing(IDENTITY, Msgs.TOKENS);
  private static final Arrival FROM_ALICE = new Arrival(UDP, "198.51.100.7", 5060);

  @BeforeAll
  static void vectorsAreIntact() {
    Vectors.checksums("rfc4475").forEach((file, sum) -> {
      if (List.of("wsinv.dat", "dblreq.dat").contains(file)) {
        assertEquals(sum, Vectors.sha256(Vectors.bytes("rfc4475", file)), file);
      }
    });
  }

  private static ForwardedRequest forward(SipRequest r, String target, int index, SipInterface out, Arrival in) {
    return FORWARDER.forward(PRE.apply(r), Msgs.HOME, BranchId.requestHash(r), Target.of(Uri.parse(target)), index, out, in);
  }

  @Test
  void inviteToARegisteredContact() {
    SipRequest r = Msgs.request(Msgs.invite("sip:bob@example.com"));
    ForwardedRequest f = forward(r, "sip:bob@203.0.113.5:5070;transport=tcp", 0, UDP, FROM_ALICE);
    SipRequest out = Msgs.request(f.bytes());

    assertEquals("sip:bob@203.0.113.5:5070;transport=tcp", out.requestUri(), "§16.6 item 2");
    assertEquals(69, out.routing().maxForwards(), "§16.6 item 3");
    assertEquals(List.of("<sip:192.0.2.10:5060;transport=udp;lr" + PTK + ">"), out.values(HeaderName.RECORD_ROUTE),
        "§16.6 item 4");
    Via top = out.routing().topVia();
    assertEquals("192.0.2.10", top.host());
    assertEquals(5060, top.port());
    assertTrue(top.isTransport("UDP"));
    assertTrue(top.hasRport(), "RFC 3581");
    assertEquals(f.branch(), top.branch());
    assertTrue(f.branch().startsWith("z9hG4bK"), "§16.6 item 8: the magic cookie");
    assertEquals(0, BranchId.index(f.branch()));
    Via second = out.routing().vias().get(1);
    assertEquals("z9hG4bKalice1", second.branch());
    assertEquals(5060, second.rport(), "RFC 3581 §4: rport filled in");
    assertEquals("198.51.100.7", second.received(), "RFC 3581 §4: received with rport");
    assertEquals(new Hop("tcp", "203.0.113.5", 5070), f.hop());
    assertEquals("v=0\r\n", new String(out.body(), StandardCharsets.US_ASCII));
    assertEquals(5, out.contentLength());
    assertEquals(r.value(HeaderName.CONTACT), out.value(HeaderName.CONTACT));
    assertEquals("Via", out.nameTextAt(0), "our Via is the topmost field");
  }

  @Test
  void branchesDifferPerIndexAndRepeatPerRequest() {
    SipRequest r = Msgs.request(Msgs.invite("sip:bob@example.com"));
    ForwardedRequest a = forward(r, "sip:bob@203.0.113.5", 0, UDP, null);
    ForwardedRequest b = forward(r, "sip:bob@203.0.113.6", 1, UDP, null);
    ForwardedRequest again = forward(Msgs.request(Msgs.invite("sip:bob@example.com")), "sip:bob@203.0.113.5", 0, UDP,
        null);
    assertNotEquals(a.branch(), b.branch());
    assertEquals(a.branch(), again.branch(), "a retransmission of the request maps to the same branch");
    assertArrayEquals(a.bytes(), again.bytes());
    assertEquals(1, BranchId.index(b.branch()));
  }

  @Test
  void uriHeadersNeverReachTheRequestUri() {
    SipRequest r = Msgs.request(Msgs.invite("sip:bob@example.com"));
    SipRequest out = Msgs.request(forward(r, "sip:bob@203.0.113.5?Route=%3Csip:bad.example.com%3E", 0, UDP, null).bytes());
    assertEquals("sip:bob@203.0.113.5", out.requestUri(), "RFC 4475 §3.1.2.11");
    assertEquals(-1, out.first(HeaderName.ROUTE));
  }

  @Test
  void maxForwardsAddedWhenAbsent() {
    SipRequest r = Msgs.request(Msgs.invite("sip:bob@example.net").replace("Max-Forwards: 70\n", ""));
    SipRequest out = Msgs.request(forward(r, "sip:bob@example.net", 0, UDP, null).bytes());
    assertEquals(70, out.routing().maxForwards());
    assertEquals("sip:bob@example.net", out.requestUri());
  }

  @Test
  void noRecordRouteInsideADialogOrForOtherMethods() {
    SipRequest bye = Msgs.request(Msgs.invite("sip:bob@203.0.113.5").replace("INVITE", "BYE")
        .replace("To: <sip:bob@203.0.113.5>", "To: <sip:bob@example.com>;tag=b1"));
    assertEquals(0, Msgs.request(forward(bye, "sip:bob@203.0.113.5", 0, UDP, null).bytes())
        .count(HeaderName.RECORD_ROUTE));
    SipRequest reInvite = Msgs.request(Msgs.invite("sip:bob@203.0.113.5")
        .replace("To: <sip:bob@203.0.113.5>", "To: <sip:bob@example.com>;tag=b1"));
    assertEquals(0, Msgs.request(forward(reInvite, "sip:bob@203.0.113.5", 0, UDP, null).bytes())
        .count(HeaderName.RECORD_ROUTE));
    SipRequest message = Msgs.request(Msgs.invite("sip:bob@example.net").replace("INVITE", "MESSAGE"));
    assertEquals(0, Msgs.request(forward(message, "sip:bob@example.net", 0, UDP, null).bytes())
        .count(HeaderName.RECORD_ROUTE));
    SipRequest subscribe = Msgs.request(Msgs.invite("sip:bob@example.net").replace("INVITE", "SUBSCRIBE"));
    assertEquals(1, Msgs.request(forward(subscribe, "sip:bob@example.net", 0, UDP, null).bytes())
        .count(HeaderName.RECORD_ROUTE));
  }

  @Test
  void recordRouteCanBeTurnedOff() {
    RequestForwarder off = new RequestForwarder(new ProxySettings(false, StaticRoutes.NONE,
        java.time.Duration.ofSeconds(180), 10), Msgs.TOKENS);
    SipRequest r = Msgs.request(Msgs.invite("sip:bob@example.net"));
    SipRequest out = Msgs.request(off.forward(PRE.apply(r), Msgs.HOME, 1L, Target.of(r.uri()), 0, UDP, null).bytes());
    assertEquals(0, out.count(HeaderName.RECORD_ROUTE));
  }

  @Test
  void recordRoutePrependedAboveExistingOnes() {
    SipRequest r = Msgs.request(Msgs.invite("sip:bob@example.net")
        .replace("CSeq: 17 INVITE\n", "CSeq: 17 INVITE\nRecord-Route: <sip:edge.example.org;lr>\n"));
    SipRequest out = Msgs.request(forward(r, "sip:bob@example.net", 0, UDP, null).bytes());
    assertEquals(List.of("<sip:192.0.2.10:5060;transport=udp;lr" + PTK + ">", "<sip:edge.example.org;lr>"),
        out.values(HeaderName.RECORD_ROUTE));
  }

  @Test
  void doubleRecordRouteWhenTheRequestChangesSocket() {
    SipRequest r = Msgs.request(Msgs.invite("sip:bob@example.net"));
    SipRequest out = Msgs.request(forward(r, "sip:bob@example.net;transport=tls", 0, TLS, FROM_ALICE).bytes());
    assertEquals(List.of("<sip:192.0.2.10:5061;transport=tls;lr" + PTK + ">", "<sip:192.0.2.10:5060;transport=udp;lr" + PTK + ">"),
        out.values(HeaderName.RECORD_ROUTE), "RFC 5658: outgoing socket on top, incoming below");
    assertTrue(out.routing().topVia().isTransport("TLS"));
    assertEquals(5061, out.routing().topVia().port());
  }

  @Test
  void sipsRequestUriGetsSipsRecordRoute() {
    SipRequest r = Msgs.request(Msgs.invite("sips:bob@example.net"));
    SipRequest out = Msgs.request(forward(r, "sips:bob@example.net", 0, TLS, null).bytes());
    assertEquals(List.of("<sips:192.0.2.10:5061;lr" + PTK + ">"), out.values(HeaderName.RECORD_ROUTE), "§16.6 item 4");
  }

  @Test
  void looseRouteOfOursRemovedAndTheRestKept() {
    SipRequest r = Msgs.request(Msgs.invite("sip:bob@example.net")
        .replace("CSeq: 17 INVITE\n", "CSeq: 17 INVITE\nRoute: <sip:192.0.2.10;lr>, <sip:next.example.net;lr>\n"));
    ForwardedRequest f = forward(r, "sip:bob@example.net", 0, UDP, null);
    SipRequest out = Msgs.request(f.bytes());
    assertEquals(List.of("<sip:next.example.net;lr>"), out.values(HeaderName.ROUTE));
    assertEquals("sip:bob@example.net", out.requestUri());
    assertEquals(new Hop("udp", "next.example.net", 5060), f.hop(), "the next hop is the topmost Route");
  }

  /** RFC 3327 §5.3, §5.5.2: a registered Path becomes the branch's route set, in order. */
  @Test
  void aRegisteredPathBecomesTheRouteSet() {
    SipRequest r = Msgs.request(Msgs.invite("sip:UA1@example.com"));
    Target t = new Target(Uri.parse("sip:UA1@192.0.2.4"), 1000, "udp~1~n", "udp:19.31.97.3:5060", false,
        io.parley.message.header.NameAddr.parseList("<sip:P3.EXAMPLEHOME.COM;lr>,<sip:P1.EXAMPLEVISITED.COM;lr>"));
    ForwardedRequest f = FORWARDER.forward(PRE.apply(r), Msgs.HOME, BranchId.requestHash(r), t, 0, UDP, FROM_ALICE);
    SipRequest out = Msgs.request(f.bytes());
    assertEquals("sip:UA1@192.0.2.4", out.requestUri(), "the contact stays the Request-URI");
    assertEquals(List.of("<sip:P3.EXAMPLEHOME.COM;lr>", "<sip:P1.EXAMPLEVISITED.COM;lr>"), out.values(HeaderName.ROUTE));
    assertEquals(new Hop("udp", "P3.EXAMPLEHOME.COM", 5060), f.hop(), "the next hop is the first Path URI");
  }

  @Test
  void routesLeftAloneWhenNoneIsOurs() {
    SipRequest r = Msgs.request(Msgs.invite("sip:bob@example.net")
        .replace("CSeq: 17 INVITE\n", "CSeq: 17 INVITE\nroute:   <sip:next.example.net;lr>  \n"));
    byte[] out = forward(r, "sip:bob@example.net", 0, UDP, null).bytes();
    assertTrue(Msgs.text(out).contains("\r\nroute:   <sip:next.example.net;lr>  \r\n"), "copied byte for byte");
  }

  @Test
  void strictRouterNextHopGetsItsUriAsRequestUri() {
    SipRequest r = Msgs.request(Msgs.invite("sip:bob@example.net")
        .replace("CSeq: 17 INVITE\n", "CSeq: 17 INVITE\nRoute: <sip:192.0.2.10;lr>\nRoute: <sip:strict.example.net>, <sip:far.example.net;lr>\n"));
    ForwardedRequest f = forward(r, "sip:bob@example.net", 0, UDP, null);
    SipRequest out = Msgs.request(f.bytes());
    assertEquals("sip:strict.example.net", out.requestUri(), "§16.6 item 6");
    assertEquals(List.of("<sip:far.example.net;lr>", "<sip:bob@example.net>"), out.values(HeaderName.ROUTE),
        "the Request-URI is pushed as the last Route value");
    assertEquals(new Hop("udp", "strict.example.net", 5060), f.hop());
  }

  @Test
  void requestFromAStrictRouterIsRestored() {
    // A strict router put our Record-Route URI in the Request-URI and the remote target last.
    SipRequest r = Msgs.request(Msgs.invite("sip:192.0.2.10:5060;transport=udp;lr")
        .replace("To: <sip:192.0.2.10:5060;transport=udp;lr>", "To: <sip:bob@example.com>;tag=b1")
        .replace("CSeq: 17 INVITE\n", "CSeq: 17 INVITE\nRoute: <sip:next.example.net;lr>, <sip:bob@203.0.113.5:5070>\n"));
    PreprocessedRequest p = PRE.apply(r);
    assertEquals("sip:bob@203.0.113.5:5070", p.requestUri().toString());
    ForwardedRequest f = FORWARDER.forward(p, Msgs.HOME, BranchId.requestHash(r), Target.of(p.requestUri()), 0, UDP, null);
    SipRequest out = Msgs.request(f.bytes());
    assertEquals("sip:bob@203.0.113.5:5070", out.requestUri());
    assertEquals(List.of("<sip:next.example.net;lr>"), out.values(HeaderName.ROUTE));
    assertEquals(new Hop("udp", "next.example.net", 5060), f.hop());
  }

  @Test
  void foldedTopViaWithSeveralValuesKeepsTheRest() {
    SipRequest r = Msgs.request(Msgs.invite("sip:bob@example.net").replace(
        "Via: SIP/2.0/UDP 198.51.100.7:5060;branch=z9hG4bKalice1;rport\n",
        "Via: SIP/2.0/UDP 10.0.0.7:5060;branch=z9hG4bKalice1;rport,\n SIP/2.0/UDP 10.0.0.1;branch=z9hG4bKfirst\n"));
    SipRequest out = Msgs.request(forward(r, "sip:bob@example.net", 0, UDP, FROM_ALICE).bytes());
    List<Via> vias = out.routing().vias();
    assertEquals(3, vias.size());
    assertEquals("198.51.100.7", vias.get(1).received());
    assertEquals(5060, vias.get(1).rport());
    assertEquals("z9hG4bKfirst", vias.get(2).branch());
    assertNull(vias.get(2).received());
  }

  /** RFC 4475 §3.1.1.1: unknown header fields and their odd values pass unchanged. */
  @Test
  void wsinvUnknownHeadersForwardedByteForByte() {
    byte[] in = Vectors.bytes("rfc4475", "wsinv.dat");
    SipRequest r = Msgs.request(in);
    byte[] out = forward(r, "sip:vivekg@chair-dnrc.example.com;unknownparam", 0, UDP, null).bytes();
    String text = Msgs.text(out);
    assertTrue(text.contains("\r\nUnknownHeaderWithUnusualValue: ;;,,;;,;\r\n"));
    assertTrue(text.contains("\r\nNewFangledHeader:   newfangled value\r\n continued newfangled value\r\n"));
    assertTrue(text.contains("\r\nMaX-fOrWaRdS: 67\r\n"), "only the value is rewritten, 68 - 1");
    SipRequest parsed = Msgs.request(out);
    assertArrayEquals(r.body(), parsed.body());
    assertEquals(150, parsed.contentLength());
    assertEquals(0, parsed.count(HeaderName.RECORD_ROUTE), "the To has a tag: inside a dialog");
    // everything after our Via and up to the Max-Forwards line is the received bytes unchanged
    String received = new String(in, StandardCharsets.UTF_8);
    int mf = received.indexOf("MaX-fOrWaRdS");
    assertTrue(text.contains(received.substring(received.indexOf("\r\n") + 2, mf)));
  }

  /** RFC 4475 §3.1.1.8: the octets after the REGISTER are not forwarded. */
  @Test
  void dblreqTrailingOctetsLeftBehind() {
    byte[] in = Vectors.bytes("rfc4475", "dblreq.dat");
    SipRequest r = Msgs.request(in);
    byte[] out = forward(r, "sip:registrar.example.net", 0, UDP, null).bytes();
    String text = Msgs.text(out);
    assertFalse(text.contains("INVITE"), text);
    assertTrue(text.endsWith("Content-Length: 0\r\n\r\n"), text);
    assertEquals(0, Msgs.request(out).bodyLength());
  }

  @Test
  void oneOutputArrayHoldsExactlyTheMessage() {
    SipRequest r = Msgs.request(Msgs.invite("sip:bob@example.net"));
    byte[] out = forward(r, "sip:bob@example.net", 0, UDP, null).bytes();
    SipRequest parsed = Msgs.request(out);
    assertEquals(out.length, parsed.messageEnd());
    assertTrue(Arrays.equals(out, out.length - 5, out.length, "v=0\r\n".getBytes(StandardCharsets.US_ASCII), 0, 5));
  }

  /**
   * A callee registered from behind a NAT, and a caller whose source is not its Via: both their
   * flows go into the Record-Route, signed with the token, so the dialog's requests reach them
   * through those flows (RecordedFlows).
   */
  @Test
  void theFlowsOfPartiesBehindNatsAreRecorded() {
    SipRequest r = Msgs.request(Msgs.invite("sip:bob@example.net"));
    Target callee = new Target(Uri.parse("sip:bob@127.0.0.1:5070"), 1000, "udp~b2~n1", "udp:127.0.0.1:40002", false,
        List.of(), true);
    Arrival natedCaller = new Arrival(UDP, "198.51.100.7", 40001, "udp~a1~n1", "udp:198.51.100.7:40001");
    SipRequest out = Msgs.request(FORWARDER.forward(PRE.apply(r), Msgs.HOME, BranchId.requestHash(r), callee, 0, UDP,
        natedCaller).bytes());
    SipUri rr = (SipUri) NameAddr.parse(out.values(HeaderName.RECORD_ROUTE).get(0)).uri();
    assertEquals(new RecordedFlows("udp~a1~n1!udp:198.51.100.7:40001", "udp~b2~n1!udp:127.0.0.1:40002"),
        RecordedFlows.of(rr));
    assertEquals(Msgs.HOME, Msgs.TOKENS.verify(rr, "call-1@198.51.100.7"));

    // the same caller from its Via's own port, to a callee not behind a NAT: nothing recorded
    Arrival direct = new Arrival(UDP, "198.51.100.7", 5060, "udp~a1~n1", "udp:198.51.100.7:5060");
    SipRequest plain = Msgs.request(forward(r, "sip:bob@127.0.0.1:5070", 0, UDP, direct).bytes());
    assertEquals(List.of("<sip:192.0.2.10:5060;transport=udp;lr" + PTK + ">"), plain.values(HeaderName.RECORD_ROUTE));
  }

  /** parley.nat.fix-contact: a caller behind a NAT has its Contact rewritten to its source. */
  @Test
  void fixContactRewritesANatedCallersContactToItsSource() {
    RequestForwarder fixing = new RequestForwarder(new ProxySettings(true, StaticRoutes.NONE,
        ProxySettings.DEFAULT.branchTimeout(), 10, io.parley.nat.NatDetection.DEFAULT, true), Msgs.TOKENS);
    SipRequest r = Msgs.request(Msgs.invite("sip:bob@example.net"));
    Target callee = Target.of(Uri.parse("sip:bob@127.0.0.1:5070"));
    Arrival natedCaller = new Arrival(UDP, "198.51.100.7", 40001, "udp~a1~n1", "udp:198.51.100.7:40001");
    SipRequest fixed = Msgs.request(fixing.forward(PRE.apply(r), Msgs.HOME, BranchId.requestHash(r), callee, 0, UDP,
        natedCaller).bytes());
    assertEquals(List.of("<sip:alice@198.51.100.7:40001>"), fixed.values(HeaderName.CONTACT));

    Arrival direct = new Arrival(UDP, "198.51.100.7", 5060, "udp~a1~n1", "udp:198.51.100.7:5060");
    SipRequest kept = Msgs.request(fixing.forward(PRE.apply(r), Msgs.HOME, BranchId.requestHash(r), callee, 0, UDP,
        direct).bytes());
    assertEquals(List.of("<sip:alice@198.51.100.7:5060>"), kept.values(HeaderName.CONTACT), "not behind a NAT");

    SipRequest off = Msgs.request(FORWARDER.forward(PRE.apply(r), Msgs.HOME, BranchId.requestHash(r), callee, 0, UDP,
        natedCaller).bytes());
    assertEquals(List.of("<sip:alice@198.51.100.7:5060>"), off.values(HeaderName.CONTACT), "off by default");
  }
}
