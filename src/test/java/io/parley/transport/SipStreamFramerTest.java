package io.parley.transport;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.parley.transport.SipStreamFramer.Failure;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class SipStreamFramerTest {

  private static final int MAX = 65_535;

  private static final String OPTIONS =
      "OPTIONS sip:bob@example.com SIP/2.0\r\n"
          + "Via: SIP/2.0/TCP host.example.com;branch=z9hG4bK776asdhds\r\n"
          + "Call-ID: a84b4c76e66710\r\n"
          + "Content-Length: 0\r\n"
          + "\r\n";

  /** Records what the framer reports. */
  private static final class Collector implements SipStreamFramer.Listener {
    final List<byte[]> messages = new ArrayList<>();
    int pings;

    @Override
    public void onMessage(byte[] message) {
      messages.add(message);
    }

    @Override
    public void onPing() {
      pings++;
    }

    String text(int i) {
      return new String(messages.get(i), StandardCharsets.ISO_8859_1);
    }
  }

  private static byte[] bytes(String s) {
    return s.getBytes(StandardCharsets.ISO_8859_1);
  }

  private static Failure feed(SipStreamFramer framer, byte[] data, int chunk, Collector c) {
    Failure f = null;
    for (int i = 0; i < data.length && f == null; i += chunk) {
      f = framer.feed(data, i, Math.min(chunk, data.length - i), c);
    }
    return f;
  }

  private static String withBody(String startAndHeaders, byte[] body) {
    return startAndHeaders + "Content-Length: " + body.length + "\r\n\r\n"
        + new String(body, StandardCharsets.ISO_8859_1);
  }

  @Test
  void framesAMessageArrivingOneByteAtATime() {
    Collector c = new Collector();
    SipStreamFramer framer = new SipStreamFramer(MAX);
    assertNull(feed(framer, bytes(OPTIONS), 1, c));
    assertEquals(1, c.messages.size());
    assertEquals(OPTIONS, c.text(0));
    assertEquals(0, framer.buffered());
  }

  @Test
  void framesAMessageSplitAtEveryPossiblePoint() {
    byte[] body = bytes("v=0\r\no=- 1 1 IN IP4 192.0.2.1\r\n");
    byte[] message = bytes(withBody("INVITE sip:bob@example.com SIP/2.0\r\nVia: SIP/2.0/TCP h\r\n", body));
    for (int split = 1; split < message.length; split++) {
      Collector c = new Collector();
      SipStreamFramer framer = new SipStreamFramer(MAX);
      assertNull(framer.feed(message, 0, split, c));
      assertEquals(0, c.messages.size(), "complete too early at split " + split);
      assertNull(framer.feed(message, split, message.length - split, c));
      assertEquals(1, c.messages.size(), "split " + split);
      assertArrayEquals(message, c.messages.get(0), "split " + split);
    }
  }

  @Test
  void framesSeveralMessagesInOneChunk() {
    String second = withBody("MESSAGE sip:a@b SIP/2.0\r\nCall-ID: 2\r\n", bytes("hello"));
    String third = "SIP/2.0 200 OK\r\nCall-ID: 3\r\nl: 2\r\n\r\nok";
    Collector c = new Collector();
    assertNull(new SipStreamFramer(MAX).feed(bytes(OPTIONS + second + third), 0,
        OPTIONS.length() + second.length() + third.length(), c));
    assertEquals(List.of(OPTIONS, second, third),
        List.of(c.text(0), c.text(1), c.text(2)));
  }

  @Test
  void bodyWithNulAndEmptyLinesIsFramedStrictlyByContentLength() {
    byte[] body = {'a', 0, '\r', '\n', '\r', '\n', 'I', 'N', 'V', 0, '\n', '\n', 'z'};
    String first = withBody("MESSAGE sip:a@b SIP/2.0\r\nCall-ID: 1\r\n", body);
    byte[] stream = bytes(first + first);
    for (int chunk : new int[] {1, 3, 7, stream.length}) {
      Collector c = new Collector();
      assertNull(feed(new SipStreamFramer(MAX), stream, chunk, c), "chunk " + chunk);
      assertEquals(2, c.messages.size(), "chunk " + chunk);
      assertEquals(first, c.text(0));
      assertEquals(first, c.text(1));
    }
  }

  @Test
  void crlfCrlfPingIsReportedOnceAndASingleCrlfIsIgnored() {
    Collector c = new Collector();
    SipStreamFramer framer = new SipStreamFramer(MAX);
    assertNull(framer.feed(bytes("\r\n\r\n"), 0, 4, c));
    assertEquals(1, c.pings);
    // a ping split over two reads
    assertNull(framer.feed(bytes("\r\n"), 0, 2, c));
    assertEquals(1, c.pings);
    assertNull(framer.feed(bytes("\r\n"), 0, 2, c));
    assertEquals(2, c.pings);
    // a lone CRLF (a pong, or the §7.5 CRLF before a start line) then a message
    assertNull(framer.feed(bytes("\r\n" + OPTIONS), 0, 2 + OPTIONS.length(), c));
    assertEquals(2, c.pings);
    assertEquals(List.of(OPTIONS), List.of(c.text(0)));
    assertEquals(0, framer.buffered());
  }

  @Test
  void pingBetweenMessagesAndCrSplitFromItsLf() {
    Collector c = new Collector();
    SipStreamFramer framer = new SipStreamFramer(MAX);
    byte[] stream = bytes(OPTIONS + "\r\n\r\n" + OPTIONS);
    assertNull(feed(framer, stream, 1, c));
    assertEquals(2, c.messages.size());
    assertEquals(1, c.pings);
  }

  @Test
  void contentLengthInCompactFormAnyCaseWithLwsAndFolding() {
    String[] headers = {
      "l: 3", "L:3", "CONTENT-LENGTH : 3", "content-length:\t 3 \t", "Content-Length:\r\n   3",
      "Content-Length: 003"
    };
    for (String h : headers) {
      String message = "MESSAGE sip:a@b SIP/2.0\r\n" + h + "\r\nCall-ID: x\r\n\r\nabc";
      Collector c = new Collector();
      assertNull(new SipStreamFramer(MAX).feed(bytes(message + OPTIONS), 0,
          message.length() + OPTIONS.length(), c), h);
      assertEquals(List.of(message, OPTIONS), List.of(c.text(0), c.text(1)), h);
    }
  }

  @Test
  void headerNamesThatMerelyResembleContentLengthAreNotIt() {
    String message = "MESSAGE sip:a@b SIP/2.0\r\nContent-Lengthy: 9\r\nLl: 9\r\nX: l: 9\r\n"
        + "Content-Length: 1\r\n\r\nz";
    Collector c = new Collector();
    assertNull(new SipStreamFramer(MAX).feed(bytes(message), 0, message.length(), c));
    assertEquals(List.of(message), List.of(c.text(0)));
  }

  @Test
  void missingContentLengthMeansAnEmptyBody() {
    String noLength = "OPTIONS sip:a@b SIP/2.0\r\nCall-ID: 1\r\n\r\n";
    Collector c = new Collector();
    assertNull(new SipStreamFramer(MAX).feed(bytes(noLength + OPTIONS), 0,
        noLength.length() + OPTIONS.length(), c));
    assertEquals(List.of(noLength, OPTIONS), List.of(c.text(0), c.text(1)));
  }

  @Test
  void headerSectionMayEndWithBareLineFeeds() {
    String lf = "OPTIONS sip:a@b SIP/2.0\nCall-ID: 1\nContent-Length: 2\n\nhi";
    Collector c = new Collector();
    assertNull(feed(new SipStreamFramer(MAX), bytes(lf + OPTIONS), 1, c));
    assertEquals(List.of(lf, OPTIONS), List.of(c.text(0), c.text(1)));
  }

  @Test
  void sameContentLengthTwiceIsAccepted() {
    String twice = "MESSAGE sip:a@b SIP/2.0\r\nContent-Length: 2\r\nl: 2\r\n\r\nhi";
    Collector c = new Collector();
    assertNull(new SipStreamFramer(MAX).feed(bytes(twice), 0, twice.length(), c));
    assertEquals(List.of(twice), List.of(c.text(0)));
  }

  @Test
  void negativeContentLengthFailsTheStream() {
    byte[] ncl = Rfc4475Vectors.load("ncl.dat");
    Collector c = new Collector();
    SipStreamFramer framer = new SipStreamFramer(MAX);
    assertEquals(Failure.BAD_CONTENT_LENGTH, framer.feed(ncl, 0, ncl.length, c));
    assertEquals(0, c.messages.size());
    // once failed, it stays failed and frames nothing more
    assertEquals(Failure.BAD_CONTENT_LENGTH, framer.feed(bytes(OPTIONS), 0, OPTIONS.length(), c));
    assertEquals(0, c.messages.size());
  }

  @Test
  void nonNumericOrEmptyContentLengthFailsTheStream() {
    for (String value : new String[] {"abc", "", "+5", "5 6", "5,5", "5\r\n 6", "0x10"}) {
      String m = "OPTIONS sip:a@b SIP/2.0\r\nContent-Length: " + value + "\r\n\r\n";
      assertEquals(Failure.BAD_CONTENT_LENGTH,
          new SipStreamFramer(MAX).feed(bytes(m), 0, m.length(), new Collector()), value);
    }
  }

  @Test
  void twoDifferentContentLengthsFailTheStream() {
    byte[] mcl = Rfc4475Vectors.load("mcl01.dat");
    Collector c = new Collector();
    assertEquals(Failure.CONFLICTING_CONTENT_LENGTH,
        new SipStreamFramer(MAX).feed(mcl, 0, mcl.length, c));
    assertEquals(0, c.messages.size());
  }

  @Test
  void contentLengthLargerThanWhatArrivesWaits() {
    byte[] clerr = Rfc4475Vectors.load("clerr.dat");
    Collector c = new Collector();
    SipStreamFramer framer = new SipStreamFramer(MAX);
    assertNull(framer.feed(clerr, 0, clerr.length, c));
    assertEquals(0, c.messages.size());
    assertEquals(clerr.length, framer.buffered());
  }

  @Test
  void contentLengthBeyondTheMaximumFailsAtOnce() {
    String m = "MESSAGE sip:a@b SIP/2.0\r\nContent-Length: 99999999999999999999\r\n\r\n";
    assertEquals(Failure.OVERSIZE,
        new SipStreamFramer(MAX).feed(bytes(m), 0, m.length(), new Collector()));
    String justOver = "MESSAGE sip:a@b SIP/2.0\r\nContent-Length: 2000\r\n\r\n";
    assertEquals(Failure.OVERSIZE,
        new SipStreamFramer(2000).feed(bytes(justOver), 0, justOver.length(), new Collector()));
  }

  @Test
  void messageOfExactlyTheMaximumIsFramedAndOneMoreIsNot() {
    String head = "MESSAGE sip:a@b SIP/2.0\r\nContent-Length: ";
    int max = 1400;
    for (int extra : new int[] {0, 1}) {
      int bodyLength = max - (head.length() + 4 + 4) + extra;
      String m = head + bodyLength + "\r\n\r\n" + "x".repeat(bodyLength);
      Collector c = new Collector();
      Failure f = feed(new SipStreamFramer(max), bytes(m), 100, c);
      if (extra == 0) {
        assertEquals(max, m.length());
        assertNull(f);
        assertEquals(1, c.messages.size());
      } else {
        assertEquals(Failure.OVERSIZE, f);
        assertEquals(0, c.messages.size());
      }
    }
  }

  @Test
  void endlessHeaderSectionFailsWithoutHoldingMoreThanTheMaximum() {
    int max = 2000;
    SipStreamFramer framer = new SipStreamFramer(max);
    byte[] header = bytes("X-Filler: 0123456789012345678901234567890123456789\r\n");
    byte[] start = bytes("OPTIONS sip:a@b SIP/2.0\r\n");
    Collector c = new Collector();
    Failure f = framer.feed(start, 0, start.length, c);
    for (int i = 0; i < 1000 && f == null; i++) {
      f = framer.feed(header, 0, header.length, c);
      assertTrue(framer.buffered() <= max);
    }
    assertEquals(Failure.OVERSIZE, f);
  }

  @Test
  void bytesThatCannotStartAMessageFailTheStream() {
    String[] garbage = {
      "\u0000\u0001\u0000\u0008\u2112\u00a4\u0042", // a STUN binding request
      "GET / HTTP/1.1\r\nHost: x\r\n\r\n",
      "hello world\r\n",
      "INVITE\r\n\r\n",
      " INVITE sip:a@b SIP/2.0\r\n",
      "{\"json\": true}",
    };
    for (String g : garbage) {
      byte[] data = bytes(g);
      Collector c = new Collector();
      assertEquals(Failure.GARBAGE, feed(new SipStreamFramer(MAX), data, 1, c), g);
      assertEquals(0, c.messages.size());
    }
  }

  @Test
  void aLongFirstLineIsCheckedWithoutRescanning() {
    // a first word of 60,000 token characters dripping in one byte at a time stays cheap
    SipStreamFramer framer = new SipStreamFramer(MAX);
    byte[] a = {'A'};
    Collector c = new Collector();
    for (int i = 0; i < 60_000; i++) {
      assertNull(framer.feed(a, 0, 1, c));
    }
    assertEquals(Failure.GARBAGE, framer.feed(bytes("\r\n"), 0, 2, c));
  }

  @Test
  void missingContentLengthWithABodyFramesTheBodyAsGarbage() {
    // RFC 4475 §3.4.1: over a stream the body after a header section without Content-Length
    // cannot be told apart from the next message
    byte[] inv2543 = Rfc4475Vectors.load("inv2543.dat");
    Collector c = new Collector();
    assertEquals(Failure.GARBAGE, new SipStreamFramer(MAX).feed(inv2543, 0, inv2543.length, c));
    assertEquals(1, c.messages.size());
    assertTrue(c.text(0).endsWith("\r\n\r\n"));
  }

  @Test
  void tortureMessagesWithConsistentFramingComeOutByteExact() throws Exception {
    Set<String> unframeable = Set.of(
        "baddn.dat", "clerr.dat", "dblreq.dat", "inv2543.dat", "mcl01.dat", "ncl.dat");
    List<byte[]> expected = new ArrayList<>();
    ByteArrayOutputStream stream = new ByteArrayOutputStream();
    for (String name : Rfc4475Vectors.checksums().keySet()) {
      if (name.startsWith("unlisted/") || !name.endsWith(".dat") || unframeable.contains(name)) {
        continue;
      }
      byte[] message = Rfc4475Vectors.load(name);
      expected.add(message);
      stream.write(message);
      stream.write(bytes("\r\n\r\n"));
    }
    assertEquals(43, expected.size());
    byte[] all = stream.toByteArray();
    for (int chunk : new int[] {1, 13, 1460, all.length}) {
      Collector c = new Collector();
      assertNull(feed(new SipStreamFramer(MAX), all, chunk, c), "chunk " + chunk);
      assertEquals(expected.size(), c.messages.size(), "chunk " + chunk);
      for (int i = 0; i < expected.size(); i++) {
        assertArrayEquals(expected.get(i), c.messages.get(i), "message " + i + " chunk " + chunk);
      }
      assertEquals(expected.size(), c.pings);
    }
  }
}
