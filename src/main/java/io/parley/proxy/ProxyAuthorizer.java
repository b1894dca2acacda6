package io.parley.proxy;

import io.parley.auth.DigestAuthenticator;
import io.parley.auth.SubscriberId;
import io.parley.message.HeaderName;
import io.parley.message.Method;
import io.parley.message.SipParseException;
import io.parley.message.SipRequest;
import io.parley.message.uri.CanonicalAor;
import io.parley.message.uri.SipUri;
import java.util.Objects;
import java.util.Optional;

/**
 * Who may have this proxy forward a request (RFC 3261 §16.3 item 6, §22.3), in the manner of
 * Kamailio's default configuration. Applied to new requests after route preprocessing, before
 * the targets are looked for:
 *
 * <ol>
 *   <li>ACK and CANCEL pass: they cannot be resubmitted with credentials (RFC 3261 §22.1; the ACK
 *       of a 2xx carries the INVITE's credentials anyway, §13.2.2.4), and a CANCEL is answered hop
 *       by hop before it gets here;
 *   <li>a request inside a dialog (its To has a tag) passes: the dialog layer will check that it
 *       follows a route set we recorded, as Kamailio's {@code loose_route()} does — until then
 *       such requests are forwarded as they are;
 *   <li>a request whose From is in one of our domains must prove it comes from that user: no,
 *       or wrong, Proxy-Authorization credentials for the realm of the From's domain are
 *       challenged with 407 and a Proxy-Authenticate per algorithm ({@link DigestAuthenticator});
 *       credentials of another user than the From's (or than the subscriber the From names
 *       through an alias) get 403. An unknown user and a wrong password look alike (RFC 3665
 *       §2.5). Off with {@code parley.proxy.authenticate = false}: the From is then believed;
 *   <li>otherwise the request comes from a foreign domain: it passes when its Request-URI — after
 *       route preprocessing (§16.4), so what the request is addressed to, not the next hop a
 *       Route names — is one of our domains or addresses; a request from a foreign domain to a
 *       foreign domain is answered 403 ({@code parley.proxy.allow-relay = true} forwards it).
 *       A static route does not change this: the rule looks at the Request-URI, so a gateway
 *       domain routed statically is reached only by our authenticated users.
 * </ol>
 *
 * <p>A From in one of our domains is judged by the domain alone, so a foreign caller cannot pose
 * as one of our users to skip the challenge; a user of ours who puts a foreign From (e.g. the
 * anonymous From of RFC 3323) reaches only our domains.
 *
 * <p>The credentials that authenticated the request are consumed: the forwarded request goes
 * without them ({@link Forward#consumedField}). RFC 3261 §20.28 says a Proxy-Authorization value
 * "applies only to the proxy whose realm is identified" and must not be "consumed by any proxy
 * whose realm does not match" — the proxy whose realm does match consumes it. There is no MUST to
 * remove it, but no next hop can use it and it should not get a digest response to attack
 * offline; Kamailio's {@code consume_credentials()} does the same. Credentials for the From's
 * realm on the ACK and in-dialog requests that pass unchecked are left out too: the ACK of a 2xx
 * repeats the INVITE's (§13.2.2.4), and a UA may send cached ones on any request (§22.3).
 * Credentials for other realms pass on untouched. Thread-safe (immutable).
 */
public final class ProxyAuthorizer {

  /** Tells which subscriber a user of one of our domains is: itself, or the one its alias names. */
  @FunctionalInterface
  public interface Subscribers {
    /** The subscriber {@code user@domain} names, or empty when it names none. */
    Optional<SubscriberId> resolve(String user, String domain);
  }

  /** What to do with a request. */
  public sealed interface Decision {}

  /**
   * Forward it.
   *
   * @param consumedField the index of the Proxy-Authorization field that authenticated it, which
   *     the forwarded request leaves out; -1 for none
   */
  public record Forward(int consumedField) implements Decision {}

  /** Answer it with {@code response}: a 407 challenge, 403, or 400 for malformed credentials. */
  public record Refuse(int status, byte[] response) implements Decision {}

  /** Forward, consuming nothing. */
  public static final Forward FORWARD = new Forward(-1);

  private final ProxyAuthSettings settings;
  private final LocalIdentity identity;
  private final DigestAuthenticator digest;
  private final Subscribers subscribers;

  /**
   * @param digest the node's digest authenticator, which also writes the 403s (with its Server field)
   * @param subscribers alias resolution; {@code (user, domain) -> Optional.empty()} for none
   */
  public ProxyAuthorizer(ProxyAuthSettings settings, LocalIdentity identity, DigestAuthenticator digest,
      Subscribers subscribers) {
    this.settings = Objects.requireNonNull(settings, "settings");
    this.identity = Objects.requireNonNull(identity, "identity");
    this.digest = Objects.requireNonNull(digest, "digest");
    this.subscribers = Objects.requireNonNull(subscribers, "subscribers");
  }

  /** The decision for {@code request}, a new request (no retransmission) that passed §16.3. */
  public Decision authorize(PreprocessedRequest request) {
    SipRequest r = request.request();
    SipUri from = r.routing().from().uri() instanceof SipUri sip && identity.isServedDomain(sip.host()) ? sip : null;
    if (r.method() == Method.ACK || r.method() == Method.CANCEL || request.inDialog()) {
      return from == null ? FORWARD : new Forward(ourCredentials(r, from));
    }
    if (from != null) {
      return settings.authenticate() ? authenticate(r, from) : FORWARD;
    }
    if (request.requestUri() instanceof SipUri target && identity.isLocal(target) || settings.allowRelay()) {
      return FORWARD;
    }
    return new Refuse(403, refusal(r, "Forbidden (relaying denied)"));
  }

  /** RFC 3261 §22.3, the realm being the From's domain. */
  private Decision authenticate(SipRequest r, SipUri from) {
    String realm = SubscriberId.normalizeDomain(from.host());
    DigestAuthenticator.Outcome outcome = digest.authenticate(r, DigestAuthenticator.Role.PROXY, realm);
    if (outcome instanceof DigestAuthenticator.Refused refused) {
      return new Refuse(refused.status(), refused.response());
    }
    DigestAuthenticator.Authenticated a = (DigestAuthenticator.Authenticated) outcome;
    if (!isFromUser(a.username(), realm, from)) {
      return new Refuse(403, refusal(r, "Forbidden (From is not the authenticated user)"));
    }
    return new Forward(a.field());
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

  private byte[] refusal(SipRequest r, String reason) {
    return digest.respond(r, 403, reason);
  }
}
