package io.parley.transport;

import io.parley.message.SipRequest;
import io.parley.message.SipResponse;

/**
 * What the core does with a message that passed the edge: parsed, its routing fields valid.
 * Called on the receiving thread; must not block.
 */
public interface SipMessageHandler {
  void onRequest(SipRequest request, Flow flow);

  void onResponse(SipResponse response, Flow flow);
}
