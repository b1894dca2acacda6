package io.parley.message;

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

  // Open-addressing table from a case-insensitive hash of the name bytes; sized so most slots
  // stay empty and probes are short.
  private static final int TABLE_SIZE = 512;
  private static final HeaderName[] TABLE = new HeaderName[TABLE_SIZE];
  private static final byte[][] TABLE_KEYS = new byte[TABLE_SIZE][];
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
    int hash = 0;
    for (byte b : key) {
      hash = 31 * hash + b;
    }
    int slot = mix(hash);
    while (TABLE[slot] != null) {
      slot = (slot + 1) & (TABLE_SIZE - 1);
    }
    TABLE[slot] = h;
    TABLE_KEYS[slot] = key;
  }

  private static int mix(int hash) {
    return (hash ^ (hash >>> 9)) & (TABLE_SIZE - 1);
  }

  /** Hash step used by the parser while it scans a name: {@code hash = step(hash, byte)}. */
  static int hashStep(int hash, byte b) {
    return 31 * hash + Lex.lower(b);
  }

  /** The header named by {@code [start, end)}, whose {@link #hashStep} hash is {@code hash}. */
  static HeaderName lookup(byte[] b, int start, int end, int hash) {
    int slot = mix(hash);
    int len = end - start;
    HeaderName h;
    while ((h = TABLE[slot]) != null) {
      byte[] key = TABLE_KEYS[slot];
      if (key.length == len && matches(key, b, start)) {
        return h;
      }
      slot = (slot + 1) & (TABLE_SIZE - 1);
    }
    return OTHER;
  }

  private static boolean matches(byte[] lowerKey, byte[] b, int start) {
    for (int i = 0; i < lowerKey.length; i++) {
      if (lowerKey[i] != Lex.lower(b[start + i])) {
        return false;
      }
    }
    return true;
  }

  /** The header named {@code name} (long or compact form, any case), or {@link #OTHER}. */
  public static HeaderName of(String name) {
    byte[] b = name.getBytes(java.nio.charset.StandardCharsets.ISO_8859_1);
    int hash = 0;
    for (byte x : b) {
      hash = hashStep(hash, x);
    }
    return lookup(b, 0, b.length, hash);
  }
}
