package io.parley.proxy;

import io.parley.message.HeaderName;
import io.parley.message.Method;
import io.parley.message.ResponseFactory;
import io.parley.message.SipRequest;
import io.parley.message.header.OptionTags;
import io.parley.message.header.Via;
import io.parley.message.uri.SipUri;
import io.parley.message.uri.TelUri;
import io.parley.message.uri.Uri;
import java.util.ArrayList;
import java.util.List;

/**
 * The checks a proxy makes on a request before it routes it (RFC 3261 §16.3); item 1, syntax,
 * was done at the edge, and item 6, authorization, belongs to the auth layer.
 *
 * <ol start="2">
 *   <li>URI scheme: a Request-URI that is not sip, sips or tel is answered 416 (RFC 4475 §3.3.2
 *       unkscm, §3.3.3 novelsc);
 *   <li>Max-Forwards 0 is answered 483 (RFC 4475 §3.3.1 zeromf) — unless the request is for the
 *       server itself (no user part, one of our domains or addresses), which answers it as a UAS
 *       (§16.3 item 3: "the proxy MAY act as a UAS"), so OPTIONS to the server still gets 200;
 *   <li>loop detection: a Via of ours whose branch hash equals the hash of the request as it
 *       would be forwarded now is a loop, answered 482 (see {@link BranchId}); a Via of ours
 *       with another hash is a spiral, and proceeds;
 *   <li>Proxy-Require: tags this proxy does not support are answered 420 with an Unsupported
 *       header listing them (RFC 4475 §3.3.5 bext01).
 * </ol>
 *
 * <p>An ACK that fails a check is discarded: an ACK is never answered (RFC 3261 §17).
 */
public final class RequestValidation {
  private final LocalIdentity identity;
  private final String serverHeader;

  /**
   * @param serverHeader the Server field of generated responses (RFC 3261 §20.35); empty: none
   */
  public RequestValidation(LocalIdentity identity, String serverHeader) {
    this.identity = identity;
    this.serverHeader = serverHeader;
  }

  /** The outcome of the checks. */
  public sealed interface Verdict permits Proceed, Respond, Discard {}

  /** Every check passed. */
  public record Proceed() implements Verdict {}

  /** A check failed: send {@code response} (status {@code status}) back to the sender. */
  public record Respond(int status, byte[] response) implements Verdict {}

  /** An ACK failed check {@code status}; nothing is sent. */
  public record Discard(int status) implements Verdict {}

  private static final Proceed PROCEED = new Proceed();

  /** Runs the checks of §16.3 items 2 to 5, in that order. */
  public Verdict check(SipRequest request) {
    Uri uri = request.uri();
    if (!(uri instanceof SipUri) && !(uri instanceof TelUri)) {
      return reject(request, 416, "Unsupported URI Scheme", null);
    }
    if (uri instanceof SipUri sip && identity.isServer(sip)) {
      return PROCEED;
    }
    if (request.routing().maxForwards() == 0) {
      return reject(request, 483, "Too Many Hops", null);
    }
    if (isLoop(request)) {
      return reject(request, 482, "Loop Detected", null);
    }
    List<String> unsupported = unsupported(OptionTags.of(request, HeaderName.PROXY_REQUIRE));
    if (!unsupported.isEmpty()) {
      return reject(request, 420, "Bad Extension", String.join(", ", unsupported));
    }
    return PROCEED;
  }

  /**
   * RFC 3261 §16.3 item 4: whether one of our Vias carries the branch we would compute for this
   * request now. Our Via is never the bottom one, since we forward with the received Vias below.
   */
  boolean isLoop(SipRequest request) {
    List<Via> vias = request.routing().vias();
    for (int i = 0; i + 1 < vias.size(); i++) {
      Via v = vias.get(i);
      String branch = v.branch();
      if (BranchId.index(branch) >= 0 && identity.isOwnSentBy(v)
          && BranchId.matches(branch, BranchId.hash(request, vias.get(i + 1)))) {
        return true;
      }
    }
    return false;
  }

  /** The tags of {@code tags} this proxy does not support (RFC 3261 §16.3 item 5). */
  static List<String> unsupported(OptionTags tags) {
    List<String> out = new ArrayList<>(0);
    for (String tag : tags.tags()) {
      if (!ServerCapabilities.SUPPORTED.contains(tag)) {
        out.add(tag);
      }
    }
    return out;
  }

  private Verdict reject(SipRequest request, int status, String reason, String unsupported) {
    if (request.method() == Method.ACK) {
      return new Discard(status);
    }
    ResponseFactory.Response r = ResponseFactory.stateless(request, status, reason);
    if (unsupported != null) {
      r.header("Unsupported", unsupported);
    }
    if (!serverHeader.isEmpty()) {
      r.header("Server", serverHeader);
    }
    return new Respond(status, r.build());
  }
}
