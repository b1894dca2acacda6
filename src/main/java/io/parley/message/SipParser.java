package io.parley.message;

import java.util.Arrays;

/**
 * Frames and indexes one SIP message from one datagram, or from one message's bytes that a
 * stream transport has already delimited (RFC 3261 §7, §18.3).
 *
 * <p>One pass over the bytes: the start line is checked, each header field's name is looked up
 * and its name and value ranges recorded, Content-Length is read to delimit the body. Values are
 * not parsed; that happens on demand in the typed header classes.
 *
 * <p>Framing rules:
 * <ul>
 *   <li>CRLFs before the start line are skipped (RFC 3261 §7.5); a bare LF is accepted as a line
 *       end anywhere (lenient: RFC 5118's archived vectors use LF); a CR not followed by LF is a
 *       syntax error.
 *   <li>The start line is strict: single SPs, no trailing white space (RFC 3261 §7.1, §25.1;
 *       RFC 4475 §3.1.2.9 and §3.1.2.10 allow rejecting the liberal forms, and we do).
 *   <li>{@code SIP-Version} matches {@code SIP/2.0} ignoring case (§7.1); any other version of
 *       the form {@code SIP/1*DIGIT.1*DIGIT} fails with 505 (§21.5.6), anything else with 400.
 *   <li>The header section ends at the first empty line, or at the end of the datagram if there
 *       is none (RFC 4475 §3.1.2.15). A line of only white space continues the field above it
 *       (a fold, RFC 3261 §7.3.1); it does not end the header section.
 *   <li>A header field is {@code token *(SP / HTAB) ":" value}; a line that is not (no colon, an
 *       empty or non-token name, a continuation line with no field above it) is a 400.
 *   <li>With a Content-Length the body is exactly that many octets; octets after it are ignored
 *       (§18.3, RFC 4475 §3.1.1.8); fewer available is a 400 (RFC 4475 §3.1.2.2). Two
 *       Content-Length fields with different values are a 400 (RFC 4475 §3.3.9). Without
 *       Content-Length the body is the rest of the datagram (§18.3; RFC 4475 §3.4.1).
 * </ul>
 *
 * <p>Limits ({@link SipLimits}): a message over {@code maxMessageSize} fails with 513 before any
 * byte is read; more than {@code maxHeaders} fields, or a start line or header field longer than
 * {@code maxLineLength}, fail with 400.
 *
 * <p>For any content of the given range this class throws nothing but
 * {@link SipParseException}.
 */
public final class SipParser {
  private static final int INITIAL_FIELDS = 20;

  /** Request-URI octets: RFC 3986 §2 never allows CTLs, SP, DQUOTE, "<", ">" or non-ASCII. */
  private static final boolean[] URI_CHAR = new boolean[256];

  static {
    for (int c = 0x21; c < 0x7F; c++) {
      URI_CHAR[c] = c != '"' && c != '<' && c != '>';
    }
  }

  private SipParser() {}

  /** Parses all of {@code buf} with {@link SipLimits#DEFAULT}. */
  public static SipMessage parse(byte[] buf) {
    return parse(buf, 0, buf.length, SipLimits.DEFAULT);
  }

  /** Parses {@code buf[off, off+len)} as one datagram with {@link SipLimits#DEFAULT}. */
  public static SipMessage parse(byte[] buf, int off, int len) {
    return parse(buf, off, len, SipLimits.DEFAULT);
  }

  /**
   * Parses {@code buf[off, off+len)} as one datagram.
   *
   * @throws SipParseException if the bytes are not one well-framed SIP message
   * @throws IndexOutOfBoundsException if the range lies outside {@code buf} (a caller bug)
   */
  public static SipMessage parse(byte[] buf, int off, int len, SipLimits limits) {
    java.util.Objects.checkFromIndexSize(off, len, buf.length);
    if (len > limits.maxMessageSize()) {
      throw new SipParseException(513, "Message Too Large");
    }
    int end = off + len;
    int p = off;
    while (p < end && (buf[p] == '\r' || buf[p] == '\n')) {
      p++;
    }
    if (p == end) {
      throw SipParseException.badRequest("Empty message");
    }
    int start = p;
    int tokenEnd = Lex.scanToken(buf, p, end);
    if (tokenEnd < end && buf[tokenEnd] == '/' && Lex.equalsIgnoreCase(buf, p, tokenEnd, "sip")) {
      return parseResponse(buf, start, end, limits);
    }
    if (tokenEnd == p || tokenEnd >= end || buf[tokenEnd] != ' ') {
      throw SipParseException.badRequest("Bad Request-Line");
    }
    return parseRequest(buf, start, tokenEnd, end, limits);
  }

  private static SipRequest parseRequest(byte[] buf, int start, int methodEnd, int end,
      SipLimits limits) {
    Method method = Method.of(buf, start, methodEnd);
    int uriStart = methodEnd + 1;
    int p = uriStart;
    while (p < end && URI_CHAR[buf[p] & 0xFF]) {
      p++;
    }
    int uriEnd = p;
    if (uriEnd == uriStart || p >= end || buf[p] != ' ') {
      throw SipParseException.badRequest("Bad Request-Line");
    }
    checkScheme(buf, uriStart, uriEnd);
    p = version(buf, p + 1, end);
    int lineEnd = Lex.lineEnd(buf, p, end);
    if (lineEnd != p) {
      throw SipParseException.badRequest("Bad Request-Line");
    }
    int startLineEnd = afterLineEnd(buf, lineEnd, end);
    checkLine(start, lineEnd, limits);
    return new SipRequest(buf, start, startLineEnd, method, uriStart, uriEnd,
        index(buf, startLineEnd, end, limits));
  }

  private static SipResponse parseResponse(byte[] buf, int start, int end, SipLimits limits) {
    int p = version(buf, start, end);
    if (p + 4 > end || buf[p] != ' ') {
      throw SipParseException.badRequest("Bad Status-Line");
    }
    p++;
    byte d0 = buf[p];
    byte d1 = buf[p + 1];
    byte d2 = buf[p + 2];
    if (d0 < '1' || d0 > '6' || !Lex.isDigit(d1) || !Lex.isDigit(d2)) {
      throw SipParseException.badRequest("Bad Status-Code");
    }
    int status = (d0 - '0') * 100 + (d1 - '0') * 10 + (d2 - '0');
    p += 3;
    int reasonStart;
    if (p < end && buf[p] == ' ') {
      reasonStart = p + 1;
    } else if (p >= end || buf[p] == '\r' || buf[p] == '\n') {
      // Lenient: a missing SP before an empty Reason-Phrase loses nothing.
      reasonStart = p;
    } else {
      throw SipParseException.badRequest("Bad Status-Code");
    }
    int lineEnd = Lex.lineEnd(buf, reasonStart, end);
    for (int i = reasonStart; i < lineEnd; i++) {
      byte c = buf[i];
      // Reason-Phrase: any UTF-8 text with SP and HTAB, no other CTL (RFC 3261 §25.1)
      if ((c >= 0 && c < 0x20 && c != '\t') || c == 0x7F) {
        throw SipParseException.badRequest("Bad Reason-Phrase");
      }
    }
    checkLine(start, lineEnd, limits);
    int startLineEnd = afterLineEnd(buf, lineEnd, end);
    return new SipResponse(buf, start, startLineEnd, status, reasonStart, lineEnd,
        index(buf, startLineEnd, end, limits));
  }

  /**
   * Reads {@code SIP-Version} at {@code p} (RFC 3261 §7.1, §25.1) and returns the position after
   * it. {@code SIP/2.0} in any case passes; {@code SIP/x.y} fails with 505, anything else 400.
   */
  private static int version(byte[] buf, int p, int end) {
    if (p + 4 > end || !Lex.equalsIgnoreCase(buf, p, p + 3, "sip") || buf[p + 3] != '/') {
      throw SipParseException.badRequest("Bad SIP-Version");
    }
    p += 4;
    int majorStart = p;
    while (p < end && Lex.isDigit(buf[p])) {
      p++;
    }
    int majorEnd = p;
    if (majorEnd == majorStart || p >= end || buf[p] != '.') {
      throw SipParseException.badRequest("Bad SIP-Version");
    }
    int minorStart = ++p;
    while (p < end && Lex.isDigit(buf[p])) {
      p++;
    }
    if (p == minorStart || (p < end && buf[p] != ' ' && buf[p] != '\r' && buf[p] != '\n')) {
      throw SipParseException.badRequest("Bad SIP-Version");
    }
    if (Lex.parseDecimal(buf, majorStart, majorEnd, 1000) != 2
        || Lex.parseDecimal(buf, minorStart, p, 1000) != 0) {
      throw new SipParseException(505, "Version Not Supported");
    }
    return p;
  }

  /**
   * The Request-URI must start with a scheme (RFC 3986 §3.1), as every SIP, SIPS, tel and
   * absolute URI does (RFC 3261 §25.1); the rest is the URI parser's to judge.
   */
  private static void checkScheme(byte[] buf, int p, int end) {
    byte c = buf[p];
    if (!((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'))) {
      throw SipParseException.badRequest("Bad Request-URI");
    }
    for (p++; p < end; p++) {
      c = buf[p];
      if (c == ':') {
        return;
      }
      boolean schemeChar = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z')
          || (c >= '0' && c <= '9') || c == '+' || c == '-' || c == '.';
      if (!schemeChar) {
        break;
      }
    }
    throw SipParseException.badRequest("Bad Request-URI");
  }

  /** The position after the line terminator at {@code p}: CRLF or a bare LF; a bare CR is a 400. */
  static int afterLineEnd(byte[] buf, int p, int end) {
    if (p >= end) {
      return end;
    }
    if (buf[p] == '\n') {
      return p + 1;
    }
    if (p + 1 < end && buf[p + 1] == '\n') {
      return p + 2;
    }
    throw SipParseException.badRequest("CR without LF");
  }

  private static void checkLine(int start, int end, SipLimits limits) {
    if (end - start > limits.maxLineLength()) {
      throw SipParseException.badRequest("Line too long");
    }
  }

  /**
   * Indexes the header fields from {@code p} (the line after the start line) and frames the body:
   * the {@link SipMessage} index array, its META slots filled.
   */
  private static int[] index(byte[] buf, int p, int end, SipLimits limits) {
    int[] f = new int[SipMessage.META + INITIAL_FIELDS * SipMessage.STRIDE];
    int n = 0;
    int contentLength = -1;
    long present = 0;
    int headersEnd;
    int bodyStart;
    while (true) {
      if (p >= end) {
        headersEnd = end;
        bodyStart = end;
        break;
      }
      byte c = buf[p];
      if (c == '\r' || c == '\n') {
        headersEnd = p;
        bodyStart = afterLineEnd(buf, p, end);
        break;
      }
      int nameStart = p;
      while (p < end && Lex.isTokenChar(buf[p])) {
        p++;
      }
      int nameEnd = p;
      if (nameEnd == nameStart) {
        throw SipParseException.badRequest("Bad header field name");
      }
      // HCOLON = *(SP / HTAB) ":" SWS (§25.1); a fold before the colon is tolerated too
      p = Lex.skipLws(buf, p, end);
      if (p >= end || buf[p] != ':') {
        throw SipParseException.badRequest("Header field without colon");
      }
      p = Lex.skipLws(buf, p + 1, end);
      int valueStart = p;
      int kind = HeaderName.lookup(buf, nameStart, nameEnd).ordinal();
      int valueEnd;
      while (true) {
        valueEnd = p = Lex.lineEnd(buf, p, end);
        p = afterLineEnd(buf, p, end);
        if (p < end && Lex.isWsp(buf[p])) {
          kind |= SipMessage.FOLDED;
          continue;
        }
        break;
      }
      valueEnd = Lex.trimEnd(buf, valueStart, valueEnd);
      if (p - nameStart > limits.maxLineLength()) {
        throw SipParseException.badRequest("Header field too long");
      }
      if (n == limits.maxHeaders()) {
        throw SipParseException.badRequest("Too many header fields");
      }
      int base = SipMessage.META + n * SipMessage.STRIDE;
      if (base == f.length) {
        f = Arrays.copyOf(f, SipMessage.META + (f.length - SipMessage.META) * 2);
      }
      f[base + SipMessage.NAME_START] = nameStart;
      f[base + SipMessage.NAME_END] = nameEnd;
      f[base + SipMessage.VALUE_START] = valueStart;
      f[base + SipMessage.VALUE_END] = valueEnd;
      f[base + SipMessage.KIND] = kind;
      present |= 1L << kind; // the shift takes the ordinal mod 64; FOLDED is above it
      n++;
      if ((kind & 0xFF) == HeaderName.CONTENT_LENGTH.ordinal()) {
        contentLength = contentLength(buf, valueStart, valueEnd, contentLength, limits);
      }
    }
    int bodyEnd;
    if (contentLength < 0) {
      bodyEnd = end;
    } else if (contentLength > end - bodyStart) {
      throw SipParseException.badRequest("Content-Length larger than message");
    } else {
      bodyEnd = bodyStart + contentLength;
    }
    f[SipMessage.COUNT] = n;
    f[SipMessage.HEADERS_END] = headersEnd;
    f[SipMessage.BODY_START] = bodyStart;
    f[SipMessage.BODY_END] = bodyEnd;
    f[SipMessage.CONTENT_LENGTH] = contentLength;
    f[SipMessage.PRESENT_LOW] = (int) present;
    f[SipMessage.PRESENT_HIGH] = (int) (present >>> 32);
    return f;
  }

  /**
   * Content-Length = 1*DIGIT (RFC 3261 §20.14), never larger than a message may be; a second
   * field must agree with the first (RFC 4475 §3.3.9).
   */
  private static int contentLength(byte[] buf, int s, int e, int previous, SipLimits limits) {
    long v = Lex.parseDecimal(buf, s, e, limits.maxMessageSize());
    if (v < 0) {
      throw SipParseException.badRequest("Bad Content-Length");
    }
    if (previous >= 0 && previous != v) {
      throw SipParseException.badRequest("Conflicting Content-Length values");
    }
    return (int) v;
  }
}
