package io.parley.call;

import io.parley.auth.AuthSettings;
import io.parley.auth.DigestAuthenticator;
import io.parley.auth.DigestVerifier;
import io.parley.auth.NonceCountTracker;
import io.parley.auth.NonceService;
import io.parley.proxy.LocationLookup;
import io.parley.message.Method;
import io.parley.message.SipParser;
import io.parley.message.SipRequest;
import io.parley.message.uri.SipUri;
import io.parley.proxy.AorDirectory;
import io.parley.proxy.LocalIdentity;
import io.parley.proxy.PreprocessedRequest;
import io.parley.proxy.ProxyAuthSettings;
import io.parley.proxy.ProxyAuthorizer;
import io.parley.proxy.ProxySettings;
import io.parley.proxy.RouteToken;
import io.parley.proxy.StaticRoutes;
import io.parley.transaction.HostResolver;
import io.parley.transaction.Inbound;
import io.parley.transaction.SipPort;
import io.parley.transaction.TimerSettings;
import io.parley.transport.Flow;
import io.parley.transport.FlowId;
import io.parley.transport.Transport;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.pekko.actor.typed.ActorRef;

/**
 * The services of a call entity with a transport that only records ({@link RecordingSender}):
 * the proxy at 127.0.0.1:5060 (UDP and TCP) serving example.com, requests from a trusted peer at
 * 127.0.0.1:5062, so they pass {@link ProxyAuthorizer} without a challenge and go where their
 * Request-URI, Route or a static route says. No location service: these tests route statically.
 */
final class CallFixture implements AutoCloseable {
  static final InetSocketAddress PROXY = new InetSocketAddress("127.0.0.1", 5060);
  static final InetSocketAddress CALLER = new InetSocketAddress("127.0.0.1", 5062);
  /** The home of the calls under test (cluster/HomeShards). */
  static final String HOME = "home01";
  static final RouteToken TOKENS = RouteToken.forSecret("0123456789abcdef-call-test");

  final CallServices services;
  final CallLoad load = new CallLoad(CallLimits.DEFAULT);
  final Flow callerFlow = new Flow(new FlowId("node-1", Transport.UDP, 1), Transport.UDP, PROXY, CALLER);
  private final HostResolver resolver = new HostResolver();

  /** @param staticRoutes match URI → target URIs ({@code parley.routing.static}) */
  CallFixture(ActorRef<RecordingSender.Sent> wire, Map<String, List<String>> staticRoutes) {
    this(wire, staticRoutes, DialogServices.OFF);
  }

  /**
   * @param staticRoutes match URI → target URIs ({@code parley.routing.static})
   * @param dialogs how the entities track dialogs ({@link DialogServices#OFF}: not at all)
   */
  CallFixture(ActorRef<RecordingSender.Sent> wire, Map<String, List<String>> staticRoutes, DialogServices dialogs) {
    LocalIdentity identity = new LocalIdentity(List.of("example.com"), List.of(PROXY));
    Map<SipUri, List<SipUri>> table = new LinkedHashMap<>();
    staticRoutes.forEach((match, targets) -> table.put(SipUri.parse(match), targets.stream().map(SipUri::parse).toList()));
    ProxySettings proxy = new ProxySettings(true, StaticRoutes.of(table), Duration.ofSeconds(180), 10);
    Clock clock = Clock.systemUTC();
    NonceService nonces = new NonceService("0123456789abcdef0123".getBytes(StandardCharsets.UTF_8),
        Duration.ofSeconds(300), Duration.ofSeconds(5), clock);
    DigestAuthenticator digest = new DigestAuthenticator(AuthSettings.DEFAULT, nonces,
        new DigestVerifier(nonces, new NonceCountTracker(Duration.ofMinutes(10), 1000, clock)),
        (user, realm, algorithm) -> Optional.empty(), "");
    ProxyAuthorizer authorizer = new ProxyAuthorizer(ProxyAuthSettings.DEFAULT, identity, digest,
        (user, domain) -> Optional.empty(), source -> source.equals(CALLER.getAddress()));
    SipPort port = new SipPort(new RecordingSender(wire), Map.of(Transport.UDP, PROXY, Transport.TCP, PROXY));
    // no sharding: nothing here asks the location service
    services = new CallServices(port, resolver, TimerSettings.DEFAULT, proxy, identity, "", authorizer, TOKENS, load,
        CallHomes.alone(HOME), dialogs, LocationLookup.uncached(null, AorDirectory.NONE));
  }

  CallFixture(ActorRef<RecordingSender.Sent> wire) {
    this(wire, Map.of());
  }

  static SipRequest request(String text) {
    return (SipRequest) SipParser.parse(crlf(text));
  }

  static byte[] crlf(String text) {
    return text.replace("\r\n", "\n").replace("\n", "\r\n").getBytes(StandardCharsets.UTF_8);
  }

  /** {@code text} as it reaches its call entity from the caller, admitted as the edge would. */
  CallEntity.RequestReceived fromCaller(String text) {
    SipRequest request = request(text);
    PreprocessedRequest admitted = null;
    if (request.method() != Method.ACK && request.method() != Method.CANCEL) {
      admitted = ((ProxyAuthorizer.Forward) services.authorizer.authorize(services.preprocessing.apply(request),
          CALLER.getAddress())).request();
    }
    return new CallEntity.RequestReceived(new Inbound(request, callerFlow), admitted, System.nanoTime());
  }

  /** A response that arrived from {@code from}. */
  CallEntity.ResponseReceived response(byte[] bytes, InetSocketAddress from) {
    Flow flow = new Flow(new FlowId("node-1", Transport.UDP, from.getPort()), Transport.UDP, PROXY, from);
    return new CallEntity.ResponseReceived(new Inbound(SipParser.parse(bytes), flow));
  }

  @Override
  public void close() {
    resolver.close();
  }
}
