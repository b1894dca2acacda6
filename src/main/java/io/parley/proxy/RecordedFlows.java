package io.parley.proxy;

import io.parley.message.uri.SipUri;

/**
 * The flows of a dialog's parties behind a NAT, carried in our Record-Route (RFC 5626 §5.3, as an
 * edge proxy's flow token): a UA behind a NAT names a private address in its Contact, the remote
 * target of every request the other side sends in the dialog (RFC 3261 §12.2.1.1), so such a
 * request is sent through the flow the UA's dialog-creating request or response used instead,
 * and the Contact is kept as the UA wrote it. {@value #CALLER} names the flow of the party that
 * sent the dialog-creating request, {@value #CALLEE} the flow of the target it was forwarded to;
 * either is absent when that party is not behind a NAT ({@code parley.nat.detect}). The values
 * are signed with the route's {@link RouteToken}, so a UA cannot point them at another's flow.
 *
 * <p>A request of the dialog that arrives on one party's flow comes from that party and goes
 * through the other's flow, if that one is recorded; one that arrives elsewhere (from a party
 * not behind a NAT, or through another proxy) goes through the one flow recorded. Otherwise it
 * goes to its Request-URI.
 *
 * @param caller the caller's flow value ({@link #value}), or null
 * @param callee the callee's flow value, or null
 */
public record RecordedFlows(String caller, String callee) {
  /** The Record-Route URI parameter naming the caller's flow. */
  public static final String CALLER = "pfa";
  /** The Record-Route URI parameter naming the callee's flow. */
  public static final String CALLEE = "pfb";
  /** Between a flow token and its source: a URI mark (RFC 3261 §25.1) in neither. */
  private static final char SEPARATOR = '!';

  /** None recorded. */
  public static final RecordedFlows NONE = new RecordedFlows(null, null);

  /** Whether any flow is recorded. */
  public boolean any() {
    return caller != null || callee != null;
  }

  /**
   * The value of a flow in a Record-Route parameter: {@code flowToken!received} ({@code
   * udp~1a2b~node!udp:192.0.2.7:40312}); every character is a URI {@code paramchar}.
   */
  public static String value(String flowToken, String received) {
    return received == null ? flowToken : flowToken + SEPARATOR + received;
  }

  /** The flow token of a {@link #value}. */
  public static String flowToken(String value) {
    int at = value.indexOf(SEPARATOR);
    return at < 0 ? value : value.substring(0, at);
  }

  /** The source of a {@link #value}, {@code "udp:1.2.3.4:5060"}, or null. */
  public static String received(String value) {
    int at = value.indexOf(SEPARATOR);
    return at < 0 ? null : value.substring(at + 1);
  }

  /** The flows a Record-Route URI of ours names; {@link #NONE} for none. */
  public static RecordedFlows of(SipUri uri) {
    String a = uri.param(CALLER);
    String b = uri.param(CALLEE);
    return a == null && b == null ? NONE : new RecordedFlows(a, b);
  }

  /** The URI parameters naming these flows, {@code ;pfa=…;pfb=…}, or "" for none. */
  public String params() {
    if (!any()) {
      return "";
    }
    StringBuilder sb = new StringBuilder(96);
    if (caller != null) {
      sb.append(';').append(CALLER).append('=').append(caller);
    }
    if (callee != null) {
      sb.append(';').append(CALLEE).append('=').append(callee);
    }
    return sb.toString();
  }

  /**
   * The flow value a request of the dialog goes through, having arrived on the flow {@code
   * arrivedOn} (a flow token); null when it goes to its Request-URI.
   */
  public String towards(String arrivedOn) {
    if (caller != null && flowToken(caller).equals(arrivedOn)) {
      return callee;
    }
    if (callee != null && flowToken(callee).equals(arrivedOn)) {
      return caller;
    }
    if (caller != null && callee != null) {
      return null; // neither party sent it: no way to tell which one it is for
    }
    return caller != null ? caller : callee;
  }
}
