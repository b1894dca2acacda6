package io.parley.auth;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigException;
import com.typesafe.config.ConfigList;
import com.typesafe.config.ConfigObject;
import com.typesafe.config.ConfigValue;
import com.typesafe.config.ConfigValueType;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * {@code parley.trusted-peers}: the static trusted networks, each a string
 * ({@code "192.0.2.0/24"}, {@code "2001:db8::1"}) or an object
 * ({@code { network = "192.0.2.10", description = "gw1" }}). The trusted_peer table adds to them
 * at runtime.
 */
public record TrustedPeerSettings(List<TrustedPeer> peers) {
  public static final String KEY = "parley.trusted-peers";

  public TrustedPeerSettings {
    peers = List.copyOf(peers);
  }

  /**
   * Reads {@value #KEY}.
   *
   * @throws ConfigException.BadValue naming the key and the entry that is no network, or a
   *     network listed twice
   */
  public static TrustedPeerSettings from(Config config) {
    ConfigList list = config.getList(KEY);
    List<TrustedPeer> peers = new ArrayList<>(list.size());
    Set<IpNetwork> seen = new HashSet<>();
    for (int i = 0; i < list.size(); i++) {
      String where = KEY + "[" + i + "]";
      TrustedPeer peer = entry(list.get(i), where);
      if (!seen.add(peer.network())) {
        throw new ConfigException.BadValue(where, peer.network() + " is listed twice");
      }
      peers.add(peer);
    }
    return new TrustedPeerSettings(peers);
  }

  private static TrustedPeer entry(ConfigValue v, String where) {
    try {
      if (v.valueType() == ConfigValueType.STRING) {
        return new TrustedPeer(IpNetwork.parse((String) v.unwrapped()), "", TrustedPeer.Source.CONFIGURATION);
      }
      if (v.valueType() == ConfigValueType.OBJECT) {
        Config o = ((ConfigObject) v).toConfig();
        for (String field : ((ConfigObject) v).keySet()) {
          if (!field.equals("network") && !field.equals("description")) {
            throw new IllegalArgumentException("unknown field '" + field + "'; known: network, description");
          }
        }
        if (!o.hasPath("network")) {
          throw new IllegalArgumentException("'network' is required");
        }
        String description = o.hasPath("description") ? o.getString("description") : "";
        return new TrustedPeer(IpNetwork.parse(o.getString("network")), description,
            TrustedPeer.Source.CONFIGURATION);
      }
      throw new IllegalArgumentException("must be a network (\"192.0.2.0/24\") or "
          + "{ network = \"…\", description = \"…\" }");
    } catch (IllegalArgumentException | ConfigException.WrongType e) {
      throw new ConfigException.BadValue(where, e.getMessage());
    }
  }
}
