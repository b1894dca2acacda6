package io.parley.route;

import io.parley.call.CallLoad;
import io.parley.common.Tags;
import io.parley.message.Method;
import io.parley.message.ResponseFactory;
import io.parley.message.SipRequest;
import io.parley.message.uri.SipUri;
import io.parley.proxy.AorDirectory;
import io.parley.proxy.LocalIdentity;
import io.parley.proxy.PreprocessedRequest;
import io.parley.proxy.ProxyAuthorizer;
import io.parley.proxy.RequestValidation;
import io.parley.proxy.RoutePreprocessing;
import io.parley.proxy.StatelessCore;
import io.parley.proxy.TargetResolver;
import java.net.InetAddress;
import java.time.Duration;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Predicate;

/**
 * Where a request goes as it arrives, decided on the thread that read it without any state kept for
 * it, in the order of Kamailio's default {@code request_route}:
 *
 * <ol>
 *   <li>an ACK that echoes the tag of our stateless answers ({@link Tags#stateless()}) ends here
 *       (Kamailio's {@code sl_filter_ACK}); any other ACK goes to its call, which matches it to a
 *       transaction or forwards it along a route set of ours;
 *   <li>a request to the server itself: REGISTER to the registrar, the rest answered here
 *       ({@link StatelessCore}, RFC 3261 §11) — unless its Request-URI is a Record-Route of ours
 *       that a strict router put there, with the real destination in the last Route (§16.4);
 *   <li>a CANCEL goes to its call: only there is the INVITE it cancels known (§16.10);
 *   <li>the proxy's checks (§16.3, {@link RequestValidation}) and route preprocessing (§16.4),
 *       then who may have it forwarded where ({@link ProxyAuthorizer}): every refusal — 416, 483,
 *       482, 420, the 407 challenge, 403, 404 — is answered here, statelessly (§16.11), so a
 *       sender who never answers a challenge costs no memory at all;
 *   <li>a request for a user of our domains who is neither a subscriber nor an alias gets 404
 *       here, without asking the location service, when the registrar authenticates (then no
 *       one else can have bindings);
 *   <li>past the node's limits ({@link CallLoad}) a new request out of a dialog gets 503 with
 *       Retry-After (RFC 3261 §21.5.4) instead of state; in-dialog requests (a BYE) still go to
 *       their call;
 *   <li>everything else goes to the call entity of its Call-ID, as authorized.
 * </ol>
 *
 * <p>Thread-safe; one per node.
 */
public final class RequestRoute {
  /** Seconds a client is asked to wait after a 503 (RFC 3261 §20.33). */
  static final int RETRY_AFTER = 5;

  /** What to do with a request. */
  public sealed interface Step {}

  /**
   * Send {@code response} back through the flow the request came on, after {@code delay}: a
   * failed authentication of a user under a guessing attack is answered late
   * ({@code parley.auth.failures}).
   */
  public record Answer(byte[] response, Duration delay) implements Step {
    public Answer(byte[] response) {
      this(response, Duration.ZERO);
    }
  }

  /** Hand it to the registrar (RFC 3261 §10.3). */
  public enum Register implements Step { INSTANCE }

  /**
   * Hand it to the call entity of its Call-ID.
   *
   * @param admitted the request as authorized; null for an ACK or CANCEL, which the call matches
   * @param home the home of the call ({@code cluster/HomeShards}) that the request's route set of
   *     ours names; null: none does, the call is this node's
   */
  public record ToCall(PreprocessedRequest admitted, String home) implements Step {
    public ToCall(PreprocessedRequest admitted) {
      this(admitted, admitted.home());
    }
  }

  /** Nothing to send: an ACK, which is never answered (RFC 3261 §17). */
  public record Drop(String reason) implements Step {}

  private static final ToCall MATCH_IN_CALL = new ToCall(null, null);
  private static final Drop STATELESS_ACK = new Drop("the ACK of a stateless answer");

  private final LocalIdentity identity;
  private final StatelessCore core;
  private final RequestValidation validation;
  private final RoutePreprocessing preprocessing;
  private final ProxyAuthorizer authorizer;
  private final TargetResolver targets;
  private final AorDirectory directory;
  private final boolean onlySubscribersHaveBindings;
  private final CallLoad load;
  private final String serverHeader;
  private final LongAdder statelessAcks = new LongAdder();
  private final LongAdder unknownUsers = new LongAdder();
  private final LongAdder overloaded = new LongAdder();
  /** Whether this node holds the call of a Call-ID: a request for it is no new work. */
  private final Predicate<String> heldCall;

  /**
   * @param onlySubscribersHaveBindings whether the registrar authenticates every REGISTER, so an
   *     AOR that is no subscriber can have no binding to look up
   * @param serverHeader the Server field of the answers made here; empty: none
   */
  public RequestRoute(LocalIdentity identity, StatelessCore core, RequestValidation validation,
      RoutePreprocessing preprocessing, ProxyAuthorizer authorizer, TargetResolver targets, AorDirectory directory,
      boolean onlySubscribersHaveBindings, CallLoad load, String serverHeader, Predicate<String> heldCall) {
    this.heldCall = heldCall;
    this.identity = identity;
    this.core = core;
    this.validation = validation;
    this.preprocessing = preprocessing;
    this.authorizer = authorizer;
    this.targets = targets;
    this.directory = directory;
    this.onlySubscribersHaveBindings = onlySubscribersHaveBindings;
    this.load = load;
    this.serverHeader = serverHeader;
  }

  /**
   * The step for {@code request}, which arrived from {@code source}.
   *
   * @param now {@link System#nanoTime()}
   */
  public Step route(SipRequest request, InetAddress source, long now) {
    Method method = request.method();
    if (method == Method.ACK) {
      if (Tags.isStateless(request.routing().to().tag())) {
        statelessAcks.increment();
        return STATELESS_ACK;
      }
      return matchInCall(request);
    }
    if (request.uri() instanceof SipUri uri && identity.isServer(uri) && !isStrictRouted(request, uri)) {
      if (method == Method.REGISTER) {
        return Register.INSTANCE;
      }
      byte[] answer = core.handle(request);
      return answer == null ? new Drop("nothing to answer") : new Answer(answer);
    }
    if (method == Method.CANCEL) {
      return matchInCall(request);
    }
    // overload control: a request that would open a call is refused before anything is spent
    // on it, unless it is a retransmission of one the node holds (its call answers it)
    if (request.routing().to().tag() == null && load.behind(now) && !heldCall.test(request.routing().callId())) {
      overloaded.increment();
      return new Answer(answer(request, 503, "Service Unavailable")
          .header("Retry-After", Integer.toString(RETRY_AFTER)).build());
    }
    RequestValidation.Verdict verdict = validation.check(request);
    if (verdict instanceof RequestValidation.Respond respond) {
      return new Answer(respond.response());
    }
    if (verdict instanceof RequestValidation.Discard) {
      return new Drop("failed the proxy's checks");
    }
    ProxyAuthorizer.Decision decision = authorizer.authorize(preprocessing.apply(request), source);
    if (decision instanceof ProxyAuthorizer.Refuse refuse) {
      return new Answer(refuse.response(), refuse.delay());
    }
    if (decision instanceof ProxyAuthorizer.Discard discard) {
      return new Drop(discard.reason());
    }
    PreprocessedRequest admitted = ((ProxyAuthorizer.Forward) decision).request();
    if (onlySubscribersHaveBindings && isNoSubscriber(admitted)) {
      unknownUsers.increment();
      return new Answer(answer(request, TargetResolver.NOT_FOUND.status(), TargetResolver.NOT_FOUND.reason()).build());
    }
    // an in-dialog request (a BYE above all) belongs to a call the node already carries: refusing
    // it would leave that call up, so only requests that open a call are shed
    if (request.routing().to().tag() == null && !load.admits(admitted.caller(), now)) {
      overloaded.increment();
      return new Answer(answer(request, 503, "Service Unavailable")
          .header("Retry-After", Integer.toString(RETRY_AFTER)).build());
    }
    return new ToCall(admitted);
  }

  /**
   * An ACK or CANCEL, for its call to match: the call of the route set it follows (the ACK of a
   * 2xx, the CANCEL of a re-INVITE), else this node's, where the INVITE it goes with arrived.
   */
  private ToCall matchInCall(SipRequest request) {
    if (request.first(io.parley.message.HeaderName.ROUTE) < 0) {
      return MATCH_IN_CALL;
    }
    String home = preprocessing.home(request);
    return home == null ? MATCH_IN_CALL : new ToCall(null, home);
  }

  /**
   * What the route turned away, counted.
   *
   * @param statelessAcks ACKs of our stateless answers, absorbed
   * @param unknownUsers requests for users of ours that are no subscriber, answered 404 here
   * @param overloaded new requests answered 503 for the node's limits
   * @param relayDenied strangers' requests for foreign destinations, answered 403
   * @param notOurDialog requests with a To tag that followed no route set of ours: 404, or dropped (ACK)
   * @param routesRemoved strangers' initial requests whose preloaded Routes were removed
   */
  public record Stats(long statelessAcks, long unknownUsers, long overloaded, long relayDenied, long notOurDialog,
      long routesRemoved) {}

  public Stats stats() {
    return new Stats(statelessAcks.sum(), unknownUsers.sum(), overloaded.sum(), authorizer.relayDenied(),
        authorizer.notOurDialog(), authorizer.routesRemoved());
  }

  /** ACKs of our stateless answers, absorbed. */
  public long statelessAcks() {
    return statelessAcks.sum();
  }

  /** Requests for users of our domains that are no subscriber, answered 404 here. */
  public long unknownUsers() {
    return unknownUsers.sum();
  }

  /** New requests answered 503 for the node's limits. */
  public long overloaded() {
    return overloaded.sum();
  }

  /**
   * Whether {@code uri}, one of ours, is a Record-Route of ours that a strict router (RFC 2543)
   * put in the Request-URI, the next hop being the last Route (RFC 3261 §16.4): a request to be
   * routed, not one for the server.
   */
  private static boolean isStrictRouted(SipRequest request, SipUri uri) {
    return uri.lr() && !request.routes().isEmpty();
  }

  /** Whether the location service would be asked about an AOR that names no subscriber or alias. */
  private boolean isNoSubscriber(PreprocessedRequest admitted) {
    if (!(targets.resolve(admitted) instanceof TargetResolver.Lookup lookup)) {
      return false;
    }
    SipUri uri = lookup.requestUri();
    return directory.canonicalAor(uri.user(), uri.host()) == null;
  }

  private ResponseFactory.Response answer(SipRequest request, int status, String reason) {
    ResponseFactory.Response r = ResponseFactory.stateless(request, status, reason);
    if (!serverHeader.isEmpty()) {
      r.header("Server", serverHeader);
    }
    return r;
  }
}
