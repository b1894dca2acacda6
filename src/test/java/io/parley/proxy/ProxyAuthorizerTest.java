package io.parley.proxy;

import static io.parley.proxy.Msgs.IDENTITY;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
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
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** RFC 3261 §22.3 proxy authentication and the relay rule as {@link ProxyAuthorizer} applies them. */
class ProxyAuthorizerTest {
  private static final byte[] SECRET = "0123456789abcdef0123".getBytes(StandardCharsets.UTF_8);
  private static final Instant NOW = Instant.parse("2026-01-01T00:00:00Z");
  private static final Map<String, String> PASSWORDS = Map.of("alice", "alicepw", "bob", "bobpw");

  private final ProxyAuthorizer authorizer = authorizer(ProxyAuthSettings.DEFAULT, NOW);

  private static ProxyAuthorizer authorizer(ProxyAuthSettings settings, Instant now) {
    Clock clock = Clock.fixed(now, ZoneOffset.UTC);
    NonceService nonces = new NonceService(SECRET, Duration.ofSeconds(300), Duration.ofSeconds(5), clock);
    DigestVerifier verifier = new DigestVerifier(nonces, new NonceCountTracker(Duration.ofMinutes(10), 1000, clock),
        DigestAuthenticator::sameUri);
    DigestAuthenticator digest = new DigestAuthenticator(AuthSettings.DEFAULT, nonces, verifier,
        (user, realm, algorithm) -> Optional.ofNullable(PASSWORDS.get(user))
            .filter(p -> realm.equals("example.com")).map(p -> Ha1.compute(algorithm, user, realm, p)),
        "Parley");
    // "al" is an alias of alice
    ProxyAuthorizer.Subscribers subscribers = (user, domain) -> user.equals("al") && domain.equals("example.com")
        ? Optional.of(new SubscriberId("alice", "example.com"))
        : Optional.empty();
    return new ProxyAuthorizer(settings, IDENTITY, digest, subscribers);
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
    return new RoutePreprocessing(IDENTITY).apply(Msgs.request(b.toString()));
  }

  private static PreprocessedRequest invite(String from, String... extra) {
    return request("INVITE", "sip:bob@example.com", from, extra);
  }

  private ProxyAuthorizer.Refuse refused(PreprocessedRequest r) {
    return assertInstanceOf(ProxyAuthorizer.Refuse.class, authorizer.authorize(r));
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
    assertTrue(challenges.get(0).contains("algorithm=SHA-256") && challenges.get(0).contains("qop=\"auth\""),
        challenges.toString());
    assertTrue(challenges.get(1).contains("algorithm=MD5"), challenges.toString());
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
    ProxyAuthorizer.Forward f = assertInstanceOf(ProxyAuthorizer.Forward.class, authorizer.authorize(r));
    SipRequest request = r.request();
    assertEquals(request.next(HeaderName.PROXY_AUTHORIZATION, request.first(HeaderName.PROXY_AUTHORIZATION)),
        f.consumedField());
    byte[] forwarded = new RequestForwarder(ProxySettings.DEFAULT).forward(r.consuming(f.consumedField()),
        BranchId.requestHash(request), Target.of(r.requestUri()), 0, Msgs.UDP, null).bytes();
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
    assertInstanceOf(ProxyAuthorizer.Forward.class,
        authorizer.authorize(invite("sip:al@example.com", credentials("alice", "alicepw", nonce()))));
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
        later.authorize(invite("sip:alice@example.com", credentials("alice", "alicepw", nonce()))));
    assertEquals(407, r.status());
    assertTrue(Msgs.text(r.response()).contains("stale=true"), Msgs.text(r.response()));
  }

  @Test
  void malformedCredentialsAreABadRequest() {
    assertEquals(400, refused(invite("sip:alice@example.com", "Proxy-Authorization: Digest realm=\"exa")).status());
  }

  @Test
  void aForeignCallerReachesOurUsersUnchallenged() {
    assertSame(ProxyAuthorizer.FORWARD, authorizer.authorize(invite("sip:carol@example.org")));
    // a Request-URI naming one of our addresses is ours too
    assertSame(ProxyAuthorizer.FORWARD,
        authorizer.authorize(request("MESSAGE", "sip:bob@192.0.2.10", "sip:carol@example.org")));
  }

  /** No open relay: foreign to foreign is refused, whatever Route the request carries. */
  @Test
  void foreignToForeignIsRelayingDenied() {
    ProxyAuthorizer.Refuse r = refused(request("INVITE", "sip:dave@example.net", "sip:carol@example.org"));
    assertEquals(403, r.status());
    // the Route naming us is removed first (RFC 3261 §16.4); the Request-URI decides
    assertEquals(403, refused(request("INVITE", "sip:dave@example.net", "sip:carol@example.org",
        "Route: <sip:192.0.2.10;lr>")).status());
    // a Route naming one of our domains does not make a foreign Request-URI ours
    assertEquals(403, refused(request("MESSAGE", "sip:dave@example.net", "tel:+15551234",
        "Route: <sip:example.com;lr>, <sip:gw.example.net;lr>")).status());
    ProxyAuthorizer relay = authorizer(new ProxyAuthSettings(true, true), NOW);
    assertSame(ProxyAuthorizer.FORWARD,
        relay.authorize(request("INVITE", "sip:dave@example.net", "sip:carol@example.org")));
  }

  /** Our authenticated users may call anywhere. */
  @Test
  void ourAuthenticatedUserReachesForeignDomains() {
    String nonce = nonce();
    PreprocessedRequest r = request("INVITE", "sip:dave@example.net", "sip:alice@example.com",
        "Proxy-Authorization: " + DigestUa.authorization("INVITE", DigestAlgorithm.MD5, "alice", "alicepw",
            "example.com", nonce, "sip:dave@example.net", 1));
    assertInstanceOf(ProxyAuthorizer.Forward.class, authorizer.authorize(r));
    assertEquals(407, refused(request("INVITE", "sip:dave@example.net", "sip:alice@example.com")).status());
  }

  /** RFC 3261 §22.1: ACK and CANCEL cannot be resubmitted, so they are never challenged. */
  @Test
  void ackAndCancelAreNeverChallenged() {
    for (String method : List.of("ACK", "CANCEL")) {
      assertInstanceOf(ProxyAuthorizer.Forward.class,
          authorizer.authorize(request(method, "sip:bob@example.com", "sip:alice@example.com")), method);
      assertInstanceOf(ProxyAuthorizer.Forward.class,
          authorizer.authorize(request(method, "sip:dave@example.net", "sip:carol@example.org")), method);
    }
  }

  /** In a dialog (To tag): forwarded, but credentials for our realm are still not passed on. */
  @Test
  void requestsInsideADialogAreNotChallenged() {
    PreprocessedRequest bye = new RoutePreprocessing(IDENTITY).apply(Msgs.request(
        "BYE sip:bob@198.51.100.9:5060 SIP/2.0\n"
            + "Via: SIP/2.0/UDP 198.51.100.7:5060;branch=z9hG4bKbye1\n"
            + "Max-Forwards: 70\n"
            + "From: <sip:alice@example.com>;tag=f1\n"
            + "To: <sip:bob@example.com>;tag=t1\n"
            + "Call-ID: pa-2@198.51.100.7\n"
            + "CSeq: 3 BYE\n"
            + "Proxy-Authorization: Digest username=\"alice\", realm=\"example.com\", nonce=\"old\", "
            + "uri=\"sip:bob@example.com\", response=\"0\"\n"
            + "Content-Length: 0\n\n"));
    ProxyAuthorizer.Forward f = assertInstanceOf(ProxyAuthorizer.Forward.class, authorizer.authorize(bye));
    assertEquals(bye.request().first(HeaderName.PROXY_AUTHORIZATION), f.consumedField());
    assertNotEquals(-1, f.consumedField());
  }

  @Test
  void withoutAuthenticationTheFromIsBelieved() {
    ProxyAuthorizer open = authorizer(new ProxyAuthSettings(false, false), NOW);
    assertSame(ProxyAuthorizer.FORWARD, open.authorize(invite("sip:alice@example.com")));
    assertSame(ProxyAuthorizer.FORWARD,
        open.authorize(request("INVITE", "sip:dave@example.net", "sip:alice@example.com")));
    // the relay rule still holds for foreign callers
    assertInstanceOf(ProxyAuthorizer.Refuse.class,
        open.authorize(request("INVITE", "sip:dave@example.net", "sip:carol@example.org")));
  }
}
