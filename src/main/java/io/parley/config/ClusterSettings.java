package io.parley.config;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigException;
import java.util.List;
import org.apache.pekko.actor.AddressFromURIString;

/**
 * {@code parley.cluster}: where this node's remoting listens and how it finds the others: the
 * seed nodes it joins, or Pekko Management's cluster bootstrap ({@code bootstrap = on}).
 */
public record ClusterSettings(String hostname, int port, List<String> seedNodes, boolean bootstrap) {

  public static ClusterSettings from(Config config) {
    int port = config.getInt("parley.cluster.port");
    if (port < 0 || port > 65535) {
      throw new ConfigException.BadValue("parley.cluster.port", "must be 0..65535, was " + port);
    }
    List<String> seeds = config.getStringList("parley.cluster.seed-nodes");
    for (String s : seeds) {
      if (!s.startsWith("pekko://") || !parses(s)) {
        throw new ConfigException.BadValue("parley.cluster.seed-nodes",
            "'" + s + "' is not a pekko:// address such as pekko://parley@127.0.0.1:25520");
      }
    }
    boolean bootstrap = config.getBoolean("parley.cluster.bootstrap");
    if (bootstrap && !seeds.isEmpty()) {
      throw new ConfigException.BadValue("parley.cluster.bootstrap",
          "cluster bootstrap finds the other nodes itself: set parley.cluster.seed-nodes = [] with it");
    }
    return new ClusterSettings(config.getString("parley.cluster.hostname"), port, seeds, bootstrap);
  }

  private static boolean parses(String address) {
    try {
      AddressFromURIString.parse(address);
      return true;
    } catch (Exception e) { // a MalformedURLException, thrown unchecked from Scala
      return false;
    }
  }

  /** No seed nodes and no bootstrap: the node forms a cluster of its own. */
  public boolean selfJoin() {
    return seedNodes.isEmpty() && !bootstrap;
  }
}
