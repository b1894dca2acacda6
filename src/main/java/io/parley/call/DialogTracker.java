package io.parley.call;

import io.parley.common.Tags;
import io.parley.dialog.CallCounts;
import io.parley.dialog.CallEnded;
import io.parley.dialog.Dialog;
import io.parley.dialog.DialogInfo;
import io.parley.dialog.DialogLeg;
import io.parley.dialog.DialogSettings;
import io.parley.dialog.HangUp;
import io.parley.nat.RtpEngine;
import io.parley.dialog.InDialogRequest;
import io.parley.dialog.Side;
import io.parley.message.Method;
import io.parley.message.SipRequest;
import io.parley.message.SipResponse;
import io.parley.message.header.MinSe;
import io.parley.message.header.SessionExpires;
import io.parley.message.uri.CanonicalAor;
import io.parley.message.uri.SipUri;
import io.parley.proxy.Caller;
import io.parley.proxy.PreprocessedRequest;
import io.parley.proxy.TargetResolver;
import io.parley.transaction.Destination;
import io.parley.transaction.Inbound;
import io.parley.transaction.Packet;
import io.parley.transaction.TransactionActor;
import io.parley.transaction.TransactionKeys;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.javadsl.ActorContext;
import org.apache.pekko.actor.typed.javadsl.TimerScheduler;

/**
 * The dialog of one call entity (RFC 3261 §12): it opens the {@link Dialog} when the INVITE is
 * proxied, feeds it what passes through the {@link StatefulProxy}, reports it ({@link
 * io.parley.dialog.DialogEvents}), and ends it from the middle when the call outlives its
 * max duration or session interval, stops answering pings, or an operator ends it: BYE both ways
 * in client transactions of its own. While it holds a live dialog the entity does not passivate.
 * Runs on the entity's messages; not thread-safe.
 */
final class DialogTracker {
  /** The one timer of the dialog's next moment: stored (persist-after), or ended (a timeout). */
  private static final String DUE = "dialog-due";
  private static final String PING = "dialog-ping";

  /** A refusal of a request the dialog layer makes: a status, reason and maybe one header. */
  record Refusal(int status, String reason, String header, String value) {}

  /**
   * One of the proxy's own requests in the dialog: a BYE or a ping; {@code answered} once its
   * final response came (its transaction may linger for Timer K after that).
   */
  private record Own(Method method, Side toward, ActorRef<TransactionActor.Command<Packet>> ref, boolean answered) {}

  /** An in-dialog request being proxied: for what its answer changes. */
  private record InDialog(Method method, Side from) {}

  private final ActorContext<CallEntity.Command> context;
  private final TimerScheduler<CallEntity.Command> timers;
  private final CallServices services;
  private final DialogServices dialogs;
  /** The entity's id; null: the dialog is never parked. */
  private final String entityId;
  /** The entity's home ({@link CallHomes}): in every branch it sends and in its dialog. */
  private final String home;
  private Dialog dialog;
  private String inviteKey;
  private boolean cancelled;
  private Destination callerWay;
  private Destination calleeWay;
  /** Whether the store has the dialog (it has lasted {@code persist-after}, or came from there). */
  private boolean kept;
  /** When the store is to have the confirmed dialog, epoch milliseconds; 0: not pending. */
  private long persistAt;
  private final List<String> counted = new ArrayList<>(0);
  private final Map<String, Own> own = new HashMap<>(2);
  private final Map<String, InDialog> inDialog = new HashMap<>(2);

  DialogTracker(ActorContext<CallEntity.Command> context, TimerScheduler<CallEntity.Command> timers,
      CallServices services, String entityId, String home) {
    this.context = context;
    this.entityId = entityId;
    this.home = home;
    this.timers = timers;
    this.services = services;
    this.dialogs = services.dialogs;
  }

  /** Whether nothing of a dialog is left: no live dialog and none of our own requests pending. */
  boolean isIdle() {
    return (dialog == null || dialog.isOver()) && own.isEmpty();
  }

  /**
   * Whether the entity may stop and park its dialog ({@link ParkedCalls}): a confirmed dialog in
   * the store, with none of its requests in flight and no pings to send (a pinged dialog would
   * be woken every interval; it keeps its entity).
   */
  boolean isParkable() {
    return entityId != null && dialog != null && dialog.isConfirmed() && kept && own.isEmpty() && inDialog.isEmpty()
        && !dialogs.settings().pings();
  }

  /** The dialog as it is now, or null. */
  DialogInfo info() {
    return dialog == null ? null : dialog.info();
  }

  // ---- requests the proxy takes ----

  /**
   * A new request is about to be proxied: an initial INVITE opens a dialog attempt, an in-dialog
   * request is judged by the dialog.
   *
   * @return why it must be refused instead, or null
   */
  Refusal admit(ProxiedRequest proxied, PreprocessedRequest pre, TargetResolver.Resolution target) {
    if (!dialogs.settings().enabled()) {
      return null;
    }
    SipRequest request = proxied.request;
    if (request.routing().to().tag() != null) {
      return inDialog(proxied);
    }
    if (request.method() != Method.INVITE || !services.proxy.isRecordRouted(Method.INVITE)) {
      return null;
    }
    SessionExpires se = SessionExpires.of(request);
    long min = dialogs.settings().minSessionExpires();
    if (se != null && se.seconds() < min) {
      // RFC 4028 §8.1: below the proxy's minimum; the UAC retries with Min-SE at least ours
      return new Refusal(422, "Session Interval Too Small", "Min-SE", Long.toString(Math.max(min, MinSe.FLOOR)));
    }
    if (dialog != null && !dialog.isOver()) {
      return null; // a second INVITE without To tag in a live call: not ours to track twice
    }
    release();
    String from = proxied.inbound.receivedFrom();
    String callerAor = callerAor(pre);
    String calleeAor = target instanceof TargetResolver.Lookup lookup ? lookup.aor() : null;
    dialog = Dialog.attempt(request, from, System.currentTimeMillis(), dialogs.node(), home,
        maxDuration(callerAor, calleeAor).toMillis());
    inviteKey = proxied.key;
    cancelled = false;
    Destination flow = services.port.throughFlow(proxied.inbound.flow());
    callerWay = flow != null ? flow : destination(from);
    CallCounts.Refusal limit = dialogs.counts().take(callerAor, calleeAor, counted);
    if (limit != null) {
      return new Refusal(limit.status(), limit.reason(), null, null);
    }
    dialogs.events().changed(dialog.info());
    return null;
  }

  /** RFC 3261 §12.2.2: which side, in order or not, and a BYE ends the call. */
  private Refusal inDialog(ProxiedRequest proxied) {
    if (dialog == null) {
      return null;
    }
    Dialog.Verdict verdict = dialog.onRequest(proxied.request, System.currentTimeMillis());
    if (verdict instanceof Dialog.Refused refused) {
      return new Refusal(refused.status(), refused.reason(), null, null);
    }
    if (verdict instanceof Dialog.Hangup hangup) {
      ended(hangup.call());
    } else if (verdict instanceof Dialog.Accepted accepted) {
      inDialog.put(proxied.key, new InDialog(proxied.request.method(), accepted.from()));
      if (proxied.request.method() == Method.INVITE || proxied.request.method() == Method.UPDATE) {
        changed();
      }
    }
    return null;
  }

  /** The INVITE was cancelled (RFC 3261 §16.10): its final answer is the caller's doing. */
  void onCancelled(String serverKey) {
    if (serverKey.equals(inviteKey)) {
      cancelled = true;
    }
  }

  // ---- what the proxied requests hear ----

  /**
   * A branch of proxied request {@code serverKey} answered: a tagged provisional makes an early
   * dialog, the first 2xx confirms it; a 2xx to a re-INVITE or UPDATE refreshes it.
   */
  void onBranchResponse(String serverKey, SipResponse response, ProxiedRequest.Branch branch) {
    if (dialog == null) {
      return;
    }
    int status = response.statusCode();
    if (serverKey.equals(inviteKey)) {
      if (status < 200) {
        if (dialog.onProvisional(response)) {
          dialogs.events().changed(dialog.info());
        }
      } else if (status < 300 && branch != null && dialog.onAnswered(response, branch.targetUri,
          flowName(branch.destination), System.currentTimeMillis(),
          services.identity::isServer)) {
        calleeWay = branch.destination;
        dialogs.events().confirmed(dialog.info());
        long now = System.currentTimeMillis();
        Duration persistAfter = dialogs.settings().persistAfter();
        if (persistAfter.isZero()) {
          keep();
        } else {
          persistAt = now + persistAfter.toMillis();
        }
        armDue(now);
        if (dialogs.settings().pings()) {
          timers.startTimerWithFixedDelay(PING, CallEntity.PingDue.INSTANCE, dialogs.settings().pingInterval());
        }
      }
      return;
    }
    InDialog request = inDialog.get(serverKey);
    if (request != null && status >= 200) {
      inDialog.remove(serverKey);
      dialog.onInDialogAnswer(request.method(), request.from(), response, System.currentTimeMillis());
      if (status < 300 && (request.method() == Method.INVITE || request.method() == Method.UPDATE)) {
        changed();
        armDue(System.currentTimeMillis());
      }
    }
  }

  /**
   * Request {@code serverKey} got its final response upstream, {@code status} (non-2xx for the
   * INVITE: the attempt is over).
   *
   * @param madeHere whether the proxy made the response itself (no branch answered so)
   */
  void onFinal(String serverKey, int status, String reason, boolean madeHere) {
    if (dialog == null) {
      return;
    }
    if (!serverKey.equals(inviteKey)) {
      inDialog.remove(serverKey);
      return;
    }
    if (status < 300) {
      return;
    }
    HangUp by = cancelled ? HangUp.CALLER : madeHere ? HangUp.PROXY : HangUp.CALLEE;
    CallEnded call = dialog.onFailed(status, reason, by, System.currentTimeMillis());
    if (call != null) {
      ended(call);
    }
  }

  // ---- the proxy's own doings ----

  /**
   * The timeout timer fired: the max duration or the session interval is over. The timer is
   * always set for the dialog's next timeout and set again whenever that moves, so its firing is
   * the deadline, on the scheduler's clock.
   */
  void onTimeout() {
    if (dialog == null || !dialog.isConfirmed()) {
      return;
    }
    HangUp cause = dialog.timeoutCause();
    end(cause, cause == HangUp.SESSION_EXPIRED ? "session expired" : "max duration");
  }

  /** Time to ping both ends (RFC 3261 §11: OPTIONS; any answer but 408 or 481 says it is alive). */
  void onPingDue() {
    if (dialog == null || !dialog.isConfirmed()) {
      timers.cancel(PING);
      return;
    }
    for (Side side : Side.values()) {
      // an answered ping's transaction lingers for T4 over UDP (RFC 3261 §17.1.2.2), as long as
      // the shortest interval: only one still waiting for its answer holds the next back
      boolean pending = own.values().stream()
          .anyMatch(o -> o.method() == Method.OPTIONS && o.toward() == side && !o.answered());
      if (!pending) {
        // the last CSeq the sending side used: a ping never moves its numbering (RFC 3261 §12.2.2
        // refuses only a lower one)
        send(Method.OPTIONS, side, dialog.leg(side.other()).cseq(), null);
      }
    }
  }

  /**
   * Ends the confirmed call from the middle: BYE to both sides on each other's behalf.
   *
   * @return the dialog as it ended, or null when there was no confirmed call to end
   */
  DialogInfo end(HangUp cause, String reason) {
    if (dialog == null) {
      return null;
    }
    CallEnded call = dialog.end(cause, reason, System.currentTimeMillis());
    if (call == null) {
      return null;
    }
    String why = "SIP;cause=200;text=\"" + reason + "\"";
    for (Side side : Side.values()) {
      send(Method.BYE, side, dialog.nextCseqToward(side), why);
    }
    MediaRelay media = services.media;
    if (media != null) {
      // the BYEs are the proxy's own, not proxied: the relay's ports of the call go here
      media.engine().tell(new RtpEngine.Delete(-1, call.dialog().callId(), null));
    }
    ended(call);
    return call.dialog();
  }

  /** A confirmed dialog of this Call-ID comes back from the store (its node went away, or restarted). */
  void resume(DialogInfo info) {
    if (dialog != null || !dialogs.settings().enabled()) {
      return;
    }
    DialogInfo here = new DialogInfo(info.callId(), info.state(), info.caller(), info.callee(), info.originalUri(),
        info.finalUri(), info.setupMillis(), info.answerMillis(), info.deadlineMillis(), dialogs.node(), home,
        info.sessionMillis(), info.sessionExpiresAt());
    dialog = Dialog.restore(here);
    callerWay = destination(info.caller().flow());
    calleeWay = destination(info.callee().flow());
    dialogs.events().confirmed(here);
    keep(); // under this node's name now
    armDue(System.currentTimeMillis());
    if (dialogs.settings().pings()) {
      timers.startTimerWithFixedDelay(PING, CallEntity.PingDue.INSTANCE, dialogs.settings().pingInterval());
    }
  }

  boolean owns(String clientKey) {
    return own.containsKey(clientKey);
  }

  /** A response to one of our own requests: passes it to its transaction. */
  boolean onResponseReceived(SipResponse response) {
    Own o = own.get(TransactionKeys.client(response));
    if (o == null) {
      return false;
    }
    o.ref().tell(new TransactionActor.ResponseReceived<>(response.statusCode(), Packet.incoming(response)));
    return true;
  }

  /** A final answer to one of our requests, as its transaction passed it up. */
  void onOwnResponse(String key, SipResponse response) {
    Own o = own.get(key);
    int status = response.statusCode();
    if (o != null && status >= 200) {
      own.put(key, new Own(o.method(), o.toward(), o.ref(), true));
    }
    if (o != null && o.method() == Method.OPTIONS && (status == 408 || status == 481)) {
      end(HangUp.PING_TIMEOUT, "ping timeout"); // RFC 3261 §12.2.1.2: the dialog is gone there
    }
  }

  /** @return whether the transaction ended (and is forgotten) */
  boolean onOwnTransactionEvent(String key, TransactionActor.Event event) {
    if (event instanceof TransactionActor.TransactionLingering) {
      return false; // answered: it waits out its timer
    }
    Own o = own.get(key);
    if (event instanceof TransactionActor.TransactionTerminated) {
      own.remove(key);
      return true;
    }
    if (o != null && o.method() == Method.OPTIONS) {
      end(HangUp.PING_TIMEOUT, "ping timeout"); // Timer F or a transport error: no one answers
    }
    return false;
  }

  /**
   * The entity stops: a confirmed dialog is parked for the next entity of its Call-ID to take
   * back; anything else gives back the node's call counts.
   */
  void stopped() {
    if (entityId == null || dialog == null || !dialog.isConfirmed()) {
      release();
      return;
    }
    ParkedCall call = new ParkedCall(dialog.info(), dialog.sessionMillis(), dialog.sessionExpiresAt(), kept,
        counted.isEmpty() ? null : counted.toArray(new String[0]), heldWay(callerWay), heldWay(calleeWay));
    services.parked.park(entityId, call, dialog.nextTimeout(), context.getSystem().scheduler(),
        context.getSystem().executionContext());
  }

  /**
   * A parked call comes back to this entity: its dialog, timers and counts as they were. A call
   * that finds a live dialog here already (a new INVITE of the Call-ID won the race) only gives
   * its counts back.
   *
   * @return whether the call is this entity's again
   */
  boolean unpark(ParkedCall call) {
    if (dialog != null && !dialog.isOver()) {
      if (call.counted != null) {
        dialogs.counts().release(List.of(call.counted));
      }
      return false;
    }
    dialog = Dialog.restore(call.info, call.sessionMillis, call.sessionExpiresAt);
    kept = call.kept;
    counted.clear();
    if (call.counted != null) {
      counted.addAll(List.of(call.counted));
    }
    callerWay = call.callerWay != null ? call.callerWay : destination(call.info.caller().flow());
    calleeWay = call.calleeWay != null ? call.calleeWay : destination(call.info.callee().flow());
    armDue(System.currentTimeMillis());
    if (dialogs.settings().pings()) {
      timers.startTimerWithFixedDelay(PING, CallEntity.PingDue.INSTANCE, dialogs.settings().pingInterval());
    }
    return true;
  }

  /** A connection's way is kept (its flow is the connection); a UDP way is found again from the flow name. */
  private static Destination heldWay(Destination way) {
    return way != null && way.isReliable() ? way : null;
  }

  // ---- plumbing ----

  private void ended(CallEnded call) {
    timers.cancel(DUE);
    timers.cancel(PING);
    persistAt = 0;
    release();
    dialogs.events().ended(call);
    if (kept) {
      kept = false;
      dialogs.store().ended(call);
    }
    // the entity lingers for its transactions' timers (up to 64*T1): an ended call's text and
    // records would be copied by every young collection meanwhile, for nothing (bench/RESULTS.md)
    dialog = null;
    inviteKey = null;
    callerWay = null;
    calleeWay = null;
  }

  /** The confirmed call has lasted {@code parley.dialog.persist-after}: the store keeps it now. */
  void onPersistDue() {
    if (dialog != null && dialog.isConfirmed() && !kept) {
      long at = persistAt;
      persistAt = 0;
      armDue(at);
      keep();
    }
  }

  private void keep() {
    kept = true;
    dialogs.store().confirmed(dialog.info());
  }

  /** The dialog changed (a target refresh, a session refresh): the list, and the store if it has it. */
  private void changed() {
    DialogInfo info = dialog.info();
    dialogs.events().changed(info);
    if (kept) {
      dialogs.store().changed(info);
    }
  }

  private void release() {
    if (!counted.isEmpty()) {
      dialogs.counts().release(counted);
    }
  }

  /**
   * Sets the one timer for the dialog's next moment: written to the store ({@code persist-after})
   * or ended (max duration, session expiry), whichever comes first; the other is set when that
   * one fires. Delays count from {@code fromMillis}: now, or at a firing its own due time, so
   * the scheduler's clock alone sets each deadline. One timer a call rather than two: each costs
   * the scheduler's work to set and to cancel (bench/RESULTS.md).
   */
  private void armDue(long fromMillis) {
    long end = dialog.nextTimeout();
    boolean store = persistAt != 0 && (end == 0 || persistAt < end);
    long due = store ? persistAt : end;
    if (due == 0) {
      timers.cancel(DUE);
      return;
    }
    timers.startSingleTimer(DUE, store ? CallEntity.PersistDue.INSTANCE : CallEntity.DialogTimeout.INSTANCE,
        Duration.ofMillis(Math.max(0, due - fromMillis)));
  }

  private void send(Method method, Side toward, long cseq, String reason) {
    Destination way = toward == Side.CALLER ? callerWay : calleeWay;
    if (way == null || !way.isRoutable()) {
      return;
    }
    InetSocketAddress out = services.port.interfaceFor(way.transportName());
    if (out == null) {
      return;
    }
    String via = "SIP/2.0/" + way.transportName().toUpperCase(Locale.ROOT) + " "
        + hostPort(out.getAddress().getHostAddress(), out.getPort());
    String branch = "z9hG4bK" + home + '-' + Tags.newTag(); // its responses find this entity (BranchId.home)
    byte[] bytes = InDialogRequest.build(method, dialog.info(), toward, cseq, via, branch, reason);
    String key = TransactionKeys.client(branch, method);
    ActorRef<TransactionActor.Command<Packet>> ref = context.spawnAnonymous(Transactions.client(services, bytes,
        method, way, key, context.getSelf(), event -> new CallEntity.ClientTransactionEvent(key, event)));
    own.put(key, new Own(method, toward, ref, false));
  }

  private static String hostPort(String host, int port) {
    return (host.indexOf(':') >= 0 ? "[" + host + "]" : host) + ":" + port;
  }

  /** {@link DialogLeg#flow()} of a destination: {@code udp:127.0.0.1:5070}, as {@link Inbound#receivedFrom()}. */
  static String flowName(Destination d) {
    return d.transportName() + ":" + d.address().getAddress().getHostAddress() + ":" + d.address().getPort();
  }

  /**
   * The address a leg's flow names ({@code transport:address:port}), reached from this node's own
   * socket; null if it names none (requests to it are not sent).
   */
  private static Destination destination(String flow) {
    InetSocketAddress address = Inbound.parseReceived(flow);
    return address == null ? null
        : Destination.ofLiteral(flow.substring(0, flow.indexOf(':')), address.getAddress().getHostAddress(),
            address.getPort());
  }


  /**
   * The subscribers' own limit where the caller or the callee has one (the shorter, when both
   * have), longer or shorter than the default; else {@code parley.dialog.max-duration}.
   */
  private Duration maxDuration(String callerAor, String calleeAor) {
    Duration caller = callerAor == null ? null : dialogs.maxDurations().of(callerAor);
    Duration callee = calleeAor == null ? null : dialogs.maxDurations().of(calleeAor);
    Duration max = caller == null || (callee != null && callee.compareTo(caller) < 0) ? callee : caller;
    return max != null ? max : dialogs.settings().maxDuration();
  }

  private static String callerAor(PreprocessedRequest pre) {
    if (pre.caller() != Caller.SUBSCRIBER || !(pre.request().routing().from().uri() instanceof SipUri from)) {
      return null;
    }
    return CanonicalAor.of(from);
  }
}
