package io.parley.app;

import io.parley.message.SipLimits;
import io.parley.message.SipRequest;
import io.parley.message.SipResponse;
import io.parley.proxy.LocalIdentity;
import io.parley.proxy.StatelessCore;
import io.parley.transport.EdgeStats;
import io.parley.transport.Flow;
import io.parley.transport.SipEdge;
import io.parley.transport.SipListenSettings;
import io.parley.transport.SipMessageHandler;
import io.parley.transport.Transport;
import io.parley.transport.TransportLayer;
import io.parley.transport.TransportStats;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.LongAdder;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A node's SIP side: the sockets, the edge that parses and validates what they receive, and the
 * core that answers it. Everything runs on the receiving thread: on these machines a thread
 * hand-off costs more than the work (pekko-versions.md).
 */
final class SipService implements SipMessageHandler {
  private static final Logger log = LoggerFactory.getLogger(SipService.class);

  private final TransportLayer transports;
  private final SipEdge edge;
  private final LongAdder strayResponses = new LongAdder();
  private volatile StatelessCore core;

  private SipService(SipListenSettings settings, String node) {
    int max = settings.transport().maxMessageSize();
    SipLimits limits = new SipLimits(max, SipLimits.MAX_HEADERS, SipLimits.MAX_LINE_LENGTH);
    this.edge = new SipEdge(limits, this);
    this.transports = new TransportLayer(settings.listen(), node, edge, settings.transport());
    edge.bind(transports);
  }

  static SipService start(SipListenSettings settings, String node, List<String> domains, String serverHeader) {
    SipService service = new SipService(settings, node);
    service.transports.start();
    List<InetSocketAddress> bound = new ArrayList<>();
    for (Transport t : Transport.values()) {
      bound.addAll(service.transports.boundAddresses(t));
    }
    service.core = new StatelessCore(new LocalIdentity(domains, bound), serverHeader);
    log.info("SIP listening on {}", bound);
    return service;
  }

  @Override
  public void onRequest(SipRequest request, Flow flow) {
    StatelessCore c = core;
    if (c == null) {
      return; // between bind and start: the sender retransmits
    }
    byte[] answer = c.handle(request);
    if (answer != null) {
      transports.send(flow, answer);
    }
  }

  @Override
  public void onResponse(SipResponse response, Flow flow) {
    // no client transaction exists yet that a response could belong to (RFC 3261 §18.1.2)
    strayResponses.increment();
  }

  List<InetSocketAddress> boundAddresses(Transport transport) {
    return transports.boundAddresses(transport);
  }

  TransportStats.Snapshot transportStats() {
    return transports.stats().snapshot();
  }

  EdgeStats.Snapshot edgeStats() {
    return edge.stats().snapshot();
  }

  long strayResponses() {
    return strayResponses.sum();
  }

  void stop() {
    transports.stop();
  }
}
