package io.parley.transaction;

import java.time.Duration;
import java.util.Objects;

/**
 * What a transaction still does while it waits out its last timer, when nothing but
 * retransmissions can reach it: Timers D, I, J and K (RFC 3261 §17.1.1.2, §17.2.1, §17.2.2,
 * §17.1.2.2) and RFC 6026's Timers L and M. Its host may then keep these few fields in place of
 * the machine, for at most {@code duration}.
 *
 * <ul>
 *   <li>a non-INVITE server transaction in Completed answers a retransmitted request with
 *       {@code resend}, its final response;
 *   <li>an INVITE client transaction in Completed answers a retransmitted final response with
 *       {@code resend}, its ACK;
 *   <li>an INVITE client transaction in Accepted {@code passesUp} every 2xx: the TU forwards it;
 *   <li>the others (an INVITE server transaction in Accepted or Confirmed, a non-INVITE client
 *       transaction in Completed) absorb what matches them: {@code resend} is null.
 * </ul>
 *
 * @param <M> the SIP message type
 */
public record Lingering<M>(M resend, boolean passesUp, Duration duration) {
  public Lingering {
    Objects.requireNonNull(duration, "duration");
  }
}
