package io.parley.auth;

import io.parley.common.Fnv64;
import io.parley.message.HeaderName;
import io.parley.message.ResponseFactory;
import io.parley.message.SipParseException;
import io.parley.message.SipRequest;
import io.parley.message.header.DigestCredentials;
import io.parley.message.uri.SipUri;
import java.net.InetAddress;
import java.time.Clock;
import java.time.Duration;
import java.util.List;

/**
 * Digest authentication of one request for one realm (RFC 3261 §22; RFC 7616; RFC 8760 for
 * SHA-256 and SHA-512-256), as a registrar does it (§22.2: 401, WWW-Authenticate,
 * Authorization) and as a proxy does it (§22.3: 407, Proxy-Authenticate, Proxy-Authorization).
 * Credentials for no realm of ours, and wrong ones, are challenged with one challenge per
 * configured algorithm, most preferred first; a right answer to an expired nonce with
 * {@code stale=true} (RFC 7616 §3.3). Whether the authenticated user may do what it asks is for
 * the caller.
 *
 * <p>Guessing (RFC 7616 §5.13) is held back by the node's {@link FailureGuard} when the caller
 * names the request's source: a banned source gets {@link #DROPPED} (no answer at all, counted);
 * a wrong password or unknown user is logged, counted towards the source's ban and the user's
 * delay, and its challenge comes with the {@link Refused#delay() delay} the caller must hold it
 * for; the nonce it used is spent ({@link DigestVerifier}). Success is never delayed.
 * Thread-safe: one per node, shared by the registrar and the proxy.
 */
public final class DigestAuthenticator {
  /** The two ways RFC 3261 §22 challenges: as the user agent server, or as a proxy. */
  public enum Role {
    /** RFC 3261 §22.2: a registrar or redirect server. */
    SERVER(401, "Unauthorized", HeaderName.AUTHORIZATION, "WWW-Authenticate"),
    /** RFC 3261 §22.3: a proxy authenticating the originator. */
    PROXY(407, "Proxy Authentication Required", HeaderName.PROXY_AUTHORIZATION, "Proxy-Authenticate");

    final int status;
    final String reason;
    final HeaderName credentials;
    final String challenge;

    Role(int status, String reason, HeaderName credentials, String challenge) {
      this.status = status;
      this.reason = reason;
      this.credentials = credentials;
      this.challenge = challenge;
    }

    /** 401 or 407. */
    public int status() {
      return status;
    }

    /** The header field that carries the credentials: Authorization or Proxy-Authorization. */
    public HeaderName credentialsHeader() {
      return credentials;
    }
  }

  /** What the check decided. */
  public sealed interface Outcome {}

  /**
   * The request proved it knows {@code username}'s password for the realm.
   *
   * @param username the subscriber's user name in its stored form ({@link
   *     SubscriberId#normalizeUsername}), to compare with an AOR's user as RFC 3261 §19.1.4 does
   * @param field the index of the header field whose credentials did it, so that a proxy can
   *     consume them ({@link SipRequest#first})
   */
  public record Authenticated(String username, int field) implements Outcome {}

  /**
   * Answer with this response: a 401/407 challenge, or 400 for malformed credentials.
   *
   * @param delay how long to hold the response before sending it: zero, or, once the user has
   *     failed too often, a delay growing with each failure ({@link FailureSettings#maxPerUser}).
   *     A caller that holds responses caps how many wait at once ({@link FailureGuard#pendingDelays()})
   */
  public record Refused(int status, byte[] response, Duration delay) implements Outcome {
    /** Sent at once. */
    public Refused(int status, byte[] response) {
      this(status, response, Duration.ZERO);
    }
  }

  /** Send nothing: the source is banned ({@link FailureSettings#maxPerSource}). Counted. */
  public record Dropped() implements Outcome {}

  /** The one {@link Dropped}. */
  public static final Dropped DROPPED = new Dropped();

  private final NonceService nonces;
  private final DigestVerifier verifier;
  private final Ha1Lookup subscribers;
  private final AuthSettings settings;
  private final String serverHeader;
  private final FailureGuard failures;

  /** With a {@link FailureGuard} of its own on the system clock, from {@code settings.failures()}. */
  public DigestAuthenticator(AuthSettings settings, NonceService nonces, DigestVerifier verifier,
      Ha1Lookup subscribers, String serverHeader) {
    this(settings, nonces, verifier, subscribers, serverHeader, new FailureGuard(settings.failures(),
        Clock.systemUTC()));
  }

  /**
   * @param serverHeader the Server field of the responses made here (RFC 3261 §20.35); empty or
   *     null: none
   * @param failures the node's bans, delays, failure log and counters
   */
  public DigestAuthenticator(AuthSettings settings, NonceService nonces, DigestVerifier verifier,
      Ha1Lookup subscribers, String serverHeader, FailureGuard failures) {
    this.settings = settings;
    this.nonces = nonces;
    this.verifier = verifier;
    this.subscribers = subscribers;
    this.serverHeader = serverHeader;
    this.failures = failures;
  }

  /** The bans, delays and counters of failed attempts. */
  public FailureGuard failures() {
    return failures;
  }

  /**
   * Checks {@code request}'s credentials for {@code realm} in the header field of {@code role},
   * for a caller whose server transaction absorbs retransmissions: a nonce count is accepted once.
   *
   * @param source the address the request came from (its packet's, not its Via's): banned
   *     sources get {@link #DROPPED}, failures count against it. Null: not known, nothing is
   *     banned or dropped, failures still count against the user
   */
  public Outcome authenticate(SipRequest request, Role role, String realm, InetAddress source) {
    return authenticate(request, role, realm, source, NonceCountTracker.NO_REQUEST_KEY);
  }

  /**
   * As {@link #authenticate(SipRequest, Role, String, InetAddress)} for a caller without
   * transaction state: the request's retransmission passes the nonce-count check again ({@link
   * #requestKey}).
   */
  public Outcome authenticateStateless(SipRequest request, Role role, String realm, InetAddress source) {
    return authenticate(request, role, realm, source, requestKey(request));
  }

  /** {@link #authenticate(SipRequest, Role, String, InetAddress)} from an unknown source. */
  public Outcome authenticate(SipRequest request, Role role, String realm) {
    return authenticate(request, role, realm, null);
  }

  /** {@link #authenticateStateless(SipRequest, Role, String, InetAddress)} from an unknown source. */
  public Outcome authenticateStateless(SipRequest request, Role role, String realm) {
    return authenticateStateless(request, role, realm, null);
  }

  /**
   * Names one request among its retransmissions and its successors: Call-ID, CSeq number and the
   * top Via's branch (RFC 3261 §17.2.3), hashed. Never {@link NonceCountTracker#NO_REQUEST_KEY}.
   */
  static long requestKey(SipRequest request) {
    var routing = request.routing();
    long h = Fnv64.add(Fnv64.OFFSET, routing.callId());
    h = Fnv64.add(h, routing.cseq().number());
    String branch = routing.topVia().branch();
    long key = Fnv64.finish(branch == null ? h : Fnv64.add(h, branch));
    return key == NonceCountTracker.NO_REQUEST_KEY ? 1 : key;
  }

  private Outcome authenticate(SipRequest request, Role role, String realm, InetAddress source, long requestKey) {
    if (!failures.admits(source)) {
      return DROPPED;
    }
    Credentials credentials;
    int field;
    try {
      field = credentialsField(request, role.credentials, realm);
      credentials = field < 0 ? null : credentials(request, field, realm);
    } catch (SipParseException e) {
      return new Refused(400, respond(request, 400, e.reason()));
    }
    AuthResult result = verifier.verify(request.method().name(), request.requestUri(), credentials, realm,
        subscribers, requestKey);
    if (result instanceof AuthResult.Authenticated a) {
      return new Authenticated(SubscriberId.normalizeUsername(a.username()), field);
    }
    Duration delay = Duration.ZERO;
    if (result instanceof AuthResult.Invalid invalid) {
      // the wire says only 401 or 407; why, is for the operator (InvalidReason)
      delay = failures.refused(source, credentials.username(), realm, request.method().name(), invalid.reason());
    }
    return challenge(request, role, realm, result instanceof AuthResult.Stale, delay);
  }

  /**
   * The index of the first {@code header} field whose Digest realm is {@code realm}, or -1 (RFC
   * 3261 §22.3, §20.28: a UA may send credentials for several realms; a server uses only those of
   * its own).
   *
   * @throws SipParseException when a field of that name before it is malformed
   */
  public static int credentialsField(SipRequest request, HeaderName header, String realm) {
    for (int i = request.first(header); i >= 0; i = request.next(header, i)) {
      DigestCredentials d = parse(request, i);
      if (d.isDigest() && d.realm() != null && d.realm().equalsIgnoreCase(realm)) {
        return i;
      }
    }
    return -1;
  }

  /** The credentials of field {@code i}, with the realm as this server spells it. */
  private static Credentials credentials(SipRequest request, int i, String realm) {
    DigestCredentials d = parse(request, i);
    return new Credentials(d.username(), realm, d.nonce(), d.uri(), d.response(), d.algorithm(), d.cnonce(), d.nc(),
        d.qop(), d.opaque());
  }

  private static DigestCredentials parse(SipRequest request, int i) {
    return DigestCredentials.parse(request.valueArray(i), request.valueOffset(i), request.valueLength(i));
  }

  /** RFC 3261 §22.4: digest-uri and Request-URI compared as URIs (§19.1.4), else as text. */
  public static boolean sameUri(String digestUri, String requestUri) {
    if (digestUri.equals(requestUri)) {
      return true;
    }
    try {
      return SipUri.parse(digestUri).equivalent(SipUri.parse(requestUri));
    } catch (SipParseException | IllegalArgumentException notSip) {
      return false;
    }
  }

  /** A response without challenge (e.g. 403), with the Server field. */
  public byte[] respond(SipRequest request, int status, String reason) {
    return withServer(ResponseFactory.stateless(request, status, reason)).build();
  }

  private Refused challenge(SipRequest request, Role role, String realm, boolean stale, Duration delay) {
    ResponseFactory.Response r = ResponseFactory.stateless(request, role.status, role.reason);
    List<ChallengeParams> challenges =
        ChallengeParams.forAlgorithms(realm, nonces.issue(realm), null, settings.algorithms(), "auth", stale);
    for (ChallengeParams c : challenges) {
      r.header(role.challenge, c.toHeaderValue());
    }
    return new Refused(role.status, withServer(r).build(), delay);
  }

  private ResponseFactory.Response withServer(ResponseFactory.Response r) {
    if (serverHeader != null && !serverHeader.isEmpty()) {
      r.header("Server", serverHeader);
    }
    return r;
  }
}
