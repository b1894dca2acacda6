package io.parley.message.uri;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.parley.message.SipMessage;
import io.parley.message.SipParser;
import io.parley.message.SipRequest;
import io.parley.message.Vectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class CanonicalAorTest {

  private static String aor(String uri) {
    return CanonicalAor.of(SipUri.parse(uri));
  }

  /** RFC 3261 §19.1.4's equivalent pairs are one AOR; port and parameters are no part of one. */
  @ParameterizedTest
  @CsvSource(delimiter = '|', value = {
      "sip:%61lice@atlanta.com;transport=TCP | sip:alice@AtLanTa.CoM;Transport=tcp",
      "sip:carol@chicago.com | sip:carol@chicago.com;newparam=5",
      "sip:carol@chicago.com | sip:carol@chicago.com;security=on",
      "sip:biloxi.com;transport=tcp;method=REGISTER?to=sip:bob%40biloxi.com | sip:biloxi.com;method=REGISTER;transport=tcp?to=sip:bob%40biloxi.com",
      "sip:alice@atlanta.com?subject=project%20x&priority=urgent | sip:alice@atlanta.com?priority=urgent&subject=project%20x",
      // not equal as URIs (§19.1.4), one AOR all the same: §10.3 step 5 drops all but user@host
      "sip:bob@biloxi.com | sip:bob@biloxi.com:5060",
      "sip:bob@biloxi.com | sip:bob@biloxi.com;transport=udp",
      "sip:carol@chicago.com | sips:carol@chicago.com",
      "sip:a%2fb@example.com | sip:a/b@example.com",
      "sip:a%3ab@example.com | sip:a%3Ab@example.com",
      "sip:%41%42c@example.com | sip:ABc@example.com",
  })
  void equivalentSpellingsAreOneAor(String a, String b) {
    assertEquals(aor(a), aor(b));
  }

  /** RFC 3261 §19.1.4's unequal pairs that differ in user or host stay two AORs. */
  @ParameterizedTest
  @CsvSource(delimiter = '|', value = {
      "SIP:ALICE@AtLanTa.CoM;Transport=udp | sip:alice@AtLanTa.CoM;Transport=UDP",
      "sip:alice@example.com | sip:Alice@example.com",
      "sip:alice@example.com | sip:%41lice@example.com",
      "sip:a%40b@example.com | sip:a@b.example.com",
      "sip:a%2541@example.com | sip:a%41@example.com",
      "sip:%FF@example.com | sip:%FE@example.com",
  })
  void differentUsersOrHostsAreTwoAors(String a, String b) {
    assertNotEquals(aor(a), aor(b));
  }

  @ParameterizedTest
  @CsvSource(delimiter = '|', value = {
      "sip:%61lice@Example.COM | alice@example.com",
      "sip:I%20have%20spaces@example.net | I%20have%20spaces@example.net",
      "sip:a%3ab@example.com:5070;transport=tcp | a%3Ab@example.com",
      "sip:a%40b@example.com | a%40b@example.com",
      "sip:v%61lue%25%34%31@example.com | value%2541@example.com",
      "sip:%2B1-212-555-1212;isub=1@gw.example.com;user=phone | +1-212-555-1212;isub=1@gw.example.com",
      "sip:j%C3%B6rg@example.com | j%C3%B6rg@example.com",
      "sip:example.com | example.com",
  })
  void theOneFormResolvesEscapesAndEscapesOnlyWhatMustBe(String uri, String expected) {
    assertEquals(expected, aor(uri));
  }

  /** Text as an operator types it or a digest username carries it reads like the URI's user. */
  @ParameterizedTest
  @CsvSource(delimiter = '|', value = {
      "%61lice | alice",
      "alice | alice",
      "a b | a%20b",
      "a%20b | a%20b",
      "50% | 50%25",
      "%zz | %25zz",
      "jörg | j%C3%B6rg",
      "a@b | a%40b",
      "a%3a | a%3A",
  })
  void textUsersReadAsUriUsers(String written, String expected) {
    assertEquals(expected, CanonicalAor.user(written));
    assertEquals(expected, CanonicalAor.user(expected), "the one form is its own");
  }

  @Test
  void aPlainUserIsItsOwnFormWithoutACopy() {
    String user = "alice.smith-1+x";
    assertSame(user, CanonicalAor.user(user));
    String host = "example.com";
    assertSame(host, CanonicalAor.host(host));
  }

  @Test
  void theSeparatorIsTheOnlyUnescapedAt() {
    String aor = aor("sip:a%40b%40c@example.com");
    assertEquals(aor.indexOf('@'), aor.lastIndexOf('@'));
    assertEquals("example.com", aor.substring(aor.lastIndexOf('@') + 1));
  }

  @Test
  void sameUserComparesAfterUnescaping() {
    assertTrue(CanonicalAor.sameUser("%61lice", "alice"));
    assertFalse(CanonicalAor.sameUser("Alice", "alice"));
  }

  /** RFC 4475 §3.1.1.1 (esc01), §3.1.1.4 (escnull): escaped users, as the AOR of To and R-URI. */
  @Test
  void rfc4475EscapedUsers() {
    SipRequest esc01 = (SipRequest) parse("esc01.dat");
    assertEquals("user@example.com", CanonicalAor.of(esc01.routing().to().sipUri()));
    assertEquals("sips%3Auser%40example.com@example.net", CanonicalAor.of((SipUri) esc01.uri()));
    assertEquals("I%20have%20spaces@example.net", CanonicalAor.of(esc01.routing().from().sipUri()));
    SipMessage escnull = parse("escnull.dat");
    String nul = CanonicalAor.of(escnull.routing().to().sipUri());
    assertEquals("null-%00-null@example.com", nul);
    assertEquals(nul, CanonicalAor.of(escnull.routing().from().sipUri()));
  }

  private static SipMessage parse(String file) {
    byte[] b = Vectors.bytes("rfc4475", file);
    return SipParser.parse(b, 0, b.length);
  }
}
