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

  /**
   * Parses the routing fields of {@code m}.
   *
   * @throws SipParseException 400 when one is missing (RFC 3261 §8.1.1; Max-Forwards may be
   *     absent, RFC 3261 §16.6 item 3), appears twice where the grammar allows one (§7.3.1:
   *     only comma-list fields may repeat; RFC 4475 §3.3.8), or does not parse
   */
  static RoutingHeaders parse(SipMessage m) {
    List<Via> vias = list(m, HeaderName.VIA);
    if (vias.isEmpty()) {
      throw SipParseException.badRequest("missing Via");
    }
    NameAddr from = nameAddr(m, single(m, HeaderName.FROM, true), "From");
    NameAddr to = nameAddr(m, single(m, HeaderName.TO, true), "To");
    int callIdField = single(m, HeaderName.CALL_ID, true);
    CallId.parse(m.valueArray(callIdField), m.valueOffset(callIdField), m.valueLength(callIdField));
    int cseqField = single(m, HeaderName.CSEQ, true);
    CSeq cseq = CSeq.parse(m.valueArray(cseqField), m.valueOffset(cseqField), m.valueLength(cseqField));
    int mfField = single(m, HeaderName.MAX_FORWARDS, false);
    int maxForwards = mfField < 0 ? -1
        : MaxForwards.parse(m.valueArray(mfField), m.valueOffset(mfField), m.valueLength(mfField)).hops();
    return new RoutingHeaders(vias, from, to, m.valueAt(callIdField), cseq, maxForwards);
  }

  private static NameAddr nameAddr(SipMessage m, int field, String name) {
    return NameAddr.parse(m.valueArray(field), m.valueOffset(field), m.valueLength(field), name);
  }

  /** Every value of a comma-list field, over all its instances, in order. */
  static List<Via> list(SipMessage m, HeaderName name) {
    List<Via> out = new ArrayList<>(2);
    for (int i = m.first(name); i >= 0; i = m.next(name, i)) {
      out.addAll(Via.parseList(m.valueArray(i), m.valueOffset(i), m.valueLength(i)));
    }
    return List.copyOf(out);
  }

  /** The index of the one instance of {@code name}, or -1 when it is absent and optional. */
  private static int single(SipMessage m, HeaderName name, boolean required) {
    int i = m.first(name);
    if (i < 0) {
      if (required) {
        throw SipParseException.badRequest("missing " + name.wireName());
      }
      return -1;
    }
    if (m.next(name, i) >= 0) {
      throw SipParseException.badRequest("more than one " + name.wireName());
    }
    return i;
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
