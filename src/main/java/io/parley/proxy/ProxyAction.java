package io.parley.proxy;

import java.util.Objects;

/**
 * What a {@link ResponseContext} asks its caller to do. The caller carries the actions out in
 * the order given.
 */
public sealed interface ProxyAction {

  /**
   * Forward the request to {@code target} as branch {@code branch}: build it with {@link
   * RequestForwarder} (branch index {@code branch}), start a client transaction with it and, for
   * an INVITE, Timer C ({@link ProxySettings#branchTimeout()}, RFC 3261 §16.6 item 11).
   */
  record StartBranch(int branch, Target target) implements ProxyAction {
    public StartBranch {
      Objects.requireNonNull(target, "target");
    }
  }

  /**
   * Send {@code response} upstream through the server transaction (RFC 3261 §16.7 item 9): a
   * received response with our Via removed (item 3), a provisional one, a 2xx, or the best final
   * response.
   */
  record ForwardResponse(int status, byte[] response) implements ProxyAction {
    public ForwardResponse {
      Objects.requireNonNull(response, "response");
    }
  }

  /**
   * Cancel branch {@code branch} (RFC 3261 §9.1, §16.10): build the CANCEL with {@link
   * CancelFactory} from the branch's forwarded INVITE and send it in a non-INVITE client
   * transaction. If no final response arrives within 64*T1, call {@link
   * ResponseContext#onBranchTimeout} (RFC 3261 §9.1 last para).
   *
   * @param reason a Reason header value for the CANCEL (RFC 3326), or null
   */
  record CancelBranch(int branch, String reason) implements ProxyAction {}

  /**
   * Send a final response the proxy made itself (408, 487, 500) through the server transaction
   * (RFC 3261 §16.7 item 6).
   */
  record SendFinal(int status, byte[] response) implements ProxyAction {
    public SendFinal {
      Objects.requireNonNull(response, "response");
    }
  }

  /**
   * The response context is done: a final response went upstream and every branch has its
   * final response or gave up. Later calls only forward stray 2xx responses to an INVITE.
   */
  record Completed() implements ProxyAction {}
}
