package io.parley.call;

import io.parley.message.ResponseFactory;
import io.parley.message.SipParser;
import io.parley.message.SipRequest;

/** The far end of a branch: its answers to what the proxy sent it (RFC 3261 §8.2.6). */
final class Uas {
  private Uas() {}

  /** The response a UAS gives to {@code request}, every Via copied, its To tag {@code tag}. */
  static byte[] answer(RecordingSender.Sent request, int status, String reason, String tag) {
    SipRequest r = (SipRequest) SipParser.parse(request.bytes());
    ResponseFactory.Response response = ResponseFactory.response(r, status, reason);
    return (tag == null ? response : response.toTag(tag)).build();
  }
}
