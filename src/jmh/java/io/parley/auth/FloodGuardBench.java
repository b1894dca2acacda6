package io.parley.auth;

import java.net.InetAddress;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The CPU {@link FloodGuard#admit} adds to every request on the receiving thread: a source
 * counted and let through (1,024 sources in turn, none near its limit), a banned source dropped,
 * and a trusted one (with ten trusted networks, so the {@link TrustedPeers} lookup is paid).
 *
 * <p>{@code mvn -Pbench -DskipTests package} then
 * {@code java -jar target/benchmarks.jar FloodGuardBench -prof gc}.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class FloodGuardBench {
  private static final int SOURCES = 1024;

  private FloodGuard guard;
  private InetAddress[] sources;
  private InetAddress banned;
  private InetAddress trusted;
  private int next;

  @Setup
  public void setUp() throws Exception {
    TrustedPeers peers = TrustedPeers.of(List.of(
        peer("198.51.100.0/24"), peer("203.0.113.0/28"), peer("203.0.113.64/26"), peer("192.0.2.200"),
        peer("192.0.2.201"), peer("192.0.2.202"), peer("2001:db8::/32"), peer("2001:db8:1::1"),
        peer("172.16.0.0/12"), peer("10.99.0.0/16")));
    guard = new FloodGuard(new FloodSettings(true, Duration.ofSeconds(2), 1_000_000, Duration.ofHours(1), 100_000),
        Clock.systemUTC(), peers::isTrusted);
    sources = new InetAddress[SOURCES];
    for (int i = 0; i < SOURCES; i++) {
      sources[i] = InetAddress.getByAddress(new byte[] {100, 64, (byte) (i >> 8), (byte) i});
    }
    banned = InetAddress.getByAddress(new byte[] {100, 65, 0, 1});
    for (int i = 0; i <= 1_000_000; i++) {
      guard.admit(banned);
    }
    trusted = InetAddress.getByAddress(new byte[] {(byte) 198, 51, 100, 7});
  }

  private static TrustedPeer peer(String network) {
    return new TrustedPeer(IpNetwork.parse(network), "", TrustedPeer.Source.CONFIGURATION);
  }

  @Benchmark
  public boolean admitCounted() {
    InetAddress a = sources[next++ & (SOURCES - 1)];
    return guard.admit(a);
  }

  @Benchmark
  public boolean admitBanned() {
    return guard.admit(banned);
  }

  @Benchmark
  public boolean admitTrusted() {
    return guard.admit(trusted);
  }
}
