package io.parley.message;

import io.parley.common.Tags;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * Builds a response to a request as a UAS or a stateless proxy does (RFC 3261 §8.2.6): the
 * status line, every Via in order (§8.2.6.2, §18.2.2 routes the response by them), From, To
 * (with a tag added when the request had none, except to 100), Call-ID, CSeq, for 100 also the
 * Timestamp (§8.2.6.1), any extra fields, and Content-Length.
 *
 * <p>Values are copied as received (folds replaced by SP), never parsed: a request whose Via,
 * From, To, Call-ID or CSeq values are malformed still gets its 400 (RFC 4475 §3.1.2). A
 * datagram the parser rejected outright can still be answered with {@link #badRequest}, which
 * salvages those fields from raw lines.
 */
public final class ResponseFactory {
  private static final byte[] CRLF = {'\r', '\n'};
  private static final byte[] SIP_2_0 = ascii("SIP/2.0 ");
  private static final byte[] VIA = ascii("Via: ");
  private static final byte[] FROM = ascii("From: ");
  private static final byte[] TO = ascii("To: ");
  private static final byte[] TAG = ascii(";tag=");
  private static final byte[] CALL_ID = ascii("Call-ID: ");
  private static final byte[] CSEQ = ascii("CSeq: ");
  private static final byte[] TIMESTAMP = ascii("Timestamp: ");
  private static final byte[] CONTENT_LENGTH = ascii("Content-Length: ");

  private ResponseFactory() {}

  /** The response bytes, with {@code Content-Length: 0}. */
  public static byte[] create(SipRequest req, int status, String reason) {
    return response(req, status, reason).build();
  }

  /** A response under construction, for adding fields, a body or a chosen To tag. */
  public static Response response(SipRequest req, int status, String reason) {
    Response r = new Response(status, reason);
    for (int i = req.first(HeaderName.VIA); i >= 0; i = req.next(HeaderName.VIA, i)) {
      r.vias.add(value(req, i));
    }
    r.from = first(req, HeaderName.FROM);
    r.to = first(req, HeaderName.TO);
    r.callId = first(req, HeaderName.CALL_ID);
    r.cseq = first(req, HeaderName.CSEQ);
    r.timestamp = first(req, HeaderName.TIMESTAMP);
    return r;
  }

  /**
   * A response sent without transaction state (RFC 3261 §16.11; Kamailio's {@code
   * sl_send_reply}): its To tag, when it adds one, is this node's {@link Tags#stateless()} tag, so
   * the ACK a final response to an INVITE draws is recognized at the edge and absorbed without
   * any state ({@link Tags#isStateless}).
   */
  public static Response stateless(SipRequest req, int status, String reason) {
    return response(req, status, reason).toTag(Tags.stateless());
  }

  /**
   * A best-effort error response to a datagram that {@link SipParser} rejected with {@code e},
   * built from whatever Via, From, To, Call-ID and CSeq lines can be found in it; the status and
   * reason phrase are {@code e}'s.
   *
   * @return the response bytes, or null if the datagram is a response or has no usable Via
   *     (nowhere to send an answer, RFC 3261 §18.2.2)
   */
  public static byte[] badRequest(byte[] buf, int off, int len, SipParseException e) {
    Response r = new Response(e.status(), e.reason());
    return RawHeaderScan.scan(buf, off, len, r) ? r.build() : null;
  }

  private static byte[] first(SipMessage m, HeaderName name) {
    int i = m.first(name);
    return i < 0 ? null : value(m, i);
  }

  private static byte[] value(SipMessage m, int i) {
    int off = m.valueOffset(i);
    return java.util.Arrays.copyOfRange(m.valueArray(i), off, off + m.valueLength(i));
  }

  /** A response being built; {@link #build()} may be called more than once. */
  public static final class Response {
    private final int status;
    private final byte[] reason;
    final List<byte[]> vias = new ArrayList<>(2);
    byte[] from;
    byte[] to;
    byte[] callId;
    byte[] cseq;
    byte[] timestamp;
    private String toTag;
    private final List<byte[]> extra = new ArrayList<>(2);
    private byte[] body;

    Response(int status, String reason) {
      if (status < 100 || status > 699) {
        throw new IllegalArgumentException("status code out of range: " + status);
      }
      this.status = status;
      this.reason = reason.getBytes(StandardCharsets.UTF_8);
      for (byte c : this.reason) {
        if (c == '\r' || c == '\n') {
          throw new IllegalArgumentException("line break in reason phrase");
        }
      }
    }

    /**
     * The To tag to add when the request's To has none (by default a new random one,
     * {@link Tags#newTag()}). A UAS passes the same tag to every response of one dialog.
     */
    public Response toTag(String tag) {
      byte[] b = tag.getBytes(StandardCharsets.ISO_8859_1);
      if (b.length == 0 || Lex.scanToken(b, 0, b.length) != b.length) {
        throw new IllegalArgumentException("not a token: " + tag);
      }
      toTag = tag;
      return this;
    }

    /**
     * The tag the response's To carries: the request's own, else the one set or generated here
     * (generated once, on first need); null for a 100, or when the request had no To.
     */
    public String toTag() {
      if (to == null) {
        return null;
      }
      int t = ToTag.valueStart(to, 0, to.length);
      if (t >= 0) {
        return Lex.latin1(to, t, Lex.scanToken(to, t, to.length));
      }
      if (status == 100) {
        return null;
      }
      if (toTag == null) {
        toTag = Tags.newTag();
      }
      return toTag;
    }

    /** Adds a field after the copied ones, e.g. Allow, Supported, Unsupported, Warning. */
    public Response header(String name, String value) {
      extra.add(MessageBuilder.line(name, value));
      return this;
    }

    /** Adds a body and its Content-Type. */
    public Response body(String contentType, byte[] content) {
      header("Content-Type", contentType);
      body = content.clone();
      return this;
    }

    /** The response as one array, sized exactly before it is written. */
    public byte[] build() {
      byte[] tag = to != null && status != 100 && ToTag.valueStart(to, 0, to.length) < 0
          ? ascii(toTag()) : null;
      byte[] length = ascii(Integer.toString(body == null ? 0 : body.length));
      int size = SIP_2_0.length + 4 + reason.length + 2;
      for (byte[] via : vias) {
        size += size(VIA, via);
      }
      size += size(FROM, from) + size(CALL_ID, callId) + size(CSEQ, cseq);
      if (to != null) {
        size += size(TO, to) + (tag == null ? 0 : TAG.length + tag.length);
      }
      if (status == 100) {
        size += size(TIMESTAMP, timestamp);
      }
      for (byte[] line : extra) {
        size += line.length;
      }
      size += size(CONTENT_LENGTH, length) + 2 + (body == null ? 0 : body.length);

      byte[] out = new byte[size];
      int p = put(out, 0, SIP_2_0);
      out[p++] = (byte) ('0' + status / 100);
      out[p++] = (byte) ('0' + status / 10 % 10);
      out[p++] = (byte) ('0' + status % 10);
      out[p++] = ' ';
      p = put(out, p, reason);
      p = put(out, p, CRLF);
      for (byte[] via : vias) {
        p = field(out, p, VIA, via);
      }
      p = field(out, p, FROM, from);
      if (to != null) {
        p = put(out, p, TO);
        p = put(out, p, to);
        if (tag != null) {
          p = put(out, p, TAG);
          p = put(out, p, tag);
        }
        p = put(out, p, CRLF);
      }
      p = field(out, p, CALL_ID, callId);
      p = field(out, p, CSEQ, cseq);
      if (status == 100) {
        p = field(out, p, TIMESTAMP, timestamp);
      }
      for (byte[] line : extra) {
        p = put(out, p, line);
      }
      p = field(out, p, CONTENT_LENGTH, length);
      p = put(out, p, CRLF);
      if (body != null) {
        put(out, p, body);
      }
      return out;
    }

    private static int size(byte[] name, byte[] value) {
      return value == null ? 0 : name.length + value.length + 2;
    }

    private static int field(byte[] out, int p, byte[] name, byte[] value) {
      if (value == null) {
        return p;
      }
      p = put(out, p, name);
      p = put(out, p, value);
      return put(out, p, CRLF);
    }

    private static int put(byte[] out, int p, byte[] b) {
      System.arraycopy(b, 0, out, p, b.length);
      return p + b.length;
    }
  }

  private static byte[] ascii(String s) {
    return s.getBytes(StandardCharsets.ISO_8859_1);
  }
}
