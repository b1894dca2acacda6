package io.parley.nat;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Bencode, the encoding of rtpengine's NG control protocol: byte strings ({@code 4:ping}),
 * integers ({@code i42e}), lists ({@code l...e}) and dictionaries ({@code d...e}, keys sorted).
 * Strings are read and written as ISO-8859-1, one char per octet, so an SDP body goes through
 * byte for byte. A reply that is not well formed, nests deeper than {@value #MAX_DEPTH} or runs
 * past its datagram is refused with {@link IllegalArgumentException}, never more.
 */
public final class Bencode {
  static final int MAX_DEPTH = 16;

  private Bencode() {}

  /** {@code value}: a String, byte[], Long or Integer, List, or Map with String keys. */
  public static byte[] encode(Object value) {
    ByteArrayOutputStream out = new ByteArrayOutputStream(256);
    write(out, value, 0);
    return out.toByteArray();
  }

  private static void write(ByteArrayOutputStream out, Object value, int depth) {
    if (depth > MAX_DEPTH) {
      throw new IllegalArgumentException("nested too deep");
    }
    if (value instanceof String s) {
      bytes(out, s.getBytes(StandardCharsets.ISO_8859_1));
    } else if (value instanceof byte[] b) {
      bytes(out, b);
    } else if (value instanceof Long || value instanceof Integer) {
      ascii(out, "i" + value + "e");
    } else if (value instanceof List<?> list) {
      out.write('l');
      for (Object o : list) {
        write(out, o, depth + 1);
      }
      out.write('e');
    } else if (value instanceof Map<?, ?> map) {
      out.write('d');
      TreeMap<String, Object> sorted = new TreeMap<>(); // RFC-less, but the format's own rule
      map.forEach((k, v) -> sorted.put((String) k, v));
      for (Map.Entry<String, Object> e : sorted.entrySet()) {
        bytes(out, e.getKey().getBytes(StandardCharsets.ISO_8859_1));
        write(out, e.getValue(), depth + 1);
      }
      out.write('e');
    } else {
      throw new IllegalArgumentException("not bencodable: " + (value == null ? "null" : value.getClass()));
    }
  }

  private static void bytes(ByteArrayOutputStream out, byte[] b) {
    ascii(out, Integer.toString(b.length));
    out.write(':');
    out.write(b, 0, b.length);
  }

  private static void ascii(ByteArrayOutputStream out, String s) {
    byte[] b = s.getBytes(StandardCharsets.US_ASCII);
    out.write(b, 0, b.length);
  }

  /** The value in {@code b[off, off+len)}: String, Long, List or Map (insertion ordered). */
  public static Object decode(byte[] b, int off, int len) {
    Reader r = new Reader(b, off, off + len);
    Object v = r.value(0);
    if (r.pos != r.end) {
      throw new IllegalArgumentException("trailing octets after the value");
    }
    return v;
  }

  private static final class Reader {
    final byte[] b;
    int pos;
    final int end;

    Reader(byte[] b, int pos, int end) {
      this.b = b;
      this.pos = pos;
      this.end = end;
    }

    Object value(int depth) {
      if (depth > MAX_DEPTH) {
        throw new IllegalArgumentException("nested too deep");
      }
      int c = peek();
      if (c == 'i') {
        pos++;
        long v = number('e');
        return v;
      } else if (c == 'l') {
        pos++;
        List<Object> list = new ArrayList<>();
        while (peek() != 'e') {
          list.add(value(depth + 1));
        }
        pos++;
        return list;
      } else if (c == 'd') {
        pos++;
        Map<String, Object> map = new LinkedHashMap<>();
        while (peek() != 'e') {
          if (peek() < '0' || peek() > '9') {
            throw new IllegalArgumentException("dictionary key is not a string");
          }
          String key = string();
          map.put(key, value(depth + 1));
        }
        pos++;
        return map;
      } else if (c >= '0' && c <= '9') {
        return string();
      }
      throw new IllegalArgumentException("unexpected octet " + c + " at " + pos);
    }

    String string() {
      long n = number(':');
      if (n < 0 || n > end - pos) {
        throw new IllegalArgumentException("string runs past the end");
      }
      String s = new String(b, pos, (int) n, StandardCharsets.ISO_8859_1);
      pos += (int) n;
      return s;
    }

    long number(char terminator) {
      int start = pos;
      boolean negative = pos < end && b[pos] == '-';
      if (negative) {
        pos++;
      }
      long v = 0;
      int digits = 0;
      while (pos < end && b[pos] >= '0' && b[pos] <= '9') {
        if (++digits > 18) {
          throw new IllegalArgumentException("number too long at " + start);
        }
        v = v * 10 + (b[pos++] - '0');
      }
      if (digits == 0 || pos >= end || b[pos] != terminator) {
        throw new IllegalArgumentException("bad number at " + start);
      }
      pos++;
      return negative ? -v : v;
    }

    int peek() {
      if (pos >= end) {
        throw new IllegalArgumentException("ends inside a value");
      }
      return b[pos] & 0xFF;
    }
  }
}
