package io.parley.proxy;

import io.parley.message.HeaderName;
import io.parley.message.Lex;
import io.parley.message.MessageBuilder;
import io.parley.nat.ContactFix;
import io.parley.message.SipRequest;
import io.parley.message.header.NameAddr;
import io.parley.message.header.Via;
import io.parley.message.uri.SipUri;
import io.parley.message.uri.Uri;
import io.parley.transaction.Inbound;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * Builds the request a proxy forwards to one target (RFC 3261 §16.6), from the request as
 * received, in one output array: untouched ranges of the received bytes are copied in bulk
 * ({@link MessageBuilder}), so unknown header fields and odd spacing pass byte for byte
 * (RFC 4475 §3.1.1.1), and octets after the received message are left behind (§3.1.1.8).
 *
 * <ol>
 *   <li>item 2: the Request-URI becomes the target, without any {@code ?headers} part (RFC 3261
 *       §19.1.5, RFC 4475 §3.1.2.11 escruri);
 *   <li>item 3: Max-Forwards is decremented, or set to 70 when absent;
 *   <li>item 4: an out-of-dialog request of a dialog-creating method gets our Record-Route,
 *       {@code <sip:host:port;transport=t;lr;ptk=…>} of the socket it leaves by, with the
 *       {@link RouteToken} of the Call-ID that proves later Routes to be ours — and a second one
 *       for the socket it came in on when the two differ (RFC 5658 §3.3; the topmost names the
 *       outgoing socket, which the callee's requests reach first); a SIPS URI when the
 *       Request-URI or the topmost Route is SIPS;
 *   <li>§16.4 and item 6: the Route set left by {@link RoutePreprocessing}, behind the target's
 *       Path (RFC 3327 §5.3, {@link #routesFor}), is written back when it changed; when its
 *       first URI has no {@code lr} (a strict router, RFC 2543), the
 *       Request-URI becomes the last Route value and that first URI the Request-URI;
 *   <li>item 8: a new topmost Via {@code SIP/2.0/T host:port;branch=...;rport} (RFC 3581), its
 *       branch from {@link BranchId}; the received topmost Via gets {@code received} and
 *       {@code rport} as RFC 3261 §18.2.1 and RFC 3581 §4 ask of the server side;
 *   <li>item 9: a Content-Length is always written, with the body's length;
 *   <li>the Proxy-Authorization this proxy consumed is left out (RFC 3261 §20.28,
 *       {@link ProxyAuthorizer}).
 * </ol>
 *
 * <p>CANCEL and the ACK of a non-2xx response are hop by hop and never forwarded: see
 * {@link CancelFactory} and {@link NonSuccessAckFactory}.
 */
public final class RequestForwarder {
  private final ProxySettings settings;
  private final RouteToken tokens;

  /** @param tokens the proof each Record-Route of ours carries (RFC 3261 §16.6 item 4) */
  public RequestForwarder(ProxySettings settings, RouteToken tokens) {
    this.settings = settings;
    this.tokens = tokens;
  }

  /**
   * The request for branch {@code branchIndex} to {@code target}.
   *
   * @param request the received request after {@link RoutePreprocessing}
   * @param home the home of the call that forwards it ({@code cluster/HomeShards}): its branch
   *     and Record-Route name it, so that responses and the dialog's requests come back to it
   * @param requestHash {@link BranchId#requestHash} of the received request, computed once for
   *     all its branches
   * @param outgoing the socket the request leaves by: it is named in Via and Record-Route
   * @param arrival how the request arrived, or null when unknown (no {@code received}, a single
   *     Record-Route)
   * @throws IllegalArgumentException when neither the topmost Route nor the target is a SIP or
   *     SIPS URI, so there is no hop to send to
   */
  public ForwardedRequest forward(PreprocessedRequest request, String home, long requestHash, Target target,
      int branchIndex, SipInterface outgoing, Arrival arrival) {
    SipRequest r = request.request();
    List<NameAddr> routes = routesFor(request, target);
    Hop hop = NextHop.of(target.uri(), routes);
    MessageBuilder b = MessageBuilder.edit(r);

    Uri uri = target.uri();
    boolean routesChanged = request.routesChanged() || target.hasPath();
    if (!routes.isEmpty() && !isLoose(routes.get(0))) {
      // item 6: the next hop is a strict router; it takes its own URI as the Request-URI
      List<NameAddr> strict = new ArrayList<>(routes.size());
      strict.addAll(routes.subList(1, routes.size()));
      strict.add(NameAddr.of(uri));
      uri = routes.get(0).uri();
      routes = strict;
      routesChanged = true;
    }
    setRequestUri(b, r, uri);

    int mf = r.first(HeaderName.MAX_FORWARDS);
    if (mf < 0) {
      b.addLast("Max-Forwards", "70");
    } else {
      b.replaceValue(mf, Integer.toString(Math.max(0, r.routing().maxForwards() - 1)));
    }

    if (routesChanged) {
      writeRoutes(b, r, routes);
    }
    if (request.consumedCredentials() >= 0) {
      b.remove(request.consumedCredentials());
    }
    if (settings.fixContact() && arrival != null && callerBehindNat(r, arrival)) {
      ContactFix.apply(b, r, Inbound.parseReceived(arrival.received()));
    }

    String branch = BranchId.of(home, requestHash, branchIndex);
    if (arrival != null) {
      stampTopVia(b, r, arrival);
    }
    List<String> recordRoutes = recordRoutes(request, home, routes, target, outgoing, arrival);
    int rr = r.first(HeaderName.RECORD_ROUTE);
    if (rr >= 0) {
      for (String value : recordRoutes) {
        b.addBefore(rr, "Record-Route", value);
      }
    } else {
      for (int i = recordRoutes.size() - 1; i >= 0; i--) {
        b.addFirst("Record-Route", recordRoutes.get(i));
      }
    }
    b.addFirst("Via", "SIP/2.0/" + outgoing.transport().toUpperCase(Locale.ROOT) + ' '
        + outgoing.hostPort() + ";branch=" + branch + ";rport");
    return new ForwardedRequest(b.build(), branch, hop);
  }

  /**
   * The route set of a branch to {@code target}: the Path its binding was registered with, as
   * Route values in the same order (RFC 3327 §5.3; a pre-loaded route set, RFC 3261 §16.6 item
   * 6), ahead of the Route values left after §16.4.
   */
  public static List<NameAddr> routesFor(PreprocessedRequest request, Target target) {
    if (!target.hasPath()) {
      return request.routes();
    }
    if (request.routes().isEmpty()) {
      return target.path();
    }
    List<NameAddr> all = new ArrayList<>(target.path().size() + request.routes().size());
    all.addAll(target.path());
    all.addAll(request.routes());
    return all;
  }

  /** A Route URI with {@code lr} (RFC 3261 §19.1.1), or not a SIP URI at all: not strict. */
  private static boolean isLoose(NameAddr route) {
    return !(route.uri() instanceof SipUri sip) || sip.lr();
  }

  private static void setRequestUri(MessageBuilder b, SipRequest r, Uri uri) {
    if (uri instanceof SipUri sip && sip.hasHeaders()) {
      uri = sip.withoutHeaders(); // RFC 3261 §19.1.5; RFC 4475 §3.1.2.11: never in a Request-URI
    }
    byte[] u = uri.toBytes();
    if (!Arrays.equals(u, 0, u.length, r.buffer(), r.requestUriStart(), r.requestUriEnd())) {
      b.requestUri(uri.toString());
    }
  }

  /** Replaces every Route field by one holding {@code routes}, where the first one was. */
  private static void writeRoutes(MessageBuilder b, SipRequest r, List<NameAddr> routes) {
    int first = r.first(HeaderName.ROUTE);
    b.removeAll(HeaderName.ROUTE);
    if (routes.isEmpty()) {
      return;
    }
    StringBuilder sb = new StringBuilder(64 * routes.size());
    for (NameAddr route : routes) {
      if (sb.length() > 0) {
        sb.append(", ");
      }
      sb.append(route);
    }
    if (first >= 0) {
      b.addBefore(first, "Route", sb.toString());
    } else {
      b.addLast("Route", sb.toString());
    }
  }

  /** RFC 3261 §18.2.1 and RFC 3581 §4 on the first value of the first Via field. */
  private static void stampTopVia(MessageBuilder b, SipRequest r, Arrival arrival) {
    Via top = r.routing().topVia();
    Via stamped = top.withSource(arrival.sourceHost(), arrival.sourcePort());
    if (stamped == top) {
      return;
    }
    int field = r.first(HeaderName.VIA);
    byte[] v = r.valueArray(field);
    int off = r.valueOffset(field);
    int end = off + r.valueLength(field);
    int comma = Lex.listElementEnd(v, off, end);
    b.replaceValue(field, comma >= end ? stamped.toString()
        : stamped + ", " + Lex.utf8(v, Lex.skipLws(v, comma + 1, end), end));
  }

  /** The Record-Route values to add, topmost first: none, one, or two (RFC 5658). */
  private List<String> recordRoutes(PreprocessedRequest request, String home, List<NameAddr> routes,
      Target target, SipInterface outgoing, Arrival arrival) {
    SipRequest r = request.request();
    if (!settings.isRecordRouted(r.method()) || request.inDialog()) {
      return List.of();
    }
    boolean sips = r.uri() instanceof SipUri u && u.isSecure()
        || request.requestUri() instanceof SipUri p && p.isSecure()
        || !routes.isEmpty() && routes.get(0).uri() instanceof SipUri top && top.isSecure();
    RecordedFlows flows = flows(request, target, arrival);
    String token = tokens.of(home, r.routing().callId(), flows);
    String out = '<' + outgoing.recordRouteUri(sips, token, flows) + '>';
    if (arrival == null || arrival.local().equals(outgoing)) {
      return List.of(out);
    }
    return List.of(out, '<' + arrival.local().recordRouteUri(sips, token, flows) + '>');
  }

  /**
   * The flows of the parties behind a NAT, for the dialog's requests to reach them ({@link
   * RecordedFlows}): the caller's when {@code parley.nat.detect} finds it behind one, the callee's
   * when its binding was registered from behind one.
   */
  private RecordedFlows flows(PreprocessedRequest request, Target target, Arrival arrival) {
    String caller = null;
    if (arrival != null && arrival.flowToken() != null && callerBehindNat(request.request(), arrival)) {
      caller = RecordedFlows.value(arrival.flowToken(), arrival.received());
    }
    String callee = null;
    if (Boolean.TRUE.equals(target.behindNat()) && target.flowToken() != null && !target.hasPath()) {
      callee = RecordedFlows.value(target.flowToken(), target.received());
    }
    return caller == null && callee == null ? RecordedFlows.NONE : new RecordedFlows(caller, callee);
  }

  private boolean callerBehindNat(SipRequest r, Arrival arrival) {
    InetSocketAddress source = Inbound.parseReceived(arrival.received());
    if (source == null) {
      return false;
    }
    String contactHost = null;
    if (settings.nat().readsContact() && !r.contacts().isEmpty()
        && r.contacts().get(0).uri() instanceof SipUri contact) {
      contactHost = contact.host();
    }
    return settings.nat().behindNat(source, r.routing().topVia(), contactHost);
  }
}
