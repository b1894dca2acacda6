package io.parley.message;

import java.nio.charset.StandardCharsets;
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
import org.openjdk.jmh.infra.Blackhole;

/**
 * The cost of framing and indexing one message (budget: ≤ 1 µs for a typical INVITE with SDP,
 * DESIGN "Performance budgets").
 *
 * <p>{@code mvn -Pbench -Dparley.build.dir=target-core package} then
 * {@code java -jar target-core/benchmarks.jar ParseBenchmark -f 1 -wi 3 -i 5}.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class ParseBenchmark {

  static final byte[] INVITE = crlf("""
      INVITE sip:bob@biloxi.example.com SIP/2.0
      Via: SIP/2.0/UDP pc33.atlanta.example.com:5060;branch=z9hG4bK776asdhds;rport
      Via: SIP/2.0/UDP 192.0.2.44:5060;branch=z9hG4bK4b43c2ff8.1;received=192.0.2.101
      Max-Forwards: 70
      To: Bob <sip:bob@biloxi.example.com>
      From: Alice <sip:alice@atlanta.example.com>;tag=1928301774
      Call-ID: a84b4c76e66710@pc33.atlanta.example.com
      CSeq: 314159 INVITE
      Contact: <sip:alice@pc33.atlanta.example.com;transport=udp>
      Content-Type: application/sdp
      Allow: INVITE, ACK, CANCEL, OPTIONS, BYE, REFER, NOTIFY, MESSAGE, SUBSCRIBE, INFO, UPDATE
      Supported: replaces, timer, 100rel
      User-Agent: Parley-Bench-UA/1.0
      Content-Length: 241

      v=0
      o=alice 2890844526 2890844526 IN IP4 pc33.atlanta.example.com
      s=-
      c=IN IP4 192.0.2.101
      t=0 0
      m=audio 49172 RTP/AVP 0 8 101
      a=rtpmap:0 PCMU/8000
      a=rtpmap:8 PCMA/8000
      a=rtpmap:101 telephone-event/8000
      a=fmtp:101 0-16
      a=sendrecv
      """);

  static final byte[] OK = crlf("""
      SIP/2.0 200 OK
      Via: SIP/2.0/UDP pc33.atlanta.example.com:5060;branch=z9hG4bK776asdhds;rport=5060;received=192.0.2.101
      To: Bob <sip:bob@biloxi.example.com>;tag=a6c85cf
      From: Alice <sip:alice@atlanta.example.com>;tag=1928301774
      Call-ID: a84b4c76e66710@pc33.atlanta.example.com
      CSeq: 314159 INVITE
      Contact: <sip:bob@192.0.2.4;transport=udp>
      Allow: INVITE, ACK, CANCEL, OPTIONS, BYE
      Server: Parley-Bench-UA/1.0
      Content-Length: 0

      """);

  private static byte[] crlf(String s) {
    return s.replace("\n", "\r\n").getBytes(StandardCharsets.US_ASCII);
  }

  /** Fails the run if the sample messages stop being what they claim to be. */
  @Setup
  public void checkSamples() {
    SipMessage invite = SipParser.parse(INVITE, 0, INVITE.length);
    SipMessage ok = SipParser.parse(OK, 0, OK.length);
    if (invite.headerCount() != 13 || invite.bodyLength() != invite.contentLength()
        || invite.bodyLength() == 0 || ok.headerCount() != 9 || INVITE.length < 850) {
      throw new IllegalStateException("benchmark samples are not what they should be");
    }
  }

  @Benchmark
  public SipMessage parseInvite() {
    return SipParser.parse(INVITE, 0, INVITE.length);
  }

  /** What the edge does with every request: parse, then parse and check the routing fields. */
  @Benchmark
  public SipMessage parseAndValidateInvite() {
    SipMessage m = SipParser.parse(INVITE, 0, INVITE.length);
    MessageValidator.validate(m);
    return m;
  }

  @Benchmark
  public SipMessage parse200Ok() {
    return SipParser.parse(OK, 0, OK.length);
  }

  /** Parse, then find the fields routing needs and read their raw ranges and the Call-ID. */
  @Benchmark
  public void parseInviteAndRoutingFields(Blackhole bh) {
    SipMessage m = SipParser.parse(INVITE, 0, INVITE.length);
    int via = m.first(HeaderName.VIA);
    bh.consume(m.valueStart(via));
    bh.consume(m.valueEnd(via));
    bh.consume(io.parley.message.header.CSeq.of(m));
    bh.consume(m.callId());
    bh.consume(((SipRequest) m).method());
  }

  /** What a proxy does to forward: parse, push its Via, decrement Max-Forwards, write. */
  @Benchmark
  public byte[] parseAndForwardInvite() {
    SipMessage m = SipParser.parse(INVITE, 0, INVITE.length);
    return MessageBuilder.edit(m)
        .addFirst("Via", "SIP/2.0/UDP proxy.example.com:5060;branch=z9hG4bK7f3a9c1e")
        .replaceValue(m.first(HeaderName.MAX_FORWARDS), "69")
        .build();
  }

  /** What the edge does for a new INVITE: parse, answer 100 Trying. */
  @Benchmark
  public byte[] parseAndAnswer100() {
    return ResponseFactory.create((SipRequest) SipParser.parse(INVITE, 0, INVITE.length), 100, "Trying");
  }
}
