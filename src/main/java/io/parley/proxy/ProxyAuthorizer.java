package io.parley.proxy;

import io.parley.auth.DigestAuthenticator;
import io.parley.auth.SubscriberId;
import io.parley.message.HeaderName;
import io.parley.message.Method;
import io.parley.message.SipParseException;
import io.parley.message.SipRequest;
import io.parley.message.uri.CanonicalAor;
import io.parley.message.uri.SipUri;
import java.net.InetAddress;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.atomic.LongAdder;

/**
 * Who may have this proxy forward a request, and where (RFC 3261 §16.3 item 6, §22.3), in the
 * manner of Kamailio's default configuration but judged on where the request will really go:
 * after route preprocessing (§16.4), not on the Request-URI as received. Applied to new requests
 * before the targets are looked for:
 *
 * <ol>
 *   <li>a source on the trusted-peer list (a PSTN gateway, another proxy) passes as it is: no
 *       challenge, its Routes followed ({@link Caller#TRUSTED});
 *   <li>a CANCEL passes: it is answered hop by hop and never forwarded as it came;
 *   <li>a request inside a dialog (its To has a tag) or an ACK is ours to forward only when it
 *       follows a route set we recorded — a Route (or strict-routed Request-URI) of ours carrying
 *       this Call-ID's {@link RouteToken} — or when, with no Route left, its Request-URI is a user
 *       of one of our domains. Anything else is a forged "in-dialog" request that would make us a
 *       relay: 404 (Kamailio's default answers such requests "404 Not here"); an ACK is
 *       discarded, since it is never answered (§17). Such requests are not challenged: a UA
 *       cannot be asked for credentials on a BYE it has no INVITE for;
 *   <li>an initial request whose From is in one of our domains must prove it comes from that
 *       user: no, or wrong, Proxy-Authorization credentials for the realm of the From's domain
 *       are challenged with 407 and a Proxy-Authenticate per algorithm ({@link
 *       DigestAuthenticator}); credentials of another user than the From's (or than the
 *       subscriber the From names through an alias) get 403. An unknown user and a wrong
 *       password look alike (RFC 3665 §2.5). An authenticated user may go anywhere, along any
 *       Route it preloaded ({@link Caller#SUBSCRIBER}). Off with {@code parley.proxy.authenticate
 *       = false}: the From is then believed;
 *   <li>otherwise the request comes from a stranger: the Route values it preloaded (other than
 *       ours, which §16.4 removed: an outbound proxy's Route to us) are removed, so it goes where
 *       its Request-URI says, and it passes only when that names one of our domains or addresses;
 *       a stranger's request anywhere else is answered 403 ({@code parley.proxy.allow-relay =
 *       true} forwards it, Routes and all). A static route does not change this: the rule looks
 *       at the Request-URI, so a gateway domain routed statically is reached only by our
 *       authenticated users and trusted peers.
 * </ol>
 *
 * <p>A From in one of our domains is judged by the domain alone, so a foreign caller cannot pose
 * as one of our users to skip the challenge; a user of ours who puts a foreign From (e.g. the
 * anonymous From of RFC 3323) reaches only our domains.
 *
 * <p>The credentials that authenticated the request are consumed: the forwarded request goes
 * without them. RFC 3261 §20.28 says a Proxy-Authorization value "applies only to the proxy whose
 * realm is identified" and must not be "consumed by any proxy whose realm does not match" — the
 * proxy whose realm does match consumes it. There is no MUST to remove it, but no next hop can
 * use it and it should not get a digest response to attack offline; Kamailio's {@code
 * consume_credentials()} does the same. Credentials for the From's realm on the ACK and
 * in-dialog requests that pass unchecked are left out too: the ACK of a 2xx repeats the INVITE's
 * (§13.2.2.4), and a UA may send cached ones on any request (§22.3). Credentials for other realms
 * pass on untouched. Thread-safe.
 */
public final class ProxyAuthorizer {

  /** Tells which subscriber a user of one of our domains is: itself, or the one its alias names. */
  @FunctionalInterface
  public interface Subscribers {
    /** The subscriber {@code user@domain} names, or empty when it names none. */
    Optional<SubscriberId> resolve(String user, String domain);
  }

  /** Tells whether a source address is a trusted peer ({@code permissions}-style access list). */
  @FunctionalInterface
  public interface TrustedPeers {
    boolean isTrusted(InetAddress source);

    /** No peer is trusted. */
    TrustedPeers NONE = source -> false;
  }

  /** What to do with a request. */
  public sealed interface Decision {}

  /** Forward {@code request}: the request as authorized, its caller and consumed credentials set. */
  public record Forward(PreprocessedRequest request) implements Decision {}

  /**
   * Answer it with {@code response}: a 407 challenge, 403, 404, or 400 for malformed credentials;
   * after {@code delay} when it failed authentication for a user under a guessing attack.
   */
  public record Refuse(int status, byte[] response, Duration delay) implements Decision {
    public Refuse(int status, byte[] response) {
      this(status, response, Duration.ZERO);
    }
  }

  /**
   * Neither forward nor answer it: an ACK that is not ours to forward (RFC 3261 §17: never
   * answered), or a request with credentials from a source banned for failed authentications.
   */
  public record Discard(String reason) implements Decision {}

  private final ProxyAuthSettings settings;
  private final LocalIdentity identity;
  private final DigestAuthenticator digest;
  private final Subscribers subscribers;
  private final TrustedPeers peers;
  private final LongAdder relayDenied = new LongAdder();
  private final LongAdder notOurDialog = new LongAdder();
  private final LongAdder routesRemoved = new LongAdder();

  /**
   * @param digest the node's digest authenticator, which also writes the 403s (with its Server field)
   * @param subscribers alias resolution; {@code (user, domain) -> Optional.empty()} for none
   * @param peers the trusted peers; {@link TrustedPeers#NONE} for none
   */
  public ProxyAuthorizer(ProxyAuthSettings settings, LocalIdentity identity, DigestAuthenticator digest,
      Subscribers subscribers, TrustedPeers peers) {
    this.settings = Objects.requireNonNull(settings, "settings");
    this.identity = Objects.requireNonNull(identity, "identity");
    this.digest = Objects.requireNonNull(digest, "digest");
    this.subscribers = Objects.requireNonNull(subscribers, "subscribers");
    this.peers = Objects.requireNonNull(peers, "peers");
  }

  /**
   * The decision for {@code request}, a new request (no retransmission) that passed §16.3, from
   * {@code source} (null: unknown, never trusted).
   */
  public Decision authorize(PreprocessedRequest request, InetAddress source) {
    SipRequest r = request.request();
    if (source != null && peers.isTrusted(source)) {
      return new Forward(request.authorized(-1, Caller.TRUSTED));
    }
    SipUri from = r.routing().from().uri() instanceof SipUri sip && identity.isServedDomain(sip.host()) ? sip : null;
    if (r.method() == Method.CANCEL) {
      return new Forward(request.authorized(from == null ? -1 : ourCredentials(r, from), Caller.STRANGER));
    }
    if (request.inDialog() || r.method() == Method.ACK) {
      return inDialog(request, r, from);
    }
    if (from != null) {
      return settings.authenticate() ? authenticate(request, r, from, source)
          : new Forward(request.authorized(-1, Caller.SUBSCRIBER));
    }
    if (settings.allowRelay()) {
      return new Forward(request);
    }
    PreprocessedRequest stripped = request.withoutRoutes();
    if (stripped != request) {
      routesRemoved.increment();
    }
    if (stripped.requestUri() instanceof SipUri target && identity.isLocal(target)) {
      return new Forward(stripped);
    }
    relayDenied.increment();
    return new Refuse(403, refusal(r, 403, "Forbidden (relaying denied)"));
  }

  /** Requests refused 403 because a stranger asked to reach a foreign destination. */
  public long relayDenied() {
    return relayDenied.sum();
  }

  /** Requests with a To tag (or ACKs) that followed no route set of ours: refused 404 or discarded. */
  public long notOurDialog() {
    return notOurDialog.sum();
  }

  /** Strangers' initial requests whose preloaded Route values were removed. */
  public long routesRemoved() {
    return routesRemoved.sum();
  }

  /** Rule 3: a request inside a dialog, or an ACK. */
  private Decision inDialog(PreprocessedRequest request, SipRequest r, SipUri from) {
    boolean ours = request.recordRouted()
        || request.routes().isEmpty() && request.requestUri() instanceof SipUri target && target.hasUser()
            && identity.isLocal(target);
    if (ours || settings.allowRelay()) {
      return new Forward(request.authorized(from == null ? -1 : ourCredentials(r, from), Caller.STRANGER));
    }
    notOurDialog.increment();
    if (r.method() == Method.ACK) {
      return new Discard("an ACK outside any route set of ours");
    }
    return new Refuse(404, refusal(r, 404, "Not Here"));
  }

  /**
   * RFC 3261 §22.3, the realm being the From's domain. Without transaction state: the challenge
   * is answered from the edge, and a retransmission of an authenticated request passes the
   * nonce-count check again ({@link DigestAuthenticator#authenticateStateless}).
   */
  private Decision authenticate(PreprocessedRequest request, SipRequest r, SipUri from, InetAddress source) {
    String realm = SubscriberId.normalizeDomain(from.host());
    DigestAuthenticator.Outcome outcome =
        digest.authenticateStateless(r, DigestAuthenticator.Role.PROXY, realm, source);
    if (outcome instanceof DigestAuthenticator.Refused refused) {
      return new Refuse(refused.status(), refused.response(), refused.delay());
    }
    if (outcome instanceof DigestAuthenticator.Dropped) {
      return new Discard("a source banned for failed authentications");
    }
    DigestAuthenticator.Authenticated a = (DigestAuthenticator.Authenticated) outcome;
    if (!isFromUser(a.username(), realm, from)) {
      return new Refuse(403, refusal(r, 403, "Forbidden (From is not the authenticated user)"));
    }
    return new Forward(request.authorized(a.field(), Caller.SUBSCRIBER));
  }

  /**
   * The Proxy-Authorization field for the realm of the From's domain in a request that is not
   * checked here (an ACK repeats the INVITE's credentials, RFC 3261 §13.2.2.4; a UA may send its
   * cached credentials on any request, §22.3): it is ours, so no next hop needs it either.
   */
  private static int ourCredentials(SipRequest r, SipUri from) {
    if (r.first(HeaderName.PROXY_AUTHORIZATION) < 0) {
      return -1;
    }
    try {
      return DigestAuthenticator.credentialsField(r, HeaderName.PROXY_AUTHORIZATION,
          SubscriberId.normalizeDomain(from.host()));
    } catch (SipParseException malformed) {
      return -1; // not ours to judge here: it passes on as it came
    }
  }

  /**
   * Whether {@code username@realm} is the From's user, itself or through an alias. The realm is
   * the From's domain, so an alias into another domain cannot authenticate: its subscriber has no
   * credentials in this realm.
   */
  private boolean isFromUser(String username, String realm, SipUri from) {
    String user = CanonicalAor.user(from); // as the authenticated user name is (RFC 3261 §19.1.4)
    if (user == null || user.isEmpty()) {
      return false;
    }
    if (user.equals(username)) {
      return true;
    }
    Optional<SubscriberId> named = subscribers.resolve(user, realm);
    return named.isPresent() && named.get().username().equals(username) && named.get().domain().equals(realm);
  }

  private byte[] refusal(SipRequest r, int status, String reason) {
    return digest.respond(r, status, reason);
  }
}
