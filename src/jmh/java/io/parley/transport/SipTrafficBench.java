package io.parley.transport;

import io.micrometer.core.instrument.Timer;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.parley.message.Method;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
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
 * What the metrics add per SIP message: {@link SipTraffic}'s counts on the receiving and sending
 * threads (a request by method, a response received, the status read from bytes about to be sent,
 * a request's bytes passed over), and one sample into a Micrometer Timer with the fixed buckets
 * the node's latency histograms use (once per INVITE and per REGISTER).
 *
 * <p>{@code mvn -Pbench -DskipTests package} then
 * {@code java -jar target/benchmarks.jar SipTrafficBench -prof gc}.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class SipTrafficBench {
  private final SipTraffic traffic = new SipTraffic();
  private final byte[] response = "SIP/2.0 180 Ringing\r\nVia: SIP/2.0/UDP 127.0.0.1:5060\r\n\r\n"
      .getBytes(StandardCharsets.US_ASCII);
  private final byte[] request = "INVITE sip:bob@example.com SIP/2.0\r\n\r\n".getBytes(StandardCharsets.US_ASCII);
  private Timer timer;
  private long nanos = 1_234_567;

  @Setup
  public void setUp() {
    PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    timer = Timer.builder("bench").serviceLevelObjectives(Duration.ofNanos(500_000), Duration.ofMillis(1),
        Duration.ofMillis(2), Duration.ofMillis(5), Duration.ofMillis(10), Duration.ofMillis(20), Duration.ofMillis(50),
        Duration.ofMillis(100), Duration.ofMillis(200), Duration.ofMillis(500), Duration.ofSeconds(1),
        Duration.ofSeconds(2), Duration.ofSeconds(5), Duration.ofSeconds(10)).register(registry);
  }

  @Benchmark
  public void requestReceivedInvite() {
    traffic.requestReceived(Method.INVITE);
  }

  @Benchmark
  public void requestReceivedUpdate() {
    traffic.requestReceived(Method.UPDATE); // the last known method: the longest search
  }

  @Benchmark
  public void responseReceived() {
    traffic.responseReceived(200);
  }

  @Benchmark
  public void sendingResponse() {
    traffic.sending(response);
  }

  @Benchmark
  public void sendingRequest() {
    traffic.sending(request);
  }

  @Benchmark
  public void latencySample() {
    nanos = (nanos * 31 + 7) & 0xFFFFFFFL; // up to ~0.27 s, spread over the buckets
    timer.record(nanos, TimeUnit.NANOSECONDS);
  }
}
