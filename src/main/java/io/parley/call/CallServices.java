package io.parley.call;

import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.cluster.sharding.typed.ShardingEnvelope;
import io.parley.proxy.BranchRouting;
import io.parley.proxy.LocalIdentity;
import io.parley.proxy.LocationLookup;
import io.parley.proxy.ProxyAuthorizer;
import io.parley.proxy.ProxySettings;
import io.parley.proxy.RequestForwarder;
import io.parley.proxy.RequestValidation;
import io.parley.proxy.RoutePreprocessing;
import io.parley.proxy.RouteToken;
import io.parley.proxy.TargetResolver;
import io.parley.transaction.HostResolver;
import io.parley.transaction.InviteRules;
import io.parley.transaction.SipPort;
import io.parley.transaction.TimerSettings;

/**
 * What every call entity of a node shares: the node's sockets, its identity, and the proxy's
 * rules. Immutable and thread-safe; one per node.
 */
public final class CallServices {
  final SipPort port;
  final HostResolver resolver;
  final TimerSettings timers;
  final ProxySettings proxy;
  final RequestValidation validation;
  final RoutePreprocessing preprocessing;
  final TargetResolver targets;
  final RequestForwarder forwarder;
  final String serverHeader;
  final InviteRules inviteRules = InviteRules.RFC_6026;
  final LocalIdentity identity;
  final LocationLookup location;
  final ProxyAuthorizer authorizer;
  final BranchRouting routing;
  final CallLoad load;
  final DialogServices dialogs;
  final ParkedCalls parked = new ParkedCalls();
  final CallHomes homes;
  /** The entities running here, reached without sharding's actors; null without homes (tests). */
  final LocalCalls local;
  /** Finished calls' transactions waiting out their timers; null without homes (tests). */
  final FinishedTransactions finished;
  /** The media relay ({@code parley.nat.media-relay}), or null when it is never used. */
  volatile MediaRelay media;
  /** The call entities' shard region, once {@link CallEntity#init} has started it. */
  volatile ActorRef<ShardingEnvelope<CallEntity.Command>> region;

  /**
   * @param authorizer who may have requests proxied (RFC 3261 §22.3, no open relay)
   * @param tokens the proof our Record-Route values carry ({@link RouteToken})
   * @param load where the entities count themselves, for the edge's limits
   * @param homes where the node's calls live ({@link CallHomes})
   * @param dialogs how dialogs are tracked ({@link DialogServices#OFF}: not at all)
   * @param location the location service's step of target resolution (RFC 3261 §16.5), with the
   *     node's cache of lookups ({@link LocationLookup#of}); it knows which AORs are subscribers
   */
  public CallServices(SipPort port, HostResolver resolver, TimerSettings timers, ProxySettings proxy,
      LocalIdentity identity, String serverHeader, ProxyAuthorizer authorizer, RouteToken tokens, CallLoad load,
      CallHomes homes, DialogServices dialogs, LocationLookup location) {
    this.homes = homes;
    this.local = homes == null ? null : new LocalCalls(homes.own());
    this.finished = homes == null ? null : new FinishedTransactions(port);
    this.dialogs = dialogs;
    this.authorizer = authorizer;
    this.load = load;
    this.identity = identity;
    this.location = location;
    this.port = port;
    this.routing = new BranchRouting(port);
    this.resolver = resolver;
    this.timers = timers;
    this.proxy = proxy;
    this.validation = new RequestValidation(identity, serverHeader);
    this.preprocessing = new RoutePreprocessing(identity, tokens);
    this.targets = new TargetResolver(identity, proxy.staticRoutes());
    this.forwarder = new RequestForwarder(proxy, tokens);
    this.serverHeader = serverHeader;
  }

  /** Where the node's calls live. */
  public CallHomes homes() {
    return homes;
  }

  /** The entities running on this node, as the edge reaches them; null without homes. */
  public LocalCalls local() {
    return local;
  }

  /** Finished calls' transactions, as the edge asks them first; null without homes. */
  public FinishedTransactions finished() {
    return finished;
  }

  /** The node's parked calls (confirmed, quiet, their entities stopped). */
  public ParkedCalls parked() {
    return parked;
  }

  /** Calls go through {@code media} from now on, as its mode says. */
  public void relayMediaThrough(MediaRelay media) {
    this.media = media;
  }
}
