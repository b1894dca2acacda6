package io.parley.message;

import io.parley.message.header.CSeq;
import io.parley.message.header.CallId;
import io.parley.message.header.MaxForwards;
import io.parley.message.header.NameAddr;
import io.parley.message.header.Via;
import java.util.ArrayList;
import java.util.List;

/**
 * The header fields every message needs before it can be routed, parsed once: Via, From, To,
 * Call-ID, CSeq and Max-Forwards (RFC 3261 §8.1.1: the six fields every request carries). The
 * rest of the message stays raw bytes until somebody asks.
 *
 * <p>Immutable; {@link SipMessage#routing()} builds it on first use and caches it.
 */
public final class RoutingHeaders {
  private final List<Via> vias;
  private final NameAddr from;
  private final NameAddr to;
  private final String callId;
  private final CSeq cseq;
  private final int maxForwards;

  private RoutingHeaders(List<Via> vias, NameAddr from, NameAddr to, String callId, CSeq cseq, int maxForwards) {
    this.vias = vias;
    this.from = from;
    this.to = to;
    this.callId = callId;
    this.cseq = cseq;
    this.maxForwards = maxForwards;
  }

  private static final int VIA = HeaderName.VIA.ordinal();
  private static final int FROM = HeaderName.FROM.ordinal();
  private static final int TO = HeaderName.TO.ordinal();
  private static final int CALL_ID = HeaderName.CALL_ID.ordinal();
  private static final int CSEQ = HeaderName.CSEQ.ordinal();
  private static final int MAX_FORWARDS = HeaderName.MAX_FORWARDS.ordinal();

  /** Marks a field index in {@link #parse}'s scan as seen more than once. */
  private static final int REPEATED = 1 << 30;

  /**
   * Parses the routing fields of {@code m}, finding them all in one pass over its fields.
   *
   * <p>Errors come in a fixed order whatever the order of the fields: the Via values first, then
   * for From, To, Call-ID, CSeq and Max-Forwards in turn whether it is missing or repeated and
   * whether it parses.
   *
   * @throws SipParseException 400 when one is missing (RFC 3261 §8.1.1; Max-Forwards may be
   *     absent, RFC 3261 §16.6 item 3), appears twice where the grammar allows one (§7.3.1:
   *     only comma-list fields may repeat; RFC 4475 §3.3.8), or does not parse
   */
  static RoutingHeaders parse(SipMessage m) {
    List<Via> vias = new ArrayList<>(2);
    int from = -1;
    int to = -1;
    int callIdField = -1;
    int cseqField = -1;
    int mfField = -1;
    for (int i = 0, n = m.headerCount(); i < n; i++) {
      int k = m.ordinalAt(i);
      if (k == VIA) {
        Via.parseList(m.valueArray(i), m.valueOffset(i), m.valueLength(i), vias);
      } else if (k == FROM) {
        from = seen(from, i);
      } else if (k == TO) {
        to = seen(to, i);
      } else if (k == CALL_ID) {
        callIdField = seen(callIdField, i);
      } else if (k == CSEQ) {
        cseqField = seen(cseqField, i);
      } else if (k == MAX_FORWARDS) {
        mfField = seen(mfField, i);
      }
    }
    if (vias.isEmpty()) {
      throw SipParseException.badRequest("missing Via");
    }
    NameAddr fromValue = nameAddr(m, single(from, HeaderName.FROM, true), "From");
    NameAddr toValue = nameAddr(m, single(to, HeaderName.TO, true), "To");
    callIdField = single(callIdField, HeaderName.CALL_ID, true);
    String callId = CallId.parseText(m.valueArray(callIdField), m.valueOffset(callIdField),
        m.valueLength(callIdField));
    cseqField = single(cseqField, HeaderName.CSEQ, true);
    CSeq cseq = CSeq.parse(m.valueArray(cseqField), m.valueOffset(cseqField),
        m.valueLength(cseqField));
    mfField = single(mfField, HeaderName.MAX_FORWARDS, false);
    int maxForwards = mfField < 0 ? -1
        : MaxForwards.parse(m.valueArray(mfField), m.valueOffset(mfField),
            m.valueLength(mfField)).hops();
    return new RoutingHeaders(Lists.frozen(vias), fromValue, toValue, callId, cseq, maxForwards);
  }

  private static NameAddr nameAddr(SipMessage m, int field, String name) {
    return NameAddr.parse(m.valueArray(field), m.valueOffset(field), m.valueLength(field), name);
  }

  /** The scan's record of a single-instance field after seeing it at index {@code i}. */
  private static int seen(int recorded, int i) {
    return recorded < 0 ? i : recorded | REPEATED;
  }

  /**
   * The index of the one instance of a field the scan recorded as {@code recorded}, or -1 when
   * it is absent and optional.
   */
  private static int single(int recorded, HeaderName name, boolean required) {
    if (recorded < 0) {
      if (required) {
        throw SipParseException.badRequest("missing " + name.wireName());
      }
      return -1;
    }
    if ((recorded & REPEATED) != 0) {
      throw SipParseException.badRequest("more than one " + name.wireName());
    }
    return recorded;
  }

  /** The Via values, topmost first. */
  public List<Via> vias() {
    return vias;
  }

  public Via topVia() {
    return vias.get(0);
  }

  public NameAddr from() {
    return from;
  }

  public NameAddr to() {
    return to;
  }

  /** The Call-ID exactly as received. */
  public String callId() {
    return callId;
  }

  public CSeq cseq() {
    return cseq;
  }

  /** The Max-Forwards value, or -1 when the field is absent (RFC 2543 peers). */
  public int maxForwards() {
    return maxForwards;
  }
}
