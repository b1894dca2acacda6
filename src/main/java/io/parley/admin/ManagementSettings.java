package io.parley.admin;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigException;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * {@code parley.management}: who may use the management HTTP server, read at start.
 *
 * <ul>
 *   <li>{@code token}: when set, every request that may change state (any method but GET, HEAD
 *       and OPTIONS, on any route of the port) needs {@code Authorization: Bearer <token>}
 *       (RFC 6750 §2.1); at least {@value #MIN_TOKEN_LENGTH} characters of the b64token set, so
 *       that it goes into the header as it is;</li>
 *   <li>{@code token-for-reads}: the token is needed for reads too;</li>
 *   <li>{@code read-only}: Parley's own routes answer 403 to every write;</li>
 *   <li>{@code cluster-write-routes}: Pekko's cluster routes that change the cluster
 *       ({@code PUT/DELETE /cluster/members/…}, {@code POST /cluster/members},
 *       {@code PUT /cluster}) are mounted; off, only their reads are.</li>
 * </ul>
 *
 * <p>The bind rule: a management server bound beyond the loopback interface
 * ({@code pekko.management.http.bind-hostname}, else {@code hostname}, not 127.0.0.0/8, ::1 or
 * localhost) without a token would let anyone who reaches it provision; the start stops instead.
 *
 * @param token the bearer token, if one is set
 * @param bindHostKey the key the bound host name was read from, for messages
 * @param bindHost the host name the server binds
 */
public record ManagementSettings(Optional<ManagementToken> token, boolean tokenForReads, boolean readOnly,
    boolean clusterWriteRoutes, String bindHostKey, String bindHost) {
  /** Shorter tokens can be guessed; 16 random characters of the b64token set are about 96 bits. */
  public static final int MIN_TOKEN_LENGTH = 16;
  static final String TOKEN_KEY = "parley.management.token";
  static final String READ_ONLY_KEY = "parley.management.read-only";
  private static final String HOSTNAME_KEY = "pekko.management.http.hostname";
  private static final String BIND_HOSTNAME_KEY = "pekko.management.http.bind-hostname";
  /** RFC 6750 §2.1 b64token. */
  private static final Pattern B64TOKEN = Pattern.compile("[A-Za-z0-9\\-._~+/]+=*");
  private static final Pattern IPV4 = Pattern.compile("\\d{1,3}(\\.\\d{1,3}){3}");

  public static ManagementSettings from(Config config) {
    String token = config.getString(TOKEN_KEY);
    Optional<ManagementToken> t = Optional.empty();
    if (!token.isEmpty()) {
      // the value itself never goes into a message: it is a secret
      if (token.length() < MIN_TOKEN_LENGTH) {
        throw new ConfigException.BadValue(TOKEN_KEY, "must be at least " + MIN_TOKEN_LENGTH
            + " characters (or empty for none); e.g. the output of 'openssl rand -base64 24'");
      }
      if (!B64TOKEN.matcher(token).matches()) {
        throw new ConfigException.BadValue(TOKEN_KEY, "may hold only letters, digits and - . _ ~ + / "
            + "(with = at the end), as a bearer token does (RFC 6750 §2.1)");
      }
      t = Optional.of(ManagementToken.of(token));
    }
    String bindHost = config.getString(BIND_HOSTNAME_KEY).trim();
    String bindHostKey = BIND_HOSTNAME_KEY;
    if (bindHost.isEmpty()) {
      bindHost = config.getString(HOSTNAME_KEY).trim();
      bindHostKey = HOSTNAME_KEY;
    }
    ManagementSettings s = new ManagementSettings(t, config.getBoolean("parley.management.token-for-reads"),
        readOnly(config), config.getBoolean("parley.management.cluster-write-routes"), bindHostKey, bindHost);
    if (s.token.isEmpty() && !isLoopback(bindHost)) {
      throw new ConfigException.BadValue(TOKEN_KEY, "must be set when the management server listens beyond "
          + "the loopback interface (" + bindHostKey + " is '" + bindHost + "'): without it anyone who reaches "
          + "the port could provision subscribers and domains. Set " + TOKEN_KEY + " (or PARLEY_MANAGEMENT_TOKEN), "
          + "or bind " + bindHostKey + " to 127.0.0.1");
    }
    if (s.tokenForReads && s.token.isEmpty()) {
      throw new ConfigException.BadValue("parley.management.token-for-reads", "is true but " + TOKEN_KEY
          + " is empty: set the token, or leave token-for-reads false");
    }
    return s;
  }

  /** {@value #READ_ONLY_KEY} alone: what Parley's routes read when Pekko Management builds them. */
  static boolean readOnly(Config config) {
    return config.getBoolean(READ_ONLY_KEY);
  }

  /**
   * Whether {@code host} names the loopback interface: localhost, or an address literal in
   * 127.0.0.0/8 or ::1 (brackets allowed). Other names count as beyond it; none is looked up.
   */
  static boolean isLoopback(String host) {
    String h = host.trim();
    if (h.startsWith("[") && h.endsWith("]")) {
      h = h.substring(1, h.length() - 1);
    }
    if (h.equalsIgnoreCase("localhost")) {
      return true;
    }
    if (!IPV4.matcher(h).matches() && h.indexOf(':') < 0) {
      return false;
    }
    try {
      // an address literal: parsed, never resolved
      return InetAddress.getByName(h).isLoopbackAddress();
    } catch (UnknownHostException e) {
      return false;
    }
  }
}
