package io.parley.transaction;

import io.parley.transport.Transport;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.Locale;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * Turns a next hop whose host is a name into an address (RFC 3263 §4.2, A/AAAA records only so
 * far), off the actor threads: the JDK's lookup blocks, so it runs on one dedicated daemon thread
 * and its answers are cached for {@link #TTL} (the JDK gives no record TTL).
 */
public final class HostResolver implements AutoCloseable {
  /** How long an answer, or a failure, is reused. */
  public static final Duration TTL = Duration.ofSeconds(60);
  private static final int MAX_ENTRIES = 10_000;

  private record Cached(InetAddress address, long until) {}

  private final ExecutorService executor = Executors.newSingleThreadExecutor(r -> {
    Thread t = new Thread(r, "parley-dns");
    t.setDaemon(true);
    return t;
  });
  private final ConcurrentHashMap<String, Cached> cache = new ConcurrentHashMap<>();

  /** The destination, completed on the resolver thread; failed with UnknownHostException. */
  public CompletionStage<Destination> resolve(String transport, String host, int port) {
    Transport t;
    try {
      t = Transport.parse(transport.toLowerCase(Locale.ROOT));
    } catch (IllegalArgumentException e) {
      return CompletableFuture.failedFuture(e);
    }
    String key = host.toLowerCase(Locale.ROOT);
    Cached c = cache.get(key);
    long now = System.currentTimeMillis();
    if (c != null && c.until > now) {
      return c.address == null
          ? CompletableFuture.failedFuture(new UnknownHostException(host))
          : CompletableFuture.completedFuture(new Destination(t, new InetSocketAddress(c.address, port)));
    }
    return CompletableFuture.supplyAsync(() -> {
      InetAddress address;
      try {
        address = InetAddress.getByName(host);
      } catch (UnknownHostException e) {
        remember(key, null);
        throw new java.util.concurrent.CompletionException(e);
      }
      remember(key, address);
      return new Destination(t, new InetSocketAddress(address, port));
    }, executor);
  }

  private void remember(String key, InetAddress address) {
    if (cache.size() >= MAX_ENTRIES) {
      cache.clear(); // crude but bounded: a flood of distinct names cannot grow memory
    }
    cache.put(key, new Cached(address, System.currentTimeMillis() + TTL.toMillis()));
  }

  @Override
  public void close() {
    executor.shutdownNow();
  }
}
