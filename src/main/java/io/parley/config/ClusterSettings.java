package io.parley.config;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigException;
import java.util.List;

/** {@code parley.cluster}: where this node's remoting listens and which seed nodes it joins. */
public record ClusterSettings(String hostname, int port, List<String> seedNodes) {

  public static ClusterSettings from(Config config) {
    int port = config.getInt("parley.cluster.port");
    if (port < 0 || port > 65535) {
      throw new ConfigException.BadValue("parley.cluster.port", "must be 0..65535, was " + port);
    }
    List<String> seeds = config.getStringList("parley.cluster.seed-nodes");
    for (String s : seeds) {
      if (!s.startsWith("pekko://")) {
        throw new ConfigException.BadValue("parley.cluster.seed-nodes", "'" + s + "' is not a pekko:// address");
      }
    }
    return new ClusterSettings(config.getString("parley.cluster.hostname"), port, seeds);
  }

  /** No seed nodes: the node forms a cluster of its own. */
  public boolean selfJoin() {
    return seedNodes.isEmpty();
  }
}
