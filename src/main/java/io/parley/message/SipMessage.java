package io.parley.message;

import java.io.IOException;
import java.io.OutputStream;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import io.parley.message.header.Contact;
import io.parley.message.header.NameAddr;

/**
 * A received SIP message (RFC 3261 §7), a view over the bytes it arrived in.
 *
 * <p>Nothing is copied at parse time: {@link SipParser} records where the start line, each header
 * field's name and value, and the body lie in {@link #buffer()}; values are decoded to
 * {@code String} only when asked for. The buffer must not be changed while the message is in use.
 *
 * <p>Header fields are addressed by index {@code 0 .. headerCount()-1} in the order they arrived.
 * A value's raw range ({@link #valueStart}, {@link #valueEnd}) excludes the leading and trailing
 * white space but may contain line folds (RFC 3261 §7.3.1); {@link #valueArray},
 * {@link #valueOffset} and {@link #valueLength} give the same value with each fold replaced by a
 * single SP, which is a copy only for folded values, made once on first use.
 *
 * <p>A message never changes after parsing except for that cache of unfolded values, whose
 * entries are immutable and published through a final field: a message may be read by several
 * threads at once.
 */
public abstract sealed class SipMessage permits SipRequest, SipResponse {
  // The parser's index: META slots, then STRIDE ints per field. A field ends where the next one
  // starts, the last one where the header section ends, so no slot holds its end.
  static final int COUNT = 0;
  static final int HEADERS_END = 1;
  static final int BODY_START = 2;
  static final int BODY_END = 3;
  static final int CONTENT_LENGTH = 4;
  // Which header names occur: bit (ordinal mod 64) of a long kept in two ints. Names that share
  // a bit only make a lookup scan when it could have answered at once.
  static final int PRESENT_LOW = 5;
  static final int PRESENT_HIGH = 6;
  static final int META = 7;
  static final int STRIDE = 5;
  static final int NAME_START = 0;
  static final int NAME_END = 1;
  static final int VALUE_START = 2;
  static final int VALUE_END = 3;
  static final int KIND = 4;
  static final int FOLDED = 0x100;
  private static final HeaderName[] NAMES = HeaderName.values();

  final byte[] buf;
  private final int start;
  private final int startLineEnd;
  private final int headersEnd;
  private final int bodyStart;
  private final int end;
  private final int contentLength;
  private final int[] fields;
  private final int count;
  private final long present;
  private Unfolded[] unfolded;

  /** A folded value normalized; the final field makes a racy publication safe (JLS §17.5). */
  private static final class Unfolded {
    final byte[] bytes;

    Unfolded(byte[] bytes) {
      this.bytes = bytes;
    }
  }

  SipMessage(byte[] buf, int start, int startLineEnd, int[] index) {
    this.buf = buf;
    this.start = start;
    this.startLineEnd = startLineEnd;
    this.fields = index;
    this.count = index[COUNT];
    this.headersEnd = index[HEADERS_END];
    this.bodyStart = index[BODY_START];
    this.end = index[BODY_END];
    this.contentLength = index[CONTENT_LENGTH];
    this.present = (long) index[PRESENT_HIGH] << 32 | index[PRESENT_LOW] & 0xFFFF_FFFFL;
  }

  /** The buffer the message was parsed from; every offset of this class points into it. */
  public byte[] buffer() {
    return buf;
  }

  /** Where the start line begins (after any leading CRLFs, RFC 3261 §7.5). */
  public int messageStart() {
    return start;
  }

  /** Where the message ends: the end of the body. Octets past it were ignored (§18.3). */
  public int messageEnd() {
    return end;
  }

  /** Where the start line ends, after its line terminator: the first header field's start. */
  public int startLineEnd() {
    return startLineEnd;
  }

  /** The start line without its line terminator, decoded byte for byte. */
  public String startLine() {
    return Lex.latin1(buf, start, Lex.trimEnd(buf, start, startLineEnd));
  }

  public abstract boolean isRequest();

  // ---- header fields by index ----

  public int headerCount() {
    return count;
  }

  public HeaderName nameAt(int i) {
    return NAMES[field(i, KIND) & 0xFF];
  }

  /** The ordinal of {@link #nameAt}{@code (i)}, for scans in this package; {@code i} in range. */
  int ordinalAt(int i) {
    return fields[META + i * STRIDE + KIND] & 0xFF;
  }

  /** The field name as received, e.g. {@code v} or {@code VIA} for a Via. */
  public String nameTextAt(int i) {
    return Lex.latin1(buf, field(i, NAME_START), field(i, NAME_END));
  }

  /** Where field {@code i} begins: its name's first octet. */
  public int fieldStart(int i) {
    return field(i, NAME_START);
  }

  /** Where field {@code i} ends: after the line terminator of its last line (if it had one). */
  public int fieldEnd(int i) {
    field(i, NAME_START); // bounds check
    return i + 1 < count ? field(i + 1, NAME_START) : headersEnd;
  }

  public int nameStart(int i) {
    return field(i, NAME_START);
  }

  public int nameEnd(int i) {
    return field(i, NAME_END);
  }

  /** The first octet of the raw value in {@link #buffer()}. */
  public int valueStart(int i) {
    return field(i, VALUE_START);
  }

  /** The end of the raw value in {@link #buffer()}; trailing white space is excluded. */
  public int valueEnd(int i) {
    return field(i, VALUE_END);
  }

  /** Whether the raw value of field {@code i} spans several lines (RFC 3261 §7.3.1). */
  public boolean isFolded(int i) {
    return (field(i, KIND) & FOLDED) != 0;
  }

  /**
   * The array holding field {@code i}'s value with every line fold replaced by one SP: the
   * {@link #buffer()} itself unless the value is folded. Use with {@link #valueOffset} and
   * {@link #valueLength}; this is what typed header parsers should be given.
   */
  public byte[] valueArray(int i) {
    return isFolded(i) ? unfolded(i) : buf;
  }

  public int valueOffset(int i) {
    return isFolded(i) ? 0 : field(i, VALUE_START);
  }

  public int valueLength(int i) {
    return isFolded(i) ? unfolded(i).length : field(i, VALUE_END) - field(i, VALUE_START);
  }

  /** Field {@code i}'s value, folds replaced by SP, decoded as UTF-8. */
  public String valueAt(int i) {
    return Lex.utf8(valueArray(i), valueOffset(i), valueOffset(i) + valueLength(i));
  }

  // ---- header fields by name ----

  /** The index of the first field named {@code name}, or -1. */
  public int first(HeaderName name) {
    return next(name, -1);
  }

  /** The index of the first field named {@code name} after index {@code after}, or -1. */
  public int next(HeaderName name, int after) {
    int ord = name.ordinal();
    if ((present & 1L << ord) == 0) {
      return -1; // the usual answer for the many optional fields a message lacks
    }
    int[] f = fields;
    for (int i = after + 1; i < count; i++) {
      if ((f[META + i * STRIDE + KIND] & 0xFF) == ord) {
        return i;
      }
    }
    return -1;
  }

  /**
   * The index of the first field named {@code name} (long or compact form, any case), or -1.
   * Works for headers Parley does not know ({@link HeaderName#OTHER}) too.
   */
  public int first(String name) {
    HeaderName h = HeaderName.of(name);
    if (h != HeaderName.OTHER) {
      return first(h);
    }
    String lower = name.toLowerCase(java.util.Locale.ROOT);
    for (int i = next(HeaderName.OTHER, -1); i >= 0; i = next(HeaderName.OTHER, i)) {
      if (Lex.equalsIgnoreCase(buf, field(i, NAME_START), field(i, NAME_END), lower)) {
        return i;
      }
    }
    return -1;
  }

  /** How many fields are named {@code name} (field lines, not comma-separated values). */
  public int count(HeaderName name) {
    int n = 0;
    for (int i = first(name); i >= 0; i = next(name, i)) {
      n++;
    }
    return n;
  }

  /** The value of the first field named {@code name}, or null. */
  public String value(HeaderName name) {
    int i = first(name);
    return i < 0 ? null : valueAt(i);
  }

  /**
   * All values of the fields named {@code name}, in order. For list headers
   * ({@link HeaderName#isList()}) each field is split at the commas that separate its elements
   * (not those inside quoted strings or {@code <...>}), and each element is trimmed. Empty
   * elements are kept, so a typed parser can reject them: RFC 3261 §7.3.1 has none.
   */
  public List<String> values(HeaderName name) {
    List<String> out = new ArrayList<>(4);
    for (int i = first(name); i >= 0; i = next(name, i)) {
      byte[] b = valueArray(i);
      int p = valueOffset(i);
      int e = p + valueLength(i);
      if (!name.isList()) {
        out.add(Lex.utf8(b, p, e));
        continue;
      }
      while (true) {
        int comma = Lex.listElementEnd(b, p, e);
        int s = Lex.skipLws(b, p, comma);
        out.add(Lex.utf8(b, s, Lex.trimEnd(b, s, comma)));
        if (comma >= e) {
          break;
        }
        p = comma + 1;
      }
    }
    return out;
  }

  /** The Call-ID (RFC 3261 §20.8) as received, or null if there is none. */
  public String callId() {
    RoutingHeaders r = routing;
    // the routing fields hold the one Call-ID, checked to be ASCII: the same text, decoded once
    return r != null ? r.callId() : value(HeaderName.CALL_ID);
  }

  // ---- body ----

  /**
   * Where the header section ends: the start of the empty line that closes it, or the end of
   * the datagram if it had none (RFC 4475 §3.1.2.15).
   */
  public int headersEnd() {
    return headersEnd;
  }

  public int bodyStart() {
    return bodyStart;
  }

  public int bodyLength() {
    return end - bodyStart;
  }

  /** The Content-Length value (RFC 3261 §20.14), or -1 if the message had none. */
  public int contentLength() {
    return contentLength;
  }

  /** A copy of the body; prefer {@link #bodyStart()} and {@link #bodyLength()} on hot paths. */
  public byte[] body() {
    return Arrays.copyOfRange(buf, bodyStart, end);
  }

  // ---- writing ----

  /** Writes the message exactly as it was received, without octets that followed the body. */
  public void writeTo(OutputStream out) throws IOException {
    out.write(buf, start, end - start);
  }

  /** The message exactly as it was received, without octets that followed the body. */
  public byte[] toBytes() {
    return Arrays.copyOfRange(buf, start, end);
  }

  @Override
  public String toString() {
    return startLine() + " (" + count + " header fields, " + bodyLength() + " body octets)";
  }

  /** The parser's index array (META slots, then STRIDE ints per field), for in-package writers. */
  int[] index() {
    return fields;
  }

  private int field(int i, int slot) {
    if (i < 0 || i >= count) {
      throw new IndexOutOfBoundsException("header field " + i + " of " + count);
    }
    return fields[META + i * STRIDE + slot];
  }

  private byte[] unfolded(int i) {
    Unfolded[] cache = unfolded;
    if (cache == null) {
      cache = new Unfolded[count];
      unfolded = cache;
    }
    Unfolded u = cache[i];
    if (u == null) {
      u = new Unfolded(unfold(buf, field(i, VALUE_START), field(i, VALUE_END)));
      cache[i] = u;
    }
    return u.bytes;
  }

  /** Replaces each {@code *WSP (CRLF / LF) 1*WSP} in {@code [s, e)} by one SP (RFC 3261 §7.3.1). */
  static byte[] unfold(byte[] b, int s, int e) {
    byte[] out = new byte[e - s];
    int n = 0;
    int p = s;
    while (p < e) {
      byte c = b[p];
      if (c == '\r' || c == '\n') {
        while (n > 0 && Lex.isWsp(out[n - 1])) {
          n--;
        }
        while (p < e && (b[p] == '\r' || b[p] == '\n' || Lex.isWsp(b[p]))) {
          p++;
        }
        out[n++] = ' ';
      } else {
        out[n++] = c;
        p++;
      }
    }
    return Arrays.copyOf(out, n);
  }

  // ---- typed access, parsed on first use and cached ----
  // Racy single-check: the values are immutable, so a second thread at worst parses again.

  private RoutingHeaders routing;
  private List<Contact> contacts;
  private List<NameAddr> routes;
  private List<NameAddr> recordRoutes;

  /**
   * Via, From, To, Call-ID, CSeq and Max-Forwards, parsed.
   *
   * @throws SipParseException when one of them is missing, repeated or malformed
   */
  public RoutingHeaders routing() {
    RoutingHeaders r = routing;
    if (r == null) {
      r = RoutingHeaders.parse(this);
      routing = r;
    }
    return r;
  }

  /** Every Contact value over all Contact fields (RFC 3261 §20.10); empty when there is none. */
  public List<Contact> contacts() {
    List<Contact> c = contacts;
    if (c == null) {
      int i = first(HeaderName.CONTACT);
      if (i < 0) {
        c = List.of();
      } else if (next(HeaderName.CONTACT, i) < 0) {
        c = Lists.frozen(Contact.parseList(valueArray(i), valueOffset(i), valueLength(i)));
      } else {
        List<Contact> out = new ArrayList<>(2);
        for (; i >= 0; i = next(HeaderName.CONTACT, i)) {
          out.addAll(Contact.parseList(valueArray(i), valueOffset(i), valueLength(i)));
        }
        c = Lists.frozen(out);
      }
      contacts = c;
    }
    return c;
  }

  /** The Route set, topmost first (RFC 3261 §20.34); empty when there is none. */
  public List<NameAddr> routes() {
    List<NameAddr> r = routes;
    if (r == null) {
      r = nameAddrs(HeaderName.ROUTE);
      routes = r;
    }
    return r;
  }

  /** The Record-Route values, topmost first (RFC 3261 §20.30); empty when there is none. */
  public List<NameAddr> recordRoutes() {
    List<NameAddr> r = recordRoutes;
    if (r == null) {
      r = nameAddrs(HeaderName.RECORD_ROUTE);
      recordRoutes = r;
    }
    return r;
  }

  private List<NameAddr> nameAddrs(HeaderName name) {
    int i = first(name);
    if (i < 0) {
      return List.of();
    }
    String what = name.wireName();
    List<NameAddr> out = NameAddr.parseList(valueArray(i), valueOffset(i), valueLength(i), what);
    for (i = next(name, i); i >= 0; i = next(name, i)) {
      out.addAll(NameAddr.parseList(valueArray(i), valueOffset(i), valueLength(i), what));
    }
    return Lists.frozen(out);
  }
}
