package io.parley.transport;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Supplier;

/**
 * {@code parley.sip}: the listen points, the socket limits and the SIP threads
 * ({@link SipEventLoops}) of a node. Every value is checked
 * here, before a socket opens, and a bad one names its key.
 */
public record SipListenSettings(List<ListenPoint> listen, TransportSettings transport, int threads) {

  public static SipListenSettings from(Config config) {
    String listenKey = "parley.sip.listen";
    List<String> raw = config.getStringList(listenKey);
    if (raw.isEmpty()) {
      throw new ConfigException.BadValue(listenKey, "at least one listen point is needed");
    }
    List<ListenPoint> points = new ArrayList<>();
    Set<String> seen = new HashSet<>();
    for (String value : raw) {
      ListenPoint point = checked(listenKey, () -> ListenPoint.parse(value));
      if (point.transport() != Transport.UDP && point.transport() != Transport.TCP) {
        throw new ConfigException.BadValue(listenKey, "'" + value + "': only udp and tcp are supported so far");
      }
      if (!seen.add(point.toString())) {
        throw new ConfigException.BadValue(listenKey, "'" + value + "' is listed twice");
      }
      points.add(point);
    }
    String sizeKey = "parley.sip.max-message-size";
    String idleKey = "parley.sip.tcp-idle-timeout";
    String connectKey = "parley.sip.tcp-connect-timeout";
    String maxConnKey = "parley.sip.tcp-max-connections";
    String messageKey = "parley.sip.tcp-message-timeout";
    String perSourceKey = "parley.sip.tcp-max-connections-per-source";
    String rcvKey = "parley.sip.udp-receive-buffer";
    String sndKey = "parley.sip.udp-send-buffer";
    String loopsKey = "parley.sip.event-loop-threads";
    TransportSettings d = TransportSettings.defaults();
    int maxSize = config.getInt(sizeKey);
    TransportSettings s = checked(sizeKey, () -> d.withMaxMessageSize(maxSize)
        .withTcpWriteQueueMax(Math.max(d.tcpWriteQueueMax(), maxSize * 4)));
    s = with(s, idleKey, t -> t.withTcpIdleTimeout(config.getDuration(idleKey)));
    s = with(s, connectKey, t -> t.withTcpConnectTimeout(config.getDuration(connectKey)));
    s = with(s, maxConnKey, t -> t.withTcpMaxConnections(config.getInt(maxConnKey)));
    s = with(s, messageKey, t -> t.withTcpMessageTimeout(config.getDuration(messageKey)));
    s = with(s, perSourceKey,
        t -> t.withTcpMaxConnectionsPerSource(config.getInt(perSourceKey)));
    s = with(s, rcvKey, t -> t.withUdpBufferSizes(bytes(config, rcvKey), t.udpSendBufferSize()));
    s = with(s, sndKey, t -> t.withUdpBufferSizes(t.udpReceiveBufferSize(), bytes(config, sndKey)));
    s = with(s, loopsKey, t -> t.withEventLoopThreads(config.getInt(loopsKey)));
    String threadsKey = "parley.sip.threads";
    int threads = checked(threadsKey, () -> SipEventLoops.validThreads(config.getInt(threadsKey)));
    return new SipListenSettings(List.copyOf(points), s, threads);
  }

  private static int bytes(Config config, String key) {
    long value = config.getBytes(key);
    if (value > Integer.MAX_VALUE) {
      throw new ConfigException.BadValue(key, "must be below 2 GiB");
    }
    return (int) value;
  }

  private static TransportSettings with(TransportSettings base, String key,
      java.util.function.UnaryOperator<TransportSettings> change) {
    return checked(key, () -> change.apply(base));
  }

  private static <T> T checked(String key, Supplier<T> read) {
    try {
      return read.get();
    } catch (IllegalArgumentException e) {
      throw new ConfigException.BadValue(key, e.getMessage());
    }
  }
}
