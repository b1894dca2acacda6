package io.parley.message.uri;

/**
 * Lookups in a {@code *( ";" name [ "=" value ] )} section of a URI (RFC 3261 §19.1.1 uri-parameters,
 * RFC 3966 §3 par), read in place: the section was validated when the URI was parsed, and a
 * lookup scans it again instead of keeping an index, because sections are short and most are
 * never asked.
 *
 * <p>Names compare case-insensitively after unescaping (RFC 3261 §19.1.4), so {@code ;%6C%72}
 * is the {@code lr} parameter.
 */
final class UriParams {
  private UriParams() {}

  /** The index of the ';' that starts parameter {@code name} in {@code b[from, end)}, or -1. */
  static int find(byte[] b, int from, int end, String name) {
    int i = from;
    while (i >= 0 && i < end) {
      int nameStart = i + 1;
      int j = nameStart;
      while (j < end && b[j] != ';' && b[j] != '=') {
        j++;
      }
      if (PercentEscapes.equalsIgnoreCaseUnescaped(b, nameStart, j - nameStart, name)) {
        return i;
      }
      i = next(b, j, end);
    }
    return -1;
  }

  /** The index of the next ';' at or after {@code i}, or {@code end}. */
  static int next(byte[] b, int i, int end) {
    while (i < end && b[i] != ';') {
      i++;
    }
    return i;
  }

  /** The end of the name of the parameter whose ';' is at {@code at}. */
  static int nameEnd(byte[] b, int at, int end) {
    int j = at + 1;
    while (j < end && b[j] != ';' && b[j] != '=') {
      j++;
    }
    return j;
  }

  /**
   * The raw value of the parameter whose ';' is at {@code at}: "" when it has no value, null
   * when {@code at} is -1.
   */
  static String value(byte[] b, int at, int end) {
    if (at < 0) {
      return null;
    }
    int j = nameEnd(b, at, end);
    if (j >= end || b[j] != '=') {
      return "";
    }
    int stop = next(b, j + 1, end);
    return new String(b, j + 1, stop - j - 1, java.nio.charset.StandardCharsets.ISO_8859_1);
  }
}
