package io.parley.app;

import static org.junit.jupiter.api.Assertions.assertNotNull;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * An INVITE as a UA sends it (RFC 3261 §8.1.1), for the tests that talk to a node over UDP: From
 * {@code sip:alice@example.com} unless told otherwise, To the Request-URI, Proxy-Authorization
 * when given (RFC 3261 §22.3). The From tag and the Via branch derive from the Call-ID (and the
 * CSeq), so a retry with credentials is the same call and a new transaction.
 */
final class TestInvite {
  private final String uri;
  private final String callId;
  private String from = "sip:alice@example.com";
  private int cseq = 1;
  private String credentials;
  private final List<String> extra = new ArrayList<>();

  private TestInvite(String uri, String callId) {
    this.uri = uri;
    this.callId = callId;
  }

  static TestInvite of(String uri, String callId) {
    return new TestInvite(uri, callId);
  }

  /** The From URI. */
  TestInvite from(String value) {
    from = value;
    return this;
  }

  TestInvite cseq(int value) {
    cseq = value;
    return this;
  }

  /** The Proxy-Authorization value; null for none. */
  TestInvite credentials(String value) {
    credentials = value;
    return this;
  }

  /** One more header field, {@code "Route: <sip:127.0.0.1:5070;lr>"}. */
  TestInvite header(String field) {
    extra.add(field);
    return this;
  }

  byte[] bytes(SipProbe probe) {
    // a Call-ID may hold an '@', which a tag or branch (a token, RFC 3261 §25.1) may not
    String token = callId.replace('@', '.');
    StringBuilder b = new StringBuilder()
        .append("INVITE ").append(uri).append(" SIP/2.0\r\n")
        .append("Via: SIP/2.0/UDP ").append(probe.localHost()).append(':').append(probe.localPort())
        .append(";branch=z9hG4bK-").append(token).append('-').append(cseq).append(";rport\r\n")
        .append("Max-Forwards: 70\r\n")
        .append("From: <").append(from).append(">;tag=").append(token).append("\r\n")
        .append("To: <").append(uri).append(">\r\n")
        .append("Call-ID: ").append(callId).append("\r\n")
        .append("CSeq: ").append(cseq).append(" INVITE\r\n");
    if (credentials != null) {
      b.append("Proxy-Authorization: ").append(credentials).append("\r\n");
    }
    extra.forEach(h -> b.append(h).append("\r\n"));
    return b.append("Content-Length: 0\r\n\r\n").toString().getBytes(StandardCharsets.UTF_8);
  }

  /** Sends it from {@code probe}; the final answer, or null when none comes within the probe's timeout. */
  String sendFrom(SipProbe probe) throws Exception {
    probe.send(bytes(probe));
    return probe.finalAnswer(callId);
  }

  /** Sends it from {@code probe}; the final answer, which must come. */
  String answerFrom(SipProbe probe) throws Exception {
    String answer = sendFrom(probe);
    assertNotNull(answer, "no answer to INVITE " + uri + " CSeq " + cseq + "; skipped " + probe.skipped());
    return answer;
  }
}
