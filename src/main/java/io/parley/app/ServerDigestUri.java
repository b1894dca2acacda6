package io.parley.app;

import io.parley.message.SipParseException;
import io.parley.message.uri.SipUri;
import io.parley.proxy.LocalIdentity;
import java.util.function.BiPredicate;

/**
 * Which digest-uri a node accepts for a request (RFC 3261 §22.4): the Request-URI, compared as
 * URIs ({@code DigestAuthenticator.sameUri}) — or a URI naming this server itself, no user part,
 * one of our domains or socket addresses. SIPp signs {@code uri="sip:host:port"} of the server it
 * sends to rather than the Request-URI, for REGISTER and INVITE alike; refusing that would lock it
 * out under the default configuration, and Kamailio does not compare the two at all. A response
 * computed for the server's URI cannot be replayed onto another request anyway: the nonce count
 * refuses a second request with the same nonce and nc, and a failure spends the nonce.
 *
 * <p>The node's addresses are known once its sockets are bound ({@link #servedBy}); before that
 * only the Request-URI is accepted. Thread-safe.
 */
final class ServerDigestUri implements BiPredicate<String, String> {
  private final BiPredicate<String, String> sameUri;
  private volatile LocalIdentity identity;

  /** @param sameUri whether a digest-uri names the Request-URI */
  ServerDigestUri(BiPredicate<String, String> sameUri) {
    this.sameUri = sameUri;
  }

  /** From now on, a digest-uri naming {@code identity}'s server is accepted too. */
  void servedBy(LocalIdentity identity) {
    this.identity = identity;
  }

  @Override
  public boolean test(String digestUri, String requestUri) {
    if (sameUri.test(digestUri, requestUri)) {
      return true;
    }
    LocalIdentity us = identity;
    if (us == null) {
      return false;
    }
    try {
      return us.isServer(SipUri.parse(digestUri));
    } catch (SipParseException | IllegalArgumentException notSip) {
      return false;
    }
  }
}
