package io.parley.message;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;

/**
 * The header fields Parley knows by name, each with its compact form (RFC 3261 §7.3.3, §20;
 * the IANA SIP header registry for the later ones) and whether its grammar is a comma-separated
 * list ({@code #element}, RFC 3261 §7.3.1), so that several values may share one field line.
 *
 * <p>Names match case-insensitively on bytes (RFC 3261 §7.3.1); no escaping is undone, so
 * {@code C%6Fntact} is {@link #OTHER}, not {@link #CONTACT} (RFC 4475 §3.1.1.5).
 */
public enum HeaderName {
  VIA("Via", 'v', true),
  FROM("From", 'f', false),
  TO("To", 't', false),
  CALL_ID("Call-ID", 'i', false),
  CSEQ("CSeq", 0, false),
  CONTACT("Contact", 'm', true),
  MAX_FORWARDS("Max-Forwards", 0, false),
  ROUTE("Route", 0, true),
  RECORD_ROUTE("Record-Route", 0, true),
  CONTENT_LENGTH("Content-Length", 'l', false),
  CONTENT_TYPE("Content-Type", 'c', false),
  CONTENT_ENCODING("Content-Encoding", 'e', true),
  CONTENT_DISPOSITION("Content-Disposition", 0, false),
  CONTENT_LANGUAGE("Content-Language", 0, true),
  MIME_VERSION("MIME-Version", 0, false),
  SUBJECT("Subject", 's', false),
  SUPPORTED("Supported", 'k', true),
  REQUIRE("Require", 0, true),
  PROXY_REQUIRE("Proxy-Require", 0, true),
  UNSUPPORTED("Unsupported", 0, true),
  ALLOW("Allow", 0, true),
  ACCEPT("Accept", 0, true),
  ACCEPT_ENCODING("Accept-Encoding", 0, true),
  ACCEPT_LANGUAGE("Accept-Language", 0, true),
  EXPIRES("Expires", 0, false),
  MIN_EXPIRES("Min-Expires", 0, false),
  AUTHORIZATION("Authorization", 0, false),
  PROXY_AUTHORIZATION("Proxy-Authorization", 0, false),
  WWW_AUTHENTICATE("WWW-Authenticate", 0, false),
  PROXY_AUTHENTICATE("Proxy-Authenticate", 0, false),
  AUTHENTICATION_INFO("Authentication-Info", 0, false),
  DATE("Date", 0, false),
  WARNING("Warning", 0, true),
  TIMESTAMP("Timestamp", 0, false),
  RETRY_AFTER("Retry-After", 0, false),
  USER_AGENT("User-Agent", 0, false),
  SERVER("Server", 0, false),
  ORGANIZATION("Organization", 0, false),
  PRIORITY("Priority", 0, false),
  REPLY_TO("Reply-To", 0, false),
  IN_REPLY_TO("In-Reply-To", 0, true),
  ALERT_INFO("Alert-Info", 0, true),
  CALL_INFO("Call-Info", 0, true),
  ERROR_INFO("Error-Info", 0, true),
  /** RFC 3327. */
  PATH("Path", 0, true),
  /** RFC 3608. */
  SERVICE_ROUTE("Service-Route", 0, true),
  /** RFC 6665 §8.2.1. */
  EVENT("Event", 'o', false),
  ALLOW_EVENTS("Allow-Events", 'u', true),
  SUBSCRIPTION_STATE("Subscription-State", 0, false),
  /** RFC 3515. */
  REFER_TO("Refer-To", 'r', false),
  /** RFC 3892. */
  REFERRED_BY("Referred-By", 'b', false),
  /** RFC 3326. */
  REASON("Reason", 0, true),
  /** RFC 4028. */
  SESSION_EXPIRES("Session-Expires", 'x', false),
  MIN_SE("Min-SE", 0, false),
  /** RFC 3262. */
  RSEQ("RSeq", 0, false),
  RACK("RAck", 0, false),
  /** RFC 3325. */
  P_ASSERTED_IDENTITY("P-Asserted-Identity", 0, true),
  P_PREFERRED_IDENTITY("P-Preferred-Identity", 0, true),
  /** RFC 3323. */
  PRIVACY("Privacy", 0, false),
  /** RFC 3903. */
  SIP_ETAG("SIP-ETag", 0, false),
  SIP_IF_MATCH("SIP-If-Match", 0, false),
  /** RFC 3841. */
  ACCEPT_CONTACT("Accept-Contact", 'a', true),
  REJECT_CONTACT("Reject-Contact", 'j', true),
  REQUEST_DISPOSITION("Request-Disposition", 'd', true),
  /** RFC 8224. */
  IDENTITY("Identity", 'y', false),
  /** RFC 5626. */
  FLOW_TIMER("Flow-Timer", 0, false),
  /** Any header field not listed above; its value is kept as raw bytes. */
  OTHER("", 0, false);

  private final String wireName;
  private final char compact;
  private final boolean list;
  private final byte[] lowerName;

  HeaderName(String wireName, int compact, boolean list) {
    this.wireName = wireName;
    this.compact = (char) compact;
    this.list = list;
    this.lowerName = wireName.toLowerCase(java.util.Locale.ROOT).getBytes(java.nio.charset.StandardCharsets.US_ASCII);
  }

  /** The long form as RFC 3261 spells it, e.g. {@code Call-ID}; empty for {@link #OTHER}. */
  public String wireName() {
    return wireName;
  }

  /** The compact form (RFC 3261 §7.3.3), or 0 if the header has none. */
  public char compactForm() {
    return compact;
  }

  /**
   * Whether the grammar is a comma-separated list, so several values may share one field line
   * and {@link SipMessage#values(HeaderName)} splits them. False for single-valued fields and
   * for fields whose values contain commas of their own (Date, the digest credentials and
   * challenges, User-Agent, Server).
   */
  public boolean isList() {
    return list;
  }

  // Open-addressing table keyed by first octet, last octet and length, so the parser need not
  // hash every octet of a name; a hit is confirmed by comparing eight octets at a time.
  private static final int TABLE_SIZE = 512;
  private static final HeaderName[] TABLE = new HeaderName[TABLE_SIZE];
  private static final int[] KEY_LENGTH = new int[TABLE_SIZE];
  private static final long[][] KEY_WORDS = new long[TABLE_SIZE][];
  private static final VarHandle LONGS =
      MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);
  // OR-ing 0x20 lower-cases letters and keeps "-"; on token octets (all a name may hold) it
  // maps nothing else onto a letter or "-", so it is an exact case-insensitive compare here.
  private static final long CASE = 0x2020_2020_2020_2020L;
  private static final HeaderName[] VALUES = values();

  static {
    for (HeaderName h : VALUES) {
      if (h == OTHER) {
        continue;
      }
      put(h.lowerName, h);
      if (h.compact != 0) {
        put(new byte[] {(byte) h.compact}, h);
      }
    }
  }

  private static void put(byte[] key, HeaderName h) {
    int slot = slot(key[0], key[key.length - 1], key.length);
    while (TABLE[slot] != null) {
      slot = (slot + 1) & (TABLE_SIZE - 1);
    }
    long[] words = new long[(key.length + 7) >>> 3];
    for (int i = 0; i < key.length; i++) {
      words[i >>> 3] |= (long) (key[i] & 0xFF) << (8 * (i & 7));
    }
    TABLE[slot] = h;
    KEY_LENGTH[slot] = key.length;
    KEY_WORDS[slot] = words;
  }

  private static int slot(byte first, byte last, int len) {
    int h = (((first | 0x20) * 31) + (last | 0x20)) * 31 + len;
    return (h ^ (h >>> 9)) & (TABLE_SIZE - 1);
  }

  /** The header named by {@code [start, end)}, a non-empty run of token octets. */
  static HeaderName lookup(byte[] b, int start, int end) {
    int len = end - start;
    int slot = slot(b[start], b[end - 1], len);
    HeaderName h;
    while ((h = TABLE[slot]) != null) {
      if (KEY_LENGTH[slot] == len && matches(KEY_WORDS[slot], b, start, len)) {
        return h;
      }
      slot = (slot + 1) & (TABLE_SIZE - 1);
    }
    return OTHER;
  }

  private static boolean matches(long[] words, byte[] b, int start, int len) {
    if (start + (words.length << 3) > b.length) {
      for (int i = 0; i < len; i++) { // too near the end of the buffer for word reads
        if ((byte) (words[i >>> 3] >>> (8 * (i & 7))) != (byte) (b[start + i] | 0x20)) {
          return false;
        }
      }
      return true;
    }
    int last = words.length - 1;
    for (int i = 0; i < last; i++) {
      if (((long) LONGS.get(b, start + (i << 3)) | CASE) != words[i]) {
        return false;
      }
    }
    int rest = len - (last << 3);
    long mask = rest == 8 ? -1L : (1L << (rest << 3)) - 1;
    return (((long) LONGS.get(b, start + (last << 3)) | CASE) & mask) == words[last];
  }

  /** The header named {@code name} (long or compact form, any case), or {@link #OTHER}. */
  public static HeaderName of(String name) {
    byte[] b = name.getBytes(java.nio.charset.StandardCharsets.ISO_8859_1);
    if (b.length == 0 || Lex.scanToken(b, 0, b.length) != b.length) {
      return OTHER;
    }
    return lookup(b, 0, b.length);
  }
}
