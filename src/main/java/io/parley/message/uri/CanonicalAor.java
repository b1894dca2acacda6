package io.parley.message.uri;

import java.nio.charset.StandardCharsets;
import java.util.Locale;

/**
 * The one text form of an address-of-record, {@code user@host}, that every part of Parley
 * stores, keys and compares: subscriber rows, aliases, the subscriber cache, the location
 * service's entity ids, the registrar's AOR and the proxy's lookup.
 *
 * <p>RFC 3261 §19.1.4: the user part compares case-sensitively after escapes are resolved
 * ({@code sip:%61lice@example.com} is {@code sip:alice@example.com}); the host compares
 * case-insensitively; an AOR has no port, password, parameters or headers (§10.3 step 5 takes
 * the address-of-record from the To URI without them). So two spellings of one AOR give the
 * same text here, and two different AORs never do:
 *
 * <ul>
 *   <li>user: every escape resolved once (RFC 4475 §3.1.1.3, §3.1.1.4), then only the octets the
 *       {@code user} rule of RFC 3261 §25.1 does not allow unescaped are escaped again, as
 *       {@code %XX} with upper-case hex (RFC 3986 §2.1); so {@code %61lice} is {@code alice},
 *       {@code I%20have%20spaces} stays as it is, {@code a%3a} becomes {@code a%3A}, a literal
 *       {@code %} or {@code @} is {@code %25} or {@code %40}, and the text has exactly one
 *       unescaped {@code @}, its separator;
 *   <li>host: in lower case (ASCII). An IP address is kept as written: two spellings of one IPv6
 *       address are two AORs, as they are two served domains ({@code parley.domains}).
 * </ul>
 *
 * <p>A plain user (only unreserved and user-unreserved characters, no escape) is its own
 * canonical form, so the subscriber rows and journal persistence ids written before this rule
 * keep their meaning; the {@code String} methods return the same instance then and allocate
 * nothing.
 */
public final class CanonicalAor {
  private static final byte[] HEX = "0123456789ABCDEF".getBytes(StandardCharsets.US_ASCII);

  private CanonicalAor() {}

  /** {@code user@host} of a SIP URI (just the host when it has no user): the entity id of its AOR. */
  public static String of(SipUri uri) {
    String host = host(uri.host());
    return uri.hasUser() ? user(uri) + '@' + host : host;
  }

  /** {@code user@host} from a user as written (escapes allowed) and a host; a null or empty user: the host. */
  public static String of(String user, String host) {
    String h = host(host);
    return user == null || user.isEmpty() ? h : user(user) + '@' + h;
  }

  /** The canonical user part of a SIP URI, or null when it has none. */
  public static String user(SipUri uri) {
    if (!uri.hasUser()) {
      return null;
    }
    byte[] b = uri.buf();
    int off = uri.userOff();
    int end = off + uri.userLen();
    if (isCanonical(b, off, end)) {
      return new String(b, off, end - off, StandardCharsets.ISO_8859_1);
    }
    return escaped(PercentEscapes.unescape(b, off, end - off));
  }

  /**
   * The canonical form of a user part typed or received as text: a URI's user as written, an
   * operator's {@code alice}, a digest {@code username}. Characters outside ASCII count as their
   * UTF-8 octets; a {@code %} that starts no escape is a literal percent sign.
   */
  public static String user(String written) {
    if (isCanonical(written)) {
      return written;
    }
    byte[] b = written.getBytes(StandardCharsets.UTF_8);
    return escaped(PercentEscapes.unescape(b, 0, b.length));
  }

  /** The canonical host: in lower case (RFC 3261 §19.1.4). */
  public static String host(String host) {
    // toLowerCase returns the same instance when nothing changes, so the hot path does not allocate
    return host.toLowerCase(Locale.ROOT);
  }

  /** Whether two users written in any escaping name the same user (RFC 3261 §19.1.4). */
  public static boolean sameUser(String a, String b) {
    return a.equals(b) || user(a).equals(user(b));
  }

  /** No escape, and every character one the user rule allows unescaped. */
  private static boolean isCanonical(String s) {
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (c >= 0x80 || !SipChars.is((byte) c, SipChars.PLAIN_USER)) {
        return false;
      }
    }
    return true;
  }

  /** The same test on raw URI octets. */
  private static boolean isCanonical(byte[] b, int off, int end) {
    for (int i = off; i < end; i++) {
      if (!SipChars.is(b[i], SipChars.PLAIN_USER)) {
        return false;
      }
    }
    return true;
  }

  /** {@code octets} with every octet that is not a plain user character escaped. */
  private static String escaped(byte[] octets) {
    int n = octets.length;
    for (byte o : octets) {
      if (!SipChars.is(o, SipChars.PLAIN_USER)) {
        n += 2;
      }
    }
    byte[] out = new byte[n];
    int k = 0;
    for (byte o : octets) {
      if (SipChars.is(o, SipChars.PLAIN_USER)) {
        out[k++] = o;
      } else {
        out[k++] = '%';
        out[k++] = HEX[(o >> 4) & 0xF];
        out[k++] = HEX[o & 0xF];
      }
    }
    return new String(out, StandardCharsets.US_ASCII);
  }
}
