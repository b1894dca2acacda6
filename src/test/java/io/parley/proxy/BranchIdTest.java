package io.parley.proxy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.parley.message.Lex;
import io.parley.message.SipRequest;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class BranchIdTest {
  private static long hash(String text) {
    return BranchId.requestHash(Msgs.request(text));
  }

  private static final String BASE = Msgs.invite("sip:bob@example.net");

  @Test
  void formatIsCookieHomeDashHashDotIndex() {
    String b = BranchId.of(Msgs.HOME, 0x0123456789abcdefL, 12);
    assertEquals("z9hG4bKhome01-0123456789abcdef.12", b);
    assertEquals(Msgs.HOME, BranchId.home(b));
    byte[] bytes = b.getBytes(StandardCharsets.ISO_8859_1);
    assertEquals(bytes.length, Lex.scanToken(bytes, 0, bytes.length), "a token (RFC 3261 §20.42)");
    assertEquals(12, BranchId.index(b));
    assertTrue(BranchId.matches(b, 0x0123456789abcdefL));
    assertFalse(BranchId.matches(b, 0x0123456789abcdeeL));
    assertEquals(-1, BranchId.index("z9hG4bKalice1"));
    assertEquals(-1, BranchId.index(null));
    assertFalse(BranchId.matches("z9hG4bKh-0123456789abcdeg.1", 0));
  }

  /** The home lets a response reach its call on any node; branches of other forms have none. */
  @Test
  void theHomeIsWhatLiesBetweenTheCookieAndTheFirstDash() {
    assertEquals("k3x9q0", BranchId.home("z9hG4bKk3x9q0-a1b2c3"));
    assertNull(BranchId.home("z9hG4bK-abc"), "an empty home");
    assertNull(BranchId.home("z9hG4bKalice1"), "no dash");
    assertNull(BranchId.home("z9hG4bK0123456789abcdef01-x"), "longer than a home");
    assertNull(BranchId.home("1234567-abc"), "no magic cookie");
    assertNull(BranchId.home(null));
    assertThrows(IllegalArgumentException.class, () -> BranchId.of("", 1, 0));
    assertThrows(IllegalArgumentException.class, () -> BranchId.of("a-b", 1, 0));
  }

  @Test
  void theInputsOfSection16_6Item8CountAndNothingElse() {
    long h = hash(BASE);
    assertEquals(h, hash(BASE), "deterministic: retransmissions map to the same branch");
    // inputs
    assertNotEquals(h, hash(BASE.replace("INVITE sip:bob@example.net", "INVITE sip:bob2@example.net")), "Request-URI");
    assertNotEquals(h, hash(BASE.replace("branch=z9hG4bKalice1", "branch=z9hG4bKalice2")), "top Via branch");
    assertNotEquals(h, hash(BASE.replace("198.51.100.7:5060;branch", "198.51.100.8:5060;branch")), "top Via sent-by");
    assertNotEquals(h, hash(BASE.replace("Call-ID: call-1", "Call-ID: call-2")), "Call-ID");
    assertNotEquals(h, hash(BASE.replace("CSeq: 17", "CSeq: 18")), "CSeq number");
    assertNotEquals(h, hash(BASE.replace(";tag=a1", ";tag=a2")), "From tag");
    assertNotEquals(h, hash(BASE.replace("To: <sip:bob@example.net>", "To: <sip:bob@example.net>;tag=b")), "To tag");
    assertNotEquals(h, hash(BASE.replace("CSeq: 17 INVITE\n", "CSeq: 17 INVITE\nProxy-Require: x\n")));
    assertNotEquals(h, hash(BASE.replace("CSeq: 17 INVITE\n", "CSeq: 17 INVITE\nProxy-Authorization: Digest a=1\n")));
    assertNotEquals(h, hash(BASE.replace("CSeq: 17 INVITE\n", "CSeq: 17 INVITE\nRoute: <sip:x;lr>\n")));
    // not inputs: the method (CANCEL and ACK share the INVITE's branch), Max-Forwards, received
    assertEquals(h, hash(BASE.replace("CSeq: 17 INVITE", "CSeq: 17 CANCEL").replace("INVITE sip", "CANCEL sip")));
    assertEquals(h, hash(BASE.replace("Max-Forwards: 70", "Max-Forwards: 12")));
    assertEquals(h, hash(BASE.replace(";rport\n", ";rport=5060;received=198.51.100.7\n")));
    assertEquals(h, hash(BASE.replace("Contact: <sip:alice@198.51.100.7:5060>", "Contact: <sip:alice@10.0.0.1>")));
  }

  @Test
  void inputsDoNotBleedIntoEachOther() {
    SipRequest a = Msgs.request(BASE.replace("CSeq: 17 INVITE\n", "CSeq: 17 INVITE\nProxy-Require: ab\nRoute: <sip:c;lr>\n"));
    SipRequest b = Msgs.request(BASE.replace("CSeq: 17 INVITE\n", "CSeq: 17 INVITE\nProxy-Require: a\nRoute: <sip:bc;lr>\n"));
    assertNotEquals(BranchId.requestHash(a), BranchId.requestHash(b));
  }
}
