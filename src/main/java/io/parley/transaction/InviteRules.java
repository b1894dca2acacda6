package io.parley.transaction;

/**
 * What an INVITE transaction does with a 2xx final response.
 *
 * <p>RFC 3261 §17.1.1.2 and §17.2.1 end both INVITE transactions at the 2xx, which makes a
 * retransmitted INVITE look like a new request and leaves later 2xx from other forks without a
 * transaction. RFC 6026 §7.1 corrects this with an "Accepted" state (Timer L on the server
 * side, §8.7; Timer M on the client side, §8.4) in which retransmitted INVITEs are absorbed and
 * every further 2xx is still forwarded — a proxy must forward every 2xx (RFC 3261 §16.7 step 5).
 * {@link #RFC_6026} is what a proxy wants and the default everywhere in Parley.
 */
public enum InviteRules {
  /** RFC 3261 as published: a 2xx terminates the INVITE transaction at once. */
  RFC_3261,
  /** RFC 6026: a 2xx moves the INVITE transaction to Accepted for 64*T1. */
  RFC_6026
}
