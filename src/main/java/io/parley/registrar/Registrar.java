package io.parley.registrar;

import io.parley.location.AorEntity;
import io.parley.location.Bindings;
import io.parley.location.UpdateResult;
import io.parley.message.SipRequest;
import java.time.Duration;
import java.util.List;
import java.util.function.Function;
import java.util.function.Predicate;
import org.apache.pekko.actor.typed.javadsl.ActorContext;
import org.apache.pekko.cluster.sharding.typed.javadsl.ClusterSharding;

/**
 * REGISTER processing (RFC 3261 §10.3) for the actor that holds the request's server
 * transaction: checks it ({@link RegisterRules}), asks the AOR entity of the location service to
 * apply it, and turns the entity's answer into the response. The entity is asked with {@code
 * ask}: its answer comes back to the asking actor as a message, so nothing ever blocks.
 * One per node; thread-safe (immutable).
 */
public final class Registrar {
  /**
   * How long an AOR entity may take to answer: recovery plus one journal write. Well below the
   * 64*T1 (32 s) after which the UA's non-INVITE transaction gives up (RFC 3261 §17.1.2.2); a
   * timeout is answered 500.
   */
  public static final Duration ASK_TIMEOUT = Duration.ofSeconds(10);

  /** A response to send on the REGISTER's server transaction. */
  public record Answer(int status, byte[] response) {}

  private final RegisterRules rules;
  private final ClusterSharding sharding;
  private final String serverHeader;
  private final RegisterAuthenticator authenticator;

  /**
   * @param servedDomain whether a host (any case) is one of our domains
   * @param serverHeader the Server header value of responses, or "" for none
   * @param authenticator digest authentication of every REGISTER, or null for none
   */
  public Registrar(RegistrarSettings settings, Predicate<String> servedDomain, ClusterSharding sharding,
      String serverHeader, RegisterAuthenticator authenticator) {
    this.rules = new RegisterRules(settings, servedDomain);
    this.sharding = sharding;
    this.serverHeader = serverHeader;
    this.authenticator = authenticator;
  }

  /**
   * Processes {@code request}, a REGISTER for one of our domains. Returns the answer when the
   * checks refuse it; otherwise asks the AOR entity, returns null, and the answer arrives later
   * at {@code context}'s actor as {@code adapt.apply(answer)}.
   *
   * @param flowToken the flow the request came on (stored with the binding, RFC 5626)
   * @param received its source, {@code "udp:1.2.3.4:5060"}
   */
  public <T> Answer handle(ActorContext<T> context, SipRequest request, String flowToken, String received,
      Function<Answer, T> adapt) {
    RegisterDecision decision = rules.decide(request);
    if (decision instanceof RegisterDecision.Reject reject) {
      return answer(request, reject);
    }
    if (authenticator != null) {
      // RFC 3261 §10.3 steps 3, 4, after the To check so that the realm is the AOR's domain
      String aor = decision.aor();
      int at = aor.lastIndexOf('@');
      RegisterAuthenticator.Outcome outcome =
          authenticator.check(request, aor.substring(at + 1), aor.substring(0, Math.max(at, 0)));
      if (outcome instanceof RegisterAuthenticator.Refuse refuse) {
        return new Answer(refuse.status(), refuse.response());
      }
    }
    if (decision instanceof RegisterDecision.Update u) {
      context.ask(UpdateResult.class, AorEntity.entityRef(sharding, u.aor()), ASK_TIMEOUT,
          replyTo -> new AorEntity.UpdateBindings(u.contacts(), u.callId(), u.cseq(), flowToken, u.path(), received,
              replyTo),
          (result, failure) -> adapt.apply(answer(request, result, u.path(), u.outbound())));
    } else if (decision instanceof RegisterDecision.RemoveAll r) {
      context.ask(UpdateResult.class, AorEntity.entityRef(sharding, r.aor()), ASK_TIMEOUT,
          replyTo -> new AorEntity.RemoveAll(r.callId(), r.cseq(), replyTo),
          (result, failure) -> adapt.apply(answer(request, result, List.of(), false)));
    } else if (decision instanceof RegisterDecision.Query q) {
      context.ask(Bindings.class, AorEntity.entityRef(sharding, q.aor()), ASK_TIMEOUT, AorEntity.GetBindings::new,
          (bindings, failure) -> adapt.apply(
              answer(request, bindings == null ? null : new UpdateResult.Updated(bindings.bindings()), List.of(), false)));
    }
    return null;
  }

  /** RFC 3261 §10.3 steps 7, 8: the location service's answer (null: it failed or timed out). */
  private Answer answer(SipRequest request, UpdateResult result, List<String> path, boolean outbound) {
    if (result == null) {
      return answer(request, new RegisterDecision.Reject(500, "Server Internal Error", 0));
    }
    RegisterDecision.Reject refusal = RegisterResponses.refusal(result);
    if (refusal != null) {
      return answer(request, refusal);
    }
    return new Answer(200, RegisterResponses.ok(request, ((UpdateResult.Updated) result).bindings(), path, outbound,
        System.currentTimeMillis(), serverHeader));
  }

  private Answer answer(SipRequest request, RegisterDecision.Reject reject) {
    return new Answer(reject.status(), RegisterResponses.reject(request, reject, serverHeader));
  }
}
