package io.parley.dialog;

import java.util.List;

/**
 * One side of a dialog as this proxy saw it (RFC 3261 §12.1): what it would take to send that
 * side a request of the dialog (a BYE or an OPTIONS ping) on the other side's behalf.
 *
 * @param uri the side's address: the From URI for the caller, the To URI for the callee
 * @param tag its tag (RFC 3261 §19.3); null for a callee that has not answered
 * @param contact its remote target (the Contact it sent, RFC 3261 §12.1.1, §12.1.2); null if none
 * @param routeSet the Record-Route values between this proxy and that side, nearest first
 *     (RFC 3261 §12.1.1), as sent in Route toward it
 * @param cseq the highest CSeq number this side has used in the dialog (RFC 3261 §12.2.2)
 * @param flow where this side was last heard from: {@code transport:address:port}, e.g.
 *     {@code "udp:127.0.0.1:5070"}; where a request to it goes when the route set is empty and
 *     the contact cannot be reached directly (a NAT, a connection)
 */
public record DialogLeg(String uri, String tag, String contact, List<String> routeSet, long cseq, String flow) {
  public DialogLeg {
    routeSet = routeSet == null ? List.of() : List.copyOf(routeSet);
  }

  public DialogLeg withTag(String newTag) {
    return new DialogLeg(uri, newTag, contact, routeSet, cseq, flow);
  }

  public DialogLeg withCseq(long newCseq) {
    return new DialogLeg(uri, tag, contact, routeSet, newCseq, flow);
  }
}
