package io.parley.registrar;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.typesafe.config.ConfigException;
import com.typesafe.config.ConfigFactory;
import io.parley.message.SipParser;
import io.parley.message.SipRequest;
import java.nio.charset.StandardCharsets;
import java.util.function.Predicate;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * {@link RegisterRules} on what a REGISTER may have stored: the AOR in its one form (RFC 3261
 * §19.1.4), the expiry of both forms capped alike (§20.19, §10.3 step 7), and the lengths of
 * {@link RegisterLimits}.
 */
class RegisterRulesLimitsTest {
  private static final Predicate<String> SERVED = host -> host.equalsIgnoreCase("example.com");
  private final RegisterRules rules = new RegisterRules(RegistrarSettings.DEFAULT, SERVED);

  private static SipRequest registerTo(String to, String callId, String... extra) {
    StringBuilder s = new StringBuilder()
        .append("REGISTER sip:example.com SIP/2.0\r\n")
        .append("Via: SIP/2.0/UDP 127.0.0.1:5060;branch=z9hG4bK-1\r\n")
        .append("Max-Forwards: 70\r\n")
        .append("To: ").append(to).append("\r\n")
        .append("From: <sip:bob@example.com>;tag=a1\r\n")
        .append("Call-ID: ").append(callId).append("\r\n")
        .append("CSeq: 7 REGISTER\r\n");
    for (String h : extra) {
      s.append(h).append("\r\n");
    }
    s.append("Content-Length: 0\r\n\r\n");
    return (SipRequest) SipParser.parse(s.toString().getBytes(StandardCharsets.UTF_8));
  }

  private static SipRequest register(String... extra) {
    return registerTo("<sip:bob@example.com>", "reg-1@127.0.0.1", extra);
  }

  private RegisterDecision.Update update(SipRequest r) {
    return assertInstanceOf(RegisterDecision.Update.class, rules.decide(r));
  }

  private RegisterDecision.Reject rejected(SipRequest r) {
    RegisterDecision.Reject reject = assertInstanceOf(RegisterDecision.Reject.class, rules.decide(r));
    assertEquals(400, reject.status(), reject.reason());
    return reject;
  }

  @Test
  void everySpellingOfTheToUriIsOneAor() {
    for (String to : new String[] {"<sip:alice@example.com>", "<sip:%61lice@EXAMPLE.com>",
        "<sip:%61%6C%69%63%65@example.com:5060;transport=udp>", "<sips:alice@Example.Com>"}) {
      assertEquals("alice@example.com", update(registerTo(to, "c@h", "Contact: <sip:a@127.0.0.1>")).aor(), to);
    }
    assertEquals("Alice@example.com", update(registerTo("<sip:Alice@example.com>", "c@h",
        "Contact: <sip:a@127.0.0.1>")).aor(), "the user stays case-sensitive");
    assertEquals(new RegisterDecision.Query("alice@example.com"), rules.decide(registerTo("<sip:%61lice@example.com>",
        "c@h")));
  }

  /** RFC 3261 §20.19: above 2^32-1 is 2^32-1, header and parameter alike; then max-expires. */
  @ParameterizedTest
  @ValueSource(strings = {"4294967295", "4294967296", "18446744073709551616", "99999999999999999999999999999"})
  void anOverlargeExpiryIsCappedInTheHeaderAsInTheParameter(String value) {
    long max = RegistrarSettings.DEFAULT.maxExpires();
    assertEquals(max, update(register("Contact: <sip:bob@127.0.0.1>", "Expires: " + value))
        .contacts().get(0).expiresSeconds());
    assertEquals(max, update(register("Contact: <sip:bob@127.0.0.1>;expires=" + value))
        .contacts().get(0).expiresSeconds());
  }

  @Test
  void aThousandDigitsAreJustAnOverlargeExpiry() {
    String digits = "7".repeat(1000);
    long max = RegistrarSettings.DEFAULT.maxExpires();
    assertEquals(max, update(register("Contact: <sip:bob@127.0.0.1>", "Expires: " + digits))
        .contacts().get(0).expiresSeconds());
    assertEquals(max, update(register("Contact: <sip:bob@127.0.0.1>;expires=" + digits))
        .contacts().get(0).expiresSeconds());
    assertTrue(rejected(register("Contact: <sip:bob@127.0.0.1>", "Expires: " + digits + "x")).reason()
        .contains("Expires"));
    // Contact: * needs Expires: 0, and an overlarge value is no 0
    rejected(register("Contact: *", "Expires: " + digits));
  }

  @Test
  void aContactUriLongerThanTheLimitIs400NamingIt() {
    int limit = RegisterLimits.DEFAULT.contact();
    String head = "sip:bob@127.0.0.1;x=";
    String atLimit = head + "a".repeat(limit - head.length());
    assertEquals(atLimit, update(register("Contact: <" + atLimit + ">")).contacts().get(0).contact());
    String reason = rejected(register("Contact: <" + atLimit + "a>")).reason();
    assertTrue(reason.contains("Contact URI longer than " + limit), reason);
    String tenK = head + "a".repeat(10 * 1024);
    assertTrue(rejected(register("Contact: <sip:ok@127.0.0.1>", "Contact: <" + tenK + ">")).reason()
        .contains("Contact URI"), "any one contact over the limit refuses the whole request");
  }

  @Test
  void contactParametersInstancePathAndCallIdHaveTheirLimits() {
    assertTrue(rejected(register("Contact: <sip:bob@127.0.0.1>;x=" + "p".repeat(600))).reason()
        .contains("Contact parameters longer than 512"));
    assertEquals(1, update(register("Contact: <sip:bob@127.0.0.1>;q=0.5;expires=600;x=" + "p".repeat(507)))
        .contacts().size(), "q and expires are stored apart and not counted");
    assertTrue(rejected(register("Supported: outbound",
        "Contact: <sip:bob@127.0.0.1>;reg-id=1;+sip.instance=\"<urn:uuid:" + "0".repeat(300) + ">\"")).reason()
        .contains("+sip.instance longer than 255"));
    String longPath = "<sip:" + "p".repeat(500) + ".example.net;lr>, <sip:edge.example.net;lr>";
    assertTrue(rejected(register("Supported: path", "Path: " + longPath, "Contact: <sip:bob@127.0.0.1>")).reason()
        .contains("Path longer than 512"));
    assertTrue(rejected(registerTo("<sip:bob@example.com>", "c".repeat(256) + "@h", "Contact: <sip:bob@127.0.0.1>"))
        .reason().contains("Call-ID longer than 255"));
    update(registerTo("<sip:bob@example.com>", "c".repeat(253) + "@h", "Contact: <sip:bob@127.0.0.1>"));
  }

  @Test
  void anAorLongerThanItsJournalKeyIs400() {
    String user = "u".repeat(RegisterRules.MAX_AOR_LENGTH - "@example.com".length());
    assertEquals(RegisterRules.MAX_AOR_LENGTH,
        update(registerTo("<sip:" + user + "@example.com>", "c@h", "Contact: <sip:a@127.0.0.1>")).aor().length());
    assertTrue(rejected(registerTo("<sip:" + user + "u@example.com>", "c@h", "Contact: <sip:a@127.0.0.1>")).reason()
        .contains("address-of-record longer than " + RegisterRules.MAX_AOR_LENGTH));
    // escapes resolved first: a long spelling of a short AOR is no problem
    update(registerTo("<sip:" + "%61".repeat(100) + "@example.com>", "c@h", "Contact: <sip:a@127.0.0.1>"));
  }

  @Test
  void limitsAreReadFromTheConfigurationAndCheckedByName() {
    assertEquals(RegisterLimits.DEFAULT, RegistrarSettings.from(ConfigFactory.load()).limits());
    RegistrarSettings s = RegistrarSettings.from(ConfigFactory.parseString(
        "parley.registrar.max-contact-length = 100").withFallback(ConfigFactory.load()));
    assertEquals(100, s.limits().contact());
    RegisterRules small = new RegisterRules(s, SERVED);
    RegisterDecision.Reject r = assertInstanceOf(RegisterDecision.Reject.class,
        small.decide(register("Contact: <sip:bob@127.0.0.1;x=" + "a".repeat(90) + ">")));
    assertTrue(r.reason().contains("Contact URI longer than 100"), r.reason());
    ConfigException.BadValue e = assertThrows(ConfigException.BadValue.class, () -> RegistrarSettings.from(
        ConfigFactory.parseString("parley.registrar.max-path-length = 0").withFallback(ConfigFactory.load())));
    assertTrue(e.getMessage().contains("parley.registrar.max-path-length"), e.getMessage());
  }

  /** RFC 3261 §20.41: the User-Agent is kept for the operator, cut (never refused) at its limit. */
  @Test
  void theUserAgentIsKeptAndCutToItsLimit() {
    assertEquals("Phone/1.0 (x)", update(register("Contact: <sip:bob@127.0.0.1>", "User-Agent:  Phone/1.0 (x) "))
        .userAgent());
    assertEquals(null, update(register("Contact: <sip:bob@127.0.0.1>")).userAgent());
    int limit = RegisterLimits.DEFAULT.userAgent();
    assertEquals("u".repeat(limit), update(register("Contact: <sip:bob@127.0.0.1>", "User-Agent: " + "u".repeat(5000)))
        .userAgent(), "cut, not refused");
    // a character of several octets is never split: 'é' is two
    String cut = update(register("Contact: <sip:bob@127.0.0.1>", "User-Agent: a" + "é".repeat(300))).userAgent();
    assertEquals("a" + "é".repeat((limit - 1) / 2), cut);
    assertTrue(cut.getBytes(StandardCharsets.UTF_8).length <= limit);
    RegistrarSettings small = RegistrarSettings.from(ConfigFactory.parseString(
        "parley.registrar.max-user-agent-length = 16").withFallback(ConfigFactory.load()));
    assertEquals("0123456789abcdef", assertInstanceOf(RegisterDecision.Update.class, new RegisterRules(small, SERVED)
        .decide(register("Contact: <sip:bob@127.0.0.1>", "User-Agent: 0123456789abcdefghij"))).userAgent());
    ConfigException.BadValue e = assertThrows(ConfigException.BadValue.class, () -> RegistrarSettings.from(
        ConfigFactory.parseString("parley.registrar.max-user-agent-length = 2").withFallback(ConfigFactory.load())));
    assertTrue(e.getMessage().contains("parley.registrar.max-user-agent-length"), e.getMessage());
  }
}
