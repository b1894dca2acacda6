package io.parley.message;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every RFC 4475 vector through what the edge does with a datagram: {@link SipParser}, then
 * {@link MessageValidator}. The table is the RFC's verdict as the manifest states it; where the
 * RFC lets an element choose (§3.1.2.9–12 "may reject"), Parley rejects.
 */
class EdgeValidationRfc4475Test {
  private static final String SET = "rfc4475";
  private static final int ACCEPTED = 0;

  /** file → {@link #ACCEPTED}, or the status the element answers (or drops, for responses). */
  private static final Map<String, Integer> VERDICT = new LinkedHashMap<>();

  static {
    for (String f : List.of("wsinv", "intmeth", "esc01", "escnull", "esc02", "lwsdisp", "longreq",
        "dblreq", "semiuri", "transports", "mpart01", "unreason", "noreason")) {
      VERDICT.put(f, ACCEPTED); // §3.1.1: valid
    }
    for (String f : List.of("badinv01", "clerr", "ncl", "scalar02", "scalarlg", "quotbal",
        "ltgtruri", "lwsruri", "lwsstart", "trws", "escruri", "baddate", "regbadct", "badaspec",
        "baddn", "mismatch01", "mismatch02", "bigcode")) {
      VERDICT.put(f, 400); // §3.1.2: invalid
    }
    VERDICT.put("badvers", 505); // §3.1.2.16
    // §3.2–3.4: parseable; the test is in what the element does next
    for (String f : List.of("unkscm", "novelsc", "unksm2", "bext01", "invut", "regaut01", "bcast",
        "zeromf", "cparam01", "cparam02", "regescrt", "sdp01", "inv2543")) {
      VERDICT.put(f, ACCEPTED);
    }
    VERDICT.put("badbranch", 400); // §3.2.1: rejected rather than matched the RFC 2543 way
    VERDICT.put("insuf", 400); // §3.3.1: no Call-ID, From, To
    VERDICT.put("multi01", 400); // §3.3.8: several To, From, Call-ID, CSeq
    VERDICT.put("mcl01", 400); // §3.3.9: Content-Length 13 and 5
  }

  static Stream<String> files() {
    return VERDICT.keySet().stream();
  }

  @Test
  void theTableCoversTheManifest() {
    Set<String> listed = new TreeSet<>();
    Vectors.manifest(SET).forEach(r -> listed.add(r[0].replace(".dat", "")));
    assertEquals(listed, new TreeSet<>(VERDICT.keySet()));
  }

  @ParameterizedTest
  @MethodSource("files")
  void theEdgeDecidesAsTheRfcSays(String file) {
    byte[] bytes = Vectors.bytes(SET, file + ".dat");
    int expected = VERDICT.get(file);
    if (expected == ACCEPTED) {
      SipMessage m = SipParser.parse(bytes, 0, bytes.length);
      MessageValidator.validate(m);
    } else {
      SipParseException e = assertThrows(SipParseException.class, () -> {
        SipMessage m = SipParser.parse(bytes, 0, bytes.length);
        MessageValidator.validate(m);
      }, file);
      assertEquals(expected, e.status(), file + ": " + e.reason());
    }
  }
}
