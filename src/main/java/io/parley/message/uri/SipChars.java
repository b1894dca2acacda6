package io.parley.message.uri;

/**
 * The character classes of the SIP grammar (RFC 3261 §25.1), as lookup tables over bytes.
 *
 * <p>Every parser of the message layer reads bytes, never decoded text, so each class is a
 * bit in one table indexed by the unsigned byte value. Bytes at or above 0x80 belong to no
 * class here: the grammar admits them only inside quoted strings and as UTF-8 text, which
 * the callers handle themselves.
 */
public final class SipChars {
  /** alphanum (RFC 3261 §25.1). */
  public static final int ALPHANUM = 1;
  /** unreserved = alphanum / mark. */
  public static final int UNRESERVED = 1 << 1;
  /** token = 1*(alphanum / "-" / "." / "!" / "%" / "*" / "_" / "+" / "`" / "'" / "~"). */
  public static final int TOKEN = 1 << 2;
  /** user = 1*( unreserved / escaped / user-unreserved ); '%' stands for an escape. */
  public static final int USER = 1 << 3;
  /** password = *( unreserved / escaped / "&" / "=" / "+" / "$" / "," ). */
  public static final int PASSWORD = 1 << 4;
  /** paramchar = param-unreserved / unreserved / escaped. */
  public static final int PARAMCHAR = 1 << 5;
  /** hname / hvalue characters: hnv-unreserved / unreserved / escaped. */
  public static final int HNV = 1 << 6;
  /** uric = reserved / unreserved / escaped, plus '[' and ']' (RFC 3986 IP-literals). */
  public static final int URIC = 1 << 7;
  /** Characters after "scheme:" that may appear before the '@' of a userinfo. */
  public static final int USERINFO = 1 << 8;
  /** scheme = ALPHA *( ALPHA / DIGIT / "+" / "-" / "." ), the characters after the first. */
  public static final int SCHEME = 1 << 9;
  /** hostname and IPv4 characters: alphanum, "-", "." and, tolerated, "_". */
  public static final int HOSTNAME = 1 << 10;
  /** HEXDIG. */
  public static final int HEX = 1 << 11;
  /** DIGIT. */
  public static final int DIGIT = 1 << 12;
  /** ALPHA. */
  public static final int ALPHA = 1 << 13;
  /** user characters that need no further look: {@link #USER} without the '%' of escapes. */
  static final int PLAIN_USER = 1 << 14;

  /** gen-value octets outside quotes and brackets: token characters and ':' (see Parameters). */
  public static final int GEN_VALUE = 1 << 15;

  // char, not short: 16 class bits, read without sign extension
  private static final char[] TABLE = new char[256];

  static {
    for (int c = '0'; c <= '9'; c++) {
      add(c, ALPHANUM | DIGIT | HEX);
    }
    for (int c = 'a'; c <= 'z'; c++) {
      add(c, ALPHANUM | ALPHA);
      add(c - 32, ALPHANUM | ALPHA);
    }
    for (int c = 'a'; c <= 'f'; c++) {
      add(c, HEX);
      add(c - 32, HEX);
    }
    int alnum = ALPHANUM;
    for (int c = 0; c < 128; c++) {
      if ((TABLE[c] & alnum) != 0) {
        add(c, UNRESERVED | TOKEN | USER | PASSWORD | PARAMCHAR | HNV | URIC | USERINFO | SCHEME
            | HOSTNAME);
      }
    }
    addAll("-_.!~*'()", UNRESERVED | USER | PASSWORD | PARAMCHAR | HNV | URIC | USERINFO);
    addAll("-.!%*_+`'~", TOKEN);
    addAll("%&=+$,;?/", USER | USERINFO);
    addAll("%&=+$,", PASSWORD | USERINFO);
    addAll(":", USERINFO);
    addAll("%[]/:&+$", PARAMCHAR);
    addAll("%[]/?:+$", HNV);
    addAll("%;/?:@&=+$,[]", URIC);
    addAll("+-.", SCHEME);
    addAll("-._", HOSTNAME);
    for (int c = 0; c < 128; c++) {
      if ((TABLE[c] & USER) != 0 && c != '%') {
        add(c, PLAIN_USER);
      }
      if ((TABLE[c] & TOKEN) != 0 || c == ':') {
        add(c, GEN_VALUE);
      }
    }
  }

  private SipChars() {}

  private static void add(int c, int classes) {
    TABLE[c] |= (char) classes;
  }

  private static void addAll(String chars, int classes) {
    for (int i = 0; i < chars.length(); i++) {
      add(chars.charAt(i), classes);
    }
  }

  /** Whether byte {@code b} belongs to every class in {@code classes}. */
  public static boolean is(byte b, int classes) {
    return (TABLE[b & 0xFF] & classes) == classes;
  }

  /** Every class byte {@code b} belongs to, as a bit set of the constants above. */
  static int classesOf(byte b) {
    return TABLE[b & 0xFF];
  }

  /** Whether byte {@code b} is in the token class of RFC 3261 §25.1. */
  public static boolean isToken(byte b) {
    return (TABLE[b & 0xFF] & TOKEN) != 0;
  }

  /** Whether {@code s} is a non-empty token (RFC 3261 §25.1). */
  public static boolean isToken(String s) {
    if (s.isEmpty()) {
      return false;
    }
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (c > 0x7F || !isToken((byte) c)) {
        return false;
      }
    }
    return true;
  }

  /** Whether every char of {@code s} is ASCII and in all of {@code classes}. */
  public static boolean allIn(String s, int classes) {
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (c > 0x7F || !is((byte) c, classes)) {
        return false;
      }
    }
    return true;
  }

  /** The value of a hex digit, or -1. */
  public static int hexValue(byte b) {
    if (b >= '0' && b <= '9') {
      return b - '0';
    }
    if (b >= 'a' && b <= 'f') {
      return b - 'a' + 10;
    }
    if (b >= 'A' && b <= 'F') {
      return b - 'A' + 10;
    }
    return -1;
  }

  /** ASCII lower case of one byte; other bytes unchanged. */
  public static int lower(int b) {
    return b >= 'A' && b <= 'Z' ? b + 32 : b;
  }

  /** Whether the bytes {@code b[off, off+len)} equal the ASCII string {@code s}, ignoring case. */
  public static boolean equalsIgnoreCase(byte[] b, int off, int len, String s) {
    if (len != s.length()) {
      return false;
    }
    for (int i = 0; i < len; i++) {
      int x = b[off + i] & 0xFF;
      int c = s.charAt(i);
      // names usually arrive in the case they are compared with: skip the folding then
      if (x != c && lower(x) != lower(c)) {
        return false;
      }
    }
    return true;
  }

  /** Whether two byte ranges are equal ignoring ASCII case. */
  public static boolean equalsIgnoreCase(byte[] a, int aOff, int aLen, byte[] b, int bOff, int bLen) {
    if (aLen != bLen) {
      return false;
    }
    for (int i = 0; i < aLen; i++) {
      if (lower(a[aOff + i] & 0xFF) != lower(b[bOff + i] & 0xFF)) {
        return false;
      }
    }
    return true;
  }

  /** Whether the bytes {@code b[off, off+len)} start with {@code prefix}, case-sensitively. */
  public static boolean startsWith(byte[] b, int off, int len, String prefix) {
    if (len < prefix.length()) {
      return false;
    }
    for (int i = 0; i < prefix.length(); i++) {
      if (b[off + i] != (byte) prefix.charAt(i)) {
        return false;
      }
    }
    return true;
  }

  /** Index of the first byte {@code c} in {@code b[from, end)}, or -1. */
  public static int indexOf(byte[] b, int from, int end, byte c) {
    for (int i = from; i < end; i++) {
      if (b[i] == c) {
        return i;
      }
    }
    return -1;
  }

  /**
   * Skips linear white space from {@code i}: SP, HTAB, and a line break (CR, LF or CRLF)
   * followed by SP or HTAB, which is a folded line (RFC 3261 §7.3.1). Returns the first index
   * that is not LWS.
   */
  public static int skipLws(byte[] b, int i, int end) {
    while (i < end) {
      byte c = b[i];
      if (c == ' ' || c == '\t') {
        i++;
      } else if (c == '\r' || c == '\n') {
        int j = i + 1;
        if (c == '\r' && j < end && b[j] == '\n') {
          j++;
        }
        if (j < end && (b[j] == ' ' || b[j] == '\t')) {
          i = j + 1;
        } else {
          return i;
        }
      } else {
        return i;
      }
    }
    return i;
  }

  /** The end of {@code b[off, end)} with trailing SP, HTAB, CR and LF removed. */
  public static int trimEnd(byte[] b, int off, int end) {
    while (end > off) {
      byte c = b[end - 1];
      if (c != ' ' && c != '\t' && c != '\r' && c != '\n') {
        break;
      }
      end--;
    }
    return end;
  }
}
