package io.parley.call;

/** The caller's side of the calls in these tests, from 127.0.0.1:5062, as text. */
final class CallMessages {
  static final String CALL_ID = "call-1@127.0.0.1";
  static final String VIA = "Via: SIP/2.0/UDP 127.0.0.1:5062;branch=z9hG4bKcaller1;rport\n";

  private CallMessages() {}

  static String invite(String uri) {
    return "INVITE " + uri + " SIP/2.0\n"
        + VIA
        + "Max-Forwards: 70\n"
        + "From: <sip:alice@example.com>;tag=a1\n"
        + "To: <" + uri + ">\n"
        + "Call-ID: " + CALL_ID + "\n"
        + "CSeq: 7 INVITE\n"
        + "Contact: <sip:alice@127.0.0.1:5062>\n"
        + "Content-Length: 0\n\n";
  }

  /** The CANCEL of {@link #invite} (RFC 3261 §9.1: its Via, Request-URI, From, To and CSeq number). */
  static String cancel(String uri) {
    return "CANCEL " + uri + " SIP/2.0\n"
        + VIA
        + "Max-Forwards: 70\n"
        + "From: <sip:alice@example.com>;tag=a1\n"
        + "To: <" + uri + ">\n"
        + "Call-ID: " + CALL_ID + "\n"
        + "CSeq: 7 CANCEL\n"
        + "Content-Length: 0\n\n";
  }

  /** The ACK of a non-2xx final to {@link #invite}: part of the INVITE's transaction (§17.1.1.3). */
  static String ackOfFailure(String uri, String toTag) {
    return "ACK " + uri + " SIP/2.0\n"
        + VIA
        + "Max-Forwards: 70\n"
        + "From: <sip:alice@example.com>;tag=a1\n"
        + "To: <" + uri + ">;tag=" + toTag + "\n"
        + "Call-ID: " + CALL_ID + "\n"
        + "CSeq: 7 ACK\n"
        + "Content-Length: 0\n\n";
  }

  /** The ACK of a 2xx to {@link #invite}: a transaction of its own, to the callee's Contact (§13.2.2.4). */
  static String ackOfSuccess(String contact, String to, String toTag) {
    return "ACK " + contact + " SIP/2.0\n"
        + "Via: SIP/2.0/UDP 127.0.0.1:5062;branch=z9hG4bKcaller2;rport\n"
        + "Max-Forwards: 70\n"
        + "From: <sip:alice@example.com>;tag=a1\n"
        + "To: <" + to + ">;tag=" + toTag + "\n"
        + "Call-ID: " + CALL_ID + "\n"
        + "CSeq: 7 ACK\n"
        + "Content-Length: 0\n\n";
  }
}
