package io.parley.registrar;

import io.parley.auth.AuthResult;
import io.parley.auth.AuthSettings;
import io.parley.auth.ChallengeParams;
import io.parley.auth.Credentials;
import io.parley.auth.DigestVerifier;
import io.parley.auth.Ha1Lookup;
import io.parley.auth.NonceCountTracker;
import io.parley.auth.NonceService;
import io.parley.common.Fnv64;
import io.parley.message.HeaderName;
import io.parley.message.ResponseFactory;
import io.parley.message.SipParseException;
import io.parley.message.SipRequest;
import io.parley.message.header.DigestCredentials;
import io.parley.message.uri.SipUri;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Digest authentication of a REGISTER (RFC 3261 §10.3 steps 3 and 4, §22; RFC 7616; RFC 8760
 * for SHA-256 and SHA-512-256): the realm is the AOR's domain; no credentials for it, or wrong
 * ones, are challenged with 401 and one WWW-Authenticate per configured algorithm, most
 * preferred first; a right answer to an expired nonce with {@code stale=true} (RFC 7616 §3.3);
 * an authenticated user other than the AOR's user gets 403 (step 4: "the registrar MUST
 * determine if the authorized user is authorized to modify registrations for this
 * address-of-record"; here only its own). Thread-safe: one per node, used by every call entity.
 */
public final class RegisterAuthenticator {
  private static final Logger log = LoggerFactory.getLogger(RegisterAuthenticator.class);

  /** What the check decided. */
  public sealed interface Outcome {}

  /** Authenticated as the AOR's own user: go on. */
  public record Pass(String username) implements Outcome {}

  /** Answer with this response (401 challenge, 403, or 400 for malformed credentials). */
  public record Refuse(int status, byte[] response) implements Outcome {}

  private final NonceService nonces;
  private final DigestVerifier verifier;
  private final Ha1Lookup subscribers;
  private final AuthSettings settings;
  private final String serverHeader;

  public RegisterAuthenticator(AuthSettings settings, NonceService nonces, DigestVerifier verifier,
      Ha1Lookup subscribers, String serverHeader) {
    this.settings = settings;
    this.nonces = nonces;
    this.verifier = verifier;
    this.subscribers = subscribers;
    this.serverHeader = serverHeader;
  }

  /**
   * Checks {@code request}'s credentials for {@code realm}.
   *
   * @param aorUser the user part of the AOR (To), which the authenticated user must be
   */
  public Outcome check(SipRequest request, String realm, String aorUser) {
    Credentials credentials;
    try {
      credentials = credentialsFor(request, realm);
    } catch (SipParseException e) {
      return new Refuse(400, ResponseFactory.create(request, 400, e.reason()));
    }
    AuthResult result = verifier.verify(request.method().name(), request.requestUri(), credentials, realm,
        subscribers, requestKey(request));
    if (result instanceof AuthResult.Authenticated a) {
      if (!a.username().equals(aorUser)) {
        return refuse(request, 403, "Forbidden (not your address-of-record)");
      }
      return new Pass(a.username());
    }
    if (result instanceof AuthResult.Invalid invalid && log.isDebugEnabled()) {
      // the wire says only 401; why, is for the operator (InvalidReason)
      log.debug("REGISTER {} refused: {}", credentials, invalid.reason().description());
    }
    return challenge(request, realm, result instanceof AuthResult.Stale);
  }

  /**
   * Names one REGISTER among its retransmissions and its successors: Call-ID, CSeq number and the
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

  /**
   * The credentials of the Authorization field whose realm is ours (RFC 3261 §22.3: a UA may
   * send credentials for several realms); null when none is.
   */
  static Credentials credentialsFor(SipRequest request, String realm) {
    for (int i = request.first(HeaderName.AUTHORIZATION); i >= 0; i = request.next(HeaderName.AUTHORIZATION, i)) {
      DigestCredentials d = DigestCredentials.parse(request.valueArray(i), request.valueOffset(i),
          request.valueLength(i));
      if (d.isDigest() && d.realm() != null && d.realm().equalsIgnoreCase(realm)) {
        return new Credentials(d.username(), realm, d.nonce(), d.uri(), d.response(), d.algorithm(), d.cnonce(),
            d.nc(), d.qop(), d.opaque());
      }
    }
    return null;
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

  private Refuse challenge(SipRequest request, String realm, boolean stale) {
    ResponseFactory.Response r = ResponseFactory.response(request, 401, "Unauthorized");
    List<ChallengeParams> challenges =
        ChallengeParams.forAlgorithms(realm, nonces.issue(realm), null, settings.algorithms(), "auth", stale);
    for (ChallengeParams c : challenges) {
      r.header("WWW-Authenticate", c.toHeaderValue());
    }
    return new Refuse(401, withServer(r).build());
  }

  private Refuse refuse(SipRequest request, int status, String reason) {
    return new Refuse(status, withServer(ResponseFactory.response(request, status, reason)).build());
  }

  private ResponseFactory.Response withServer(ResponseFactory.Response r) {
    if (serverHeader != null && !serverHeader.isEmpty()) {
      r.header("Server", serverHeader);
    }
    return r;
  }
}
