package io.parley.location;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** RFC 3261 §19.1.4: the equivalent and non-equivalent pairs the RFC lists, and a few more. */
class ContactUrisTest {

  @ParameterizedTest
  @CsvSource(delimiter = '|', value = {
      // the RFC's equivalent pairs
      "sip:%61lice@atlanta.com;transport=TCP | sip:alice@AtLanTa.CoM;Transport=tcp",
      "sip:carol@chicago.com | sip:carol@chicago.com;newparam=5",
      "sip:carol@chicago.com | sip:carol@chicago.com;security=on",
      "sip:carol@chicago.com;newparam=5 | sip:carol@chicago.com;security=on",
      "sip:biloxi.com;transport=tcp;method=REGISTER?to=sip:bob%40biloxi.com"
          + " | sip:biloxi.com;method=REGISTER;transport=tcp?to=sip:bob%40biloxi.com",
      "sip:alice@atlanta.com?subject=project%20x&priority=urgent"
          + " | sip:alice@atlanta.com?priority=urgent&subject=project%20x",
      // scheme case
      "SIP:bob@biloxi.com | sip:bob@biloxi.com",
      "sip:user@example.com?Route=%3Csip:sip.example.com%3E | sip:user@example.com?route=%3csip:sip.example.com%3e",
  })
  void equivalent(String a, String b) {
    assertTrue(ContactUris.equivalent(a.trim(), b.trim()), a + " ~ " + b);
    assertTrue(ContactUris.equivalent(b.trim(), a.trim()), b + " ~ " + a);
  }

  @ParameterizedTest
  @CsvSource(delimiter = '|', value = {
      // the RFC's non-equivalent pairs
      "SIP:ALICE@AtLanTa.CoM;Transport=udp | sip:alice@AtLanTa.CoM;Transport=UDP",
      "sip:bob@biloxi.com | sip:bob@biloxi.com:5060",
      "sip:bob@biloxi.com | sip:bob@biloxi.com;transport=udp",
      "sip:bob@biloxi.com | sip:bob@biloxi.com:6000;transport=tcp",
      "sip:carol@chicago.com | sip:carol@chicago.com?Subject=next%20meeting",
      "sip:bob@phone21.boxesbybob.com | sip:bob@192.0.2.4",
      // sips is never sip; parameters present in both must agree; user params must agree
      "sips:bob@biloxi.com | sip:bob@biloxi.com",
      "sip:carol@chicago.com;newparam=5 | sip:carol@chicago.com;newparam=6",
      "sip:+1234@gw.example.com;user=phone | sip:+1234@gw.example.com",
      "sip:a@host?x=1 | sip:a@host?x=1&y=2",
      "tel:+1234 | tel:+1235",
  })
  void notEquivalent(String a, String b) {
    assertFalse(ContactUris.equivalent(a.trim(), b.trim()), a + " !~ " + b);
    assertFalse(ContactUris.equivalent(b.trim(), a.trim()), b + " !~ " + a);
  }
}
