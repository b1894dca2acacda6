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
 * @param consumedCredentials the index of the Proxy-Authorization field this proxy consumed
 *     ({@link ProxyAuthorizer}), which the forwarded request leaves out; -1 for none
 */
public record PreprocessedRequest(SipRequest request, Uri requestUri, boolean requestUriReplaced,
    List<NameAddr> routes, boolean routesChanged, int consumedCredentials) {

  public PreprocessedRequest {
    Objects.requireNonNull(request, "request");
    Objects.requireNonNull(requestUri, "requestUri");
    routes = List.copyOf(routes);
  }

  /** A request whose credentials, if any, pass on. */
  public PreprocessedRequest(SipRequest request, Uri requestUri, boolean requestUriReplaced, List<NameAddr> routes,
      boolean routesChanged) {
    this(request, requestUri, requestUriReplaced, routes, routesChanged, -1);
  }

  /** This request, with header field {@code field} consumed (-1: none). */
  public PreprocessedRequest consuming(int field) {
    return field == consumedCredentials ? this
        : new PreprocessedRequest(request, requestUri, requestUriReplaced, routes, routesChanged, field);
  }

  /** Whether the request is inside a dialog: its To has a tag (RFC 3261 §12.2). */
  public boolean inDialog() {
    return request.routing().to().tag() != null;
  }
}
