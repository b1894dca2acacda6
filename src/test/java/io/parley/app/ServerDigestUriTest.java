package io.parley.app;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.parley.auth.DigestAuthenticator;
import io.parley.auth.DigestUriCheck;
import io.parley.proxy.LocalIdentity;
import java.net.InetSocketAddress;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Which digest-uri each {@code parley.auth.check-digest-uri} accepts (RFC 7616 §3.4.6). */
class ServerDigestUriTest {
  private static final LocalIdentity US = new LocalIdentity(List.of("example.com"),
      List.of(new InetSocketAddress("127.0.0.1", 5060)));

  private static ServerDigestUri check(DigestUriCheck check) {
    ServerDigestUri uris = new ServerDigestUri(DigestAuthenticator::sameUri, check);
    uris.servedBy(US);
    return uris;
  }

  @Test
  void requestOrServerAcceptsTheRequestUriAndOurOwnUris() {
    ServerDigestUri uris = check(DigestUriCheck.REQUEST_OR_SERVER);
    assertTrue(uris.test("sip:bob@example.com", "sip:bob@example.com"));
    // RFC 3261 §19.1.4: compared as URIs, not as strings
    assertTrue(uris.test("sip:bob@EXAMPLE.com", "sip:bob@example.com"));
    // SIPp signs the address it sends to; a REGISTER's Request-URI is the domain
    assertTrue(uris.test("sip:127.0.0.1:5060", "sip:bob@example.com"));
    assertTrue(uris.test("sip:example.com", "sip:bob@example.com"));
    assertFalse(uris.test("sip:carol@example.com", "sip:bob@example.com"), "another user's URI");
    assertFalse(uris.test("sip:127.0.0.1:5070", "sip:bob@example.com"), "another port");
    assertFalse(uris.test("sip:example.org", "sip:bob@example.com"), "another domain");
    assertFalse(uris.test("not a uri", "sip:bob@example.com"));
  }

  @Test
  void beforeTheSocketsAreBoundOnlyTheRequestUriIsAccepted() {
    ServerDigestUri uris = new ServerDigestUri(DigestAuthenticator::sameUri, DigestUriCheck.REQUEST_OR_SERVER);
    assertTrue(uris.test("sip:bob@example.com", "sip:bob@example.com"));
    assertFalse(uris.test("sip:127.0.0.1:5060", "sip:bob@example.com"));
  }

  @Test
  void requestAcceptsTheRequestUriOnly() {
    ServerDigestUri uris = check(DigestUriCheck.REQUEST);
    assertTrue(uris.test("sip:bob@example.com", "sip:bob@example.com"));
    assertFalse(uris.test("sip:127.0.0.1:5060", "sip:bob@example.com"));
    assertFalse(uris.test("sip:example.com", "sip:bob@example.com"));
  }

  @Test
  void offAcceptsAnyUri() {
    ServerDigestUri uris = check(DigestUriCheck.OFF);
    assertTrue(uris.test("sip:carol@example.org", "sip:bob@example.com"));
    assertTrue(uris.test("not a uri", "sip:bob@example.com"));
  }
}
