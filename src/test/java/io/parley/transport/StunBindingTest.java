package io.parley.transport;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.zip.CRC32;
import org.junit.jupiter.api.Test;

/** RFC 5389 Binding on the SIP port, against RFC 5769's test vectors where they apply. */
class StunBindingTest {
  private static final HexFormat HEX = HexFormat.of();
  /** RFC 5769 §2.1's sample request: SOFTWARE, PRIORITY, ICE-CONTROLLED, USERNAME, MESSAGE-INTEGRITY, FINGERPRINT. */
  private static final byte[] RFC5769_REQUEST = HEX.parseHex(""
      + "000100582112a442b7e7a701bc34d686fa87dfae"
      + "802200105354554e207465737420636c69656e74"
      + "002400046e0001ff"
      + "80290008932ff9b151263b36"
      + "000600096576746a3a68367659202020"
      + "000800149aeaa70cbfd8cb56781ef2b5b2d3f249c1b571a2"
      + "80280004e57a3bcf");
  private static final byte[] TRANSACTION = HEX.parseHex("b7e7a701bc34d686fa87dfae");

  private static ByteBuffer buffer(byte[] b) {
    ByteBuffer direct = ByteBuffer.allocateDirect(b.length + 64); // as UdpEndpoint reads: more room than message
    direct.put(b);
    return direct;
  }

  private static StunBinding.Result handle(byte[] message, InetSocketAddress source) {
    return StunBinding.handle(buffer(message), message.length, source);
  }

  private static byte[] request(int type, byte[] attributes) {
    ByteBuffer b = ByteBuffer.allocate(20 + attributes.length);
    b.putShort((short) type).putShort((short) attributes.length).putInt(StunBinding.MAGIC_COOKIE).put(TRANSACTION)
        .put(attributes);
    return b.array();
  }

  private static InetSocketAddress at(String ip, int port) throws Exception {
    return new InetSocketAddress(InetAddress.getByName(ip), port);
  }

  /** The value of the first attribute of {@code type} in {@code message}, or null. */
  private static byte[] attribute(byte[] message, int type) {
    ByteBuffer b = ByteBuffer.wrap(message);
    int at = 20;
    while (at + 4 <= message.length) {
      int t = b.getShort(at) & 0xFFFF;
      int len = b.getShort(at + 2) & 0xFFFF;
      if (t == type) {
        return Arrays.copyOfRange(message, at + 4, at + 4 + len);
      }
      at += 4 + ((len + 3) & ~3);
    }
    return null;
  }

  private static void assertWellFormedAnswer(byte[] answer, int type) {
    ByteBuffer b = ByteBuffer.wrap(answer);
    assertEquals(type, b.getShort(0) & 0xFFFF);
    assertEquals(answer.length - 20, b.getShort(2) & 0xFFFF, "the length covers every attribute");
    assertEquals(StunBinding.MAGIC_COOKIE, b.getInt(4));
    assertArrayEquals(TRANSACTION, Arrays.copyOfRange(answer, 8, 20), "the request's transaction ID");
  }

  @Test
  void aBindingRequestGetsTheAddressItCameFromAsRfc5769ShowsIt() throws Exception {
    StunBinding.Result r = handle(request(0x0001, new byte[0]), at("192.0.2.1", 32853));
    assertEquals(StunBinding.Outcome.ANSWERED, r.outcome());
    assertWellFormedAnswer(r.answer(), 0x0101);
    // RFC 5769 §2.2: 192.0.2.1 port 32853 under this transaction ID
    assertArrayEquals(HEX.parseHex("0001a147e112a643"), attribute(r.answer(), 0x0020));
    assertNull(attribute(r.answer(), 0x8028), "no FINGERPRINT asked for, none sent");
  }

  @Test
  void anIpv6SourceIsXoredWithTheTransactionIdToo() throws Exception {
    StunBinding.Result r = handle(request(0x0001, new byte[0]), at("2001:db8:1234:5678:11:2233:4455:6677", 32853));
    // RFC 5769 §2.3
    assertArrayEquals(HEX.parseHex("0002a1470113a9faa5d3f179bc25f4b5bed2b9d9"), attribute(r.answer(), 0x0020));
  }

  @Test
  void aFingerprintedRequestIsCheckedAndItsAnswerFingerprinted() throws Exception {
    byte[] plain = request(0x0001, new byte[8]); // room for FINGERPRINT
    ByteBuffer b = ByteBuffer.wrap(plain);
    CRC32 crc = new CRC32();
    crc.update(plain, 0, 20);
    b.putShort(20, (short) 0x8028).putShort(22, (short) 4).putInt(24, (int) crc.getValue() ^ 0x5354554e);
    StunBinding.Result r = handle(plain, at("127.0.0.1", 5070));
    assertEquals(StunBinding.Outcome.ANSWERED, r.outcome());
    byte[] answer = r.answer();
    byte[] fingerprint = attribute(answer, 0x8028);
    CRC32 check = new CRC32();
    check.update(answer, 0, answer.length - 8);
    assertEquals((int) check.getValue() ^ 0x5354554e, ByteBuffer.wrap(fingerprint).getInt());

    plain[27] ^= 1;
    assertEquals(StunBinding.Outcome.DROPPED, handle(plain, at("127.0.0.1", 5070)).outcome(), "a wrong fingerprint");
  }

  @Test
  void rfc5769sRequestPassesItsFingerprintAndIsRefusedForWhatNeedsCredentials() throws Exception {
    StunBinding.Result r = handle(RFC5769_REQUEST, at("127.0.0.1", 5070));
    assertEquals(StunBinding.Outcome.REFUSED, r.outcome(), "its FINGERPRINT checks; PRIORITY, USERNAME and"
        + " MESSAGE-INTEGRITY are comprehension-required, and this port uses no credentials");
    assertWellFormedAnswer(r.answer(), 0x0111);
    byte[] error = attribute(r.answer(), 0x0009);
    assertEquals(4, error[2]);
    assertEquals(20, error[3]);
    assertArrayEquals(HEX.parseHex("002400060008"), attribute(r.answer(), 0x000A), "the unknown ones, in order");
    assertTrue(attribute(r.answer(), 0x8028) != null, "the request had a FINGERPRINT");
  }

  @Test
  void comprehensionOptionalAttributesAreIgnored() throws Exception {
    byte[] software = HEX.parseHex("8022000474657374");
    assertEquals(StunBinding.Outcome.ANSWERED, handle(request(0x0001, software), at("127.0.0.1", 5070)).outcome());
  }

  @Test
  void anIndicationIsAKeepaliveAndWhatIsNotWellFormedIsDropped() throws Exception {
    InetSocketAddress src = at("127.0.0.1", 5070);
    assertEquals(StunBinding.Outcome.INDICATION, handle(request(0x0011, new byte[0]), src).outcome());
    assertNull(handle(request(0x0011, new byte[0]), src).answer());
    assertEquals(StunBinding.Outcome.DROPPED, handle(request(0x0101, new byte[0]), src).outcome(), "a response");
    assertEquals(StunBinding.Outcome.DROPPED, handle(request(0x0002, new byte[0]), src).outcome(), "another method");
    assertEquals(StunBinding.Outcome.DROPPED, handle(Arrays.copyOf(request(0x0001, new byte[0]), 12), src).outcome(),
        "shorter than a header");
    byte[] badCookie = request(0x0001, new byte[0]);
    badCookie[4] = 0;
    assertEquals(StunBinding.Outcome.DROPPED, handle(badCookie, src).outcome(), "RFC 3489's, no magic cookie");
    byte[] longer = request(0x0001, new byte[0]);
    longer[3] = 4;
    assertEquals(StunBinding.Outcome.DROPPED, handle(longer, src).outcome(), "a length past the datagram");
    byte[] overrun = request(0x0001, HEX.parseHex("80220010"));
    assertEquals(StunBinding.Outcome.DROPPED, handle(overrun, src).outcome(), "an attribute past the message");
    byte[] afterFingerprint = request(0x0001, HEX.parseHex("80280004000000008022000474657374"));
    assertEquals(StunBinding.Outcome.DROPPED, handle(afterFingerprint, src).outcome());
  }

  @Test
  void stunIsToldApartFromSipByItsFirstByte() {
    assertTrue(StunBinding.isStun((byte) 0x00));
    assertTrue(StunBinding.isStun((byte) 0x01));
    assertFalse(StunBinding.isStun((byte) 'O'), "OPTIONS");
    assertFalse(StunBinding.isStun((byte) 'S'), "SIP/2.0");
    assertFalse(StunBinding.isStun((byte) '\r'));
    assertFalse(StunBinding.isStun((byte) '\n'));
    assertFalse(StunBinding.isStun((byte) 0x80));
    assertFalse(StunBinding.isStun((byte) '!'), "a method may begin with any token character (RFC 4475 §3.1.1.3)");
    assertFalse(StunBinding.isStun((byte) '%'));
    assertFalse(StunBinding.isStun((byte) '1'));
    assertFalse(StunBinding.isStun((byte) ' '));
    assertTrue(StunBinding.isStun((byte) 0x03));
    assertFalse(StunBinding.isStun((byte) 0x04));
  }
}
