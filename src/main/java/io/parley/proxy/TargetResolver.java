package io.parley.proxy;

import io.parley.message.uri.CanonicalAor;
import io.parley.message.uri.SipUri;
import io.parley.message.uri.Uri;
import java.util.List;

/**
 * Determines the targets of a request (RFC 3261 §16.5), after {@link RoutePreprocessing}:
 *
 * <ol>
 *   <li>a request with a Route left, or inside a dialog (To tag) and not addressed to a user of
 *       our domains, is sent where its route says: the one target is the Request-URI as it is
 *       (§16.5: "the proxy MUST place the Request-URI into the target set as the only target
 *       URI" when it is not responsible for it; §16.12 loose routing);
 *   <li>a Request-URI that matches the static routing table forks to that entry's targets;
 *   <li>a Request-URI in one of our domains is an address-of-record: the caller asks the
 *       location service ({@link Lookup}) and hands the bindings to {@link #fromBindings};
 *       without a user part it names no AOR and is answered 404 (§16.5: "a resource at this
 *       proxy that does not exist");
 *   <li>any other SIP URI is forwarded as it is (§16.5: not responsible for the domain);
 *   <li>a tel URI out of a dialog has no route yet (a dialplan will give it one): 404.
 * </ol>
 */
public final class TargetResolver {
  private final LocalIdentity identity;
  private final StaticRoutes staticRoutes;

  public TargetResolver(LocalIdentity identity, StaticRoutes staticRoutes) {
    this.identity = identity;
    this.staticRoutes = staticRoutes;
  }

  /** What {@link #resolve} found. */
  public sealed interface Resolution permits Targets, Lookup, Reject {}

  /** Forward to these targets, in preference order (see {@link Target#byPreference}). */
  public record Targets(List<Target> targets) implements Resolution {
    public Targets {
      targets = List.copyOf(targets);
      if (targets.isEmpty()) {
        throw new IllegalArgumentException("an empty target set is a Reject");
      }
    }
  }

  /**
   * Ask the location service for the bindings of {@code aor} ({@code user@host}, the user as
   * written, the host in lower case), then call {@link #fromBindings}.
   *
   * @param mayTellUnavailable whether the caller may learn that a subscriber exists but has no
   *     binding (480); a stranger gets 404 either way, so it cannot list our subscribers
   */
  public record Lookup(String aor, SipUri requestUri, boolean mayTellUnavailable) implements Resolution {}

  /** Answer the request with this status; no target exists. */
  public record Reject(int status, String reason) implements Resolution {}

  /** 404: the Request-URI names nothing we know (RFC 3261 §16.5). */
  public static final Reject NOT_FOUND = new Reject(404, "Not Found");

  /** 480: the address-of-record exists but has no binding now (RFC 3261 §16.5 last para). */
  public static final Reject UNAVAILABLE = new Reject(480, "Temporarily Unavailable");

  /** The targets of {@code request}, or what to do to find them. */
  public Resolution resolve(PreprocessedRequest request) {
    Uri uri = request.requestUri();
    if (!request.routes().isEmpty() || request.inDialog() && !isAddressOfRecord(uri)) {
      return new Targets(List.of(Target.of(uri)));
    }
    List<Target> fixed = staticRoutes.lookup(uri);
    if (fixed != null) {
      return new Targets(fixed);
    }
    if (!(uri instanceof SipUri sip)) {
      return NOT_FOUND;
    }
    if (identity.isLocal(sip)) {
      return sip.hasUser() ? new Lookup(aor(sip), sip, request.caller().isKnown()) : NOT_FOUND;
    }
    return new Targets(List.of(Target.of(uri)));
  }

  /**
   * Whether the Request-URI of an in-dialog request (the remote target, RFC 3261 §12.2.1.1) is an
   * AOR of ours to look up rather than a contact to go to: a user at one of our domains, without
   * a port none of our sockets has. A phone's contact on the address a domain is named by
   * ({@code sip:bob@127.0.0.1:5090} where 127.0.0.1 is served on 5060) is that phone, not ours.
   */
  private boolean isAddressOfRecord(Uri uri) {
    return uri instanceof SipUri sip && sip.hasUser() && identity.isLocal(sip)
        && (sip.port() <= 0 || identity.listensOn(sip.port()));
  }

  /**
   * The resolution for the bindings the location service returned for a {@link Lookup}: the
   * bindings as targets, or {@code ifNone} when there are none — {@link #NOT_FOUND} when the
   * address-of-record does not exist, {@link #UNAVAILABLE} when it has no binding now.
   */
  public static Resolution fromBindings(List<Target> bindings, Reject ifNone) {
    return bindings.isEmpty() ? ifNone : new Targets(bindings);
  }

  /**
   * {@code user@host} of an address-of-record in the one form of {@link CanonicalAor} (RFC 3261
   * §19.1.4: escapes resolved in the user, the host in lower case), the id of its AOR entity.
   */
  public static String aor(SipUri uri) {
    return CanonicalAor.of(uri);
  }
}
