package io.parley.registrar;

import io.parley.location.Binding;
import io.parley.location.UpdateResult;
import io.parley.message.ResponseFactory;
import io.parley.message.SipRequest;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Locale;

/** The registrar's answers to a REGISTER (RFC 3261 §10.3 step 8, §21). */
public final class RegisterResponses {
  /** RFC 3261 §20.17: SIP-date is rfc1123-date, always GMT, two-digit day. */
  private static final DateTimeFormatter SIP_DATE =
      DateTimeFormatter.ofPattern("EEE, dd MMM yyyy HH:mm:ss 'GMT'", Locale.US).withZone(ZoneOffset.UTC);

  private RegisterResponses() {}

  /**
   * 200 OK listing every current binding as {@code Contact: <uri>;expires=N} with its q and
   * other stored parameters (+sip.instance, reg-id), and a Date header (RFC 3261 §10.3 step 8).
   */
  public static byte[] ok(SipRequest request, List<Binding> bindings, long nowMillis, String serverHeader) {
    return ok(request, bindings, List.of(), false, nowMillis, serverHeader);
  }

  /**
   * {@link #ok(SipRequest, List, long, String)} for a REGISTER that stored bindings: with the
   * request's Path values, which RFC 3327 §5.3 has the registrar return in the 200 OK, and
   * {@code Require: outbound} when they are RFC 5626 bindings (RFC 5626 §6).
   */
  public static byte[] ok(SipRequest request, List<Binding> bindings, List<String> path, boolean outbound,
      long nowMillis, String serverHeader) {
    ResponseFactory.Response r = ResponseFactory.response(request, 200, "OK");
    if (outbound) {
      r.header("Require", "outbound");
    }
    for (Binding b : bindings) {
      long left = b.expiresInSeconds(nowMillis);
      if (left > 0) {
        r.header("Contact", contact(b, left));
      }
    }
    if (!path.isEmpty()) {
      r.header("Path", String.join(", ", path));
    }
    r.header("Date", SIP_DATE.format(Instant.ofEpochMilli(nowMillis)));
    return withServer(r, serverHeader).build();
  }

  /** A response without bindings; 423 carries Min-Expires (RFC 3261 §10.3 step 7). */
  public static byte[] reject(SipRequest request, RegisterDecision.Reject reject, String serverHeader) {
    ResponseFactory.Response r = ResponseFactory.response(request, reject.status(), reject.reason());
    if (reject.retryAfter() > 0) {
      r.header("Retry-After", Long.toString(reject.retryAfter())); // RFC 3261 §20.33
    }
    if (reject.minExpires() > 0) {
      r.header("Min-Expires", Long.toString(reject.minExpires()));
    }
    if (reject.unsupported() != null) {
      r.header("Unsupported", reject.unsupported());
    }
    return withServer(r, serverHeader).build();
  }

  /**
   * The answer to a location service result that stored nothing: a REGISTER older than the
   * stored one → 500 (RFC 3261 §10.3 step 7), too many bindings → 403; null for {@link
   * UpdateResult.Updated}.
   */
  public static RegisterDecision.Reject refusal(UpdateResult result) {
    if (result instanceof UpdateResult.OutOfOrder) {
      return new RegisterDecision.Reject(500, "Server Internal Error (out-of-order REGISTER)", 0);
    }
    if (result instanceof UpdateResult.TooManyBindings) {
      return new RegisterDecision.Reject(403, "Forbidden (too many contacts)", 0);
    }
    return null;
  }

  static String contact(Binding b, long expiresSeconds) {
    StringBuilder s = new StringBuilder(b.contact().length() + b.params().length() + 24);
    s.append('<').append(b.contact()).append(">;expires=").append(expiresSeconds);
    if (b.q() != Binding.Q_UNSPECIFIED) {
      s.append(";q=").append(q(b.q()));
    }
    return s.append(b.params()).toString();
  }

  /** A q-value in thousandths as RFC 3261 §25.1 qvalue writes it: 1, 0.5, 0.25, 0.001. */
  static String q(int thousandths) {
    if (thousandths >= 1000) {
      return "1";
    }
    if (thousandths <= 0) {
      return "0";
    }
    String digits = String.format(Locale.ROOT, "%03d", thousandths);
    int end = digits.length();
    while (end > 1 && digits.charAt(end - 1) == '0') {
      end--;
    }
    return "0." + digits.substring(0, end);
  }

  private static ResponseFactory.Response withServer(ResponseFactory.Response r, String serverHeader) {
    if (serverHeader != null && !serverHeader.isEmpty()) {
      r.header("Server", serverHeader);
    }
    return r;
  }
}
