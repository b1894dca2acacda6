package io.parley.message;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * Edits a parsed message for forwarding (RFC 3261 §16.6) and writes the result into one new
 * array, copying the untouched byte ranges of the original in bulk: an unedited run of start
 * line, header fields, empty line and body is one {@code System.arraycopy}.
 *
 * <p>Edits address header fields by their index in the original message ({@link
 * SipMessage#first}, {@link SipMessage#next}); indices do not shift as edits are made. New
 * fields are written as {@code Name: value CRLF}; a replaced field keeps the name as it was
 * received (compact or long form).
 *
 * <p>The output always has a Content-Length (RFC 3261 §20.14: mandatory over stream transports,
 * so a request that came over UDP without one gets one on the way out) and always ends its header
 * section with an empty line, also when the received datagram had none.
 */
public final class MessageBuilder {
  private static final byte[] CRLF = {'\r', '\n'};
  private static final byte[] COLON_SP = {':', ' '};
  private static final byte[] REMOVED = new byte[0];
  private static final int CONTENT_LENGTH = HeaderName.CONTENT_LENGTH.ordinal();

  private final SipMessage msg;
  private final byte[] src;
  private byte[] requestUri;
  private byte[][] replaced;
  private List<byte[]>[] inserts;
  private byte[] body;
  private int bodyOff;
  private int bodyLen;

  private MessageBuilder(SipMessage msg) {
    this.msg = msg;
    this.src = msg.buffer();
  }

  /** Starts editing {@code msg}; the message itself is never changed. */
  public static MessageBuilder edit(SipMessage msg) {
    return new MessageBuilder(msg);
  }

  /** Replaces the Request-URI (e.g. with a registered contact, RFC 3261 §16.5). */
  public MessageBuilder requestUri(String uri) {
    if (!(msg instanceof SipRequest)) {
      throw new IllegalStateException("a response has no Request-URI");
    }
    byte[] b = uri.getBytes(StandardCharsets.UTF_8);
    for (byte c : b) {
      if (c <= ' ' || c == 0x7F) {
        throw new IllegalArgumentException("white space or control octet in Request-URI");
      }
    }
    requestUri = b;
    return this;
  }

  /** Inserts a field above every other field; a later call inserts above an earlier one. */
  public MessageBuilder addFirst(String name, String value) {
    insertsAt(0).add(0, line(name, value));
    return this;
  }

  /** Inserts a field directly above original field {@code field}. */
  public MessageBuilder addBefore(int field, String name, String value) {
    checkField(field);
    insertsAt(field).add(line(name, value));
    return this;
  }

  /** Appends a field after all others. */
  public MessageBuilder addLast(String name, String value) {
    insertsAt(msg.headerCount()).add(line(name, value));
    return this;
  }

  /** Removes original field {@code field} (e.g. the top Route, RFC 3261 §16.4). */
  public MessageBuilder remove(int field) {
    checkField(field);
    replacedArray()[field] = REMOVED;
    return this;
  }

  /** Removes every original field named {@code name}. */
  public MessageBuilder removeAll(HeaderName name) {
    for (int i = msg.first(name); i >= 0; i = msg.next(name, i)) {
      remove(i);
    }
    return this;
  }

  /** Replaces the value of original field {@code field}, keeping its name as received. */
  public MessageBuilder replaceValue(int field, String value) {
    checkField(field);
    replacedArray()[field] = line(src, msg.nameStart(field), msg.nameEnd(field), value);
    return this;
  }

  /**
   * Removes the first value of a comma-separated list field (e.g. {@code Route: <a>, <b>}
   * becomes {@code Route: <b>}), or the whole field if it holds one value.
   */
  public MessageBuilder removeFirstValue(int field) {
    checkField(field);
    byte[] b = msg.valueArray(field);
    int off = msg.valueOffset(field);
    int end = off + msg.valueLength(field);
    int comma = Lex.listElementEnd(b, off, end);
    if (comma >= end) {
      return remove(field);
    }
    int rest = Lex.skipLws(b, comma + 1, end);
    return replaceValue(field, Lex.utf8(b, rest, end));
  }

  /** Sets the only field named {@code name}: replaces the first, removes the rest, or appends. */
  public MessageBuilder set(HeaderName name, String value) {
    int first = msg.first(name);
    if (first < 0) {
      return addLast(name.wireName(), value);
    }
    replaceValue(first, value);
    for (int i = msg.next(name, first); i >= 0; i = msg.next(name, i)) {
      remove(i);
    }
    return this;
  }

  /** Replaces the body with {@code b[off, off+len)}, which is copied once, at build time. */
  public MessageBuilder body(byte[] b, int off, int len) {
    java.util.Objects.checkFromIndexSize(off, len, b.length);
    body = b;
    bodyOff = off;
    bodyLen = len;
    return this;
  }

  /** The edited message as one new array. */
  public byte[] build() {
    // The Content-Length written is that of the body written: the first surviving field is
    // rewritten when the body changed or the field was edited, else copied; none left → added.
    int newLength = body != null ? bodyLen : msg.bodyLength();
    byte[] clLine = null;
    byte[] clAppend = null;
    int cl = firstSurviving(HeaderName.CONTENT_LENGTH);
    if (cl < 0) {
      clAppend = line("Content-Length", Integer.toString(newLength));
    } else if (body != null || (replaced != null && replaced[cl] != null)) {
      clLine = line(src, msg.nameStart(cl), msg.nameEnd(cl), Integer.toString(newLength));
    }
    Counter counter = new Counter();
    emit(counter, clLine, clAppend);
    Writer w = new Writer(new byte[counter.size]);
    emit(w, clLine, clAppend);
    return w.out;
  }

  private int firstSurviving(HeaderName name) {
    for (int i = msg.first(name); i >= 0; i = msg.next(name, i)) {
      if (replaced == null || replaced[i] != REMOVED) {
        return i;
      }
    }
    return -1;
  }

  // ---- emitting ----

  /** Where output goes: counted first, then written, by the same walk. */
  private abstract static class Sink {
    int pendingStart = -1;
    int pendingEnd = -1;

    /** Queues {@code src[s, e)}; contiguous ranges merge into one copy. */
    final void range(byte[] src, int s, int e) {
      if (pendingStart >= 0 && pendingEnd == s) {
        pendingEnd = e;
        return;
      }
      flush(src);
      pendingStart = s;
      pendingEnd = e;
    }

    final void bytes(byte[] src, byte[] b, int off, int len) {
      flush(src);
      put(b, off, len);
    }

    final void flush(byte[] src) {
      if (pendingStart >= 0) {
        put(src, pendingStart, pendingEnd - pendingStart);
        pendingStart = -1;
      }
    }

    abstract void put(byte[] b, int off, int len);
  }

  private static final class Counter extends Sink {
    int size;

    @Override
    void put(byte[] b, int off, int len) {
      size += len;
    }
  }

  private static final class Writer extends Sink {
    final byte[] out;
    int pos;

    Writer(byte[] out) {
      this.out = out;
    }

    @Override
    void put(byte[] b, int off, int len) {
      System.arraycopy(b, off, out, pos, len);
      pos += len;
    }
  }

  /**
   * Writes the message to {@code s}. {@code clLine} replaces the first surviving Content-Length
   * field (null: copy it); {@code clAppend} is written when no Content-Length field survives.
   */
  private void emit(Sink s, byte[] clLine, byte[] clAppend) {
    if (requestUri != null) {
      SipRequest r = (SipRequest) msg;
      s.range(src, r.messageStart(), r.requestUriStart());
      s.bytes(src, requestUri, 0, requestUri.length);
      s.range(src, r.requestUriEnd(), r.startLineEnd());
    } else {
      s.range(src, msg.messageStart(), msg.startLineEnd());
    }
    if (src[msg.startLineEnd() - 1] != '\n') {
      s.bytes(src, CRLF, 0, 2); // the datagram ended inside the start line
    }
    int[] f = msg.index();
    int n = msg.headerCount();
    int headersEnd = msg.headersEnd();
    boolean seenContentLength = false;
    for (int i = 0; i <= n; i++) {
      if (inserts != null && inserts[i] != null) {
        for (byte[] line : inserts[i]) {
          s.bytes(src, line, 0, line.length);
        }
      }
      if (i == n) {
        break;
      }
      int base = SipMessage.META + i * SipMessage.STRIDE;
      byte[] op = replaced == null ? null : replaced[i];
      if (op == REMOVED) {
        continue;
      }
      if ((f[base + SipMessage.KIND] & 0xFF) == CONTENT_LENGTH) {
        if (seenContentLength) {
          continue; // one Content-Length only
        }
        seenContentLength = true;
        op = clLine;
      }
      if (op != null) {
        s.bytes(src, op, 0, op.length);
        continue;
      }
      int fe = i + 1 < n ? f[base + SipMessage.STRIDE + SipMessage.NAME_START] : headersEnd;
      s.range(src, f[base + SipMessage.NAME_START], fe);
      if (i + 1 == n && src[fe - 1] != '\n') {
        s.bytes(src, CRLF, 0, 2); // the datagram ended inside the last field
      }
    }
    if (!seenContentLength) {
      s.bytes(src, clAppend, 0, clAppend.length);
    }
    if (headersEnd < msg.bodyStart()) {
      s.range(src, headersEnd, msg.bodyStart());
    } else {
      s.bytes(src, CRLF, 0, 2);
    }
    if (body != null) {
      s.bytes(src, body, bodyOff, bodyLen);
    } else {
      s.range(src, msg.bodyStart(), msg.messageEnd());
    }
    s.flush(src);
  }

  // ---- helpers ----

  private void checkField(int field) {
    if (field < 0 || field >= msg.headerCount()) {
      throw new IndexOutOfBoundsException("header field " + field + " of " + msg.headerCount());
    }
  }

  private byte[][] replacedArray() {
    if (replaced == null) {
      replaced = new byte[msg.headerCount()][];
    }
    return replaced;
  }

  @SuppressWarnings({"unchecked", "rawtypes"}) // a generic array, filled only with List<byte[]>
  private List<byte[]> insertsAt(int i) {
    if (inserts == null) {
      inserts = new List[msg.headerCount() + 1];
    }
    if (inserts[i] == null) {
      inserts[i] = new ArrayList<>(2);
    }
    return inserts[i];
  }

  /** {@code name: value CRLF}; the name must be a token and the value one line. */
  static byte[] line(String name, String value) {
    byte[] n = name.getBytes(StandardCharsets.ISO_8859_1);
    // non-Latin-1 chars encode as '?' and Latin-1 ones above 0x7F as themselves: no token octets
    if (n.length == 0 || Lex.scanToken(n, 0, n.length) != n.length) {
      throw new IllegalArgumentException("not a header name: " + name);
    }
    return line(n, 0, n.length, value);
  }

  private static byte[] line(byte[] name, int ns, int ne, String value) {
    byte[] v = value.getBytes(StandardCharsets.UTF_8);
    for (byte c : v) {
      if (c == '\r' || c == '\n') {
        throw new IllegalArgumentException("line break in header value");
      }
    }
    int nl = ne - ns;
    byte[] out = new byte[nl + 2 + v.length + 2];
    System.arraycopy(name, ns, out, 0, nl);
    System.arraycopy(COLON_SP, 0, out, nl, 2);
    System.arraycopy(v, 0, out, nl + 2, v.length);
    out[out.length - 2] = '\r';
    out[out.length - 1] = '\n';
    return out;
  }
}
