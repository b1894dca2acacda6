package io.parley.proxy;

import static io.parley.proxy.Msgs.IDENTITY;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.parley.auth.AuthSettings;
import io.parley.auth.DigestAlgorithm;
import io.parley.auth.DigestAuthenticator;
import io.parley.auth.DigestVerifier;
import io.parley.auth.Ha1;
import io.parley.auth.NonceCountTracker;
import io.parley.auth.NonceService;
import io.parley.auth.SubscriberId;
import io.parley.message.HeaderName;
import io.parley.message.SipRequest;
import io.parley.message.SipResponse;
import io.parley.registrar.DigestUa;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * RFC 3261 §22.3 proxy authentication and the relay rules as {@link ProxyAuthorizer} applies them:
 * the relay attempts a stranger makes, each beside the legitimate request it imitates.
 */
class ProxyAuthorizerTest {
  /** Both algorithms challenged, MD5 first: the default challenges MD5 alone. */
  private static final AuthSettings MD5_AND_SHA_256 = new AuthSettings("", Duration.ofSeconds(300),
      Duration.ofSeconds(5), 1_000, List.of(DigestAlgorithm.MD5, DigestAlgorithm.SHA_256));
  private static final byte[] SECRET = "0123456789abcdef0123".getBytes(StandardCharsets.UTF_8);
  private static final Instant NOW = Instant.parse("2026-01-01T00:00:00Z");
  private static final Map<String, String> PASSWORDS = Map.of("alice", "alicepw", "bob", "bobpw");
  /** Where the requests come from: no trusted peer. Never sent to. */
  private static final InetAddress STRANGER = address("198.51.100.7");
  /** A trusted peer (a gateway). Never sent to. */
  private static final InetAddress TRUSTED = address("203.0.113.9");
  private static final String DIALOG = "dlg-1@198.51.100.7";

  private final ProxyAuthorizer authorizer = authorizer(ProxyAuthSettings.DEFAULT, NOW);

  private static ProxyAuthorizer authorizer(ProxyAuthSettings settings, Instant now) {
    Clock clock = Clock.fixed(now, ZoneOffset.UTC);
    NonceService nonces = new NonceService(SECRET, Duration.ofSeconds(300), Duration.ofSeconds(5), clock);
    DigestVerifier verifier = new DigestVerifier(nonces, new NonceCountTracker(Duration.ofMinutes(10), 1000, clock),
        DigestAuthenticator::sameUri);
    DigestAuthenticator digest = new DigestAuthenticator(MD5_AND_SHA_256, nonces, verifier,
        (user, realm, algorithm) -> Optional.ofNullable(PASSWORDS.get(user))
            .filter(p -> realm.equals("example.com")).map(p -> Ha1.compute(algorithm, user, realm, p)),
        "Parley");
    // "al" is an alias of alice
    ProxyAuthorizer.Subscribers subscribers = (user, domain) -> user.equals("al") && domain.equals("example.com")
        ? Optional.of(new SubscriberId("alice", "example.com"))
        : Optional.empty();
    return new ProxyAuthorizer(settings, IDENTITY, digest, subscribers, TRUSTED::equals);
  }

  private static PreprocessedRequest request(String method, String uri, String from, String... extra) {
    StringBuilder b = new StringBuilder()
        .append(method).append(' ').append(uri).append(" SIP/2.0\n")
        .append("Via: SIP/2.0/UDP 198.51.100.7:5060;branch=z9hG4bKpa1;rport\n")
        .append("Max-Forwards: 70\n")
        .append("From: <").append(from).append(">;tag=f1\n")
        .append("To: <").append(uri).append(">\n")
        .append("Call-ID: pa-1@198.51.100.7\n")
        .append("CSeq: 2 ").append(method).append('\n');
    for (String e : extra) {
      b.append(e).append('\n');
    }
    b.append("Content-Length: 0\n\n");
    return new RoutePreprocessing(IDENTITY, Msgs.TOKENS).apply(Msgs.request(b.toString()));
  }

  private static PreprocessedRequest invite(String from, String... extra) {
    return request("INVITE", "sip:bob@example.com", from, extra);
  }

  private ProxyAuthorizer.Refuse refused(PreprocessedRequest r) {
    return assertInstanceOf(ProxyAuthorizer.Refuse.class, authorizer.authorize(r, STRANGER));
  }

  /** The request as forwarded for a caller at {@link #STRANGER}. */
  private PreprocessedRequest forwarded(PreprocessedRequest r) {
    return assertInstanceOf(ProxyAuthorizer.Forward.class, authorizer.authorize(r, STRANGER)).request();
  }

  /** A request inside a dialog: To tag t1, Call-ID {@link #DIALOG}. */
  private static PreprocessedRequest inDialog(String method, String uri, String from, String... extra) {
    StringBuilder b = new StringBuilder()
        .append(method).append(' ').append(uri).append(" SIP/2.0\n")
        .append("Via: SIP/2.0/UDP 198.51.100.7:5060;branch=z9hG4bKdlg1;rport\n")
        .append("Max-Forwards: 70\n")
        .append("From: <").append(from).append(">;tag=f1\n")
        .append("To: <sip:someone@example.net>;tag=t1\n")
        .append("Call-ID: ").append(DIALOG).append('\n')
        .append("CSeq: 3 ").append(method).append('\n');
    for (String e : extra) {
      b.append(e).append('\n');
    }
    b.append("Content-Length: 0\n\n");
    return new RoutePreprocessing(IDENTITY, Msgs.TOKENS).apply(Msgs.request(b.toString()));
  }

  /** Our Record-Route for {@link #DIALOG}, as the forwarder writes it and a route set echoes it. */
  private static String ourRoute() {
    return "<sip:192.0.2.10:5060;transport=udp;lr;" + RouteToken.PARAM + "=" + Msgs.TOKENS.of(Msgs.HOME, DIALOG) + ">";
  }

  private String nonce() {
    return DigestUa.nonceIn(Msgs.text(refused(invite("sip:alice@example.com")).response()));
  }

  private static String credentials(String user, String password, String nonce) {
    return "Proxy-Authorization: " + DigestUa.authorization("INVITE", DigestAlgorithm.SHA_256, user, password,
        "example.com", nonce, "sip:bob@example.com", 1);
  }

  @Test
  void ourUserWithoutCredentialsIsChallengedWith407AndAChallengePerAlgorithm() {
    ProxyAuthorizer.Refuse r = refused(invite("sip:alice@example.com"));
    assertEquals(407, r.status());
    SipResponse response = (SipResponse) Msgs.parse(r.response());
    assertEquals(407, response.statusCode());
    List<String> challenges = response.values(HeaderName.PROXY_AUTHENTICATE);
    assertEquals(2, challenges.size(), challenges.toString());
    assertTrue(challenges.get(0).startsWith("Digest realm=\"example.com\""), challenges.toString());
    assertTrue(challenges.get(0).contains("algorithm=MD5") && challenges.get(0).contains("qop=\"auth\""),
        challenges.toString());
    assertTrue(challenges.get(1).contains("algorithm=SHA-256"), challenges.toString());
    assertFalse(challenges.get(0).contains("stale"), challenges.toString());
    assertTrue(response.values(HeaderName.WWW_AUTHENTICATE).isEmpty());
    assertTrue(response.routing().to().tag() != null, "a final response has a To tag");
  }

  /** The realm is the From's domain, in the case it is stored in, whatever case the From has. */
  @Test
  void theRealmIsTheFromDomain() {
    String text = Msgs.text(refused(invite("sip:alice@EXAMPLE.com")).response());
    assertTrue(text.contains("Proxy-Authenticate: Digest realm=\"example.com\""), text);
  }

  @Test
  void theRightCredentialsAreForwardedWithoutThem() {
    PreprocessedRequest r = invite("sip:alice@example.com",
        "Proxy-Authorization: Digest username=\"carol\", realm=\"upstream.example.net\", nonce=\"n\", uri=\"sip:x\", "
            + "response=\"00\"",
        credentials("alice", "alicepw", nonce()));
    PreprocessedRequest f = forwarded(r);
    SipRequest request = r.request();
    assertEquals(request.next(HeaderName.PROXY_AUTHORIZATION, request.first(HeaderName.PROXY_AUTHORIZATION)),
        f.consumedCredentials());
    assertEquals(Caller.SUBSCRIBER, f.caller());
    byte[] forwarded = new RequestForwarder(ProxySettings.DEFAULT, Msgs.TOKENS).forward(f,
        Msgs.HOME, BranchId.requestHash(request), Target.of(r.requestUri()), 0, Msgs.UDP, null).bytes();
    List<String> left = ((SipRequest) Msgs.parse(forwarded)).values(HeaderName.PROXY_AUTHORIZATION);
    // RFC 3261 §20.28: credentials for another realm are not ours to consume
    assertEquals(1, left.size(), left.toString());
    assertTrue(left.get(0).contains("upstream.example.net"), left.toString());
  }

  /** RFC 3261 §22.3 with the From check: alice may not call as bob. */
  @Test
  void anotherUsersCredentialsAreForbidden() {
    ProxyAuthorizer.Refuse r = refused(invite("sip:bob@example.com", credentials("alice", "alicepw", nonce())));
    assertEquals(403, r.status());
    assertTrue(((SipResponse) Msgs.parse(r.response())).values(HeaderName.PROXY_AUTHENTICATE).isEmpty());
  }

  @Test
  void anAliasOfTheAuthenticatedUserMayBeTheFrom() {
    forwarded(invite("sip:al@example.com", credentials("alice", "alicepw", nonce())));
  }

  /** RFC 3665 §2.5: a wrong password and an unknown user get the same fresh challenge. */
  @Test
  void aWrongPasswordAndAnUnknownUserAreChallengedAlike() {
    ProxyAuthorizer.Refuse wrong = refused(invite("sip:alice@example.com", credentials("alice", "guess", nonce())));
    ProxyAuthorizer.Refuse unknown = refused(invite("sip:zed@example.com", credentials("zed", "guess", nonce())));
    for (ProxyAuthorizer.Refuse r : List.of(wrong, unknown)) {
      assertEquals(407, r.status());
      assertFalse(Msgs.text(r.response()).contains("stale"), Msgs.text(r.response()));
    }
  }

  /** RFC 7616 §3.3: the right answer to an expired nonce is challenged again with stale=true. */
  @Test
  void anExpiredNonceIsStale() {
    ProxyAuthorizer later = authorizer(ProxyAuthSettings.DEFAULT, NOW.plusSeconds(301));
    ProxyAuthorizer.Refuse r = assertInstanceOf(ProxyAuthorizer.Refuse.class,
        later.authorize(invite("sip:alice@example.com", credentials("alice", "alicepw", nonce())), STRANGER));
    assertEquals(407, r.status());
    assertTrue(Msgs.text(r.response()).contains("stale=true"), Msgs.text(r.response()));
  }

  @Test
  void malformedCredentialsAreABadRequest() {
    assertEquals(400, refused(invite("sip:alice@example.com", "Proxy-Authorization: Digest realm=\"exa")).status());
  }

  // ---- strangers: no relay, whatever the request says ----

  @Test
  void aForeignCallerReachesOurUsersUnchallenged() {
    PreprocessedRequest f = forwarded(invite("sip:carol@example.org"));
    assertEquals(Caller.STRANGER, f.caller());
    // a Request-URI naming one of our addresses is ours too
    forwarded(request("MESSAGE", "sip:bob@192.0.2.10", "sip:carol@example.org"));
  }

  /** Relay cases 1 and 2: a foreign Request-URI, no Route. */
  @Test
  void foreignToForeignIsRelayingDenied() {
    assertEquals(403, refused(request("INVITE", "sip:dave@example.net", "sip:carol@example.org")).status());
    assertEquals(403, refused(request("MESSAGE", "sip:dave@example.net", "sip:carol@example.org")).status());
    ProxyAuthorizer relay = authorizer(new ProxyAuthSettings(true, true), NOW);
    assertInstanceOf(ProxyAuthorizer.Forward.class,
        relay.authorize(request("INVITE", "sip:dave@example.net", "sip:carol@example.org"), STRANGER));
  }

  /** Relay cases 3 and 4: a foreign Request-URI behind our Route, or behind our domain and a foreign hop. */
  @Test
  void aRouteToUsDoesNotMakeAForeignRequestUriOurs() {
    assertEquals(403, refused(request("INVITE", "sip:dave@example.net", "sip:carol@example.org",
        "Route: <sip:192.0.2.10;lr>")).status());
    assertEquals(403, refused(request("MESSAGE", "sip:dave@example.net", "tel:+15551234",
        "Route: <sip:example.com;lr>, <sip:gw.example.net;lr>")).status());
  }

  /** Relay cases 5 to 7: our user's Request-URI with a preloaded foreign Route: the Route goes. */
  @Test
  void aStrangersPreloadedRoutesAreRemoved() {
    for (String method : List.of("INVITE", "MESSAGE")) {
      PreprocessedRequest f = forwarded(request(method, "sip:bob@example.com", "sip:carol@example.org",
          "Route: <sip:evil.example.net;lr>"));
      assertTrue(f.routes().isEmpty(), method + ": " + f.routes());
      assertTrue(f.routesChanged(), "the forwarded request is written without them");
      assertEquals("sip:bob@example.com", f.requestUri().toString());
    }
    PreprocessedRequest both = forwarded(invite("sip:carol@example.org",
        "Route: <sip:192.0.2.10;lr>, <sip:evil.example.net;lr>"));
    assertTrue(both.routes().isEmpty(), both.routes().toString());
  }

  /** Legitimate beside it: an outbound proxy's preloaded Route to us, on a call to our user. */
  @Test
  void anOutboundProxyRouteToUsIsFollowed() {
    PreprocessedRequest f = forwarded(invite("sip:carol@example.org", "Route: <sip:192.0.2.10:5060;lr>"));
    assertTrue(f.routes().isEmpty());
    assertEquals("sip:bob@example.com", f.requestUri().toString());
  }

  /** Relay case 8: a strict-route trick: our address as Request-URI, the foreign target last in Route. */
  @Test
  void aStrictRouteTrickIsJudgedByTheRealRequestUri() {
    PreprocessedRequest r = request("INVITE", "sip:192.0.2.10:5060;lr", "sip:carol@example.org",
        "Route: <sip:dave@example.net>");
    assertEquals("sip:dave@example.net", r.requestUri().toString(), "RFC 3261 §16.4 replaced it");
    assertEquals(403, refused(r).status());
  }

  /** Relay cases 9 and 10: maddr tricks. */
  @Test
  void maddrTricksAreJudgedByWhereTheRequestGoes() {
    // a foreign URI with maddr naming us: §16.4 drops the maddr, and what is left is foreign
    assertEquals(403, refused(request("INVITE", "sip:dave@example.net;maddr=192.0.2.10", "sip:carol@example.org"))
        .status());
    // our user with a foreign maddr: looked up as our user; maddr does not send it elsewhere
    PreprocessedRequest f = forwarded(request("INVITE", "sip:bob@example.com;maddr=evil.example.net",
        "sip:carol@example.org"));
    assertInstanceOf(TargetResolver.Lookup.class,
        new TargetResolver(IDENTITY, StaticRoutes.NONE).resolve(f));
  }

  /** Relay cases 11 to 13: a made-up To tag and a foreign Request-URI, without any Route. */
  @Test
  void aForgedInDialogRequestIsNotHere() {
    for (String method : List.of("INVITE", "MESSAGE", "BYE")) {
      ProxyAuthorizer.Refuse r = refused(inDialog(method, "sip:dave@example.net", "sip:carol@example.org"));
      assertEquals(404, r.status(), method);
    }
  }

  /** Relay cases 14 and on: forged in-dialog requests with Routes: ours without proof, a forged proof, foreign. */
  @Test
  void aForgedInDialogRouteIsNotOurs() {
    for (String route : List.of("<sip:192.0.2.10;lr>", "<sip:192.0.2.10:5060;transport=udp;lr;ptk=AAAAAAAAAAAA>",
        "<sip:evil.example.net;lr>", "<sip:example.com;lr>, <sip:evil.example.net;lr>")) {
      for (String method : List.of("INVITE", "MESSAGE", "BYE")) {
        assertEquals(404, refused(inDialog(method, "sip:dave@example.net", "sip:carol@example.org",
            "Route: " + route)).status(), method + " " + route);
      }
    }
    // a proof minted for another Call-ID proves nothing for this one
    String other = "<sip:192.0.2.10:5060;transport=udp;lr;ptk=" + Msgs.TOKENS.of(Msgs.HOME, "other@198.51.100.7") + ">";
    assertEquals(404, refused(inDialog("BYE", "sip:dave@example.net", "sip:carol@example.org", "Route: " + other))
        .status());
  }

  /** A forged ACK is neither forwarded nor answered (RFC 3261 §17). */
  @Test
  void aForgedAckIsDiscarded() {
    assertInstanceOf(ProxyAuthorizer.Discard.class,
        authorizer.authorize(inDialog("ACK", "sip:dave@example.net", "sip:carol@example.org"), STRANGER));
    assertInstanceOf(ProxyAuthorizer.Discard.class, authorizer.authorize(
        inDialog("ACK", "sip:dave@example.net", "sip:carol@example.org", "Route: <sip:192.0.2.10;lr>"), STRANGER));
  }

  /** Legitimate beside them: a BYE (or ACK) along the route set we recorded, to wherever the far end is. */
  @Test
  void aRequestAlongOurRecordRouteIsForwarded() {
    for (String method : List.of("BYE", "ACK", "INVITE")) {
      PreprocessedRequest f = forwarded(inDialog(method, "sip:dave@203.0.113.50:5070", "sip:carol@example.org",
          "Route: " + ourRoute()));
      assertTrue(f.recordRouted(), method);
      assertTrue(f.routes().isEmpty(), method);
    }
    // our route set, then the far side's proxy: followed as recorded
    PreprocessedRequest f = forwarded(inDialog("BYE", "sip:dave@203.0.113.50:5070", "sip:carol@example.org",
        "Route: " + ourRoute() + ", <sip:proxy.example.net;lr>"));
    assertEquals(1, f.routes().size());
    // a strict router upstream hands our Record-Route back as the Request-URI
    String strict = ourRoute().substring(1, ourRoute().length() - 1);
    PreprocessedRequest s = forwarded(inDialog("BYE", strict, "sip:carol@example.org",
        "Route: <sip:dave@203.0.113.50:5070>"));
    assertTrue(s.recordRouted());
    assertEquals("sip:dave@203.0.113.50:5070", s.requestUri().toString());
  }

  /** Legitimate: an in-dialog request addressed to a user of ours, with no Route (we did not record-route). */
  @Test
  void anInDialogRequestToOurUserIsForwarded() {
    PreprocessedRequest f = forwarded(inDialog("BYE", "sip:bob@example.com", "sip:carol@example.org"));
    assertInstanceOf(TargetResolver.Lookup.class, new TargetResolver(IDENTITY, StaticRoutes.NONE).resolve(f));
  }

  // ---- who the caller is ----

  /** Our authenticated users may call anywhere. */
  @Test
  void ourAuthenticatedUserReachesForeignDomains() {
    String nonce = nonce();
    PreprocessedRequest r = request("INVITE", "sip:dave@example.net", "sip:alice@example.com",
        "Proxy-Authorization: " + DigestUa.authorization("INVITE", DigestAlgorithm.MD5, "alice", "alicepw",
            "example.com", nonce, "sip:dave@example.net", 1),
        "Route: <sip:proxy.example.net;lr>");
    PreprocessedRequest f = forwarded(r);
    assertEquals(Caller.SUBSCRIBER, f.caller());
    assertEquals(1, f.routes().size(), "an authenticated user's preloaded Route is followed");
    assertEquals(407, refused(request("INVITE", "sip:dave@example.net", "sip:alice@example.com")).status());
  }

  /** A trusted peer is not challenged, and its Routes and foreign destinations are followed. */
  @Test
  void aTrustedPeerIsNeitherChallengedNorLimited() {
    for (PreprocessedRequest r : List.of(
        request("INVITE", "sip:dave@example.net", "sip:carol@example.org", "Route: <sip:gw.example.net;lr>"),
        invite("sip:alice@example.com"),
        inDialog("BYE", "sip:dave@example.net", "sip:carol@example.org"))) {
      PreprocessedRequest f = assertInstanceOf(ProxyAuthorizer.Forward.class, authorizer.authorize(r, TRUSTED))
          .request();
      assertEquals(Caller.TRUSTED, f.caller());
      assertEquals(r.routes(), f.routes());
    }
    // the same from an unknown source: refused
    assertEquals(403, refused(request("INVITE", "sip:dave@example.net", "sip:carol@example.org")).status());
    assertInstanceOf(ProxyAuthorizer.Refuse.class,
        authorizer.authorize(request("INVITE", "sip:dave@example.net", "sip:carol@example.org"), null));
  }

  /** RFC 3261 §22.1: ACK and CANCEL cannot be resubmitted, so they are never challenged. */
  @Test
  void ackAndCancelAreNeverChallenged() {
    assertInstanceOf(ProxyAuthorizer.Forward.class,
        authorizer.authorize(request("CANCEL", "sip:bob@example.com", "sip:alice@example.com"), STRANGER));
    assertInstanceOf(ProxyAuthorizer.Forward.class,
        authorizer.authorize(request("CANCEL", "sip:dave@example.net", "sip:carol@example.org"), STRANGER));
    // an ACK to our user (the ACK of a non-2xx answer goes to its transaction before this)
    assertInstanceOf(ProxyAuthorizer.Forward.class,
        authorizer.authorize(request("ACK", "sip:bob@example.com", "sip:alice@example.com"), STRANGER));
  }

  /** In a dialog (To tag): forwarded unchallenged, but credentials for our realm are not passed on. */
  @Test
  void requestsInsideADialogAreNotChallenged() {
    PreprocessedRequest bye = inDialog("BYE", "sip:bob@198.51.100.9:5060", "sip:alice@example.com",
        "Route: " + ourRoute(),
        "Proxy-Authorization: Digest username=\"alice\", realm=\"example.com\", nonce=\"old\", "
            + "uri=\"sip:bob@example.com\", response=\"0\"");
    PreprocessedRequest f = forwarded(bye);
    assertEquals(bye.request().first(HeaderName.PROXY_AUTHORIZATION), f.consumedCredentials());
    assertNotEquals(-1, f.consumedCredentials());
  }

  @Test
  void withoutAuthenticationTheFromIsBelieved() {
    ProxyAuthorizer open = authorizer(new ProxyAuthSettings(false, false), NOW);
    assertInstanceOf(ProxyAuthorizer.Forward.class, open.authorize(invite("sip:alice@example.com"), STRANGER));
    assertInstanceOf(ProxyAuthorizer.Forward.class,
        open.authorize(request("INVITE", "sip:dave@example.net", "sip:alice@example.com"), STRANGER));
    // the relay rule still holds for foreign callers
    assertInstanceOf(ProxyAuthorizer.Refuse.class,
        open.authorize(request("INVITE", "sip:dave@example.net", "sip:carol@example.org"), STRANGER));
  }

  private static InetAddress address(String literal) {
    try {
      return InetAddress.getByName(literal);
    } catch (UnknownHostException e) {
      throw new IllegalArgumentException(e);
    }
  }
}
