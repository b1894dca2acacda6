package io.parley.nat;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigException;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * When the media of a call goes through rtpengine ({@code parley.nat.media-relay}), and which
 * instances ({@code parley.nat.rtpengine}).
 *
 * @param mode {@link Mode#NEVER} (the default), {@link Mode#NAT_ONLY} or {@link Mode#ALWAYS}
 * @param rtpengine the instances and their timeouts; null when the mode is never
 */
public record MediaRelaySettings(Mode mode, RtpEngineSettings rtpengine) {
  public static final String MODE_KEY = "parley.nat.media-relay";
  public static final String INSTANCES_KEY = "parley.nat.rtpengine.instances";
  public static final MediaRelaySettings NEVER = new MediaRelaySettings(Mode.NEVER, null);

  /** Which calls are relayed. */
  public enum Mode {
    /** None: SDP passes unchanged. */
    NEVER,
    /** A call whose caller, or a callee's binding, is behind a NAT ({@code parley.nat.detect}). */
    NAT_ONLY,
    /** Every call with SDP. */
    ALWAYS
  }

  public MediaRelaySettings {
    if (mode != Mode.NEVER && rtpengine == null) {
      throw new IllegalArgumentException("a media relay needs rtpengine instances");
    }
  }

  /** Whether any call is relayed. */
  public boolean enabled() {
    return mode != Mode.NEVER;
  }

  public static MediaRelaySettings from(Config config) {
    String text = config.getString(MODE_KEY).toUpperCase(Locale.ROOT).replace('-', '_');
    Mode mode;
    try {
      mode = Mode.valueOf(text);
    } catch (IllegalArgumentException e) {
      throw new ConfigException.BadValue(MODE_KEY, "must be never, nat-only or always, was "
          + config.getString(MODE_KEY));
    }
    List<String> names = config.getStringList(INSTANCES_KEY);
    if (mode == Mode.NEVER) {
      return NEVER;
    }
    if (names.isEmpty()) {
      throw new ConfigException.BadValue(INSTANCES_KEY, "media-relay is " + config.getString(MODE_KEY)
          + ": name at least one rtpengine, e.g. [\"127.0.0.1:22222\"]");
    }
    List<InetSocketAddress> instances = new ArrayList<>(names.size());
    for (String name : names) {
      int colon = name.lastIndexOf(':');
      try {
        String host = name.substring(0, colon);
        if (host.startsWith("[") && host.endsWith("]")) {
          host = host.substring(1, host.length() - 1);
        }
        // resolved once, at the start: no lookup on a call's way
        InetSocketAddress a = new InetSocketAddress(host, Integer.parseInt(name.substring(colon + 1)));
        if (a.isUnresolved()) {
          throw new IllegalArgumentException("unresolved");
        }
        instances.add(a);
      } catch (RuntimeException e) {
        throw new ConfigException.BadValue(INSTANCES_KEY, "'" + name + "' is not host:port of an rtpengine");
      }
    }
    Duration timeout = config.getDuration("parley.nat.rtpengine.timeout");
    Duration downFor = config.getDuration("parley.nat.rtpengine.down-for");
    if (timeout.compareTo(Duration.ofMillis(50)) < 0 || timeout.compareTo(Duration.ofSeconds(10)) > 0) {
      throw new ConfigException.BadValue("parley.nat.rtpengine.timeout", "must be 50ms..10s, was " + timeout);
    }
    if (downFor.isNegative() || downFor.compareTo(Duration.ofHours(1)) > 0) {
      throw new ConfigException.BadValue("parley.nat.rtpengine.down-for", "must be 0..1h, was " + downFor);
    }
    return new MediaRelaySettings(mode, new RtpEngineSettings(instances, timeout, downFor));
  }
}
