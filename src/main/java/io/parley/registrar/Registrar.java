package io.parley.registrar;

import io.parley.common.LatencyRecorder;
import io.parley.common.TimeoutRetry;
import io.parley.location.AorEntity;
import io.parley.location.Bindings;
import io.parley.location.UpdateResult;
import io.parley.auth.PendingDelays;
import io.parley.message.SipRequest;
import io.parley.location.ContactUpdate;
import io.parley.message.header.Via;
import io.parley.message.uri.SipUri;
import io.parley.nat.NatDetection;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executor;
import java.util.function.Consumer;
import java.util.function.Predicate;
import org.apache.pekko.cluster.sharding.typed.javadsl.ClusterSharding;
import org.apache.pekko.cluster.sharding.typed.javadsl.EntityRef;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * REGISTER processing (RFC 3261 §10.3) for the actor that holds the request's server
 * transaction: checks it ({@link RegisterRules}), asks the AOR entity of the location service to
 * apply it, and turns the entity's answer into the response. The entity is asked with {@code
 * ask}: its answer comes back to the asking actor as a message, so nothing ever blocks.
 * One per node; thread-safe (immutable).
 */
public final class Registrar {
  private static final Logger log = LoggerFactory.getLogger(Registrar.class);
  private final RegisterAdmission admission;
  /**
   * How long each ask of an AOR entity may take (recovery plus one journal write), in turn: an
   * ask that times out is made again with the next ({@link TimeoutRetry}), 24 s in all, below the
   * 64·T1 (32 s) after which the UA's non-INVITE transaction gives up (RFC 3261 §17.1.2.2); then
   * the answer is 500. Each waits 2 s, then 4 s, so the last still starts 20 s in. So the REGISTER of an AOR whose node died is answered once the AOR is back
   * on another node (about 12 s after the death, parley-runtime.conf), over TCP too, where the UA
   * does not retransmit. A retransmission meanwhile is answered as the entity answers a
   * retransmission (its bindings unchanged).
   */
  public static final List<Duration> ASK_TIMEOUTS = List.of(Duration.ofSeconds(2), Duration.ofSeconds(2),
      Duration.ofSeconds(4), Duration.ofSeconds(4), Duration.ofSeconds(4), Duration.ofSeconds(4), Duration.ofSeconds(4));

  /**
   * A response to send on the REGISTER's server transaction, after {@code delay} (zero: at once;
   * {@link RegisterAuthenticator.Refuse#delay()}).
   */
  public record Answer(int status, byte[] response, Duration delay) {
    public Answer(int status, byte[] response) {
      this(status, response, Duration.ZERO);
    }
  }

  private final RegisterRules rules;
  private final NatDetection nat;
  private final ClusterSharding sharding;
  private final String serverHeader;
  private final RegisterAuthenticator authenticator;
  private final LatencyRecorder answerTime;

  /**
   * @param servedDomain whether a host (any case) is one of our domains
   * @param serverHeader the Server header value of responses, or "" for none
   * @param authenticator digest authentication of every REGISTER, or null for none
   */
  public Registrar(RegistrarSettings settings, Predicate<String> servedDomain, ClusterSharding sharding,
      String serverHeader, RegisterAuthenticator authenticator) {
    this(settings, servedDomain, sharding, serverHeader, authenticator, LatencyRecorder.NONE,
        RegisterAdmission.unbounded());
  }

  /**
   * @param answerTime gets, per REGISTER answered, the time from {@link #handle} to its final
   *     response handed to {@code reply}: a challenge or refusal at once, an accepted REGISTER
   *     once its AOR entity has answered. A delay asked for a guessed password is not in it (the
   *     answer is handed over with its delay), and a dropped request is not recorded.
   */
  public Registrar(RegistrarSettings settings, Predicate<String> servedDomain, ClusterSharding sharding,
      String serverHeader, RegisterAuthenticator authenticator, LatencyRecorder answerTime,
      RegisterAdmission admission) {
    this.admission = Objects.requireNonNull(admission, "admission");
    this.answerTime = Objects.requireNonNull(answerTime, "answerTime");
    this.rules = new RegisterRules(settings, servedDomain);
    this.nat = settings.nat();
    this.sharding = sharding;
    this.serverHeader = serverHeader;
    this.authenticator = authenticator;
  }

  /**
   * Processes {@code request}, a REGISTER for one of our domains, without transaction state
   * (RFC 3261 §8.2.7; what Kamailio's registrar does with {@code sl_send_reply}). A refusal or a
   * challenge is handed to {@code reply} before this returns, on the caller's thread; an accepted
   * request is answered once its AOR entity has applied it, on {@code executor}. A
   * retransmission is processed again and answered the same way: a 401 carries a fresh nonce,
   * and a request the location service already applied (same Call-ID and CSeq) is answered with
   * the current bindings, unchanged.
   *
   * @param flowToken the flow the request came on (stored with the binding, RFC 5626)
   * @param received its source, {@code "udp:1.2.3.4:5060"}
   * @param source its source: for the bans of password guessers (a banned source gets no answer
   *     at all, {@code reply} is never called), and for whether it is behind a NAT
   *     ({@code parley.nat.detect})
   * @param executor where the entity's reply is turned into the answer (pekko-versions.md: never
   *     the common pool)
   */
  public void handle(SipRequest request, String flowToken, String received, InetSocketAddress source,
      Executor executor, Consumer<Answer> reply) {
    long start = System.nanoTime();
    RegisterDecision decision = rules.decide(request);
    if (decision instanceof RegisterDecision.Reject reject) {
      reply.accept(answer(request, reject));
      answerTime.record(System.nanoTime() - start);
      return;
    }
    if (authenticator != null && !authenticator.failures().admits(source.getAddress())) {
      return; // a banned guesser gets no answer, not even a 503
    }
    String key = request.routing().callId() + ' ' + request.routing().cseq().number();
    if (admission.refusesBeforeAuthentication(key)) {
      reply.accept(answer(request, new RegisterDecision.Reject(503, "Service Unavailable", 0, null,
          admission.retryAfterSeconds())));
      answerTime.record(System.nanoTime() - start);
      return;
    }
    if (authenticator != null) {
      String aor = decision.aor();
      int at = aor.lastIndexOf('@');
      RegisterAuthenticator.Outcome outcome =
          authenticator.check(request, aor.substring(at + 1), aor.substring(0, Math.max(at, 0)),
              source.getAddress());
      if (outcome instanceof RegisterAuthenticator.Drop) {
        return;
      }
      if (outcome instanceof RegisterAuthenticator.Refuse refuse) {
        reply.accept(new Answer(refuse.status(), refuse.response(), refuse.delay()));
        answerTime.record(System.nanoTime() - start);
        return;
      }
    }
    RegisterAdmission.Verdict verdict = admission.admit(key);
    if (verdict == RegisterAdmission.Verdict.ABSORB) {
      return; // a retransmission of a REGISTER still with its entity: that one is answered
    }
    if (verdict == RegisterAdmission.Verdict.BUSY) {
      reply.accept(answer(request, new RegisterDecision.Reject(503, "Service Unavailable", 0, null,
          admission.retryAfterSeconds())));
      answerTime.record(System.nanoTime() - start);
      return;
    }
    ask(withNat(decision, request, source), flowToken, received, executor).whenCompleteAsync(
        (result, failure) -> {
          admission.answered(key);
          reply.accept(answer(request, decision, asResult(result)));
          answerTime.record(System.nanoTime() - start);
        }, executor);
  }

  /**
   * An update whose contacts say whether their UA is behind a NAT (RFC 3581; {@code
   * parley.nat.detect}), decided here, where the request's source and top Via are known, and
   * stored with each binding. Asked after authentication: a stranger's REGISTER costs no more.
   */
  private RegisterDecision withNat(RegisterDecision decision, SipRequest request, InetSocketAddress source) {
    if (!(decision instanceof RegisterDecision.Update u)) {
      return decision;
    }
    Via top = request.routing().topVia();
    List<ContactUpdate> contacts = new ArrayList<>(u.contacts().size());
    for (ContactUpdate c : u.contacts()) {
      contacts.add(c.withBehindNat(nat.behindNat(source, top, nat.readsContact() ? hostOf(c.contact()) : null)));
    }
    return new RegisterDecision.Update(u.aor(), contacts, u.callId(), u.cseq(), u.path(), u.outbound(), u.userAgent());
  }

  /** The host of a contact URI, or null when it is not a SIP URI. */
  private static String hostOf(String contact) {
    try {
      return SipUri.parse(contact).host();
    } catch (RuntimeException e) {
      return null;
    }
  }

  /** The REGISTERs with AOR entities now, and those refused or absorbed for it. */
  public RegisterAdmission admission() {
    return admission;
  }

  /**
   * The cap on answers held back for a delay ({@link Answer#delay()}), or null when REGISTER is
   * not authenticated (then no answer is delayed).
   */
  public PendingDelays pendingDelays() {
    return authenticator == null ? null : authenticator.failures().pendingDelays();
  }

  /** Hands the decision to the AOR's entity: an update, a removal of all, or a query. */
  private CompletionStage<?> ask(RegisterDecision decision, String flowToken, String received, Executor executor) {
    EntityRef<AorEntity.Command> entity = AorEntity.entityRef(sharding, decision.aor());
    return TimeoutRetry.ask(timeout -> askOnce(entity, decision, flowToken, received, timeout), ASK_TIMEOUTS,
        executor);
  }

  private static CompletionStage<?> askOnce(EntityRef<AorEntity.Command> entity, RegisterDecision decision,
      String flowToken, String received, Duration timeout) {
    if (decision instanceof RegisterDecision.Update u) {
      return entity.<UpdateResult>ask(replyTo -> new AorEntity.UpdateBindings(u.contacts(), u.callId(), u.cseq(),
          flowToken, u.path(), received, u.userAgent(), replyTo), timeout);
    }
    if (decision instanceof RegisterDecision.RemoveAll r) {
      return entity.<UpdateResult>ask(replyTo -> new AorEntity.RemoveAll(r.callId(), r.cseq(), replyTo), timeout);
    }
    return entity.ask(AorEntity.GetBindings::new, timeout);
  }

  private static UpdateResult asResult(Object reply) {
    if (reply instanceof Bindings bindings) {
      return new UpdateResult.Updated(bindings.bindings());
    }
    return (UpdateResult) reply; // null when the entity failed or did not answer in time
  }

  /**
   * RFC 3261 §10.3 steps 7, 8: the location service's answer (null: it failed or timed out). An
   * update's 200 echoes its Path (RFC 3327 §5.3) and outbound support (RFC 5626 §6).
   */
  private Answer answer(SipRequest request, RegisterDecision decision, UpdateResult result) {
    if (result == null) {
      return answer(request, new RegisterDecision.Reject(500, "Server Internal Error", 0));
    }
    RegisterDecision.Reject refusal = RegisterResponses.refusal(result);
    if (refusal != null) {
      return answer(request, refusal);
    }
    List<String> path = decision instanceof RegisterDecision.Update u ? u.path() : List.of();
    boolean outbound = decision instanceof RegisterDecision.Update u && u.outbound();
    try {
      return new Answer(200, RegisterResponses.ok(request, ((UpdateResult.Updated) result).bindings(), path,
          outbound, System.currentTimeMillis(), serverHeader));
    } catch (RuntimeException e) {
      // a binding that cannot be written back into a 200 must not leave the UA unanswered
      log.warn("REGISTER {}: the answer could not be made: {}", request.routing().callId(), e.toString());
      return answer(request, new RegisterDecision.Reject(500, "Server Internal Error", 0));
    }
  }

  private Answer answer(SipRequest request, RegisterDecision.Reject reject) {
    return new Answer(reject.status(), RegisterResponses.reject(request, reject, serverHeader));
  }
}
