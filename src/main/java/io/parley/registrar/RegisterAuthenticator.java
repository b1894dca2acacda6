package io.parley.registrar;

import io.parley.auth.DigestAuthenticator;
import io.parley.auth.FailureGuard;
import io.parley.message.SipRequest;
import java.net.InetAddress;
import java.time.Duration;

/**
 * Digest authentication of a REGISTER (RFC 3261 §10.3 steps 3 and 4, §22.2): the realm is the
 * AOR's domain; no credentials for it, or wrong ones, are challenged with 401 and one
 * WWW-Authenticate per configured algorithm ({@link DigestAuthenticator}); an authenticated user
 * other than the AOR's user gets 403 (step 4: "the registrar MUST determine if the authorized
 * user is authorized to modify registrations for this address-of-record"; here only its own).
 * A source banned for guessing gets no answer ({@link Drop}), and a failed attempt of a user
 * under attack is answered late ({@link Refuse#delay()}; {@link FailureGuard}). Thread-safe: one per node, used by the registrar on the socket thread.
 */
public final class RegisterAuthenticator {

  /** What the check decided. */
  public sealed interface Outcome {}

  /** Authenticated as the AOR's own user: go on. */
  public record Pass(String username) implements Outcome {}

  /**
   * Answer with this response (401 challenge, 403, or 400 for malformed credentials), after
   * {@code delay} (zero: at once).
   */
  public record Refuse(int status, byte[] response, Duration delay) implements Outcome {
    public Refuse(int status, byte[] response) {
      this(status, response, Duration.ZERO);
    }
  }

  /** Answer nothing: the source is banned. */
  public record Drop() implements Outcome {}

  private static final Drop DROP = new Drop();

  private final DigestAuthenticator digest;

  public RegisterAuthenticator(DigestAuthenticator digest) {
    this.digest = digest;
  }

  /** The bans, delays and counters of failed attempts. */
  public FailureGuard failures() {
    return digest.failures();
  }

  /** {@link #check(SipRequest, String, String, InetAddress)} from an unknown source: nothing is banned. */
  public Outcome check(SipRequest request, String realm, String aorUser) {
    return check(request, realm, aorUser, null);
  }

  /**
   * Checks {@code request}'s credentials for {@code realm}.
   *
   * @param aorUser the user part of the AOR (To), which the authenticated user must be
   * @param source the address the request came from, or null
   */
  public Outcome check(SipRequest request, String realm, String aorUser, InetAddress source) {
    DigestAuthenticator.Outcome outcome =
        digest.authenticateStateless(request, DigestAuthenticator.Role.SERVER, realm, source);
    if (outcome instanceof DigestAuthenticator.Dropped) {
      return DROP;
    }
    if (outcome instanceof DigestAuthenticator.Refused refused) {
      return new Refuse(refused.status(), refused.response(), refused.delay());
    }
    String username = ((DigestAuthenticator.Authenticated) outcome).username();
    if (!username.equals(aorUser)) {
      return new Refuse(403, digest.respond(request, 403, "Forbidden (not your address-of-record)"));
    }
    return new Pass(username);
  }
}
