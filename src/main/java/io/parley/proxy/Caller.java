package io.parley.proxy;

/**
 * Who is asking this proxy to forward a request, as {@link ProxyAuthorizer} found out: what the
 * request may do, and what it may learn (a stranger cannot tell a subscriber without a binding
 * from no subscriber at all).
 */
public enum Caller {
  /** A source on the trusted-peer list (a gateway, another proxy): not challenged, not limited. */
  TRUSTED,
  /** A user of one of our domains who proved it with digest credentials (RFC 3261 §22.3). */
  SUBSCRIBER,
  /**
   * Anyone else: a foreign domain's caller, an unchallenged in-dialog request, or one of our
   * domains' From believed without a challenge ({@code parley.proxy.authenticate = false}).
   */
  STRANGER;

  /** Whether the caller proved who it is, or is trusted by address. */
  public boolean isKnown() {
    return this != STRANGER;
  }
}
