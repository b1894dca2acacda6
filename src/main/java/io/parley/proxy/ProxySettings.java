package io.parley.proxy;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigException;
import io.parley.message.Method;
import io.parley.message.SipParseException;
import io.parley.message.uri.SipUri;
import io.parley.nat.ContactFix;
import io.parley.nat.NatDetection;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * {@code parley.proxy} and {@code parley.routing}: how requests are proxied.
 *
 * @param recordRoute whether the proxy puts itself in the route set of the dialogs it sees
 *     created (RFC 3261 §16.6 item 4), so in-dialog requests pass through it: default true. It
 *     applies to the out-of-dialog requests of {@link #DIALOG_CREATING}
 * @param staticRoutes the static routing table
 * @param branchTimeout Timer C of RFC 3261 §16.6 item 11: how long an INVITE branch may ring
 *     without a provisional response refreshing it; default 180 s, 1 s to 1 h. The RFC asks for
 *     more than three minutes; shorter values (Kamailio's {@code fr_inv_timer} is 120 s) end
 *     unanswered calls sooner
 * @param maxBranches the most branches one request is forked to, over all its q groups;
 *     targets past it are dropped (a bound on the work one request can cause); default 10,
 *     1 to 100
 * @param nat how a caller behind a NAT is told ({@code parley.nat.detect}): its flow is then
 *     recorded in the Record-Route ({@link RecordedFlows}), as a callee's is when its binding is
 *     behind one
 * @param fixContact {@code parley.nat.fix-contact}: the Contact of a caller behind a NAT, and of
 *     the 1xx and 2xx of a callee whose binding is behind one, rewritten to its public address
 *     and port ({@link ContactFix}); off by default
 */
public record ProxySettings(boolean recordRoute, StaticRoutes staticRoutes, Duration branchTimeout,
    int maxBranches, NatDetection nat, boolean fixContact) {

  /** Contacts kept as their UAs wrote them. */
  public ProxySettings(boolean recordRoute, StaticRoutes staticRoutes, Duration branchTimeout, int maxBranches,
      NatDetection nat) {
    this(recordRoute, staticRoutes, branchTimeout, maxBranches, nat, false);
  }

  /**
   * The methods whose out-of-dialog requests can create a dialog, and so are record-routed:
   * INVITE (RFC 3261 §12.1), SUBSCRIBE and NOTIFY (RFC 6665 §4.1.2.4, §4.2.1: a NOTIFY may arrive
   * before the SUBSCRIBE's 2xx and create the dialog) and REFER (RFC 3515 §2.4.4: it creates a
   * subscription). A Record-Route in any other request would be ignored by both ends (§12.2).
   */
  public static final Set<Method> DIALOG_CREATING =
      Set.of(Method.INVITE, Method.SUBSCRIBE, Method.NOTIFY, Method.REFER);

  public static final Duration MIN_BRANCH_TIMEOUT = Duration.ofSeconds(1);
  public static final Duration MAX_BRANCH_TIMEOUT = Duration.ofHours(1);
  public static final int MAX_MAX_BRANCHES = 100;

  public static final ProxySettings DEFAULT =
      new ProxySettings(true, StaticRoutes.NONE, Duration.ofSeconds(180), 10);

  /** With the default NAT tests. */
  public ProxySettings(boolean recordRoute, StaticRoutes staticRoutes, Duration branchTimeout, int maxBranches) {
    this(recordRoute, staticRoutes, branchTimeout, maxBranches, NatDetection.DEFAULT);
  }

  public ProxySettings {
    Objects.requireNonNull(staticRoutes, "staticRoutes");
    Objects.requireNonNull(nat, "nat");
    Objects.requireNonNull(branchTimeout, "branchTimeout");
    if (branchTimeout.compareTo(MIN_BRANCH_TIMEOUT) < 0 || branchTimeout.compareTo(MAX_BRANCH_TIMEOUT) > 0) {
      throw new IllegalArgumentException("branch timeout must be between 1 s and 1 h, was " + branchTimeout);
    }
    if (maxBranches < 1 || maxBranches > MAX_MAX_BRANCHES) {
      throw new IllegalArgumentException("max branches must be between 1 and " + MAX_MAX_BRANCHES + ", was " + maxBranches);
    }
  }

  /** Whether a request of {@code method} gets our Record-Route when it creates a dialog. */
  public boolean isRecordRouted(Method method) {
    return recordRoute && DIALOG_CREATING.contains(method);
  }

  /**
   * Reads {@code parley.proxy.record-route}, {@code parley.proxy.branch-timeout},
   * {@code parley.proxy.max-branches} and {@code parley.routing.static}, a list of
   * {@code { match = "sip:bob@example.com", target = "sip:127.0.0.1:5090" }} or
   * {@code { match = ..., targets = [...] }} (several targets: parallel forking).
   *
   * @throws ConfigException.BadValue naming the key of a bad value
   */
  public static ProxySettings from(Config config) {
    String proxy = "parley.proxy";
    boolean recordRoute = config.getBoolean(proxy + ".record-route");
    Duration timeout = config.getDuration(proxy + ".branch-timeout");
    if (timeout.compareTo(MIN_BRANCH_TIMEOUT) < 0 || timeout.compareTo(MAX_BRANCH_TIMEOUT) > 0) {
      throw new ConfigException.BadValue(proxy + ".branch-timeout", "must be between 1s and 1h, was " + timeout);
    }
    int max = config.getInt(proxy + ".max-branches");
    if (max < 1 || max > MAX_MAX_BRANCHES) {
      throw new ConfigException.BadValue(proxy + ".max-branches",
          "must be between 1 and " + MAX_MAX_BRANCHES + ", was " + max);
    }
    return new ProxySettings(recordRoute, staticRoutes(config), timeout, max, NatDetection.from(config),
        config.getBoolean(ContactFix.KEY));
  }

  private static StaticRoutes staticRoutes(Config config) {
    String key = "parley.routing.static";
    if (!config.hasPath(key)) {
      return StaticRoutes.NONE;
    }
    Map<SipUri, List<SipUri>> routes = new LinkedHashMap<>();
    List<? extends Config> entries = config.getConfigList(key);
    for (int i = 0; i < entries.size(); i++) {
      Config e = entries.get(i);
      String at = key + "[" + i + "]";
      if (!e.hasPath("match")) {
        throw new ConfigException.BadValue(at + ".match", "missing");
      }
      SipUri match = uri(e.getString("match"), at + ".match");
      boolean one = e.hasPath("target");
      boolean many = e.hasPath("targets");
      if (one == many) {
        throw new ConfigException.BadValue(at, "needs either target or targets");
      }
      List<String> raw = one ? List.of(e.getString("target")) : e.getStringList("targets");
      if (raw.isEmpty()) {
        throw new ConfigException.BadValue(at + ".targets", "is empty");
      }
      List<SipUri> targets = new ArrayList<>(raw.size());
      for (String t : raw) {
        targets.add(uri(t, at + (one ? ".target" : ".targets")));
      }
      routes.put(match, targets);
    }
    return StaticRoutes.of(routes);
  }

  private static SipUri uri(String text, String key) {
    try {
      return SipUri.parse(text);
    } catch (SipParseException e) {
      throw new ConfigException.BadValue(key, "'" + text + "' is not a sip: or sips: URI (" + e.reason() + ")");
    }
  }
}
