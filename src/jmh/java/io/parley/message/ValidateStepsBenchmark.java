package io.parley.message;

import io.parley.message.header.CSeq;
import io.parley.message.header.CallId;
import io.parley.message.header.Contact;
import io.parley.message.header.MaxForwards;
import io.parley.message.header.NameAddr;
import io.parley.message.header.OptionTags;
import io.parley.message.header.Via;
import io.parley.message.uri.Uri;
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
import org.openjdk.jmh.infra.Blackhole;

/**
 * The steps of {@link MessageValidator#validate} one by one, on the INVITE of
 * {@link ParseBenchmark} parsed once: the typed parsers are called directly, so nothing is
 * cached between invocations. Together they should add up to {@code parseAndValidateInvite}
 * minus {@code parseInvite}; a step that costs more here than its parser does alone in
 * {@code HeaderValueBenchmark} is where validation loses time.
 *
 * <p>{@code mvn -Pbench -Dparley.build.dir=target-speed package} then
 * {@code java -jar target-speed/benchmarks.jar ValidateStepsBenchmark -f 1 -wi 3 -i 5 -prof gc}.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class ValidateStepsBenchmark {
  private final SipRequest invite =
      (SipRequest) SipParser.parse(ParseBenchmark.INVITE, 0, ParseBenchmark.INVITE.length);

  /** Every routing field, as {@link SipMessage#routing()} parses them on first use. */
  @Benchmark
  public RoutingHeaders routing() {
    return RoutingHeaders.parse(invite);
  }

  @Benchmark
  public List<Via> vias() {
    List<Via> out = new java.util.ArrayList<>(2);
    for (int i = invite.first(HeaderName.VIA); i >= 0; i = invite.next(HeaderName.VIA, i)) {
      Via.parseList(invite.valueArray(i), invite.valueOffset(i), invite.valueLength(i), out);
    }
    return out;
  }

  @Benchmark
  public Via topVia() {
    int i = invite.first(HeaderName.VIA);
    return Via.parse(invite.valueArray(i), invite.valueOffset(i), invite.valueLength(i));
  }

  @Benchmark
  public Via secondVia() {
    int i = invite.next(HeaderName.VIA, invite.first(HeaderName.VIA));
    return Via.parse(invite.valueArray(i), invite.valueOffset(i), invite.valueLength(i));
  }

  @Benchmark
  public NameAddr from() {
    int i = invite.first(HeaderName.FROM);
    return NameAddr.parse(invite.valueArray(i), invite.valueOffset(i), invite.valueLength(i),
        "From");
  }

  @Benchmark
  public NameAddr to() {
    int i = invite.first(HeaderName.TO);
    return NameAddr.parse(invite.valueArray(i), invite.valueOffset(i), invite.valueLength(i), "To");
  }

  @Benchmark
  public void callId(Blackhole bh) {
    int i = invite.first(HeaderName.CALL_ID);
    bh.consume(CallId.parse(invite.valueArray(i), invite.valueOffset(i), invite.valueLength(i)));
    bh.consume(invite.valueAt(i));
  }

  @Benchmark
  public CSeq cseq() {
    int i = invite.first(HeaderName.CSEQ);
    return CSeq.parse(invite.valueArray(i), invite.valueOffset(i), invite.valueLength(i));
  }

  @Benchmark
  public MaxForwards maxForwards() {
    int i = invite.first(HeaderName.MAX_FORWARDS);
    return MaxForwards.parse(invite.valueArray(i), invite.valueOffset(i), invite.valueLength(i));
  }

  @Benchmark
  public Uri requestUri() {
    return Uri.parse(invite.buffer(), invite.requestUriStart(),
        invite.requestUriEnd() - invite.requestUriStart());
  }

  @Benchmark
  public List<Contact> contact() {
    int i = invite.first(HeaderName.CONTACT);
    return Contact.parseList(invite.valueArray(i), invite.valueOffset(i), invite.valueLength(i));
  }

  /** What is left: the absent Route, Require, Proxy-Require and Date. */
  @Benchmark
  public void absentFields(Blackhole bh) {
    bh.consume(invite.first(HeaderName.ROUTE));
    bh.consume(OptionTags.of(invite, HeaderName.REQUIRE));
    bh.consume(OptionTags.of(invite, HeaderName.PROXY_REQUIRE));
    bh.consume(invite.first(HeaderName.DATE));
  }
}
