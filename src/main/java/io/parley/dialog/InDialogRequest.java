package io.parley.dialog;

import io.parley.message.Method;
import io.parley.message.header.NameAddr;
import io.parley.message.uri.SipUri;
import io.parley.message.uri.Uri;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * A request the proxy sends inside a dialog on one side's behalf (a BYE to end the call, an
 * OPTIONS to see that the other end is alive), built as that side's UA would build it (RFC 3261
 * §12.2.1.1): the Request-URI is the target's remote target, Route its route set, From and To
 * carry the dialog's tags as the sending side sees them.
 */
public final class InDialogRequest {
  private InDialogRequest() {}

  /**
   * The request toward {@code toward}.
   *
   * @param via the Via value without the branch, e.g. {@code SIP/2.0/UDP 127.0.0.1:5060}
   * @param branch the branch parameter (RFC 3261 §8.1.1.7)
   * @param reason a Reason header value (RFC 3326), or null
   */
  public static byte[] build(Method method, DialogInfo dialog, Side toward, long cseq, String via, String branch,
      String reason) {
    DialogLeg target = toward == Side.CALLER ? dialog.caller() : dialog.callee();
    DialogLeg sender = toward == Side.CALLER ? dialog.callee() : dialog.caller();
    String requestUri = target.contact() != null ? target.contact() : target.uri();
    List<String> routes = new ArrayList<>(target.routeSet());
    if (!routes.isEmpty() && isStrict(routes.get(0))) {
      // RFC 3261 §12.2.1.1: a strict router gets the request addressed to itself, the remote
      // target last in Route
      String first = routes.remove(0);
      routes.add("<" + requestUri + ">");
      requestUri = NameAddr.parse(first).uri().toString();
    }
    StringBuilder b = new StringBuilder(400);
    b.append(method.name()).append(' ').append(requestUri).append(" SIP/2.0\r\n");
    b.append("Via: ").append(via).append(";branch=").append(branch).append(";rport\r\n");
    b.append("Max-Forwards: 70\r\n");
    for (String r : routes) {
      b.append("Route: ").append(r).append("\r\n");
    }
    b.append("From: <").append(sender.uri()).append(">;tag=").append(sender.tag()).append("\r\n");
    b.append("To: <").append(target.uri()).append('>');
    if (target.tag() != null) {
      b.append(";tag=").append(target.tag());
    }
    b.append("\r\n");
    b.append("Call-ID: ").append(dialog.callId()).append("\r\n");
    b.append("CSeq: ").append(cseq).append(' ').append(method.name()).append("\r\n");
    if (reason != null) {
      b.append("Reason: ").append(reason).append("\r\n");
    }
    b.append("Content-Length: 0\r\n\r\n");
    return b.toString().getBytes(StandardCharsets.UTF_8);
  }

  private static boolean isStrict(String route) {
    try {
      Uri u = NameAddr.parse(route).uri();
      return u instanceof SipUri s && !s.lr();
    } catch (RuntimeException e) {
      return false;
    }
  }
}
