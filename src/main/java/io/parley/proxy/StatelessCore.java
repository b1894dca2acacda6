package io.parley.proxy;

import io.parley.message.HeaderName;
import io.parley.message.Method;
import io.parley.message.ResponseFactory;
import io.parley.message.SipRequest;
import io.parley.message.header.OptionTags;
import io.parley.message.uri.SipUri;
import io.parley.message.uri.TelUri;
import io.parley.message.uri.Uri;
import java.util.ArrayList;
import java.util.List;

/**
 * The answers a request gets before any transaction exists: the checks of RFC 3261 §16.3 that
 * need no state, and the server's own OPTIONS (RFC 3261 §11.2). What it cannot answer yet — a
 * request to be proxied, a REGISTER — gets 501 until the proxy core and the registrar land.
 */
public final class StatelessCore {
  private final LocalIdentity identity;
  private final String serverHeader;

  /**
   * @param serverHeader the Server field of generated responses (RFC 3261 §20.35); empty: none
   */
  public StatelessCore(LocalIdentity identity, String serverHeader) {
    this.identity = identity;
    this.serverHeader = serverHeader;
  }

  /** The response to send back through the request's flow, or null when none is due. */
  public byte[] handle(SipRequest request) {
    if (request.method() == Method.ACK) {
      return null; // RFC 3261 §17: an ACK is never answered
    }
    Uri uri = request.uri();
    // §16.3 item 2: a scheme the proxy does not understand is answered 416 (RFC 4475 §3.3.2)
    if (!(uri instanceof SipUri) && !(uri instanceof TelUri)) {
      return response(request, 416, "Unsupported URI Scheme").build();
    }
    boolean forServer = uri instanceof SipUri sip && identity.isServer(sip);
    if (forServer) {
      return answerAsServer(request);
    }
    // §16.3 item 3: a request that may travel no further, and is not for us, gets 483
    if (request.routing().maxForwards() == 0) {
      return response(request, 483, "Too Many Hops").build();
    }
    // §16.3 item 5: every Proxy-Require tag must be one this proxy supports (RFC 4475 §3.3.5)
    List<String> unsupported = unsupported(OptionTags.of(request, HeaderName.PROXY_REQUIRE));
    if (!unsupported.isEmpty()) {
      return response(request, 420, "Bad Extension")
          .header("Unsupported", String.join(", ", unsupported)).build();
    }
    return response(request, 501, "Not Implemented").build();
  }

  /** As a UAS (RFC 3261 §8.2): Require first (§8.2.2.3), then the method. */
  private byte[] answerAsServer(SipRequest request) {
    List<String> unsupported = unsupported(OptionTags.of(request, HeaderName.REQUIRE));
    if (!unsupported.isEmpty() && request.method() != Method.CANCEL) {
      return response(request, 420, "Bad Extension")
          .header("Unsupported", String.join(", ", unsupported)).build();
    }
    if (request.method() == Method.OPTIONS) {
      return response(request, 200, "OK")
          .header("Allow", ServerCapabilities.allowHeader())
          .header("Accept", ServerCapabilities.ACCEPT)
          .header("Supported", ServerCapabilities.supportedHeader())
          .build();
    }
    // §8.2.1: a method the server does not implement gets 501 — or 405 when it is known but
    // not allowed here; none of the known ones is implemented yet
    return response(request, 501, "Not Implemented")
        .header("Allow", ServerCapabilities.allowHeader()).build();
  }

  private static List<String> unsupported(OptionTags tags) {
    List<String> out = new ArrayList<>(0);
    for (String tag : tags.tags()) {
      if (!ServerCapabilities.SUPPORTED.contains(tag)) {
        out.add(tag);
      }
    }
    return out;
  }

  private ResponseFactory.Response response(SipRequest request, int status, String reason) {
    ResponseFactory.Response r = ResponseFactory.response(request, status, reason);
    if (!serverHeader.isEmpty()) {
      r.header("Server", serverHeader);
    }
    return r;
  }
}
