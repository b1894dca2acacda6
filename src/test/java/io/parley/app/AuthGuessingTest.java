package io.parley.app;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import io.parley.auth.AuthStats;
import io.parley.auth.DigestAlgorithm;
import io.parley.registrar.DigestUa;
import java.io.IOException;
import java.net.BindException;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.slf4j.LoggerFactory;

/**
 * Password guessing against a running node over UDP (RFC 7616 §5.13; issue: "Guessing"): a
 * failed response spends its nonce, every refusal is an INFO line fail2ban parses, a guessing
 * source is banned and gets no answer, and the real user from another address still registers,
 * undelayed, while failed attempts for that user are answered late. The last test bans
 * 127.0.0.1, so it runs last.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class AuthGuessingTest {
  private static final int MAX_PER_SOURCE = 6;
  private static final String URI = "sip:example.com";
  private TestNode node;

  @BeforeAll
  void start() {
    node = TestNode.start("""
        parley.domains = ["example.com"]
        parley.auth.secret = "a-test-secret-of-enough-length"
        parley.auth.failures { max-per-source = %d, max-per-user = 1, delay-base = 2s, delay-max = 2s,
          log-interval = 0s }
        """.formatted(MAX_PER_SOURCE));
    node.node.subscriberRepository().add("bob", "example.com", "bobpw");
    node.node.subscriberRepository().add("carol", "example.com", "carolpw");
    node.node.subscriberCache().refresh();
  }

  @AfterAll
  void stop() throws Exception {
    if (node != null) {
      node.close();
    }
  }

  private static String register(SipProbe probe, String user, String callId, int cseq, String authorization)
      throws Exception {
    return TestRegister.of(user, "example.com", callId).cseq(cseq).authorization(authorization).sendFrom(probe);
  }

  private static String credentials(String user, String password, String nonce) {
    return DigestUa.authorization(DigestAlgorithm.MD5, user, password, "example.com", nonce, URI, 1);
  }

  /** (c) A nonce a failed attempt used is spent: the right password on it, or the failed request again, is re-challenged. */
  @Test
  @Order(1)
  void aReusedNonceAfterAFailureIsChallengedAgain() throws Exception {
    try (SipProbe probe = new SipProbe(node.udp())) {
      String nonce = DigestUa.nonceIn(register(probe, "carol", "spent-1", 1, null));
      TestRegister wrong = TestRegister.of("carol", "example.com", "spent-1").cseq(2)
          .authorization(credentials("carol", "guess", nonce));
      byte[] failed = wrong.bytes(probe);
      probe.send(failed);
      String first = TestRegister.answer(probe, "spent-1");
      assertEquals(401, SipProbe.status(first), first);

      String right = register(probe, "carol", "spent-1", 3, credentials("carol", "carolpw", nonce));
      assertEquals(401, SipProbe.status(right), "the right password on a spent nonce: " + right);
      assertFalse(right.contains("stale="), right);
      assertNotEquals(nonce, DigestUa.nonceIn(right));

      probe.send(failed); // its retransmission
      String again = TestRegister.answer(probe, "spent-1");
      assertEquals(401, SipProbe.status(again), again);
      assertNotEquals(nonce, DigestUa.nonceIn(again));

      String ok = register(probe, "carol", "spent-1", 4, credentials("carol", "carolpw", DigestUa.nonceIn(right)));
      assertEquals(200, SipProbe.status(ok), "a fresh nonce works: " + ok);
    }
  }

  /** (d) One INFO line per failure, which the fail2ban filter of the README matches. */
  @Test
  @Order(2)
  void aFailureIsLoggedAtInfoInTheLineTheFail2banFilterMatches() throws Exception {
    Pattern filter = fail2banFilter();
    ListAppender<ILoggingEvent> lines = new ListAppender<>();
    lines.start();
    Logger logger = (Logger) LoggerFactory.getLogger("io.parley.auth.failures");
    logger.addAppender(lines);
    try (SipProbe probe = new SipProbe(node.udp())) {
      String nonce = DigestUa.nonceIn(register(probe, "nobody", "log-1", 1, null));
      String answer = register(probe, "nobody", "log-1", 2, credentials("nobody", "guess", nonce));
      assertEquals(401, SipProbe.status(answer), answer);
    } finally {
      logger.detachAppender(lines);
    }
    List<ILoggingEvent> events = List.copyOf(lines.list);
    assertEquals(1, events.size(), events.toString());
    assertEquals(Level.INFO, events.get(0).getLevel());
    String line = events.get(0).getFormattedMessage();
    assertEquals("auth failed: source=127.0.0.1 user=nobody realm=example.com method=REGISTER reason=wrong-credentials",
        line, "an unknown user is logged as a wrong password");
    Matcher m = filter.matcher(line);
    assertTrue(m.find(), filter + " on " + line);
    assertEquals("127.0.0.1", m.group("host"));
    assertFalse(filter.matcher(line.replace("wrong-credentials", "bad-nonce")).find(), "not a guess");
  }

  /**
   * (a) A source that keeps guessing is banned after max-per-source failures and gets no answer
   * at all, not even a challenge; (b) meanwhile the right user from another address registers,
   * undelayed, while a failed attempt of that user is answered late.
   */
  @Test
  @Order(3)
  void aGuessingSourceIsBannedAndTheRealUserStillGetsIn() throws Exception {
    InetAddress other = InetAddress.getByName("127.0.0.2");
    assumeBindable(other);
    int answered = 0;
    try (SipProbe attacker = new SipProbe(node.udp()).timeout(3000)) {
      String nonce = DigestUa.nonceIn(register(attacker, "bob", "guess-1", 1, null));
      for (int i = 0; i < 3 * MAX_PER_SOURCE; i++) {
        attacker.send(TestRegister.of("bob", "example.com", "guess-1").cseq(2 + i)
            .authorization(credentials("bob", "guess" + i, nonce)).bytes(attacker));
        String answer = attacker.finalAnswer("guess-1");
        if (answer == null) {
          break;
        }
        assertEquals(401, SipProbe.status(answer), answer);
        nonce = DigestUa.nonceIn(answer);
        answered++;
      }
      assertTrue(answered >= 1 && answered <= MAX_PER_SOURCE, "guesses answered before the ban: " + answered);
      attacker.send(TestRegister.of("bob", "example.com", "guess-2").bytes(attacker));
      assertNull(attacker.finalAnswer("guess-2"), "not even a challenge for a banned source");
    }
    AuthStats.Snapshot stats = node.node.authStats();
    assertEquals(1, stats.bans());
    assertTrue(stats.droppedWhileBanned() >= 2, stats.toString());
    // the operator sees the ban beside the flood bans, and can lift it
    ManagementHttp http = new ManagementHttp(node);
    ManagementHttp.Answer listed = http.send("GET", "/bans", null);
    assertTrue(listed.body().contains("\"address\":\"127.0.0.1\",\"reason\":\"auth\""), listed.body());
    assertEquals(204, http.send("DELETE", "/bans/127.0.0.1", null).status());
    try (SipProbe again = new SipProbe(node.udp())) {
      assertEquals(401, SipProbe.status(register(again, "bob", "after-unban", 1, null)), "answered again once lifted");
    }

    try (SipProbe phone = new SipProbe(node.udp(), other)) {
      String n1 = DigestUa.nonceIn(register(phone, "bob", "real-1", 1, null));
      String n2 = DigestUa.nonceIn(register(phone, "bob", "real-2", 1, null));
      phone.send(TestRegister.of("bob", "example.com", "real-1").cseq(2)
          .authorization(credentials("bob", "typo", n1)).bytes(phone));
      phone.send(TestRegister.of("bob", "example.com", "real-2").cseq(2)
          .authorization(credentials("bob", "bobpw", n2)).bytes(phone));
      String first = phone.receive();
      String second = phone.receive();
      assertNotNull(first, "no answer");
      assertEquals(200, SipProbe.status(first), "the success first, undelayed: " + first);
      assertTrue(first.contains("Call-ID: real-2"), first);
      assertNotNull(second, "the failed attempt is answered, late");
      assertEquals(401, SipProbe.status(second), second);
      assertTrue(second.contains("Call-ID: real-1"), second);
    }
    assertTrue(node.node.authStats().delayed() >= 1, node.node.authStats().toString());
  }

  /** The failregex line of the README's fail2ban filter, with {@code <HOST>} as fail2ban expands it for IPv4. */
  static Pattern fail2banFilter() throws IOException {
    Path readme = Path.of("README.md");
    String line = Files.readAllLines(readme).stream().filter(l -> l.startsWith("failregex = ")).findFirst()
        .orElseThrow(() -> new AssertionError("no failregex in README.md"));
    String regex = line.substring("failregex = ".length())
        .replace("<HOST>", "(?:::f{4,6}:)?(?<host>[\\w\\-.^_]*\\w)");
    return Pattern.compile(regex);
  }

  /** 127.0.0.2 is loopback on Linux; where it is not (macOS without an alias), skip. */
  private static void assumeBindable(InetAddress address) {
    try (DatagramSocket s = new DatagramSocket(new InetSocketAddress(address, 0))) {
      // bound: fine
    } catch (BindException e) {
      if ("true".equals(System.getenv("CI"))) {
        throw new AssertionError("cannot bind " + address, e);
      }
      Assumptions.abort("cannot bind " + address + ": " + e.getMessage());
    } catch (IOException e) {
      throw new AssertionError(e);
    }
  }
}
