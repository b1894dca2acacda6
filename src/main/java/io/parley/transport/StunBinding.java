package io.parley.transport;

import java.net.Inet4Address;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.util.zip.CRC32;

/**
 * STUN on a SIP UDP socket (RFC 5389), as phones behind NATs use it to learn their public address
 * and keep their pinhole open (RFC 5626 §4.4.2, §8.4): a Binding request is answered with a
 * Binding success response carrying the source address it came from (XOR-MAPPED-ADDRESS, §15.2);
 * a Binding indication is a keepalive and gets nothing.
 *
 * <p>Told apart from SIP by its first byte ({@link #isStun}): 0 to 3, where a SIP message begins
 * with a token character, CR or LF. What is not a well-formed STUN message is dropped (§7.3):
 * a length that is not the datagram's or not a multiple of 4, a wrong magic cookie, attributes
 * that overrun the message, a FINGERPRINT that does not match (§15.5). A request with a
 * comprehension-required attribute this server does not know (any but FINGERPRINT, which is
 * comprehension-optional: no credentials are used on this port) is answered 420 with
 * UNKNOWN-ATTRIBUTES (§7.3.1). An answer carries FINGERPRINT when the request did.
 *
 * <p>What a stranger gets for a request of at least 20 bytes: at most 52 (IPv6, with FINGERPRINT),
 * or for a 420 at most 64 and 2 more for each unknown attribute (each at least 4 bytes of the
 * request).
 */
final class StunBinding {
  static final int MAGIC_COOKIE = 0x2112A442;
  static final int HEADER = 20;
  private static final int BINDING_REQUEST = 0x0001;
  private static final int BINDING_INDICATION = 0x0011;
  private static final int BINDING_SUCCESS = 0x0101;
  private static final int BINDING_ERROR = 0x0111;
  private static final int XOR_MAPPED_ADDRESS = 0x0020;
  private static final int ERROR_CODE = 0x0009;
  private static final int UNKNOWN_ATTRIBUTES = 0x000A;
  private static final int FINGERPRINT = 0x8028;
  private static final int FINGERPRINT_XOR = 0x5354554e;
  private static final byte[] UNKNOWN_ATTRIBUTE_REASON = "Unknown Attribute".getBytes(java.nio.charset.StandardCharsets.US_ASCII);

  /** What became of a datagram. */
  enum Outcome { ANSWERED, REFUSED, INDICATION, DROPPED }

  /** The outcome, and the answer to send back (null unless answered or refused). */
  record Result(Outcome outcome, byte[] answer) {
    static final Result DROPPED = new Result(Outcome.DROPPED, null);
    static final Result INDICATION = new Result(Outcome.INDICATION, null);
  }

  private StunBinding() {}

  /**
   * Whether a datagram whose first byte is {@code first} is STUN rather than SIP: 0 to 3 (RFC 7983
   * §7; a STUN message's first two bits are zero, RFC 5389 §6, and its type's next bits are zero
   * for every method below 0x40). Not "the first two bits zero" alone: a SIP method is a token,
   * which may begin with '!', '%', a digit (RFC 3261 §25.1; RFC 4475 §3.1.1.3).
   */
  static boolean isStun(byte first) {
    return (first & 0xFF) <= 3;
  }

  /** The outcome of the {@code length} bytes at the start of {@code in}, from {@code source}. */
  static Result handle(ByteBuffer in, int length, InetSocketAddress source) {
    if (length < HEADER) {
      return Result.DROPPED;
    }
    int type = in.getShort(0) & 0xFFFF;
    int bodyLength = in.getShort(2) & 0xFFFF;
    if (bodyLength + HEADER != length || (bodyLength & 3) != 0 || in.getInt(4) != MAGIC_COOKIE) {
      return Result.DROPPED;
    }
    boolean fingerprint = false;
    ByteBuffer unknown = null;
    int at = HEADER;
    while (at < length) {
      if (fingerprint || at + 4 > length) {
        return Result.DROPPED; // FINGERPRINT must be last (§15.5); a header past the end
      }
      int attribute = in.getShort(at) & 0xFFFF;
      int valueLength = in.getShort(at + 2) & 0xFFFF;
      int next = at + 4 + ((valueLength + 3) & ~3);
      if (next > length) {
        return Result.DROPPED;
      }
      if (attribute == FINGERPRINT) {
        if (valueLength != 4 || in.getInt(at + 4) != fingerprintOf(in, at)) {
          return Result.DROPPED;
        }
        fingerprint = true;
      } else if (attribute < 0x8000) {
        if (unknown == null) {
          unknown = ByteBuffer.allocate(length);
        }
        unknown.putShort((short) attribute);
      }
      at = next;
    }
    if (type == BINDING_INDICATION) {
      return Result.INDICATION;
    }
    if (type != BINDING_REQUEST) {
      return Result.DROPPED; // responses, and other methods, are not ours to answer
    }
    return unknown == null
        ? new Result(Outcome.ANSWERED, success(in, source, fingerprint))
        : new Result(Outcome.REFUSED, unknownAttributes(in, unknown, fingerprint));
  }

  /** §15.5: CRC-32 of the message up to the FINGERPRINT attribute at {@code at}, XOR 0x5354554e. */
  private static int fingerprintOf(ByteBuffer message, int at) {
    CRC32 crc = new CRC32();
    // the length field as it stands: it covers the FINGERPRINT attribute (§15.5)
    crc.update(message.duplicate().position(0).limit(at));
    return (int) crc.getValue() ^ FINGERPRINT_XOR;
  }

  private static byte[] success(ByteBuffer request, InetSocketAddress source, boolean fingerprint) {
    byte[] address = source.getAddress().getAddress();
    int value = 4 + address.length;
    ByteBuffer out = ByteBuffer.allocate(HEADER + 4 + value + (fingerprint ? 8 : 0));
    header(out, BINDING_SUCCESS, request);
    out.putShort((short) XOR_MAPPED_ADDRESS).putShort((short) value);
    out.put((byte) 0).put((byte) (source.getAddress() instanceof Inet4Address ? 1 : 2));
    out.putShort((short) (source.getPort() ^ (MAGIC_COOKIE >>> 16)));
    // §15.2: XOR with the magic cookie, then (IPv6) with the transaction ID
    for (int i = 0; i < address.length; i++) {
      out.put((byte) (address[i] ^ request.get(4 + i)));
    }
    return finish(out, fingerprint);
  }

  private static byte[] unknownAttributes(ByteBuffer request, ByteBuffer unknown, boolean fingerprint) {
    int listed = unknown.position();
    int reason = 4 + UNKNOWN_ATTRIBUTE_REASON.length;
    int size = HEADER + 4 + pad(reason) + 4 + pad(listed) + (fingerprint ? 8 : 0);
    ByteBuffer out = ByteBuffer.allocate(size);
    header(out, BINDING_ERROR, request);
    out.putShort((short) ERROR_CODE).putShort((short) reason);
    out.putShort((short) 0).put((byte) 4).put((byte) 20).put(UNKNOWN_ATTRIBUTE_REASON); // §15.6: class 4, 20
    out.position(out.position() + pad(reason) - reason);
    out.putShort((short) UNKNOWN_ATTRIBUTES).putShort((short) listed).put(unknown.flip());
    out.position(out.position() + pad(listed) - listed);
    return finish(out, fingerprint);
  }

  private static void header(ByteBuffer out, int type, ByteBuffer request) {
    out.putShort((short) type).putShort((short) 0).putInt(MAGIC_COOKIE);
    out.put(request.duplicate().position(8).limit(HEADER)); // the transaction ID
  }

  /** Sets the length (§6: the attributes', FINGERPRINT's included) and appends FINGERPRINT. */
  private static byte[] finish(ByteBuffer out, boolean fingerprint) {
    out.putShort(2, (short) (out.capacity() - HEADER));
    if (fingerprint) {
      int at = out.position();
      out.putShort((short) FINGERPRINT).putShort((short) 4).putInt(fingerprintOf(out, at));
    }
    return out.array();
  }

  private static int pad(int length) {
    return (length + 3) & ~3;
  }
}
