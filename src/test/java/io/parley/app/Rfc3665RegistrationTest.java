package io.parley.app;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.parley.auth.DigestAlgorithm;
import io.parley.registrar.DigestUa;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * The registration flows of RFC 3665 §2 (rtckit's transcription, {@code conformance/rfc3665}),
 * played over real UDP against a running node serving Bob's domain: Bob's REGISTERs are sent as
 * the RFC writes them, and the node's answers compared with the RFC's.
 *
 * <p>What is changed to replay them: CRLF line ends; the Via transport and sent-by (the RFC's UA
 * speaks TLS from client.biloxi.example.com, this one UDP from 127.0.0.1); the Authorization
 * (the RFC's response digests are for nonces this server never issued, so the UA computes its
 * own for the server's nonce, as a real UA does). The realm is the server's, Bob's domain (the
 * RFC's realm "atlanta.example.com" is a leftover of its other flows). Each flow starts from the
 * state the RFC implies, set up by REGISTERs of another Call-ID; expiry values are the
 * registrar's (the RFC's 4294967295 for the mailto contact is one registrar's choice).
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class Rfc3665RegistrationTest {
  private static final String SET = "rfc3665";
  private static final String REQUEST_URI = "sips:ss2.biloxi.example.com";
  private static final String REALM = "biloxi.example.com";
  private static final String SIPS_CONTACT = "sips:bob@client.biloxi.example.com";
  private static final String MAILTO_CONTACT = "mailto:bob@biloxi.example.com";

  private TestNode node;
  private SipProbe bob;
  private String nonce;
  private int nc;
  private int setupCseq = 100;

  @BeforeAll
  void start() {
    node = TestNode.start("""
        parley.domains = ["biloxi.example.com", "ss2.biloxi.example.com"]
        parley.auth.secret = "a-test-secret-of-enough-length"
        """);
    node.node.subscriberRepository().add("bob", "biloxi.example.com", "bobpw");
    node.node.subscriberCache().refresh();
  }

  @AfterAll
  void stop() throws Exception {
    if (node != null) {
      node.close();
    }
  }

  @BeforeEach
  void newUa() throws Exception {
    bob = new SipProbe(node.udp());
    nonce = null;
    setUp("Contact: *", "Expires: 0"); // every flow starts with Bob unregistered
  }

  @AfterEach
  void closeUa() {
    bob.close();
  }

  /** Sends a message of the flow as Bob, over this UDP socket, and returns the node's final answer. */
  private String send(String message) throws Exception {
    String m = message.replace("SIP/2.0/TLS client.biloxi.example.com:5061", "SIP/2.0/UDP 127.0.0.1:" + bob.localPort());
    bob.send(CallFlow.wire(m));
    String callId = CallFlow.values(m, "Call-ID").get(0);
    String answer = bob.finalAnswer(callId);
    assertNotNull(answer, "no answer to\n" + m + "\nskipped " + bob.skipped());
    return answer;
  }

  /** {@code message} with Bob's credentials for the server's current nonce (RFC 7616 §3.4, qop=auth). */
  private String authorized(String message, String password) throws Exception {
    if (nonce == null) {
      nonce = DigestUa.nonceIn(challenge());
      nc = 0;
    }
    nc++;
    return CallFlow.with(CallFlow.without(message, "Authorization"), "Authorization: "
        + DigestUa.authorization(DigestAlgorithm.MD5, "bob", password, REALM, nonce, REQUEST_URI, nc));
  }

  /** A challenge for Bob, from a REGISTER of another Call-ID without credentials. */
  private String challenge() throws Exception {
    String answer = send(setUpRequest("Contact: *", "Expires: 0"));
    assertEquals(401, SipProbe.status(answer), answer);
    return answer;
  }

  /** Brings Bob's bindings to the state a flow starts from, by a REGISTER of another Call-ID. */
  private void setUp(String... fields) throws Exception {
    String answer = send(authorized(setUpRequest(fields), "bobpw"));
    assertEquals(200, SipProbe.status(answer), answer);
  }

  private String setUpRequest(String... fields) {
    setupCseq++;
    StringBuilder s = new StringBuilder()
        .append("REGISTER ").append(REQUEST_URI).append(" SIP/2.0\n")
        .append("Via: SIP/2.0/TLS client.biloxi.example.com:5061;branch=z9hG4bK-setup-").append(setupCseq).append('\n')
        .append("Max-Forwards: 70\n")
        .append("From: Bob <sips:bob@biloxi.example.com>;tag=setup").append(setupCseq).append('\n')
        .append("To: Bob <sips:bob@biloxi.example.com>\n")
        .append("Call-ID: setup-call@biloxi.example.com\n")
        .append("CSeq: ").append(setupCseq).append(" REGISTER\n");
    for (String f : fields) {
      s.append(f).append('\n');
    }
    return s.append("Content-Length: 0\n\n").toString();
  }

  /** The URIs of a response's Contact values, in order. */
  private static List<String> contactUris(String response) {
    return CallFlow.values(response, "Contact").stream()
        .flatMap(v -> java.util.Arrays.stream(v.split(",\\s*(?=<)")))
        .map(v -> v.substring(v.indexOf('<') + 1, v.indexOf('>'))).toList();
  }

  /** The answer matches the RFC's: status, Via, From, To (with a tag), Call-ID, CSeq. */
  private static void assertAnswers(String expected, String actual) {
    assertEquals(SipProbe.status(expected), SipProbe.status(actual), actual);
    for (String h : List.of("From", "Call-ID", "CSeq")) {
      assertEquals(CallFlow.values(expected, h), CallFlow.values(actual, h), h + " in\n" + actual);
    }
    String branch = CallFlow.values(expected, "Via").get(0).replaceAll(".*;branch=([^;\\s]+).*", "$1");
    assertTrue(CallFlow.values(actual, "Via").get(0).contains(";branch=" + branch), actual);
    String to = CallFlow.values(actual, "To").get(0);
    assertTrue(to.startsWith("Bob <sips:bob@biloxi.example.com>;tag="), "To with the registrar's tag: " + actual);
  }

  /**
   * The RFC's bindings, in any order (equal q: RFC 3261 gives none), each with its expiry (RFC
   * 3261 §10.3 step 8), and a Date.
   */
  private static void assertListsBindings(String expected, String actual) {
    assertEquals(contactUris(expected).stream().sorted().toList(), contactUris(actual).stream().sorted().toList(),
        actual);
    for (String c : CallFlow.values(actual, "Contact")) {
      assertTrue(c.matches(".*;expires=[1-9][0-9]*.*"), "a binding without expires: " + c);
    }
    assertEquals(1, CallFlow.values(actual, "Date").size(), "RFC 3261 §10.3 step 8: Date\n" + actual);
  }

  /** The 401 challenges for Bob's domain with qop=auth (RFC 3261 §22.4, RFC 7616 §3.3). */
  private static void assertChallenges(String actual) {
    List<String> challenges = CallFlow.values(actual, "WWW-Authenticate");
    assertFalse(challenges.isEmpty(), actual);
    String md5 = challenges.stream().filter(c -> c.contains("algorithm=MD5")).findFirst().orElse(null);
    assertNotNull(md5, "an MD5 challenge, as the RFC's: " + challenges);
    assertTrue(md5.startsWith("Digest "), md5);
    assertTrue(md5.contains("realm=\"" + REALM + "\""), md5);
    assertTrue(md5.matches(".*qop=\"[^\"]*auth.*"), md5);
    assertTrue(md5.contains("nonce=\""), md5);
  }

  /** §2.1: REGISTER F1 → 401 F2; REGISTER F3 with credentials → 200 F4 listing the contact. */
  @Test
  void successfulNewRegistration() throws Exception {
    List<String> f = CallFlow.messages(SET, "2.01_sip-client-new-registration.yaml");
    assertEquals(4, f.size());
    String f2 = send(f.get(0));
    assertAnswers(f.get(1), f2);
    assertChallenges(f2);
    nonce = DigestUa.nonceIn(f2);
    nc = 0;
    String f4 = send(authorized(f.get(2), "bobpw"));
    assertAnswers(f.get(3), f4);
    assertListsBindings(f.get(3), f4);
    assertEquals(List.of(SIPS_CONTACT), contactUris(f4));
  }

  /** §2.2: Bob adds a mailto contact to the one he has; the 200 lists both. */
  @Test
  void updateOfContactList() throws Exception {
    setUp("Contact: <" + SIPS_CONTACT + ">");
    List<String> f = CallFlow.messages(SET, "2.02_update-of-contact-list.yaml");
    assertEquals(2, f.size());
    String f2 = send(authorized(f.get(0), "bobpw"));
    assertAnswers(f.get(1), f2);
    assertListsBindings(f.get(1), f2);
  }

  /** §2.3: a REGISTER without Contact asks for the list; the 200 lists both bindings. */
  @Test
  void requestForCurrentContactList() throws Exception {
    setUp("Contact: <" + SIPS_CONTACT + ">", "Contact: <" + MAILTO_CONTACT + ">");
    List<String> f = CallFlow.messages(SET, "2.03_request-for-current-contact-list.yaml");
    assertEquals(2, f.size());
    String f2 = send(authorized(f.get(0), "bobpw"));
    assertAnswers(f.get(1), f2);
    assertListsBindings(f.get(1), f2);
  }

  /** §2.4: Contact: * with Expires: 0 removes every binding; the 200 lists none. */
  @Test
  void cancellationOfRegistration() throws Exception {
    setUp("Contact: <" + SIPS_CONTACT + ">", "Contact: <" + MAILTO_CONTACT + ">");
    List<String> f = CallFlow.messages(SET, "2.04_cancellation-of-registration.yaml");
    assertEquals(2, f.size());
    String f2 = send(authorized(f.get(0), "bobpw"));
    assertAnswers(f.get(1), f2);
    assertEquals(List.of(), CallFlow.values(f2, "Contact"), f2);
    String list = send(authorized(setUpRequest(), "bobpw"));
    assertEquals(List.of(), contactUris(list), "nothing left: " + list);
  }

  /** §2.5: credentials with a wrong password are challenged again, with a fresh nonce; nothing stored. */
  @Test
  void unsuccessfulRegistration() throws Exception {
    List<String> f = CallFlow.messages(SET, "2.05_unsuccessful-registration.yaml");
    assertEquals(4, f.size());
    String f2 = send(f.get(0));
    assertAnswers(f.get(1), f2);
    assertChallenges(f2);
    nonce = DigestUa.nonceIn(f2);
    nc = 0;
    String f4 = send(authorized(f.get(2), "not-bobs-password"));
    assertAnswers(f.get(3), f4);
    assertChallenges(f4);
    assertNotEquals(nonce, DigestUa.nonceIn(f4), "RFC 3665 §2.5 F4: a new nonce");
    nonce = null;
    assertEquals(List.of(), contactUris(send(authorized(setUpRequest(), "bobpw"))), "nothing was stored");
  }
}
