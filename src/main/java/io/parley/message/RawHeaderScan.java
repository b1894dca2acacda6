package io.parley.message;

/**
 * Salvages the fields a response needs (Via, From, To, Call-ID, CSeq) from a datagram that
 * {@link SipParser} rejected, so the edge can still answer it (RFC 4475 §3.1.2 expects a 400 for
 * most malformed requests). Lenient by design: any CR or LF ends a line, lines without a colon
 * are skipped, and a value holding a control octet other than HTAB is dropped rather than
 * echoed. Reads at most {@link SipLimits#MAX_MESSAGE_SIZE} octets and
 * {@link SipLimits#MAX_HEADERS} lines.
 */
final class RawHeaderScan {
  private RawHeaderScan() {}

  /**
   * Fills {@code r}'s copied fields from {@code buf[off, off+len)}.
   *
   * @return whether the datagram looks like a request and has at least one usable Via
   */
  static boolean scan(byte[] buf, int off, int len, ResponseFactory.Response r) {
    java.util.Objects.checkFromIndexSize(off, len, buf.length);
    int end = off + Math.min(len, SipLimits.MAX_MESSAGE_SIZE);
    int p = off;
    while (p < end && (buf[p] == '\r' || buf[p] == '\n')) {
      p++;
    }
    if (p + 4 <= end && Lex.equalsIgnoreCase(buf, p, p + 4, "sip/")) {
      return false; // a response: never answered
    }
    p = nextLine(buf, p, end);
    HeaderName kind = null;
    int valueStart = 0;
    int valueEnd = 0;
    for (int lines = 0; p < end && lines < SipLimits.MAX_HEADERS; lines++) {
      int le = lineEnd(buf, p, end);
      if (le == p) {
        break; // the empty line
      }
      if (Lex.isWsp(buf[p])) {
        valueEnd = le; // a continuation of the current field
        p = nextLine(buf, le, end);
        continue;
      }
      take(buf, kind, valueStart, valueEnd, r);
      kind = null;
      int n = p;
      while (n < le && Lex.isTokenChar(buf[n])) {
        n++;
      }
      int colon = n;
      while (colon < le && Lex.isWsp(buf[colon])) {
        colon++;
      }
      if (n > p && colon < le && buf[colon] == ':') {
        kind = HeaderName.lookup(buf, p, n);
        valueStart = colon + 1;
        valueEnd = le;
      }
      p = nextLine(buf, le, end);
    }
    take(buf, kind, valueStart, valueEnd, r);
    return !r.vias.isEmpty();
  }

  private static void take(byte[] buf, HeaderName kind, int s, int e, ResponseFactory.Response r) {
    if (kind == null) {
      return;
    }
    boolean wanted = kind == HeaderName.VIA
        || (kind == HeaderName.FROM && r.from == null)
        || (kind == HeaderName.TO && r.to == null)
        || (kind == HeaderName.CALL_ID && r.callId == null)
        || (kind == HeaderName.CSEQ && r.cseq == null);
    if (!wanted) {
      return;
    }
    byte[] v = SipMessage.unfold(buf, s, e);
    int vs = Lex.skipLws(v, 0, v.length);
    int ve = Lex.trimEnd(v, vs, v.length);
    if (ve == vs) {
      return;
    }
    for (int i = vs; i < ve; i++) {
      byte c = v[i];
      if ((c >= 0 && c < 0x20 && c != '\t') || c == 0x7F) {
        return;
      }
    }
    v = java.util.Arrays.copyOfRange(v, vs, ve);
    switch (kind) {
      case VIA -> r.vias.add(v);
      case FROM -> r.from = v;
      case TO -> r.to = v;
      case CALL_ID -> r.callId = v;
      default -> r.cseq = v;
    }
  }

  private static int lineEnd(byte[] buf, int p, int end) {
    while (p < end && buf[p] != '\r' && buf[p] != '\n') {
      p++;
    }
    return p;
  }

  private static int nextLine(byte[] buf, int p, int end) {
    p = lineEnd(buf, p, end);
    if (p < end && buf[p] == '\r') {
      p++;
    }
    if (p < end && buf[p] == '\n') {
      p++;
    }
    return p;
  }
}
