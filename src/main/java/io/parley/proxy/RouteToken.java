package io.parley.proxy;

import io.parley.message.uri.SipUri;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Base64;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * The proof that a Route header field is one of our own Record-Route values: the home of the
 * call (the node that holds it, {@code cluster/HomeShards}) and a keyed hash of that home and the
 * dialog's Call-ID, written as the {@value #PARAM} parameter of every Record-Route URI this proxy
 * adds (RFC 3261 §16.6 item 4) and echoed back by the user agents in the route set of every
 * request of the dialog (§12.1.1, §12.2.1.1: the Route set is the Record-Route values, copied
 * as they are). The home tells any node of the cluster where the dialog's call lives; signed,
 * it cannot be made up to have the cluster open homes that do not exist.
 *
 * <p>Why: a request with a To tag and our address in its top Route looks like a request inside a
 * dialog we record-routed, and is forwarded wherever its Request-URI says without a challenge.
 * Anyone can write our address into a Route, so without a proof that route would make this proxy
 * an open relay for forged "in-dialog" requests. Only a node that holds the key can mint the
 * token for a Call-ID, so a forged Route fails. Nodes of one cluster must share the key ({@code
 * parley.auth.secret}), as they must for nonces.
 *
 * <p>Thread-safe: a {@link Mac} per thread.
 */
public final class RouteToken {
  /** The Record-Route URI parameter that carries the token. */
  public static final String PARAM = "ptk";
  /** 12 base64url characters: 72 bits of the HMAC-SHA256. */
  private static final int LENGTH = 12;
  /** The longest home a token carries. */
  private static final int MAX_HOME = 16;

  private final ThreadLocal<Mac> mac;

  private RouteToken(byte[] key) {
    byte[] k = key.clone();
    this.mac = ThreadLocal.withInitial(() -> {
      try {
        Mac m = Mac.getInstance("HmacSHA256");
        m.init(new SecretKeySpec(k, "HmacSHA256"));
        return m;
      } catch (GeneralSecurityException e) {
        throw new IllegalStateException("HmacSHA256 is not available", e);
      }
    });
  }

  /**
   * The tokens of a node whose nonce secret is {@code secret} (parley.auth.secret); an empty
   * secret draws a random key for this process, so the tokens of dialogs set up before a restart
   * no longer verify (the same holds for nonces).
   */
  public static RouteToken forSecret(String secret) {
    byte[] key;
    if (secret == null || secret.isEmpty()) {
      key = new byte[32];
      new SecureRandom().nextBytes(key);
    } else {
      // a key of its own, derived from the shared secret: a token reveals nothing of the nonce key
      key = hmac(secret.getBytes(StandardCharsets.UTF_8), "parley record-route");
    }
    return new RouteToken(key);
  }

  /** The token of the dialog (or would-be dialog) with {@code callId} whose call lives at {@code home}. */
  public String of(String home, String callId) {
    return home + mac(home, callId, RecordedFlows.NONE);
  }

  /**
   * The token of a dialog whose Record-Route also names {@code flows}: they are signed with it,
   * so a user agent cannot change them in its route set.
   */
  public String of(String home, String callId, RecordedFlows flows) {
    return home + mac(home, callId, flows);
  }

  /**
   * The home {@code uri}'s token names if it is the token of {@code callId} (and of the flows
   * {@code uri} names, {@link RecordedFlows}); null if it is not (or there is none). Compared in
   * constant time.
   */
  public String verify(SipUri uri, String callId) {
    String t = uri.param(PARAM);
    if (t == null || t.length() <= LENGTH || t.length() > LENGTH + MAX_HOME) {
      return null;
    }
    String home = t.substring(0, t.length() - LENGTH);
    boolean ok = MessageDigest.isEqual(t.substring(home.length()).getBytes(StandardCharsets.ISO_8859_1),
        mac(home, callId, RecordedFlows.of(uri)).getBytes(StandardCharsets.ISO_8859_1));
    return ok ? home : null;
  }

  private String mac(String home, String callId, RecordedFlows flows) {
    Mac m = mac.get();
    m.update(home.getBytes(StandardCharsets.ISO_8859_1));
    m.update((byte) '|');
    if (flows.any()) {
      // without flows the input is as it always was: the routes of dialogs set up before still verify
      m.update(flows.params().getBytes(StandardCharsets.UTF_8));
      m.update((byte) '|');
    }
    byte[] h = m.doFinal(callId.getBytes(StandardCharsets.UTF_8));
    return Base64.getUrlEncoder().withoutPadding().encodeToString(h).substring(0, LENGTH);
  }

  private static byte[] hmac(byte[] key, String data) {
    try {
      Mac m = Mac.getInstance("HmacSHA256");
      m.init(new SecretKeySpec(key, "HmacSHA256"));
      return m.doFinal(data.getBytes(StandardCharsets.UTF_8));
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("HmacSHA256 is not available", e);
    }
  }
}
