package io.parley.message.header;

import io.parley.message.uri.Uri;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Parse cost of the header values a proxy reads on every request, from a byte range of a
 * message buffer as the framing parser hands them over.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
@State(Scope.Benchmark)
public class HeaderValueBenchmark {
  private static final String MESSAGE_PART =
      "Via: SIP/2.0/UDP pc33.atlanta.example.com:5060;branch=z9hG4bK776asdhds;rport\r\n"
          + "From: \"Alice\" <sip:alice@atlanta.example.com>;tag=1928301774\r\n"
          + "To: Bob <sip:bob@biloxi.example.com>\r\n"
          + "Contact: <sip:alice@pc33.atlanta.example.com;transport=udp>;expires=3600\r\n"
          + "Route: <sip:p1.example.com;lr>, <sip:p2.example.com;lr>\r\n"
          + "X: sip:bob@biloxi.example.com\r\n";

  private final byte[] msg = MESSAGE_PART.getBytes(StandardCharsets.ISO_8859_1);
  private final int[] via = range("Via: ");
  private final int[] from = range("From: ");
  private final int[] to = range("To: ");
  private final int[] contact = range("Contact: ");
  private final int[] route = range("Route: ");
  private final int[] uri = range("X: ");
  private final Via parsedVia = Via.parse(msg, via[0], via[1]);

  private int[] range(String name) {
    int start = MESSAGE_PART.indexOf(name) + name.length();
    return new int[] {start, MESSAGE_PART.indexOf("\r\n", start) - start};
  }

  @Benchmark
  public Via via() {
    return Via.parse(msg, via[0], via[1]);
  }

  @Benchmark
  public NameAddr fromWithQuotedDisplayName() {
    return NameAddr.parse(msg, from[0], from[1]);
  }

  @Benchmark
  public NameAddr toWithoutTag() {
    return NameAddr.parse(msg, to[0], to[1]);
  }

  @Benchmark
  public List<Contact> contact() {
    return Contact.parseList(msg, contact[0], contact[1]);
  }

  @Benchmark
  public List<NameAddr> twoRoutes() {
    return NameAddr.parseList(msg, route[0], route[1]);
  }

  @Benchmark
  public Uri requestUri() {
    return Uri.parse(msg, uri[0], uri[1]);
  }

  @Benchmark
  public Via stampReceivedAndRport() {
    return parsedVia.withSource("192.0.2.1", 5060);
  }
}
