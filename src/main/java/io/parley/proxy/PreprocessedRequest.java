package io.parley.proxy;

import io.parley.message.SipRequest;
import io.parley.message.header.NameAddr;
import io.parley.message.uri.Uri;
import java.util.List;
import java.util.Objects;

/**
 * A received request after route information preprocessing (RFC 3261 §16.4): the Request-URI and
 * Route set the rest of the proxy works with. The received message itself is never changed;
 * {@link RequestForwarder} writes these values into the forwarded copy.
 *
 * @param request the request as received
 * @param requestUri the Request-URI after §16.4: the received one, or the last Route value when
 *     a strict router had put our Record-Route URI there, or the received one without a
 *     {@code maddr} naming us
 * @param requestUriReplaced whether {@code requestUri} differs from the received Request-URI
 * @param routes the Route values still to be followed, topmost first
 * @param routesChanged whether {@code routes} differs from the received Route values
 * @param home the home ({@code cluster/HomeShards}) that a Route value (or, from a strict router,
 *     the Request-URI) removed by §16.4 as ours signed with the {@link RouteToken} of this Call-ID;
 *     null when none did. Not null: the request follows a route set this proxy recorded
 * @param consumedCredentials the index of the Proxy-Authorization field this proxy consumed
 *     ({@link ProxyAuthorizer}), which the forwarded request leaves out; -1 for none
 * @param caller who asks for it to be forwarded, once {@link ProxyAuthorizer} has decided;
 *     {@link Caller#STRANGER} before
 */
public record PreprocessedRequest(SipRequest request, Uri requestUri, boolean requestUriReplaced,
    List<NameAddr> routes, boolean routesChanged, String home, int consumedCredentials, Caller caller) {

  public PreprocessedRequest {
    Objects.requireNonNull(request, "request");
    Objects.requireNonNull(requestUri, "requestUri");
    Objects.requireNonNull(caller, "caller");
    routes = List.copyOf(routes);
  }

  /** A request as §16.4 left it, before authorization. */
  public PreprocessedRequest(SipRequest request, Uri requestUri, boolean requestUriReplaced, List<NameAddr> routes,
      boolean routesChanged, String home) {
    this(request, requestUri, requestUriReplaced, routes, routesChanged, home, -1, Caller.STRANGER);
  }

  /** This request as authorized: header field {@code field} consumed (-1: none), asked by {@code caller}. */
  public PreprocessedRequest authorized(int field, Caller caller) {
    return field == consumedCredentials && caller == this.caller ? this
        : new PreprocessedRequest(request, requestUri, requestUriReplaced, routes, routesChanged, home, field,
            caller);
  }

  /**
   * This request without the Route values left after §16.4: what a stranger preloaded is not
   * followed (as Kamailio's default configuration removes them), so the request goes where its
   * Request-URI says, and is judged by that.
   */
  public PreprocessedRequest withoutRoutes() {
    return routes.isEmpty() ? this : new PreprocessedRequest(request, requestUri, requestUriReplaced, List.of(), true,
        home, consumedCredentials, caller);
  }

  /** Whether the request follows a route set this proxy recorded: {@link #home} is known. */
  public boolean recordRouted() {
    return home != null;
  }

  /** Whether the request is inside a dialog: its To has a tag (RFC 3261 §12.2). */
  public boolean inDialog() {
    return request.routing().to().tag() != null;
  }
}
