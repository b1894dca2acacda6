package io.parley.nat;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** rtpengine's NG encoding, both ways, and what a garbled reply comes to. */
class BencodeTest {

  private static Object decode(String s) {
    byte[] b = s.getBytes(StandardCharsets.ISO_8859_1);
    return Bencode.decode(b, 0, b.length);
  }

  @Test
  void anOfferIsWrittenWithItsKeysSorted() {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("command", "offer");
    m.put("call-id", "c1");
    m.put("flags", List.of("trust-address"));
    m.put("sdp", "v=0\r\n".getBytes(StandardCharsets.US_ASCII));
    assertEquals("d7:call-id2:c17:command5:offer5:flagsl13:trust-addresse3:sdp5:v=0\r\ne",
        new String(Bencode.encode(m), StandardCharsets.ISO_8859_1));
  }

  @Test
  void aReplyIsReadBack() {
    assertEquals(Map.of("result", "ok", "sdp", "v=0\r\n", "n", -12L, "l", List.of("a", 1L)),
        decode("d6:result2:ok3:sdp5:v=0\r\n1:ni-12e1:ll1:ai1eee"));
  }

  @Test
  void everyOctetGoesThroughUnchanged() {
    byte[] all = new byte[256];
    for (int i = 0; i < 256; i++) {
      all[i] = (byte) i;
    }
    byte[] encoded = Bencode.encode(Map.of("sdp", all));
    Map<?, ?> back = (Map<?, ?>) Bencode.decode(encoded, 0, encoded.length);
    assertArrayEquals(all, ((String) back.get("sdp")).getBytes(StandardCharsets.ISO_8859_1));
  }

  @Test
  void garbleIsRefusedNeverMore() {
    for (String bad : List.of("", "d", "5:abc", "i12", "ie", "i-e", "d3:keye", "di1e1:ae", "l", "x",
        "i1234567890123456789e", "99999999999:a", "1:ab", "d6:result2:okee")) {
      assertThrows(IllegalArgumentException.class, () -> decode(bad), bad);
    }
    assertThrows(IllegalArgumentException.class, () -> decode("l".repeat(100) + "e".repeat(100)), "too deep");
  }
}
