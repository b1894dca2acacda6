package io.parley.call;

import io.parley.nat.RtpEngine;
import io.parley.message.Method;
import io.parley.message.ResponseFactory;
import io.parley.message.SipRequest;
import io.parley.message.SipResponse;
import io.parley.proxy.BranchId;
import io.parley.proxy.CancelFactory;
import io.parley.proxy.ForwardedRequest;
import io.parley.proxy.PreprocessedRequest;
import io.parley.proxy.ProxyAction;
import io.parley.proxy.ResponseContext;
import io.parley.proxy.Target;
import io.parley.proxy.TargetResolver;
import io.parley.transaction.Destination;
import io.parley.transaction.Inbound;
import io.parley.transaction.Lingering;
import io.parley.transaction.Packet;
import io.parley.transaction.TransactionActor;
import io.parley.transaction.TransactionKeys;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.javadsl.ActorContext;
import org.apache.pekko.actor.typed.javadsl.TimerScheduler;

/**
 * The requests one {@link CallEntity} proxies statefully (RFC 3261 §16.4–16.10): for each, the
 * target set, the branches and their client transactions, Timer C, and the response context
 * (RFC 3261 §16.7) whose actions it carries out. Runs inside the entity's actor, on its
 * messages; not thread-safe, not shared.
 */
final class StatefulProxy {
  private static final org.slf4j.Logger log = org.slf4j.LoggerFactory.getLogger(StatefulProxy.class);

  /** A client transaction's place: its request, branch, whether it is a CANCEL's, and once it lingers, how. */
  private static final class ClientLink {
    private final String serverKey;
    private final int branch;
    private final boolean cancel;
    Lingering<Packet> lingering;

    ClientLink(String serverKey, int branch, boolean cancel) {
      this.serverKey = serverKey;
      this.branch = branch;
      this.cancel = cancel;
    }

    String serverKey() {
      return serverKey;
    }

    int branch() {
      return branch;
    }

    boolean cancel() {
      return cancel;
    }
  }

  private record TimerCKey(String serverKey, int branch) {}

  private record CancelKey(String serverKey, int branch) {}

  private final ActorContext<CallEntity.Command> context;
  private final TimerScheduler<CallEntity.Command> timers;
  private final CallServices services;
  private final Map<String, ProxiedRequest> servers = new HashMap<>(2);
  private final Map<String, ClientLink> clients = new HashMap<>(2);
  private final Map<String, ActorRef<TransactionActor.Command<Packet>>> clientRefs = new HashMap<>(2);
  private final DialogTracker dialog;
  /** The entity's home ({@link CallHomes}): every branch names it. */
  private final String home;

  StatefulProxy(ActorContext<CallEntity.Command> context, TimerScheduler<CallEntity.Command> timers,
      CallServices services, DialogTracker dialog, String home) {
    this.context = context;
    this.home = home;
    this.timers = timers;
    this.services = services;
    this.dialog = dialog;
  }

  /** The proxied request whose server transaction has {@code key}, or null. */
  ProxiedRequest get(String key) {
    return servers.get(key);
  }

  /** Whether no proxied request and no client transaction is left. */
  boolean isIdle() {
    return servers.isEmpty() && clients.isEmpty();
  }

  /** RFC 3261 §16.5–16.6: find the targets of {@code preprocessed}, then fork. */
  void start(ProxiedRequest proxied, PreprocessedRequest preprocessed) {
    servers.put(proxied.key, proxied);
    SipRequest request = proxied.request;
    MediaRelay media = services.media;
    if (media != null && request.method() == Method.BYE) {
      // the call is over: its relay ports go (on every instance: which one took the call is not
      // kept with the dialog; an instance that never had it answers with an error, ignored)
      media.engine().tell(new RtpEngine.Delete(-1, request.routing().callId(), null));
    }
    if (request.method() == Method.INVITE) {
      // RFC 3261 §16.2: a stateful proxy answers an INVITE with 100 at once
      byte[] trying = ResponseFactory.create(request, 100, "Trying");
      proxied.server.tell(new TransactionActor.TuResponded<>(100, Packet.outgoing(trying)));
    }
    proxied.preprocessed = preprocessed;
    TargetResolver.Resolution resolution = services.targets.resolve(preprocessed);
    DialogTracker.Refusal refusal = dialog.admit(proxied, preprocessed, resolution);
    if (refusal != null) {
      respond(proxied, refusal.status(), refusal.reason(), refusal.header(), refusal.value());
      return;
    }
    if (resolution instanceof TargetResolver.Lookup lookup) {
      String key = proxied.key;
      TargetResolver.Resolution held =
          services.location.lookup(context, lookup, resolved -> new CallEntity.LocationFound(key, resolved));
      if (held == null) {
        proxied.lookingUp = true; // continues in onLocationFound
        return;
      }
      resolution = held;
    }
    fork(proxied, resolution);
  }

  /** RFC 3261 §16.5: the bindings of the Request-URI's AOR are the target set. */
  void onLocationFound(CallEntity.LocationFound found) {
    ProxiedRequest proxied = servers.get(found.serverKey());
    if (proxied == null || !proxied.lookingUp) {
      return; // ended, or cancelled, while the location service was asked
    }
    proxied.lookingUp = false;
    if (found.resolution() == null) {
      respond(proxied, 500, "Server Internal Error");
      return;
    }
    fork(proxied, found.resolution());
  }

  /** RFC 3261 §16.6: a branch per target, or the resolution's rejection. */
  private void fork(ProxiedRequest proxied, TargetResolver.Resolution resolution) {
    SipRequest request = proxied.request;
    List<Target> targets;
    if (resolution instanceof TargetResolver.Targets t) {
      targets = t.targets();
    } else if (resolution instanceof TargetResolver.Reject reject) {
      respond(proxied, reject.status(), reject.reason());
      return;
    } else {
      respond(proxied, TargetResolver.NOT_FOUND.status(), TargetResolver.NOT_FOUND.reason());
      return;
    }
    proxied.hash = BranchId.requestHash(request);
    proxied.context = new ResponseContext(request, targets, services.proxy.maxBranches(), services.serverHeader,
        services.proxy.fixContact());
    MediaRelay media = services.media;
    if (media != null && request.method() == Method.INVITE && MediaRelay.hasSdp(request)) {
      boolean callerNated = MediaRelay.behindNat(services.proxy.nat(), proxied.inbound);
      // a re-INVITE (hold, resume, a new codec) is offered again, or the media would leave the
      // relay; whether a party of the dialog is behind a NAT its Route says (RecordedFlows)
      boolean natedDialog = proxied.preprocessed.inDialog() && services.preprocessing.recordedFlows(request).any();
      if (media.applies(callerNated || natedDialog, targets)) {
        offer(proxied, media, callerNated);
        return; // the branches start when rtpengine has answered (onMediaOffered)
      }
    }
    perform(proxied, proxied.context.start());
  }

  /** RFC 3264's offer to rtpengine: the caller's SDP, for rtpengine to put itself in the media path. */
  private void offer(ProxiedRequest proxied, MediaRelay media, boolean callerNated) {
    SipRequest request = proxied.request;
    proxied.mediaPending = true;
    String key = proxied.key;
    boolean initial = !proxied.preprocessed.inDialog();
    java.net.InetSocketAddress source = MediaRelay.sourceOf(proxied.inbound);
    java.net.InetAddress from = source == null ? null : source.getAddress();
    context.ask(RtpEngine.Result.class, media.engine(), media.askTimeout(),
        replyTo -> new RtpEngine.Offer(request.routing().callId(), request.routing().from().tag(), request.body(),
            MediaRelay.flags(callerNated), from, replyTo),
        (result, failure) -> new CallEntity.MediaOffered(key, request.routing().callId(), initial, result));
  }

  /** rtpengine answered the offer: the branches start, with its SDP when it took the call. */
  void onMediaOffered(CallEntity.MediaOffered offered) {
    ProxiedRequest proxied = servers.get(offered.serverKey());
    if (proxied == null || !proxied.mediaPending) {
      if (offered.initial() && offered.result() instanceof RtpEngine.Relayed r && services.media != null) {
        // ended (a CANCEL) while rtpengine was asked: its ports go again
        services.media.engine().tell(new RtpEngine.Delete(r.instance(), offered.callId(), null));
      }
      return;
    }
    proxied.mediaPending = false;
    if (offered.result() instanceof RtpEngine.Relayed r && r.sdp() != null) {
      proxied.mediaInstance = r.instance();
      PreprocessedRequest p = proxied.preprocessed;
      proxied.preprocessed = new PreprocessedRequest(MediaRelay.withBody(p.request(), r.sdp()), p.requestUri(),
          p.requestUriReplaced(), p.routes(), p.routesChanged(), p.home(), p.consumedCredentials(), p.caller());
    } else {
      // a relay that failed or did not answer does not hold the call up: it goes on unrelayed
      log.warn("call {}: media not relayed ({})", proxied.request.routing().callId(),
          offered.result() instanceof RtpEngine.Failed f ? f.reason() : "no answer from the relay client");
    }
    perform(proxied, proxied.context.start());
  }

  private void respond(ProxiedRequest proxied, int status, String reason) {
    respond(proxied, status, reason, null, null);
  }

  private void respond(ProxiedRequest proxied, int status, String reason, String header, String value) {
    ResponseFactory.Response r = ResponseFactory.response(proxied.request, status, reason);
    if (header != null) {
      r.header(header, value);
    }
    if (!services.serverHeader.isEmpty()) {
      r.header("Server", services.serverHeader);
    }
    proxied.server.tell(new TransactionActor.TuResponded<>(status, Packet.outgoing(r.build())));
    if (status >= 200) {
      dialog.onFinal(proxied.key, status, reason, true);
    }
  }

  /**
   * RFC 3261 §16.10: the CANCEL is answered hop by hop — 200 while the INVITE's transaction
   * exists, 481 after — and then the pending branches are cancelled. The answer needs no
   * transaction state (a retransmitted CANCEL is simply answered again), and sending it from here
   * puts it on the wire before any 487 the cancelled branches bring back.
   */
  void onCancel(Inbound inbound, SipRequest cancel) {
    ProxiedRequest invite = servers.get(TransactionKeys.cancelledInvite(cancel));
    if (invite == null) {
      services.port.reply(inbound, ResponseFactory.create(cancel, 481, "Call/Transaction Does Not Exist"));
      return;
    }
    services.port.reply(inbound, ResponseFactory.create(cancel, 200, "OK"));
    dialog.onCancelled(invite.key);
    deleteMedia(invite);
    if (invite.mediaPending) {
      // rtpengine is still asked: no branch was started, so the proxy ends the INVITE itself
      invite.mediaPending = false;
      respond(invite, 487, "Request Terminated");
    } else if (invite.lookingUp) {
      // RFC 3261 §16.10: no branch was started, so the proxy itself ends the INVITE
      invite.lookingUp = false;
      respond(invite, 487, "Request Terminated");
    } else if (invite.context != null) {
      perform(invite, invite.context.onCancel());
    }
  }

  // ---- the response context's actions ----

  /**
   * A branch's response through the response context (RFC 3261 §16.7); a 2xx it forwards is kept
   * with the branch, to forward again when the branch's 2xx is retransmitted after the call has
   * been handed to {@link FinishedTransactions}.
   */
  private void forwardResponse(ProxiedRequest proxied, int branch, SipResponse response) {
    List<ProxyAction> actions = proxied.context.onResponse(branch, response);
    for (ProxyAction action : actions) {
      if (action instanceof ProxyAction.ForwardResponse f && f.status() >= 200 && f.status() < 300) {
        ProxiedRequest.Branch b = proxied.branches.get(branch);
        if (b != null) {
          b.forwarded2xx = f.response();
        }
      }
    }
    perform(proxied, actions);
  }

  private void perform(ProxiedRequest proxied, List<ProxyAction> actions) {
    for (ProxyAction action : actions) {
      if (action instanceof ProxyAction.StartBranch start) {
        startBranch(proxied, start.branch(), start.target());
      } else if (action instanceof ProxyAction.ForwardResponse forward) {
        proxied.server.tell(new TransactionActor.TuResponded<>(forward.status(), Packet.outgoing(forward.response())));
        if (forward.status() >= 200) {
          dialog.onFinal(proxied.key, forward.status(), reasonPhrase(forward.response()), false);
        }
        if (forward.status() >= 300) {
          deleteMedia(proxied);
        }
      } else if (action instanceof ProxyAction.SendFinal send) {
        proxied.server.tell(new TransactionActor.TuResponded<>(send.status(), Packet.outgoing(send.response())));
        dialog.onFinal(proxied.key, send.status(), reasonPhrase(send.response()), true);
        if (send.status() >= 300) {
          deleteMedia(proxied);
        }
      } else if (action instanceof ProxyAction.CancelBranch cancel) {
        cancelBranch(proxied, cancel.branch(), cancel.reason());
      }
    }
  }

  /**
   * The INVITE failed or was cancelled: the relay's ports of its call go. Not for a re-INVITE,
   * whose failure (a 491, say) leaves the call and its media as they were (RFC 3261 §14.1).
   */
  private void deleteMedia(ProxiedRequest proxied) {
    MediaRelay media = services.media;
    if (media != null && proxied.mediaInstance >= 0 && !proxied.preprocessed.inDialog()) {
      media.engine().tell(new RtpEngine.Delete(proxied.mediaInstance, proxied.request.routing().callId(), null));
      proxied.mediaInstance = -1;
    }
  }

  private void startBranch(ProxiedRequest proxied, int index, Target target) {
    // RFC 3327 §5.3, RFC 5626 §5.3: a registered contact may be reached by its Path or flow
    BranchExit.Exit exit = BranchExit.of(services, home, proxied.preprocessed, proxied.hash, target, index, proxied.inbound);
    if (exit instanceof BranchExit.FlowFailed) {
      perform(proxied, proxied.context.onFlowFailed(index));
      return;
    }
    if (!(exit instanceof BranchExit.Leave leave)) {
      perform(proxied, proxied.context.onTransportError(index));
      return;
    }
    ForwardedRequest f = leave.request();
    ProxiedRequest.Branch branch = new ProxiedRequest.Branch(index, f.branch(), f.bytes(), target.uri().toString());
    proxied.branches.put(index, branch);
    if (leave.destination() != null) {
      send(proxied, branch, leave.destination());
    } else {
      context.pipeToSelf(BranchExit.resolve(services, f.hop()),
          (dest, failure) -> new CallEntity.BranchResolved(proxied.key, index, dest, failure));
    }
  }

  void onBranchResolved(CallEntity.BranchResolved resolved) {
    ProxiedRequest proxied = servers.get(resolved.serverKey());
    ProxiedRequest.Branch branch = proxied == null ? null : proxied.branches.get(resolved.branch());
    if (branch == null) {
      return;
    }
    if (resolved.failure() != null) {
      perform(proxied, proxied.context.onTransportError(resolved.branch()));
    } else {
      send(proxied, branch, resolved.destination());
    }
  }

  private void send(ProxiedRequest proxied, ProxiedRequest.Branch branch, Destination d) {
    if (!d.isRoutable()) {
      perform(proxied, proxied.context.onTransportError(branch.index));
      return;
    }
    branch.destination = d;
    Method method = proxied.request.method();
    String clientKey = TransactionKeys.client(branch.branchId, method);
    clients.put(clientKey, new ClientLink(proxied.key, branch.index, false));
    Behavior<TransactionActor.Command<Packet>> behavior = Transactions.client(services, branch.bytes, method, d,
        clientKey, context.getSelf(), event -> new CallEntity.ClientTransactionEvent(clientKey, event));
    branch.client = context.spawnAnonymous(behavior);
    clientRefs.put(clientKey, branch.client);
    if (method == Method.INVITE) {
      timers.startSingleTimer(new TimerCKey(proxied.key, branch.index),
          new CallEntity.TimerCFired(proxied.key, branch.index), services.proxy.branchTimeout());
    }
  }

  private void cancelBranch(ProxiedRequest proxied, int index, String reason) {
    ProxiedRequest.Branch branch = proxied.branches.get(index);
    if (branch == null || branch.cancelSent || branch.destination == null) {
      return;
    }
    branch.cancelSent = true;
    byte[] cancel = CancelFactory.cancelFor(branch.bytes, reason);
    String clientKey = TransactionKeys.client(branch.branchId, Method.CANCEL);
    clients.put(clientKey, new ClientLink(proxied.key, index, true));
    ActorRef<TransactionActor.Command<Packet>> ref = context.spawnAnonymous(Transactions.cancel(
        services, cancel, branch.destination, context.getSelf(),
        event -> new CallEntity.ClientTransactionEvent(clientKey, event)));
    clientRefs.put(clientKey, ref);
    // RFC 3261 §9.1: without a final response to the INVITE within 64*T1 the branch is given up
    timers.startSingleTimer(new CancelKey(proxied.key, index), new CallEntity.CancelUnanswered(proxied.key, index),
        services.timers.sixtyFourT1());
  }

  // ---- responses and client transactions ----

  /** @return whether a client transaction of a proxied request took it */
  boolean onResponseReceived(SipResponse response) {
    ActorRef<TransactionActor.Command<Packet>> client = clientRefs.get(TransactionKeys.client(response));
    if (client == null) {
      // no transaction: a late retransmission of a final response its transaction already
      // absorbed; nothing waits for it upstream (RFC 3261 §16.7: the 2xx case is covered by the
      // RFC 6026 Accepted state of the client transaction)
      return false;
    }
    client.tell(new TransactionActor.ResponseReceived<>(response.statusCode(), Packet.incoming(response)));
    return true;
  }

  void onClientResponse(CallEntity.ClientResponse message) {
    ClientLink link = clients.get(message.key());
    ProxiedRequest proxied = link == null ? null : servers.get(link.serverKey());
    if (proxied == null || link.cancel() || proxied.context == null) {
      return;
    }
    if (proxied.mediaBusy) {
      proxied.held.add(message); // after the response rtpengine is asked about, in order
      return;
    }
    int status = message.response().statusCode();
    if (status >= 200) {
      timers.cancel(new TimerCKey(proxied.key, link.branch()));
      timers.cancel(new CancelKey(proxied.key, link.branch()));
    } else if (status > 100 && proxied.request.method() == Method.INVITE) {
      // RFC 3261 §16.7 item 2: every provisional response restarts Timer C
      timers.startSingleTimer(new TimerCKey(proxied.key, link.branch()),
          new CallEntity.TimerCFired(proxied.key, link.branch()), services.proxy.branchTimeout());
    }
    if (status > 100) {
      dialog.onBranchResponse(proxied.key, message.response(), proxied.branches.get(link.branch()));
    }
    SipResponse response = message.response();
    MediaRelay media = services.media;
    if (media != null && proxied.mediaInstance >= 0 && status > 100 && status < 300 && MediaRelay.hasSdp(response)) {
      answer(proxied, media, link.branch(), response);
      return; // goes upstream with rtpengine's SDP (onMediaAnswered)
    }
    forwardResponse(proxied, link.branch(), response);
  }

  /** The callee's SDP in a 1xx or 2xx to rtpengine, which rewrites it for the caller. */
  private void answer(ProxiedRequest proxied, MediaRelay media, int branch, SipResponse response) {
    proxied.mediaBusy = true;
    Target target = proxied.context.target(branch);
    boolean calleeNated = Boolean.TRUE.equals(target.behindNat());
    java.net.InetAddress from = calleeNated ? MediaRelay.receivedOf(target) : null;
    String key = proxied.key;
    SipRequest request = proxied.request;
    int instance = proxied.mediaInstance;
    context.ask(RtpEngine.Result.class, media.engine(), media.askTimeout(),
        replyTo -> new RtpEngine.Answer(instance, request.routing().callId(), request.routing().from().tag(),
            response.routing().to().tag(), response.body(), MediaRelay.flags(calleeNated), from, replyTo),
        (result, failure) -> new CallEntity.MediaAnswered(key, branch, response, result));
  }

  /** rtpengine answered a response's SDP: the response goes upstream, then those held behind it. */
  void onMediaAnswered(CallEntity.MediaAnswered answered) {
    ProxiedRequest proxied = servers.get(answered.serverKey());
    if (proxied == null) {
      return;
    }
    proxied.mediaBusy = false;
    SipResponse response = answered.response();
    if (answered.result() instanceof RtpEngine.Relayed r && r.sdp() != null) {
      response = MediaRelay.withBody(response, r.sdp());
    } else {
      log.warn("call {}: the {} went upstream with the callee's own SDP ({})", proxied.request.routing().callId(),
          response.statusCode(), answered.result() instanceof RtpEngine.Failed f ? f.reason() : "no answer");
    }
    forwardResponse(proxied, answered.branch(), response);
    List<CallEntity.ClientResponse> held = proxied.held;
    proxied.held = new java.util.ArrayList<>(0);
    for (CallEntity.ClientResponse m : held) {
      onClientResponse(m);
    }
  }

  /** The reason phrase of a response we send: the rest of its status line (RFC 3261 §7.2). */
  private static String reasonPhrase(byte[] response) {
    int start = 12; // "SIP/2.0 200 "
    int end = start;
    while (end < response.length && response[end] != '\r') {
      end++;
    }
    return start < end ? new String(response, start, end - start, java.nio.charset.StandardCharsets.UTF_8) : "";
  }

  /** @return whether the client transaction has ended (and is forgotten) */
  boolean onClientTransactionEvent(CallEntity.ClientTransactionEvent message) {
    ClientLink link = clients.get(message.key());
    if (message.event() instanceof TransactionActor.TransactionLingering l) {
      if (link != null) {
        link.lingering = lingering(l);
      }
      return false;
    }
    if (message.event() instanceof TransactionActor.TransactionTerminated) {
      clients.remove(message.key());
      clientRefs.remove(message.key());
      return true;
    }
    ProxiedRequest proxied = link == null ? null : servers.get(link.serverKey());
    if (proxied == null || link.cancel() || proxied.context == null) {
      return false;
    }
    if (message.event() instanceof TransactionActor.TransactionTimedOut) {
      perform(proxied, proxied.context.onBranchTimeout(link.branch())); // Timer B or F: a 408
    } else if (message.event() instanceof TransactionActor.TransactionTransportFailed) {
      perform(proxied, proxied.context.onTransportError(link.branch()));
    }
    return false;
  }

  void onTimerCFired(CallEntity.TimerCFired fired) {
    ProxiedRequest proxied = servers.get(fired.serverKey());
    if (proxied != null && proxied.context != null) {
      perform(proxied, proxied.context.onBranchTimerC(fired.branch()));
    }
  }

  void onCancelUnanswered(CallEntity.CancelUnanswered unanswered) {
    ProxiedRequest proxied = servers.get(unanswered.serverKey());
    if (proxied != null && proxied.context != null
        && proxied.context.state(unanswered.branch()) == ResponseContext.BranchState.CANCELLED) {
      perform(proxied, proxied.context.onBranchTimeout(unanswered.branch()));
    }
  }

  /** The server transaction {@code key} has ended: forget its request and stop its timers. */
  void onServerTransactionEnded(String key) {
    ProxiedRequest proxied = servers.remove(key);
    if (proxied != null) {
      cancelTimers(proxied);
    }
  }

  private void cancelTimers(ProxiedRequest proxied) {
    for (ProxiedRequest.Branch b : proxied.branches.values()) {
      timers.cancel(new TimerCKey(proxied.key, b.index));
      timers.cancel(new CancelKey(proxied.key, b.index));
    }
  }

  /** The server transaction {@code key} only waits out its timer now, as {@code event} says. */
  void onServerTransactionLingering(String key, TransactionActor.TransactionLingering event) {
    ProxiedRequest proxied = servers.get(key);
    if (proxied != null) {
      proxied.lingering = lingering(event);
    }
  }

  @SuppressWarnings("unchecked") // the transactions of a call entity carry Packets
  private static Lingering<Packet> lingering(TransactionActor.TransactionLingering event) {
    return (Lingering<Packet>) event.lingering();
  }

  /**
   * Whether there are transactions and each of them only waits out its timer: every request has
   * its final response, no branch waits for a resolution, rtpengine or a client transaction.
   */
  boolean onlyLingers() {
    if (servers.isEmpty()) {
      return false;
    }
    for (ProxiedRequest proxied : servers.values()) {
      if (proxied.lingering == null || proxied.lookingUp || proxied.mediaPending || proxied.mediaBusy) {
        return false;
      }
      for (ProxiedRequest.Branch b : proxied.branches.values()) {
        if (b.client == null) {
          return false;
        }
      }
    }
    for (ClientLink link : clients.values()) {
      if (link.lingering == null) {
        return false;
      }
    }
    return true;
  }

  /**
   * Stops every transaction, which {@link #onlyLingers()}, and returns each as the few fields
   * that do its remaining work ({@link FinishedTransactions}); the proxy is idle after.
   */
  List<FinishedTransactions.Held> handOver(long now) {
    List<FinishedTransactions.Held> held = new java.util.ArrayList<>(servers.size() + clients.size());
    for (ProxiedRequest proxied : servers.values()) {
      Lingering<Packet> l = proxied.lingering;
      held.add(new FinishedTransactions.Held(proxied.key, true, l.resend() == null ? null : l.resend().bytes(),
          Destination.through(proxied.inbound.flow()), now + l.duration().toNanos()));
      cancelTimers(proxied);
      context.stop(proxied.server);
    }
    for (Map.Entry<String, ClientLink> e : clients.entrySet()) {
      ClientLink link = e.getValue();
      Lingering<Packet> l = link.lingering;
      ProxiedRequest proxied = servers.get(link.serverKey());
      ProxiedRequest.Branch branch = proxied == null ? null : proxied.branches.get(link.branch());
      byte[] resend = null;
      Destination to = null;
      if (l.passesUp()) {
        // RFC 6026 §8.4: the branch's 2xx again goes upstream as it went the first time
        if (branch != null && branch.forwarded2xx != null) {
          resend = branch.forwarded2xx;
          to = Destination.through(proxied.inbound.flow());
        }
      } else if (l.resend() != null && branch != null && branch.destination != null) {
        resend = l.resend().bytes(); // the ACK of a non-2xx final (RFC 3261 §17.1.1.2)
        to = branch.destination;
      }
      held.add(new FinishedTransactions.Held(e.getKey(), false, resend, to, now + l.duration().toNanos()));
    }
    for (ActorRef<TransactionActor.Command<Packet>> client : clientRefs.values()) {
      context.stop(client);
    }
    servers.clear();
    clients.clear();
    clientRefs.clear();
    return held;
  }
}
