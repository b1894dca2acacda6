package io.parley.proxy;

import io.parley.message.HeaderName;
import io.parley.message.MessageBuilder;
import io.parley.message.SipResponse;
import java.util.ArrayList;
import java.util.List;

/**
 * The final responses of a response context's branches, and the choice among them (RFC 3261
 * §16.7 item 6): a 6xx if there is one; else the lowest class; within a class the responses that
 * help a resubmission first (401, 407, 415, 420, 484), a 503 last (item 6: it is not forwarded
 * unless the proxy itself is overloaded, so it becomes a 500), then the lowest code, then the
 * first to arrive; a give-up without a response comes after every real response of its class.
 *
 * <p>A branch that gave up without a response counts as a 408 (Timer B, F or C, item 2 and
 * §16.8), one whose transport failed as a 503 (§16.9); they carry no message.
 */
final class BestResponse {
  /** A final response, or a branch's give-up standing for one ({@code response} null). */
  record Candidate(int status, SipResponse response) {}

  private final List<Candidate> finals = new ArrayList<>(2);

  void add(int status, SipResponse response) {
    finals.add(new Candidate(status, response));
  }

  boolean isEmpty() {
    return finals.isEmpty();
  }

  /** The best candidate, or null when there is none. */
  Candidate best() {
    Candidate best = null;
    for (Candidate c : finals) {
      if (best == null || better(c, best)) {
        best = c;
      }
    }
    return best;
  }

  private static boolean better(Candidate a, Candidate b) {
    int ca = a.status / 100;
    int cb = b.status / 100;
    if (ca != cb) {
      return ca == 6 || (cb != 6 && ca < cb);
    }
    int ra = rank(a);
    int rb = rank(b);
    return ra != rb ? ra < rb : a.status < b.status; // equal: the earlier one stays
  }

  /**
   * 0: helps a resubmission; 1: ordinary; 2: a 503; 3: a give-up without a response, which says
   * least about the callee (a busy phone's 486 beats another branch's timeout).
   */
  private static int rank(Candidate c) {
    if (c.response == null) {
      return 3;
    }
    return switch (c.status) {
      case 401, 407, 415, 420, 484 -> 0;
      case 503 -> 2;
      default -> 1;
    };
  }

  /**
   * {@code chosen} without its topmost Via (item 3) and, when it is a 401 or 407, with the
   * WWW-Authenticate and Proxy-Authenticate values of every other 401 and 407 added unchanged
   * (item 7), in one output array.
   */
  byte[] forwardable(Candidate chosen) {
    MessageBuilder b = withoutTopVia(chosen.response);
    if (chosen.status == 401 || chosen.status == 407) {
      for (Candidate c : finals) {
        if (c != chosen && c.response != null && (c.status == 401 || c.status == 407)) {
          copy(b, c.response, HeaderName.WWW_AUTHENTICATE);
          copy(b, c.response, HeaderName.PROXY_AUTHENTICATE);
        }
      }
    }
    return b.build();
  }

  /** A response as it goes upstream: our Via, the topmost, removed (RFC 3261 §16.7 item 3). */
  static MessageBuilder withoutTopVia(SipResponse response) {
    MessageBuilder b = MessageBuilder.edit(response);
    int via = response.first(HeaderName.VIA);
    if (via >= 0) {
      b.removeFirstValue(via);
    }
    return b;
  }

  private static void copy(MessageBuilder b, SipResponse from, HeaderName name) {
    for (int i = from.first(name); i >= 0; i = from.next(name, i)) {
      b.addLast(name.wireName(), from.valueAt(i));
    }
  }
}
