package io.parley.registrar;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;

import io.parley.location.Binding;
import io.parley.location.ContactUpdate;
import io.parley.message.SipParser;
import io.parley.message.SipRequest;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** RFC 3261 §10.3 steps 5–7 as {@link RegisterRules} applies them. */
class RegisterRulesTest {
  private final RegisterRules rules = new RegisterRules(RegistrarSettings.DEFAULT,
      host -> Set.of("example.com").contains(host.toLowerCase(java.util.Locale.ROOT)));

  static SipRequest register(String to, String... extra) {
    StringBuilder s = new StringBuilder()
        .append("REGISTER sip:example.com SIP/2.0\r\n")
        .append("Via: SIP/2.0/UDP 192.0.2.1:5060;branch=z9hG4bK-1\r\n")
        .append("Max-Forwards: 70\r\n")
        .append("To: ").append(to).append("\r\n")
        .append("From: <sip:bob@example.com>;tag=a1\r\n")
        .append("Call-ID: reg-1@192.0.2.1\r\n")
        .append("CSeq: 7 REGISTER\r\n");
    for (String h : extra) {
      s.append(h).append("\r\n");
    }
    s.append("Content-Length: 0\r\n\r\n");
    return (SipRequest) SipParser.parse(s.toString().getBytes(StandardCharsets.UTF_8));
  }

  private RegisterDecision.Update update(SipRequest r) {
    return assertInstanceOf(RegisterDecision.Update.class, rules.decide(r));
  }

  private void rejected(int status, SipRequest r) {
    assertEquals(status, assertInstanceOf(RegisterDecision.Reject.class, rules.decide(r)).status());
  }

  @Test
  void theAorIsTheToUserAtTheLowerCaseHost() {
    RegisterDecision.Update u = update(register("<sip:Bob@EXAMPLE.com>", "Contact: <sip:bob@192.0.2.1:5062>"));
    assertEquals("Bob@example.com", u.aor());
    assertEquals("reg-1@192.0.2.1", u.callId());
    assertEquals(7, u.cseq());
    assertEquals(1, u.contacts().size());
    assertEquals("sip:bob@192.0.2.1:5062", u.contacts().get(0).contact());
  }

  @Test
  void noContactIsAQuery() {
    assertEquals(new RegisterDecision.Query("bob@example.com"), rules.decide(register("<sip:bob@example.com>")));
  }

  @Test
  void aToOfAnotherDomainOrWithoutUserIsNotFound() {
    rejected(404, register("<sip:bob@example.org>", "Contact: <sip:bob@192.0.2.1>"));
    rejected(404, register("<sip:example.com>", "Contact: <sip:bob@192.0.2.1>"));
  }

  /** RFC 4475 §3.3.6 unksm2: a To URI of an unknown scheme in a REGISTER is answered 400. */
  @Test
  void aToThatIsNoSipUriIsABadRequest() {
    rejected(400, register("isbn:2983792873", "Contact: <sip:bob@192.0.2.1>"));
  }

  @Test
  void theWildcardOnlyAloneAndWithExpiresZero() {
    assertEquals(new RegisterDecision.RemoveAll("bob@example.com", "reg-1@192.0.2.1", 7),
        rules.decide(register("<sip:bob@example.com>", "Contact: *", "Expires: 0")));
    rejected(400, register("<sip:bob@example.com>", "Contact: *"));
    rejected(400, register("<sip:bob@example.com>", "Contact: *", "Expires: 10"));
    rejected(400, register("<sip:bob@example.com>", "Contact: *", "Contact: <sip:bob@192.0.2.1>", "Expires: 0"));
  }

  @Test
  void expiresComesFromTheContactThenTheHeaderThenTheDefault() {
    assertEquals(300, update(register("<sip:bob@example.com>", "Contact: <sip:bob@192.0.2.1>;expires=300",
        "Expires: 600")).contacts().get(0).expiresSeconds());
    assertEquals(600, update(register("<sip:bob@example.com>", "Contact: <sip:bob@192.0.2.1>",
        "Expires: 600")).contacts().get(0).expiresSeconds());
    assertEquals(3600, update(register("<sip:bob@example.com>", "Contact: <sip:bob@192.0.2.1>"))
        .contacts().get(0).expiresSeconds());
  }

  @Test
  void tooBriefIs423WithMinExpiresAndTooLongIsShortened() {
    RegisterDecision.Reject r = assertInstanceOf(RegisterDecision.Reject.class,
        rules.decide(register("<sip:bob@example.com>", "Contact: <sip:bob@192.0.2.1>;expires=59")));
    assertEquals(423, r.status());
    assertEquals(60, r.minExpires());
    assertEquals(7200, update(register("<sip:bob@example.com>", "Contact: <sip:bob@192.0.2.1>;expires=99999"))
        .contacts().get(0).expiresSeconds());
    // 0 removes: never too brief
    assertEquals(0, update(register("<sip:bob@example.com>", "Contact: <sip:bob@192.0.2.1>", "Expires: 0"))
        .contacts().get(0).expiresSeconds());
  }

  @Test
  void qInstanceAndRegIdAreKeptApartFromTheOtherParameters() {
    ContactUpdate c = update(register("<sip:bob@example.com>", "Supported: outbound",
        "Contact: <sip:bob@192.0.2.1;transport=tcp>;q=0.5;expires=120;+sip.instance=\"<urn:uuid:00000000-0000-1000-8000-000A95A0E128>\";reg-id=1"))
        .contacts().get(0);
    assertEquals("sip:bob@192.0.2.1;transport=tcp", c.contact());
    assertEquals(500, c.q());
    assertEquals(120, c.expiresSeconds());
    assertEquals("<urn:uuid:00000000-0000-1000-8000-000A95A0E128>", c.instanceId());
    assertEquals(1, c.regId());
    assertEquals(";+sip.instance=\"<urn:uuid:00000000-0000-1000-8000-000A95A0E128>\";reg-id=1", c.params());
    ContactUpdate plain = update(register("<sip:bob@example.com>", "Contact: <sip:bob@192.0.2.1>")).contacts().get(0);
    assertEquals(Binding.Q_UNSPECIFIED, plain.q());
    assertEquals("", plain.params());
    assertNull(plain.instanceId());
  }

  /** RFC 3261 §10.3 step 2: a Require naming what the registrar lacks is refused; path and outbound pass. */
  @Test
  void aRequiredExtensionIs420WithUnsupported() {
    RegisterDecision.Reject r = assertInstanceOf(RegisterDecision.Reject.class, rules.decide(
        register("<sip:bob@example.com>", "Contact: <sip:bob@192.0.2.1>", "Require: path, gruu, outbound")));
    assertEquals(420, r.status());
    assertEquals("gruu", r.unsupported());
  }

  /** RFC 3327 §5.3 (rtckit's 5.5.1 flow): the Path is kept in order, for the bindings and the 200 OK. */
  @Test
  void aPathIsKeptWhenTheUaSupportsIt() {
    RegisterDecision.Update u = update(register("<sip:bob@example.com>", "Contact: <sip:bob@192.0.2.4>",
        "Supported: path", "Path: <sip:P3.EXAMPLEHOME.COM;lr>,<sip:P1.EXAMPLEVISITED.COM;lr>"));
    assertEquals(List.of("<sip:P3.EXAMPLEHOME.COM;lr>", "<sip:P1.EXAMPLEVISITED.COM;lr>"), u.path());
    assertEquals(List.of(), update(register("<sip:bob@example.com>", "Contact: <sip:bob@192.0.2.4>")).path());
  }

  /** RFC 3327 §5.3: a Path the UA would not understand in the response is refused. */
  @Test
  void aPathWithoutSupportedPathIs420() {
    RegisterDecision.Reject r = assertInstanceOf(RegisterDecision.Reject.class, rules.decide(register(
        "<sip:bob@example.com>", "Contact: <sip:bob@192.0.2.4>", "Path: <sip:p1.example.com;lr>")));
    assertEquals(420, r.status());
    assertEquals("path", r.unsupported());
  }

  /** RFC 5626 §6: outbound contacts, with the first hop's support checked. */
  @Test
  void outboundNeedsSupportedOutboundAndAnOutboundFirstHop() {
    String contact = "Contact: <sip:bob@192.0.2.2;transport=tcp>;reg-id=1;+sip.instance=\"<urn:uuid:1>\"";
    RegisterDecision.Update direct = update(register("<sip:bob@example.com>", "Supported: path, outbound", contact));
    assertTrue(direct.outbound(), "one Via: the registrar is the first hop");
    assertEquals(1, direct.contacts().get(0).regId());

    RegisterDecision.Update viaEdge = update(register("<sip:bob@example.com>", "Supported: path, outbound",
        "Via: SIP/2.0/TCP 192.0.2.2;branch=z9hG4bK-ua", "Path: <sip:tok@ep1.example.com;lr;ob>", contact));
    assertTrue(viaEdge.outbound());

    rejected(439, register("<sip:bob@example.com>", "Supported: path, outbound",
        "Via: SIP/2.0/TCP 192.0.2.2;branch=z9hG4bK-ua", contact));
    rejected(439, register("<sip:bob@example.com>", "Supported: path, outbound",
        "Via: SIP/2.0/TCP 192.0.2.2;branch=z9hG4bK-ua", "Path: <sip:ep1.example.com;lr>", contact));

    RegisterDecision.Update legacy = update(register("<sip:bob@example.com>", contact));
    assertFalse(legacy.outbound());
    assertEquals(0, legacy.contacts().get(0).regId(), "without Supported: outbound the reg-id is ignored");
    assertEquals("<urn:uuid:1>", legacy.contacts().get(0).instanceId());
  }

  @Test
  void aMalformedExpiresIsABadRequest() {
    rejected(400, register("<sip:bob@example.com>", "Contact: <sip:bob@192.0.2.1>", "Expires: soon"));
  }
}
