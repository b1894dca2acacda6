package io.parley.proxy;

import io.parley.message.SipRequest;
import io.parley.message.header.NameAddr;
import io.parley.message.uri.SipUri;
import io.parley.message.uri.Uri;
import java.util.List;

/**
 * Route information preprocessing (RFC 3261 §16.4), in the order the RFC gives:
 *
 * <ol>
 *   <li>a Request-URI that is a URI we put in a Record-Route (no user part, one of our socket
 *       addresses, {@code lr}: the form {@link RequestForwarder} writes) was placed there by a
 *       strict router (RFC 2543): it is replaced by the last Route value, which is removed;
 *   <li>a Request-URI with a {@code maddr} naming us loses the {@code maddr}, port and
 *       transport (§16.4 para 3), so it is routed as the URI it stands for;
 *   <li>a topmost Route naming us (one of our domains or addresses) is removed (loose routing);
 *       so is a second one right below it, which a double Record-Route of ours left (RFC 5658
 *       §3.3: one entry per interface the request crossed).
 * </ol>
 *
 * <p>Whether a Route URI carries {@code lr} matters only for the hop after us, and is handled
 * when forwarding (§16.6 item 6, {@link RequestForwarder}). Whether one of the URIs removed as
 * ours carries this Call-ID's {@link RouteToken} is noted ({@link
 * PreprocessedRequest#recordRouted}): only then does the request follow a route set we recorded.
 */
public final class RoutePreprocessing {
  private final LocalIdentity identity;
  private final RouteToken tokens;

  public RoutePreprocessing(LocalIdentity identity, RouteToken tokens) {
    this.identity = identity;
    this.tokens = tokens;
  }

  /** The Request-URI and Route set of {@code request} after §16.4. */
  public PreprocessedRequest apply(SipRequest request) {
    Uri uri = request.uri();
    List<NameAddr> routes = request.routes();
    boolean uriReplaced = false;
    boolean routesChanged = false;
    String home = null;
    String callId = request.routing().callId();
    if (!routes.isEmpty() && uri instanceof SipUri sip && isOurRecordRoute(sip)) {
      home = tokens.verify(sip, callId);
      uri = routes.get(routes.size() - 1).uri();
      routes = routes.subList(0, routes.size() - 1);
      uriReplaced = true;
      routesChanged = true;
    }
    if (uri instanceof SipUri sip && sip.maddr() != null && namesUs(sip.maddr(), sip)) {
      uri = sip.toBuilder().port(-1).removeParam("maddr").removeParam("transport").build();
      uriReplaced = true;
    }
    int drop = 0;
    while (drop < routes.size() && drop < 2 && isUs(routes.get(drop))) {
      if (home == null && routes.get(drop).uri() instanceof SipUri ours) {
        home = tokens.verify(ours, callId);
      }
      drop++;
    }
    if (drop > 0) {
      routes = routes.subList(drop, routes.size());
      routesChanged = true;
    }
    return new PreprocessedRequest(request, uri, uriReplaced, routes, routesChanged, home);
  }

  /**
   * The home of the call whose route set {@code request} follows: the one its topmost Route
   * values of ours (or the Request-URI a strict router put there) sign for its Call-ID; null if
   * none does. For the ACK and CANCEL that go to their call without §16.4.
   */
  public String home(SipRequest request) {
    String callId = request.routing().callId();
    List<NameAddr> routes = request.routes();
    if (!routes.isEmpty() && request.uri() instanceof SipUri sip && isOurRecordRoute(sip)) {
      return tokens.verify(sip, callId);
    }
    for (int i = 0; i < routes.size() && i < 2 && isUs(routes.get(i)); i++) {
      if (routes.get(i).uri() instanceof SipUri ours) {
        String home = tokens.verify(ours, callId);
        if (home != null) {
          return home;
        }
      }
    }
    return null;
  }

  /**
   * The flows of the parties behind a NAT that the route set {@code request} follows names
   * ({@link RecordedFlows}), from the Route value of ours that signs for its Call-ID (so for
   * those flows too); {@link RecordedFlows#NONE} if there are none, or no such Route.
   */
  public RecordedFlows recordedFlows(SipRequest request) {
    String callId = request.routing().callId();
    List<NameAddr> routes = request.routes();
    if (!routes.isEmpty() && request.uri() instanceof SipUri sip && isOurRecordRoute(sip)) {
      return signed(sip, callId);
    }
    for (int i = 0; i < routes.size() && i < 2 && isUs(routes.get(i)); i++) {
      if (routes.get(i).uri() instanceof SipUri ours) {
        RecordedFlows flows = signed(ours, callId);
        if (flows.any()) {
          return flows;
        }
      }
    }
    return RecordedFlows.NONE;
  }

  /** The flows {@code uri} names if its token signs them for {@code callId}; most routes name none, unchecked. */
  private RecordedFlows signed(SipUri uri, String callId) {
    RecordedFlows flows = RecordedFlows.of(uri);
    return flows.any() && tokens.verify(uri, callId) != null ? flows : RecordedFlows.NONE;
  }

  /** The shape of our own Record-Route URIs: {@code sip:OUR-ADDRESS:PORT;...;lr}. */
  private boolean isOurRecordRoute(SipUri uri) {
    return !uri.hasUser() && uri.lr() && identity.isOwnAddress(uri);
  }

  private boolean namesUs(String maddr, SipUri uri) {
    if (identity.isServedDomain(maddr)) {
      return true;
    }
    try {
      return identity.isOwnAddress(SipUri.builder().secure(uri.isSecure()).host(maddr).port(uri.port()).build());
    } catch (IllegalArgumentException e) {
      return false; // a maddr that is no host is not one of ours
    }
  }

  private boolean isUs(NameAddr route) {
    return route.uri() instanceof SipUri sip && identity.isLocal(sip);
  }
}
