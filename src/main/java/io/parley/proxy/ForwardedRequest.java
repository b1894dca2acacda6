package io.parley.proxy;

import java.util.Objects;

/**
 * One branch of a proxied request, ready to send (RFC 3261 §16.6 item 10): its bytes, which a
 * client transaction sends and retransmits unchanged, the branch id of its topmost Via (the
 * transaction's key, RFC 3261 §17.1.3), and the hop to send it to (RFC 3263 §4).
 */
public record ForwardedRequest(byte[] bytes, String branch, Hop hop) {
  public ForwardedRequest {
    Objects.requireNonNull(bytes, "bytes");
    Objects.requireNonNull(branch, "branch");
    Objects.requireNonNull(hop, "hop");
  }
}
