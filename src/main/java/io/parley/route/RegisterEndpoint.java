package io.parley.route;

import io.parley.message.SipRequest;
import io.parley.registrar.Registrar;
import io.parley.transaction.Inbound;
import io.parley.transport.Flow;
import scala.concurrent.ExecutionContextExecutor;

/**
 * Where a REGISTER for one of our domains goes, straight from the thread that read it: the
 * registrar answers it without a transaction (RFC 3261 §8.2.7), as Kamailio's registrar does. A challenge
 * is answered before the request leaves the thread that read it; an accepted REGISTER is answered
 * once its AOR entity has applied it. No Call-ID entity and no transaction actor is created for
 * it, which is most of what a registration used to cost.
 *
 * <p>What a server transaction would have given, and how it is kept (RFC 3261 §17.2.2): a
 * retransmitted REGISTER is processed again and gets the same answer, because the location
 * service recognizes a request it already applied (same Call-ID and CSeq) and the nonce-count
 * check lets the same request through again. A REGISTER needs no 100 Trying: it is answered
 * well within T1 or retransmitted.
 *
 * <p>A failed attempt for a user under a guessing attack is answered after the delay the
 * registrar asks for ({@link Registrar.Answer#delay()}), by {@link DelayedAnswers}. A source banned for guessing gets no answer at all.
 */
final class RegisterEndpoint {
  private final Registrar registrar;
  private final DelayedAnswers answers;
  private final ExecutionContextExecutor executor;

  RegisterEndpoint(Registrar registrar, DelayedAnswers answers, ExecutionContextExecutor executor) {
    this.registrar = registrar;
    this.answers = answers;
    this.executor = executor;
  }

  /** Answers {@code request} through the flow it came on (RFC 3261 §18.2.2). */
  void onRegister(SipRequest request, Flow flow) {
    Inbound inbound = new Inbound(request, flow);
    // a flow closed meanwhile is refused, counted and logged by the transport layer; the UA
    // retransmits or registers again
    registrar.handle(request, inbound.flowToken(), inbound.receivedFrom(), flow.remote(), executor,
        answer -> answers.send(flow, answer.response(), answer.delay()));
  }
}
