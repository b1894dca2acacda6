package io.parley.dialog;

import io.parley.message.Method;
import io.parley.message.SipRequest;
import io.parley.message.SipResponse;
import io.parley.message.header.Contact;
import io.parley.message.header.NameAddr;
import io.parley.message.header.SessionExpires;
import io.parley.message.uri.SipUri;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;

/**
 * The INVITE dialog of one Call-ID as the proxy that Record-Routes it sees it (RFC 3261 §12): a
 * plain state machine that its call entity hosts and feeds with what passes through, testable
 * without actors. It starts as an attempt when the INVITE arrives, is early while tagged
 * provisional responses come (several, when the INVITE forked), is confirmed by the first 2xx
 * and ends with a BYE from either side, a final non-2xx, or a timeout of the proxy's own.
 *
 * <p>It keeps what it takes to end the call from the middle: each side's tag, remote target,
 * route set and CSeq ({@link DialogLeg}), and checks the CSeq of every in-dialog request (RFC
 * 3261 §12.2.2). Not thread-safe: owned by one actor.
 */
public final class Dialog {
  /** What to do with an in-dialog request. */
  public sealed interface Verdict {}

  /** Not of this dialog (other tags): proxy it as any request. */
  public enum Foreign implements Verdict { INSTANCE }

  /** Of this dialog, from {@code from}: proxy it. */
  public record Accepted(Side from) implements Verdict {}

  /** A BYE from {@code from}: proxy it; the call is over. */
  public record Hangup(Side from, CallEnded call) implements Verdict {}

  /** Refuse it with {@code status} (RFC 3261 §12.2.2: 500 for a CSeq lower than the last). */
  public record Refused(int status, String reason) implements Verdict {}

  private final String callId;
  private final String originalUri;
  private final long setupMillis;
  private final String node;
  private final String home;
  private final long maxDurationMillis;
  private DialogLeg caller;
  private DialogLeg callee;
  private DialogState state = DialogState.EARLY;
  private String finalUri;
  private long answerMillis;
  private long deadlineMillis;
  /** The session interval (RFC 4028) in milliseconds; 0: no session timer. */
  private long sessionMillis;
  /** When the session expires without a refresh; 0: never. */
  private long sessionExpiresAt;

  private Dialog(String callId, String originalUri, long setupMillis, String node, String home,
      long maxDurationMillis, DialogLeg caller, DialogLeg callee) {
    this.callId = callId;
    this.originalUri = originalUri;
    this.setupMillis = setupMillis;
    this.node = node;
    this.home = home;
    this.maxDurationMillis = maxDurationMillis;
    this.caller = caller;
    this.callee = callee;
  }

  /**
   * The attempt an initial INVITE opens (RFC 3261 §12.1): the caller's side is known, the
   * callee's only by its To.
   *
   * @param callerFlow where the INVITE came from ({@link DialogLeg#flow()})
   * @param home the home of the call that tracks it ({@link DialogInfo#home()})
   * @param maxDurationMillis how long the call may last once answered
   */
  public static Dialog attempt(SipRequest invite, String callerFlow, long nowMillis, String node, String home,
      long maxDurationMillis) {
    var routing = invite.routing();
    List<Contact> contacts = invite.contacts();
    String contact = contacts.isEmpty() || contacts.get(0).isWildcard() ? null : contacts.get(0).uri().toString();
    DialogLeg caller = new DialogLeg(routing.from().uri().toString(), routing.from().tag(), contact, List.of(),
        routing.cseq().number(), callerFlow);
    DialogLeg callee = new DialogLeg(routing.to().uri().toString(), null, null, List.of(), 0, null);
    return new Dialog(routing.callId(), invite.requestUri(), nowMillis, node, home, maxDurationMillis, caller,
        callee);
  }

  /** A dialog brought back from the store after its node went away (it was confirmed there). */
  public static Dialog restore(DialogInfo info) {
    Dialog d = new Dialog(info.callId(), info.originalUri(), info.setupMillis(), info.node(), info.home(), 0,
        info.caller(), info.callee());
    d.state = info.state();
    d.finalUri = info.finalUri();
    d.answerMillis = info.answerMillis();
    d.deadlineMillis = info.deadlineMillis();
    d.sessionMillis = info.sessionMillis();
    d.sessionExpiresAt = info.sessionExpiresAt();
    return d;
  }

  /**
   * A confirmed dialog put back together from what its entity kept when it parked it (its info
   * and its session, RFC 4028 §10), when the entity wakes again.
   */
  public static Dialog restore(DialogInfo info, long sessionMillis, long sessionExpiresAt) {
    Dialog d = restore(info);
    d.sessionMillis = sessionMillis;
    d.sessionExpiresAt = sessionExpiresAt;
    return d;
  }

  /** The session interval (RFC 4028) in milliseconds; 0: no session timer. */
  public long sessionMillis() {
    return sessionMillis;
  }

  /** When the session expires without a refresh, epoch milliseconds; 0: never. */
  public long sessionExpiresAt() {
    return sessionExpiresAt;
  }

  public DialogState state() {
    return state;
  }

  public boolean isConfirmed() {
    return state == DialogState.CONFIRMED;
  }

  public boolean isOver() {
    return state == DialogState.TERMINATED;
  }

  public DialogLeg leg(Side side) {
    return side == Side.CALLER ? caller : callee;
  }

  /**
   * The next moment the proxy itself must end the call: the max-duration deadline or the
   * session's expiry, whichever is first; 0 when there is none (not confirmed yet).
   */
  public long nextTimeout() {
    if (state != DialogState.CONFIRMED) {
      return 0;
    }
    return sessionExpiresAt == 0 ? deadlineMillis : Math.min(deadlineMillis, sessionExpiresAt);
  }

  /** What {@link #nextTimeout()} ends the call for: the session's expiry or the max duration. */
  public HangUp timeoutCause() {
    return sessionExpiresAt != 0 && sessionExpiresAt < deadlineMillis ? HangUp.SESSION_EXPIRED : HangUp.MAX_DURATION;
  }

  public DialogInfo info() {
    return new DialogInfo(callId, state, caller, callee, originalUri, finalUri, setupMillis, answerMillis,
        deadlineMillis, node, home, sessionMillis, sessionExpiresAt);
  }

  // ---- the INVITE's responses ----

  /**
   * A provisional response to the INVITE was forwarded upstream: with a To tag it makes an early
   * dialog (RFC 3261 §12.1; a forked INVITE can make several, the last one seen is shown).
   *
   * @return whether the dialog changed
   */
  public boolean onProvisional(SipResponse response) {
    String tag = response.routing().to().tag();
    if (state != DialogState.EARLY || tag == null || tag.equals(callee.tag())) {
      return false;
    }
    callee = callee.withTag(tag);
    return true;
  }

  /**
   * The first 2xx to the INVITE confirms the dialog (RFC 3261 §12.1.2, §13.2.2.4); a 2xx of another
   * fork later is not this dialog (its BYE will find other tags).
   *
   * @param finalUri the Request-URI of the branch that answered
   * @param calleeFlow where that branch was sent
   * @param ours which Record-Route URIs are this proxy's own, to split the route set in two
   * @return whether it confirmed the dialog
   */
  public boolean onAnswered(SipResponse response, String finalUri, String calleeFlow, long nowMillis,
      Predicate<SipUri> ours) {
    if (state != DialogState.EARLY) {
      return false;
    }
    var to = response.routing().to();
    List<Contact> contacts = response.contacts();
    String contact = contacts.isEmpty() || contacts.get(0).isWildcard() ? null : contacts.get(0).uri().toString();
    List<NameAddr> rr = response.recordRoutes();
    int first = -1;
    int last = -1;
    for (int i = 0; i < rr.size(); i++) {
      if (rr.get(i).uri() instanceof SipUri u && ours.test(u)) {
        first = first < 0 ? i : first;
        last = i;
      }
    }
    // RFC 3261 §16.6 item 4: each proxy puts its Record-Route on top, so the values above ours
    // lead to the callee (nearest ours last) and those below lead back to the caller
    List<String> towardCallee = List.of();
    if (first > 0) {
      towardCallee = new ArrayList<>(first);
      for (int i = first - 1; i >= 0; i--) {
        towardCallee.add(rr.get(i).toString());
      }
    }
    List<String> towardCaller = List.of();
    if (last >= 0 && last + 1 < rr.size()) {
      towardCaller = new ArrayList<>(rr.size() - last - 1);
      for (int i = last + 1; i < rr.size(); i++) {
        towardCaller.add(rr.get(i).toString());
      }
    }
    if (!towardCaller.equals(caller.routeSet())) {
      caller = new DialogLeg(caller.uri(), caller.tag(), caller.contact(), towardCaller, caller.cseq(), caller.flow());
    }
    callee = new DialogLeg(to.uri().toString(), to.tag(), contact, towardCallee, callee.cseq(), calleeFlow);
    this.finalUri = finalUri;
    answerMillis = nowMillis;
    deadlineMillis = nowMillis + maxDurationMillis;
    state = DialogState.CONFIRMED;
    refreshSession(SessionExpires.of(response), nowMillis);
    return true;
  }

  /**
   * The INVITE got a final non-2xx upstream: the attempt is over (a missed or failed call).
   *
   * @return the record of the attempt; null if the dialog was already confirmed (another fork's
   *     rejection after the answer changes nothing)
   */
  public CallEnded onFailed(int status, String reason, HangUp by, long nowMillis) {
    if (state != DialogState.EARLY) {
      return null;
    }
    state = DialogState.TERMINATED;
    return new CallEnded(info(), nowMillis, status, reason, by);
  }

  // ---- in-dialog requests ----

  /**
   * An in-dialog request (it has a To tag) of this Call-ID arrived (RFC 3261 §12.2.2): from which
   * side, whether its CSeq is in order, and what it changes. ACK and CANCEL are not judged here:
   * they carry the CSeq of the request they belong to.
   */
  public Verdict onRequest(SipRequest request, long nowMillis) {
    if (state != DialogState.CONFIRMED) {
      return Foreign.INSTANCE;
    }
    var routing = request.routing();
    String fromTag = routing.from().tag();
    String toTag = routing.to().tag();
    Side from;
    if (eq(fromTag, caller.tag()) && eq(toTag, callee.tag())) {
      from = Side.CALLER;
    } else if (eq(fromTag, callee.tag()) && eq(toTag, caller.tag())) {
      from = Side.CALLEE;
    } else {
      return Foreign.INSTANCE;
    }
    DialogLeg leg = leg(from);
    long cseq = routing.cseq().number();
    if (cseq < leg.cseq()) {
      return new Refused(500, "CSeq Out Of Order");
    }
    if (cseq != leg.cseq()) {
      leg = leg.withCseq(cseq);
    }
    if (request.method() == Method.INVITE || request.method() == Method.UPDATE) {
      // RFC 3261 §12.2.2, RFC 3311 §5.2: a target refresh request may change the sender's target
      List<Contact> contacts = request.contacts();
      if (!contacts.isEmpty() && !contacts.get(0).isWildcard()) {
        leg = new DialogLeg(leg.uri(), leg.tag(), contacts.get(0).uri().toString(), leg.routeSet(), leg.cseq(),
            leg.flow());
      }
    }
    set(from, leg);
    if (request.method() == Method.BYE) {
      state = DialogState.TERMINATED;
      return new Hangup(from, new CallEnded(info(), nowMillis, 200, "BYE",
          from == Side.CALLER ? HangUp.CALLER : HangUp.CALLEE));
    }
    return new Accepted(from);
  }

  /**
   * A final response to an in-dialog request {@code from} sent was forwarded back to it. A 2xx to
   * a re-INVITE or UPDATE refreshes the session (RFC 4028 §10) and may change the answering
   * side's target (RFC 3261 §12.2.1.2).
   */
  public void onInDialogAnswer(Method method, Side from, SipResponse response, long nowMillis) {
    int status = response.statusCode();
    if (state != DialogState.CONFIRMED || status < 200 || status >= 300
        || (method != Method.INVITE && method != Method.UPDATE)) {
      return;
    }
    List<Contact> contacts = response.contacts();
    if (!contacts.isEmpty() && !contacts.get(0).isWildcard()) {
      DialogLeg other = leg(from.other());
      set(from.other(), new DialogLeg(other.uri(), other.tag(), contacts.get(0).uri().toString(), other.routeSet(),
          other.cseq(), other.flow()));
    }
    refreshSession(SessionExpires.of(response), nowMillis);
  }

  /**
   * The proxy ends the call itself (max duration, a dead end, an operator): BYE goes both ways.
   *
   * @return the record of the call; null if it was not confirmed or is already over
   */
  public CallEnded end(HangUp by, String reason, long nowMillis) {
    if (state != DialogState.CONFIRMED) {
      return null;
    }
    state = DialogState.TERMINATED;
    return new CallEnded(info(), nowMillis, 200, reason, by);
  }

  /**
   * The CSeq of the next request the proxy sends toward {@code side} on behalf of the other (a
   * BYE): one above what the other side last used, and remembered, so it is never reused.
   */
  public long nextCseqToward(Side side) {
    DialogLeg sender = leg(side.other());
    long next = sender.cseq() + 1;
    set(side.other(), sender.withCseq(next));
    return next;
  }

  /** RFC 4028 §10: the session lasts its interval from the last 2xx that set or refreshed it. */
  private void refreshSession(SessionExpires se, long nowMillis) {
    if (se == null || se.seconds() == 0) {
      sessionMillis = 0;
      sessionExpiresAt = 0;
      return;
    }
    sessionMillis = se.seconds() * 1000;
    sessionExpiresAt = nowMillis + sessionMillis;
  }

  private void set(Side side, DialogLeg leg) {
    if (side == Side.CALLER) {
      caller = leg;
    } else {
      callee = leg;
    }
  }

  private static boolean eq(String a, String b) {
    return a != null && a.equals(b);
  }
}
