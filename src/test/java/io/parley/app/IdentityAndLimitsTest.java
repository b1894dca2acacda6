package io.parley.app;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.parley.auth.DigestAlgorithm;
import io.parley.registrar.DigestUa;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * Identities and limits through a running node, over real UDP and HTTP: an address-of-record is
 * one whatever its spelling (RFC 3261 §19.1.4) in provisioning, registration, authentication
 * and lookup; the registrar stores nothing longer than its limits; an overlarge expiry is capped
 * alike in the Expires header and the expires parameter (§20.19).
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class IdentityAndLimitsTest {
  private final HttpClient http = HttpClient.newHttpClient();
  private TestNode node;
  private String base;
  private int sequence;

  @BeforeAll
  void start() {
    node = TestNode.start("""
        parley.domains = ["example.com"]
        parley.auth.secret = "a-test-secret-of-enough-length"
        parley.proxy.authenticate = off
        parley.sip.timers.t1 = 100ms
        """);
    base = node.node.managementUri().toString().replaceAll("/$", "");
    node.node.subscriberRepository().add("carol", "example.com", "carolpw");
    node.node.subscriberRepository().add("dave", "example.com", "davepw");
    node.node.subscriberCache().refresh();
  }

  @AfterAll
  void stop() throws Exception {
    if (node != null) {
      node.close();
    }
  }

  private HttpResponse<String> http(String method, String path, String body) throws Exception {
    HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(base + path));
    b.method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
    return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
  }

  private HttpResponse<String> provision(String aor, String password) throws Exception {
    return http("POST", "/subscribers", "{\"aor\":\"" + aor + "\",\"password\":\"" + password + "\"}");
  }

  /**
   * A REGISTER whose To user is {@code toUser} (as written), answered with the digest
   * credentials of {@code username} when challenged; the first answer other than 401 otherwise.
   */
  private static String register(SipProbe probe, String toUser, String username, String password, String callId,
      String contact, String... headers) throws Exception {
    TestRegister r = TestRegister.of(toUser, "example.com", callId).contact(contact);
    for (String h : headers) {
      r.header(h);
    }
    String first = r.cseq(1).sendFrom(probe);
    if (SipProbe.status(first) != 401) {
      return first;
    }
    String nonce = DigestUa.nonceIn(first);
    return r.cseq(2).authorization(DigestUa.authorization(DigestAlgorithm.MD5, username, password, "example.com",
        nonce, "sip:example.com", 1)).sendFrom(probe);
  }

  private static List<String> contacts(String response) {
    List<String> out = new ArrayList<>();
    Matcher m = Pattern.compile("(?im)^(?:Contact|m)[ \\t]*:[ \\t]*(.+?)\\r?$").matcher(response);
    while (m.find()) {
      out.add(m.group(1));
    }
    return out;
  }

  private String invite(SipProbe caller, String requestUri, String callId) {
    sequence++;
    return "INVITE " + requestUri + " SIP/2.0\r\n"
        + "Via: SIP/2.0/UDP 127.0.0.1:" + caller.localPort() + ";branch=z9hG4bK-id-" + sequence + ";rport\r\n"
        + "Max-Forwards: 70\r\n"
        + "To: <" + requestUri + ">\r\n"
        + "From: <sip:caller@127.0.0.1>;tag=c" + sequence + "\r\n"
        + "Call-ID: " + callId + "\r\n"
        + "CSeq: 1 INVITE\r\n"
        + "Contact: <sip:caller@127.0.0.1:" + caller.localPort() + ">\r\n"
        + "Content-Length: 0\r\n\r\n";
  }

  /** The next request {@code probe} receives with this Call-ID, or null. */
  private static String requestFor(SipProbe probe, String callId) throws Exception {
    for (String m; (m = probe.receive()) != null; ) {
      if (!m.startsWith("SIP/2.0") && m.contains("\r\nCall-ID: " + callId + "\r\n")) {
        return m;
      }
    }
    return null;
  }

  /** A final response to {@code request} as its UAS sends it (RFC 3261 §8.2.6). */
  private static byte[] answer(String request, int status, String reason) {
    StringBuilder s = new StringBuilder("SIP/2.0 ").append(status).append(' ').append(reason).append("\r\n");
    Set<String> copied = Set.of("via", "v", "from", "f", "call-id", "i", "cseq");
    for (String line : request.split("\r\n")) {
      if (line.isEmpty()) {
        break;
      }
      int colon = line.indexOf(':');
      String name = colon < 0 ? "" : line.substring(0, colon).trim().toLowerCase(Locale.ROOT);
      if (copied.contains(name)) {
        s.append(line).append("\r\n");
      } else if (name.equals("to") || name.equals("t")) {
        s.append(line).append(";tag=callee\r\n");
      }
    }
    return s.append("Content-Length: 0\r\n\r\n").toString().getBytes(StandardCharsets.UTF_8);
  }

  /**
   * {@code %61lice} is alice: refused as a second subscriber, registered as alice by alice's
   * credentials, and an INVITE to any spelling reaches alice's contact; {@code Alice} is nobody.
   */
  @Test
  void anEscapedSpellingIsTheSubscriberItSpells() throws Exception {
    assertEquals(201, provision("alice@example.com", "alicepw").statusCode());
    for (String other : List.of("%61lice@example.com", "sip:%61%6C%69%63%65@EXAMPLE.com")) {
      HttpResponse<String> dup = provision(other, "mallory");
      assertEquals(409, dup.statusCode(), other + ": " + dup.body());
    }
    HttpResponse<String> shown = http("GET", "/subscribers/%2561lice@example.com", null);
    assertEquals(200, shown.statusCode(), shown.body());
    assertTrue(shown.body().contains("\"aor\":\"alice@example.com\""), shown.body());

    try (SipProbe callee = new SipProbe(node.udp()); SipProbe caller = new SipProbe(node.udp())) {
      String contact = "sip:alice@127.0.0.1:" + callee.localPort();
      // the To's spelling differs from the digest user name; it is alice's AOR all the same
      String ok = register(callee, "%61lice", "alice", "alicepw", "id-alice-reg", "<" + contact + ">");
      assertEquals(200, SipProbe.status(ok), ok);

      int call = 0;
      for (String ruri : List.of("sip:%61lice@example.com", "sip:alice@EXAMPLE.com",
          "sip:%61lic%65@example.com;transport=udp")) {
        String callId = "id-call-" + ++call;
        caller.send(invite(caller, ruri, callId).getBytes(StandardCharsets.UTF_8));
        String arrived = requestFor(callee, callId);
        assertNotNull(arrived, ruri + " did not reach alice's contact");
        assertTrue(arrived.startsWith("INVITE " + contact + " SIP/2.0\r\n"), arrived);
        callee.send(answer(arrived, 486, "Busy Here"));
        String answered = caller.finalAnswer(callId);
        assertNotNull(answered, "no answer; skipped " + caller.skipped());
        assertEquals(486, SipProbe.status(answered), answered);
      }
      caller.send(invite(caller, "sip:Alice@example.com", "id-call-upper").getBytes(StandardCharsets.UTF_8));
      String notAlice = caller.finalAnswer("id-call-upper");
      assertNotNull(notAlice, "no answer; skipped " + caller.skipped());
      assertEquals(404, SipProbe.status(notAlice), "user parts are case-sensitive: " + notAlice);
    }
  }

  /** A 10 KB Contact URI is refused with 400 naming it, authenticated or not, and nothing is stored. */
  @Test
  void aTenKilobyteContactIsRefusedAndNothingStored() throws Exception {
    try (SipProbe probe = new SipProbe(node.udp())) {
      String big = "<sip:carol@127.0.0.1:5999;x=" + "a".repeat(10 * 1024) + ">";
      String refused = register(probe, "carol", "carol", "carolpw", "id-carol-big", big);
      assertEquals(400, SipProbe.status(refused), refused);
      assertTrue(refused.startsWith("SIP/2.0 400 Bad Request (Contact URI longer than 512 octets)\r\n"), refused);
      String query = register(probe, "carol", "carol", "carolpw", "id-carol-query", null);
      assertEquals(200, SipProbe.status(query), query);
      assertEquals(List.of(), contacts(query), "nothing stored: " + query);
    }
  }

  /** RFC 3261 §20.19: 2^32 in the Expires header or the expires parameter is 2^32-1, then max-expires. */
  @Test
  void anOverlargeExpiryIsCappedInTheHeaderAndTheParameterAlike() throws Exception {
    try (SipProbe probe = new SipProbe(node.udp())) {
      String header = register(probe, "dave", "dave", "davepw", "id-dave-hdr", "<sip:dave@127.0.0.1:5998>",
          "Expires: 4294967296");
      assertEquals(200, SipProbe.status(header), header);
      assertGranted(header, "<sip:dave@127.0.0.1:5998>");
      String param = register(probe, "dave", "dave", "davepw", "id-dave-prm",
          "<sip:dave@127.0.0.1:5997>;expires=4294967296");
      assertEquals(200, SipProbe.status(param), param);
      assertGranted(param, "<sip:dave@127.0.0.1:5997>");
      String digits = register(probe, "dave", "dave", "davepw", "id-dave-digits", "<sip:dave@127.0.0.1:5996>",
          "Expires: " + "9".repeat(1000));
      assertEquals(200, SipProbe.status(digits), digits);
      assertGranted(digits, "<sip:dave@127.0.0.1:5996>");
    }
  }

  /** The binding of {@code contact} in a 200 OK was granted max-expires (7200 s), give or take a second. */
  private static void assertGranted(String ok, String contact) {
    Matcher m = Pattern.compile(Pattern.quote(contact) + ";expires=(\\d+)").matcher(ok);
    assertTrue(m.find(), ok);
    long expires = Long.parseLong(m.group(1));
    assertTrue(expires >= 7198 && expires <= 7200, "expires=" + expires + " in " + ok);
  }
}
