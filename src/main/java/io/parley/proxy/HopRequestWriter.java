package io.parley.proxy;

import io.parley.message.HeaderName;
import io.parley.message.Lex;
import io.parley.message.SipMessage;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * Writes the small hop-by-hop requests a proxy makes from a request it sent (CANCEL, the ACK of a
 * non-2xx response): a request line and a few fields whose values are copied from received
 * messages, collected as ranges and written into one array of the exact size.
 */
final class HopRequestWriter {
  private static final byte[] CRLF = {'\r', '\n'};
  private static final byte[] COLON_SP = {':', ' '};
  private static final byte[] SIP_2_0 = ascii(" SIP/2.0");

  private byte[][] arrays = new byte[32][];
  private int[] offsets = new int[32];
  private int[] lengths = new int[32];
  private int count;
  private int size;

  /** {@code METHOD SP Request-URI SP SIP/2.0 CRLF}, the URI copied from {@code b[off, end)}. */
  HopRequestWriter requestLine(String method, byte[] b, int off, int end) {
    put(ascii(method));
    put(new byte[] {' '});
    put(b, off, end - off);
    put(SIP_2_0);
    put(CRLF);
    return this;
  }

  /** {@code Name: value CRLF}, the value copied from {@code b[off, off+len)}. */
  HopRequestWriter field(String name, byte[] b, int off, int len) {
    put(ascii(name));
    put(COLON_SP);
    put(b, off, len);
    put(CRLF);
    return this;
  }

  /** {@code Name: value CRLF}. */
  HopRequestWriter field(String name, String value) {
    byte[] v = value.getBytes(StandardCharsets.UTF_8);
    for (byte c : v) {
      if (c == '\r' || c == '\n') {
        throw new IllegalArgumentException("line break in header value");
      }
    }
    return field(name, v, 0, v.length);
  }

  /** The value of field {@code i} of {@code m} (folds replaced by SP) under {@code name}. */
  HopRequestWriter copy(String name, SipMessage m, int i) {
    return field(name, m.valueArray(i), m.valueOffset(i), m.valueLength(i));
  }

  /** Every field named {@code h} of {@code m}, in order. */
  HopRequestWriter copyAll(HeaderName h, SipMessage m) {
    for (int i = m.first(h); i >= 0; i = m.next(h, i)) {
      copy(h.wireName(), m, i);
    }
    return this;
  }

  /** The first value of the first Via field of {@code m}: the Via its sender added. */
  HopRequestWriter topVia(SipMessage m) {
    int i = m.first(HeaderName.VIA);
    byte[] b = m.valueArray(i);
    int off = m.valueOffset(i);
    int end = off + m.valueLength(i);
    int comma = Lex.listElementEnd(b, off, end);
    return field("Via", b, off, Lex.trimEnd(b, off, Math.min(comma, end)) - off);
  }

  /** Ends the header section with {@code Content-Length: 0} and returns the message. */
  byte[] build() {
    field("Content-Length", "0");
    put(CRLF);
    byte[] out = new byte[size];
    int p = 0;
    for (int i = 0; i < count; i++) {
      System.arraycopy(arrays[i], offsets[i], out, p, lengths[i]);
      p += lengths[i];
    }
    return out;
  }

  private void put(byte[] b) {
    put(b, 0, b.length);
  }

  private void put(byte[] b, int off, int len) {
    if (count == arrays.length) {
      arrays = Arrays.copyOf(arrays, count * 2);
      offsets = Arrays.copyOf(offsets, count * 2);
      lengths = Arrays.copyOf(lengths, count * 2);
    }
    arrays[count] = b;
    offsets[count] = off;
    lengths[count] = len;
    count++;
    size += len;
  }

  private static byte[] ascii(String s) {
    return s.getBytes(StandardCharsets.ISO_8859_1);
  }
}
