package io.parley.proxy;

import static io.parley.proxy.Msgs.IDENTITY;
import static io.parley.proxy.Msgs.UDP;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;

import io.parley.message.HeaderName;
import io.parley.message.MessageBuilder;
import io.parley.message.SipRequest;
import io.parley.message.SipResponse;
import io.parley.message.Vectors;
import java.util.Set;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class RequestValidationTest {
  private static final RequestValidation VALIDATION = new RequestValidation(IDENTITY, "Parley");
  private static final Set<String> VECTORS = Set.of("zeromf.dat", "bext01.dat", "unkscm.dat", "novelsc.dat");

  @BeforeAll
  static void vectorsAreIntact() {
    Vectors.checksums("rfc4475").forEach((file, sum) -> {
      if (VECTORS.contains(file)) {
        assertEquals(sum, Vectors.sha256(Vectors.bytes("rfc4475", file)), file);
      }
    });
  }

  private static SipResponse respond(SipRequest r, int status) {
    RequestValidation.Respond v = assertInstanceOf(RequestValidation.Respond.class, VALIDATION.check(r));
    assertEquals(status, v.status());
    SipResponse resp = (SipResponse) Msgs.parse(v.response());
    assertEquals(status, resp.statusCode());
    assertEquals(r.callId(), resp.callId());
    assertEquals("Parley", resp.value(HeaderName.SERVER));
    return resp;
  }

  private static SipRequest vector(String name) {
    return Msgs.request(Vectors.bytes("rfc4475", name));
  }

  /** RFC 4475 §3.3.1. */
  @Test
  void zeromfIsAnswered483() {
    respond(vector("zeromf.dat"), 483);
  }

  /** RFC 3261 §16.3 item 3: a request for the server itself is the server's to answer. */
  @Test
  void zeroMaxForwardsToTheServerItselfProceeds() {
    SipRequest r = Msgs.request(new String(Vectors.bytes("rfc4475", "zeromf.dat"), java.nio.charset.StandardCharsets.UTF_8)
        .replace("OPTIONS sip:user@example.com", "OPTIONS sip:example.com"));
    assertInstanceOf(RequestValidation.Proceed.class, VALIDATION.check(r));
  }

  /** RFC 4475 §3.3.5. */
  @Test
  void bext01IsAnswered420ListingTheProxyRequireTags() {
    SipResponse resp = respond(vector("bext01.dat"), 420);
    assertEquals("noProxiesSupportThis, norDoAnyProxiesSupportThis", resp.value(HeaderName.UNSUPPORTED));
  }

  /** RFC 4475 §3.3.2, §3.3.3. */
  @Test
  void unknownSchemesAreAnswered416() {
    respond(vector("unkscm.dat"), 416);
    respond(vector("novelsc.dat"), 416);
  }

  @Test
  void telUriAndOrdinaryRequestsProceed() {
    assertInstanceOf(RequestValidation.Proceed.class,
        VALIDATION.check(Msgs.request(Msgs.invite("sip:bob@example.com"))));
    assertInstanceOf(RequestValidation.Proceed.class,
        VALIDATION.check(Msgs.request(Msgs.invite("tel:+15551234567"))));
  }

  @Test
  void anAckIsNeverAnswered() {
    SipRequest ack = Msgs.request(Msgs.invite("sip:bob@example.net").replace("INVITE", "ACK")
        .replace("Max-Forwards: 70", "Max-Forwards: 0"));
    assertEquals(483, assertInstanceOf(RequestValidation.Discard.class, VALIDATION.check(ack)).status());
  }

  // ---- loops and spirals (RFC 3261 §16.3 item 4) ----

  /** Forwards {@code r} as this proxy would, then has the next hop send it back to us. */
  private static SipRequest comeBack(SipRequest r, String newRequestUri) {
    PreprocessedRequest p = new RoutePreprocessing(IDENTITY, Msgs.TOKENS).apply(r);
    ForwardedRequest f = new RequestForwarder(ProxySettings.DEFAULT, Msgs.TOKENS)
        .forward(p, Msgs.HOME, BranchId.requestHash(r), Target.of(r.uri()), 0, UDP, null);
    SipRequest sent = Msgs.request(f.bytes());
    MessageBuilder b = MessageBuilder.edit(sent)
        .addFirst("Via", "SIP/2.0/UDP 203.0.113.9:5060;branch=z9hG4bKdownstream1")
        .replaceValue(sent.first(HeaderName.MAX_FORWARDS), "68");
    if (newRequestUri != null) {
      b.requestUri(newRequestUri);
    }
    return Msgs.request(b.build());
  }

  @Test
  void aRequestThatComesBackUnchangedIsALoop() {
    SipRequest looped = comeBack(Msgs.request(Msgs.invite("sip:bob@example.net")), null);
    respond(looped, 482);
  }

  @Test
  void aRequestThatComesBackWithAnotherRequestUriIsASpiral() {
    SipRequest spiral = comeBack(Msgs.request(Msgs.invite("sip:bob@example.net")), "sip:bob-mobile@example.net");
    assertInstanceOf(RequestValidation.Proceed.class, VALIDATION.check(spiral));
  }

  @Test
  void aLoopIsFoundBelowOtherVias() {
    SipRequest looped = comeBack(Msgs.request(Msgs.invite("sip:bob@example.net")), null);
    SipRequest further = Msgs.request(MessageBuilder.edit(looped)
        .addFirst("Via", "SIP/2.0/TCP 203.0.113.20;branch=z9hG4bKmore").build());
    respond(further, 482);
  }

  @Test
  void aViaWithOurBranchFormButAnotherSentByIsNoLoop() {
    SipRequest r = Msgs.request(Msgs.invite("sip:bob@example.net"));
    SipRequest looped = comeBack(r, null);
    String ours = looped.routing().vias().get(1).branch();
    SipRequest elsewhere = Msgs.request(Msgs.text(looped.toBytes())
        .replace("SIP/2.0/UDP 192.0.2.10:5060;branch=" + ours, "SIP/2.0/UDP 192.0.2.99:5060;branch=" + ours));
    assertInstanceOf(RequestValidation.Proceed.class, VALIDATION.check(elsewhere));
  }

  @Test
  void aSpiralThatComesBackUnchangedOnItsNextRoundIsALoop() {
    SipRequest r = Msgs.request(Msgs.invite("sip:bob@example.net"));
    assertInstanceOf(RequestValidation.Proceed.class, VALIDATION.check(r));
    SipRequest spiral = comeBack(r, "sip:bob@203.0.113.5");
    assertInstanceOf(RequestValidation.Proceed.class, VALIDATION.check(spiral));
    respond(comeBack(spiral, null), 482);
  }
}
