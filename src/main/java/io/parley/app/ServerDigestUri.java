package io.parley.app;

import io.parley.auth.DigestUriCheck;
import io.parley.message.SipParseException;
import io.parley.message.uri.SipUri;
import io.parley.proxy.LocalIdentity;
import java.util.function.BiPredicate;

/**
 * Which digest-uri a node accepts for a request (RFC 3261 §22.4, RFC 7616 §3.4.6), as
 * {@code parley.auth.check-digest-uri} says ({@link DigestUriCheck}): the Request-URI, compared as
 * URIs ({@code DigestAuthenticator.sameUri}) — by default also a URI naming this server itself, no
 * user part, one of our domains or socket addresses — or any. SIPp signs {@code uri="sip:host:port"}
 * of the server it sends to rather than the Request-URI, for REGISTER and INVITE alike; refusing
 * that would lock it out under the default configuration, and Kamailio does not compare the two at
 * all. A response computed for the server's URI cannot be replayed onto another request anyway:
 * the nonce count refuses a second request with the same nonce and nc, and a failure spends the
 * nonce.
 *
 * <p>The node's addresses are known once its sockets are bound ({@link #servedBy}); before that
 * a server URI is not accepted. Thread-safe.
 */
final class ServerDigestUri implements BiPredicate<String, String> {
  private final BiPredicate<String, String> sameUri;
  private final DigestUriCheck check;
  private volatile LocalIdentity identity;

  /**
   * @param sameUri whether a digest-uri names the Request-URI
   * @param check which digest-uris are accepted
   */
  ServerDigestUri(BiPredicate<String, String> sameUri, DigestUriCheck check) {
    this.sameUri = sameUri;
    this.check = check;
  }

  /** From now on, a digest-uri naming {@code identity}'s server is accepted too. */
  void servedBy(LocalIdentity identity) {
    this.identity = identity;
  }

  @Override
  public boolean test(String digestUri, String requestUri) {
    if (check == DigestUriCheck.OFF || sameUri.test(digestUri, requestUri)) {
      return true;
    }
    LocalIdentity us = identity;
    if (us == null || check == DigestUriCheck.REQUEST) {
      return false;
    }
    try {
      return us.isServer(SipUri.parse(digestUri));
    } catch (SipParseException | IllegalArgumentException notSip) {
      return false;
    }
  }
}
