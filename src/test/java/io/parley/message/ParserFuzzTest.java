package io.parley.message;

import static io.parley.message.MessageAssertions.assertSameMessage;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.parley.message.header.CSeq;
import io.parley.message.header.CallId;
import io.parley.message.header.ContentType;
import io.parley.message.header.Expires;
import io.parley.message.header.MaxForwards;
import io.parley.message.header.OptionTags;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Bounded random mutation of the parseable RFC 4475 vectors. Whatever the bytes, the parser
 * throws only {@link SipParseException}; whatever parses survives write and re-parse unchanged,
 * can be edited and answered; and whatever fails can still be salvaged without an exception.
 * Bounded by iteration count, not time; a failure names its seed and iteration so it replays.
 */
class ParserFuzzTest {
  private static final long FIXED_SEED = 0x5EED_4475L;
  private static final int ITERATIONS = 100_000;
  private static final byte[] INTERESTING = " \t\r\n:;,=\"<>\\@%/0123456789\0\u007f".getBytes(java.nio.charset.StandardCharsets.ISO_8859_1);

  private static List<byte[]> seeds;

  @BeforeAll
  static void loadSeeds() {
    seeds = new ArrayList<>();
    for (String[] row : Vectors.manifest("rfc4475")) {
      byte[] b = Vectors.bytes("rfc4475", row[0]);
      if (Rfc4475Test.FRAMING.get(row[0]) == 0) {
        seeds.add(b);
      }
    }
    assertTrue(seeds.size() >= 40, "seeds: " + seeds.size());
  }

  @Test
  void mutationsFromAFixedSeed() {
    run(FIXED_SEED);
  }

  @Test
  void mutationsFromARandomSeed() {
    long seed = new SplittableRandom().nextLong();
    System.out.println("ParserFuzzTest random seed: " + seed + "L");
    run(seed);
  }

  private static void run(long seed) {
    SplittableRandom rnd = new SplittableRandom(seed);
    int parsed = 0;
    for (int i = 0; i < ITERATIONS; i++) {
      byte[] input = seeds.get(rnd.nextInt(seeds.size()));
      int mutations = 1 + rnd.nextInt(4);
      for (int k = 0; k < mutations; k++) {
        input = mutate(input, rnd);
      }
      try {
        parsed += check(input) ? 1 : 0;
      } catch (Throwable t) {
        throw new AssertionError("seed " + seed + "L, iteration " + i + ", input "
            + HexFormat.of().formatHex(input), t);
      }
    }
    System.out.printf("ParserFuzzTest seed %dL: %d of %d mutants parsed%n", seed, parsed, ITERATIONS);
    assertTrue(parsed > ITERATIONS / 20, "mutants should often still parse: " + parsed);
    assertTrue(parsed < ITERATIONS, "mutants should sometimes fail");
  }

  /** Everything the message layer does with a datagram; true if it parsed. */
  private static boolean check(byte[] input) {
    SipMessage m;
    try {
      m = SipParser.parse(input, 0, input.length);
    } catch (SipParseException e) {
      assertTrue(e.status() == 400 || e.status() == 505 || e.status() == 513);
      byte[] answer = ResponseFactory.badRequest(input, 0, input.length, e);
      if (answer != null) {
        SipParser.parse(answer, 0, answer.length);
      }
      return false;
    }
    byte[] out = m.toBytes();
    assertSameMessage(m, SipParser.parse(out, 0, out.length), "re-parse");
    for (int i = 0; i < m.headerCount(); i++) {
      m.values(m.nameAt(i));
      m.nameTextAt(i);
    }
    typedHeaders(m);
    SipMessage forwarded = SipParser.parse(MessageBuilder.edit(m)
        .addFirst("Via", "SIP/2.0/UDP fuzz.example.com;branch=z9hG4bKfuzz").build());
    assertEquals(m.bodyLength(), forwarded.bodyLength());
    assertEquals(m.count(HeaderName.VIA) + 1, forwarded.count(HeaderName.VIA));
    if (m instanceof SipRequest r) {
      byte[] resp = ResponseFactory.create(r, 400, "Bad Request");
      assertEquals(400, ((SipResponse) SipParser.parse(resp, 0, resp.length)).statusCode());
    }
    return true;
  }

  private static void typedHeaders(SipMessage m) {
    Runnable[] parsers = {
      () -> CSeq.of(m), () -> CallId.of(m), () -> MaxForwards.of(m), () -> Expires.of(m),
      () -> ContentType.of(m), () -> OptionTags.of(m, HeaderName.REQUIRE),
      () -> OptionTags.of(m, HeaderName.SUPPORTED)
    };
    for (Runnable p : parsers) {
      try {
        p.run();
      } catch (SipParseException expected) {
        // a malformed value is fine; any other exception is not
      }
    }
  }

  private static byte[] mutate(byte[] in, SplittableRandom rnd) {
    int n = in.length;
    if (n == 0) {
      return new byte[] {INTERESTING[rnd.nextInt(INTERESTING.length)]};
    }
    int at = rnd.nextInt(n);
    switch (rnd.nextInt(9)) {
      case 0: { // flip one bit
        byte[] out = in.clone();
        out[at] ^= (byte) (1 << rnd.nextInt(8));
        return out;
      }
      case 1: // insert a random byte
        return insert(in, at, new byte[] {(byte) rnd.nextInt(256)});
      case 2: // insert a byte that matters to the grammar
        return insert(in, at, new byte[] {INTERESTING[rnd.nextInt(INTERESTING.length)]});
      case 3: { // delete a run of bytes
        int len = Math.min(n - at, 1 + rnd.nextInt(8));
        byte[] out = new byte[n - len];
        System.arraycopy(in, 0, out, 0, at);
        System.arraycopy(in, at + len, out, at, n - at - len);
        return out;
      }
      case 4: // truncate
        return Arrays.copyOf(in, at);
      case 5: { // duplicate the line holding `at`
        int s = at;
        while (s > 0 && in[s - 1] != '\n') {
          s--;
        }
        int e = at;
        while (e < n && in[e] != '\n') {
          e++;
        }
        e = Math.min(n, e + 1);
        return insert(in, s, Arrays.copyOfRange(in, s, e));
      }
      case 6: // break a line, or fold one
        return insert(in, at, rnd.nextBoolean() ? new byte[] {'\r', '\n'} : new byte[] {'\r', '\n', ' '});
      case 7: // an overlong number
        return insert(in, at, "99999999999999999999".getBytes(java.nio.charset.StandardCharsets.US_ASCII));
      default: { // overwrite with a grammar byte
        byte[] out = in.clone();
        out[at] = INTERESTING[rnd.nextInt(INTERESTING.length)];
        return out;
      }
    }
  }

  private static byte[] insert(byte[] in, int at, byte[] what) {
    byte[] out = new byte[in.length + what.length];
    System.arraycopy(in, 0, out, 0, at);
    System.arraycopy(what, 0, out, at, what.length);
    System.arraycopy(in, at, out, at + what.length, in.length - at);
    return out;
  }
}
