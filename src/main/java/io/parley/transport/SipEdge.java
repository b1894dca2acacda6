package io.parley.transport;

import io.parley.message.MessageValidator;
import io.parley.message.ResponseFactory;
import io.parley.message.SipLimits;
import io.parley.message.SipMessage;
import io.parley.message.SipParseException;
import io.parley.message.SipParser;
import io.parley.message.SipRequest;
import io.parley.message.SipResponse;
import java.util.Objects;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Where bytes become messages: every frame a transport receives is parsed and validated here, on
 * the receiving thread, and only a valid message goes on to the core.
 *
 * <p>A request that fails is answered straight from here through the flow it came on, with the
 * status the parser chose (400, 505 for a SIP version other than 2.0, 513 for an over-size
 * message; RFC 3261 §21.4.1, §21.5.6, §21.4.24) and a reason phrase naming the problem — except an
 * ACK, which is never answered (RFC 3261 §17.2.1), and a request so broken that no Via could be
 * found. A malformed response is dropped (RFC 3261 §18.1.2). All three are counted.
 */
public final class SipEdge implements InboundHandler {
  private static final Logger log = LoggerFactory.getLogger(SipEdge.class);

  private final SipLimits limits;
  private final SipMessageHandler core;
  private final EdgeStats stats = new EdgeStats();
  private final SipTraffic traffic = new SipTraffic();
  private volatile SipSender sender;

  public SipEdge(SipLimits limits, SipMessageHandler core) {
    this.limits = Objects.requireNonNull(limits);
    this.core = Objects.requireNonNull(core);
  }

  /** The sender error responses leave through; set once the transports exist. */
  public void bind(SipSender sender) {
    this.sender = sender;
  }

  public EdgeStats stats() {
    return stats;
  }

  /** What the edge lets through, by method and status code; hand it to the transport layer for what is sent. */
  public SipTraffic traffic() {
    return traffic;
  }

  @Override
  public void onFrame(byte[] data, int offset, int length, Flow flow) {
    SipMessage message;
    try {
      message = SipParser.parse(data, offset, length, limits);
      MessageValidator.validate(message);
    } catch (SipParseException e) {
      reject(data, offset, length, flow, e);
      return;
    }
    if (message instanceof SipRequest request) {
      traffic.requestReceived(request.method());
      core.onRequest(request, flow);
    } else {
      SipResponse response = (SipResponse) message;
      traffic.responseReceived(response.statusCode());
      core.onResponse(response, flow);
    }
  }

  private void reject(byte[] data, int offset, int length, Flow flow, SipParseException e) {
    if (startsWith(data, offset, length, "SIP/")) {
      stats.responsesDropped.increment();
      log.debug("dropped a malformed response from {}: {}", flow.remote(), e.reason());
      return;
    }
    if (startsWith(data, offset, length, "ACK ")) {
      stats.unanswerable.increment();
      log.debug("dropped a malformed ACK from {}: {}", flow.remote(), e.reason());
      return;
    }
    byte[] answer = ResponseFactory.badRequest(data, offset, length, e);
    SipSender out = sender;
    if (answer == null || out == null) {
      stats.unanswerable.increment();
      log.debug("dropped an unanswerable request from {}: {}", flow.remote(), e.reason());
      return;
    }
    stats.requestsRejected.increment();
    log.debug("answered {} {} to {}", e.status(), e.reason(), flow.remote());
    out.send(flow, answer);
  }

  private static boolean startsWith(byte[] data, int offset, int length, String prefix) {
    if (length < prefix.length()) {
      return false;
    }
    for (int i = 0; i < prefix.length(); i++) {
      if (data[offset + i] != prefix.charAt(i)) {
        return false;
      }
    }
    return true;
  }
}
