package io.parley.registrar;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.parley.location.Binding;
import io.parley.location.UpdateResult;
import io.parley.message.HeaderName;
import io.parley.message.SipParser;
import io.parley.message.SipResponse;
import java.util.List;
import org.junit.jupiter.api.Test;

/** RFC 3261 §10.3 step 8: the 200 OK lists the bindings and carries a Date. */
class RegisterResponsesTest {
  private static final long NOW = 1_763_724_432_000L; // Fri, 21 Nov 2025 11:27:12 GMT

  private static Binding binding(String contact, int q, String params, long expiresAt) {
    return new Binding(contact, q, params, expiresAt, expiresAt, "c", 1, null, List.of(), null, 0, null, NOW);
  }

  @Test
  void okListsEveryBindingWithItsExpiryAndParameters() {
    byte[] ok = RegisterResponses.ok(RegisterRulesTest.register("<sip:bob@example.com>"), List.of(
        binding("sip:bob@192.0.2.1:5062", 500, ";reg-id=1", NOW + 3_600_000),
        binding("sip:bob@192.0.2.2", Binding.Q_UNSPECIFIED, "", NOW + 1_500)), NOW, "Parley");
    SipResponse r = (SipResponse) SipParser.parse(ok);
    assertEquals(200, r.statusCode());
    assertEquals(List.of("<sip:bob@192.0.2.1:5062>;expires=3600;q=0.5;reg-id=1", "<sip:bob@192.0.2.2>;expires=2"),
        r.values(HeaderName.CONTACT));
    assertEquals("Fri, 21 Nov 2025 11:27:12 GMT", r.value(HeaderName.DATE));
    assertEquals("Parley", r.value(HeaderName.SERVER));
  }

  /** RFC 3327 §5.3: the Path comes back; RFC 5626 §6: Require: outbound, instance and reg-id listed. */
  @Test
  void okEchoesThePathAndRequiresOutbound() {
    Binding ob = new Binding("sip:bob@192.0.2.2;transport=tcp", Binding.Q_UNSPECIFIED,
        ";reg-id=1;+sip.instance=\"<urn:uuid:1>\"", NOW + 3_600_000, NOW + 3_600_000, "c", 1, "tcp~1~n",
        List.of("<sip:ep1.example.com;lr;ob>"), "<urn:uuid:1>", 1, null, NOW);
    SipResponse r = (SipResponse) SipParser.parse(RegisterResponses.ok(
        RegisterRulesTest.register("<sip:bob@example.com>"), List.of(ob), List.of("<sip:ep1.example.com;lr;ob>"),
        true, NOW, ""));
    assertEquals("outbound", r.value(HeaderName.REQUIRE));
    assertEquals("<sip:ep1.example.com;lr;ob>", r.value(HeaderName.PATH));
    assertEquals(List.of("<sip:bob@192.0.2.2;transport=tcp>;expires=3600;reg-id=1;+sip.instance=\"<urn:uuid:1>\""),
        r.values(HeaderName.CONTACT));
    SipResponse plain = (SipResponse) SipParser.parse(RegisterResponses.ok(
        RegisterRulesTest.register("<sip:bob@example.com>"), List.of(ob), NOW, ""));
    assertNull(plain.value(HeaderName.REQUIRE));
    assertNull(plain.value(HeaderName.PATH));
  }

  @Test
  void a423CarriesMinExpires() {
    byte[] b = RegisterResponses.reject(RegisterRulesTest.register("<sip:bob@example.com>"),
        new RegisterDecision.Reject(423, "Interval Too Brief", 60), "");
    SipResponse r = (SipResponse) SipParser.parse(b);
    assertEquals(423, r.statusCode());
    assertEquals("60", r.value(HeaderName.MIN_EXPIRES));
    assertNull(r.value(HeaderName.SERVER));
  }

  @Test
  void refusalsOfTheLocationService() {
    assertEquals(500, RegisterResponses.refusal(new UpdateResult.OutOfOrder("sip:a@b", 3)).status());
    assertEquals(403, RegisterResponses.refusal(new UpdateResult.TooManyBindings(10)).status());
    assertNull(RegisterResponses.refusal(new UpdateResult.Updated(List.of())));
  }

  @Test
  void qValues() {
    assertEquals("1", RegisterResponses.q(1000));
    assertEquals("0.5", RegisterResponses.q(500));
    assertEquals("0.25", RegisterResponses.q(250));
    assertEquals("0.001", RegisterResponses.q(1));
    assertEquals("0", RegisterResponses.q(0));
    assertTrue(RegisterResponses.contact(binding("sip:x@y", 0, "", NOW + 1000), 1).endsWith(";q=0"));
  }
}
