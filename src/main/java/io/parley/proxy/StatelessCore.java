package io.parley.proxy;

import io.parley.message.HeaderName;
import io.parley.message.Method;
import io.parley.message.ResponseFactory;
import io.parley.message.SipRequest;
import io.parley.message.header.OptionTags;
import io.parley.message.uri.SipUri;
import java.util.List;

/**
 * The answers a request gets before any transaction exists: the checks of RFC 3261 §16.3
 * ({@link RequestValidation}), and the server's own OPTIONS (RFC 3261 §11.2). What it cannot
 * answer — a request to be proxied, a REGISTER — gets 501 where no call layer takes it.
 */
public final class StatelessCore {
  private final LocalIdentity identity;
  private final String serverHeader;
  private final RequestValidation validation;

  /**
   * @param serverHeader the Server field of generated responses (RFC 3261 §20.35); empty: none
   */
  public StatelessCore(LocalIdentity identity, String serverHeader) {
    this.identity = identity;
    this.serverHeader = serverHeader;
    this.validation = new RequestValidation(identity, serverHeader);
  }

  /** The response to send back through the request's flow, or null when none is due. */
  public byte[] handle(SipRequest request) {
    if (request.method() == Method.ACK) {
      return null; // RFC 3261 §17: an ACK is never answered
    }
    // §16.3 items 2 to 5: 416, 483, 482, 420 (RFC 4475 §3.3.2, §3.3.1, §3.3.5)
    if (validation.check(request) instanceof RequestValidation.Respond r) {
      return r.response();
    }
    if (request.uri() instanceof SipUri sip && identity.isServer(sip)) {
      return answerAsServer(request);
    }
    return response(request, 501, "Not Implemented").build();
  }

  /** As a UAS (RFC 3261 §8.2): Require first (§8.2.2.3), then the method. */
  private byte[] answerAsServer(SipRequest request) {
    List<String> unsupported = RequestValidation.unsupported(OptionTags.of(request, HeaderName.REQUIRE));
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

  private ResponseFactory.Response response(SipRequest request, int status, String reason) {
    ResponseFactory.Response r = ResponseFactory.stateless(request, status, reason);
    if (!serverHeader.isEmpty()) {
      r.header("Server", serverHeader);
    }
    return r;
  }
}
