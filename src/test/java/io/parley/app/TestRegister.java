package io.parley.app;

import static org.junit.jupiter.api.Assertions.assertNotNull;

import java.nio.charset.StandardCharsets;

/**
 * A REGISTER as a UA sends it (RFC 3261 §10.2), for the tests that talk to a node over UDP: To
 * and From {@code user@domain}, one Contact unless told otherwise, Authorization when given.
 */
final class TestRegister {
  private final String user;
  private final String domain;
  private final String callId;
  private int cseq = 1;
  private String branch;
  private String contact;
  private String authorization;
  private final java.util.List<String> extra = new java.util.ArrayList<>();

  private TestRegister(String user, String domain, String callId) {
    this.user = user;
    this.domain = domain;
    this.callId = callId;
    this.contact = "<sip:" + user + "@192.0.2.20:5060>";
  }

  static TestRegister of(String user, String domain, String callId) {
    return new TestRegister(user, domain, callId);
  }

  TestRegister cseq(int value) {
    cseq = value;
    return this;
  }

  /** The top Via's branch; by default one of its own per Call-ID and CSeq. */
  TestRegister branch(String value) {
    branch = value;
    return this;
  }

  /** The Contact field's value; null for none (a query, RFC 3261 §10.2.3). */
  TestRegister contact(String value) {
    contact = value;
    return this;
  }

  /** One more header field, {@code "Expires: 60"}. */
  TestRegister header(String field) {
    extra.add(field);
    return this;
  }

  TestRegister authorization(String value) {
    authorization = value;
    return this;
  }

  byte[] bytes(SipProbe probe) {
    String via = branch != null ? branch : "z9hG4bK-" + callId + "-" + cseq;
    return ("REGISTER sip:" + domain + " SIP/2.0\r\n"
        + "Via: SIP/2.0/UDP 127.0.0.1:" + probe.localPort() + ";branch=" + via + ";rport\r\n"
        + "Max-Forwards: 70\r\n"
        + "To: <sip:" + user + "@" + domain + ">\r\n"
        + "From: <sip:" + user + "@" + domain + ">;tag=" + callId + "-" + cseq + "\r\n"
        + "Call-ID: " + callId + "\r\n"
        + "CSeq: " + cseq + " REGISTER\r\n"
        + (contact == null ? "" : "Contact: " + contact + "\r\n")
        + (authorization == null ? "" : "Authorization: " + authorization + "\r\n")
        + extra.stream().map(h -> h + "\r\n").collect(java.util.stream.Collectors.joining())
        + "Content-Length: 0\r\n\r\n").getBytes(StandardCharsets.UTF_8);
  }

  /** Sends it from {@code probe} and returns the final answer. */
  String sendFrom(SipProbe probe) throws Exception {
    probe.send(bytes(probe));
    return answer(probe, callId);
  }

  /**
   * Registers {@code user@domain} at {@code contact} as a UA does against a challenging registrar
   * (RFC 3261 §22.2: the 401, then the REGISTER with MD5 credentials); fails unless it gets 200.
   */
  static void registerWithDigest(SipProbe probe, String user, String password, String domain, String contact)
      throws Exception {
    String callId = "reg-" + user + "-" + probe.localPort();
    String challenge = of(user, domain, callId).contact(contact).sendFrom(probe);
    org.junit.jupiter.api.Assertions.assertEquals(401, SipProbe.status(challenge), challenge);
    String ok = of(user, domain, callId).cseq(2).contact(contact)
        .authorization(io.parley.registrar.DigestUa.authorization(io.parley.auth.DigestAlgorithm.MD5, user, password,
            domain, io.parley.registrar.DigestUa.nonceIn(challenge), "sip:" + domain, 1))
        .sendFrom(probe);
    org.junit.jupiter.api.Assertions.assertEquals(200, SipProbe.status(ok), ok);
  }

  /** The final answer to a request of {@code callId} that {@code probe} sent. */
  static String answer(SipProbe probe, String callId) throws Exception {
    String answer = probe.finalAnswer(callId);
    assertNotNull(answer, "no answer to REGISTER; skipped " + probe.skipped());
    return answer;
  }
}
