package io.parley.auth;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;

class DigestAlgorithmTest {

  @Test
  void hashesTheFipsAndRfc1321TestVectorsInLowercaseHex() {
    // RFC 1321 §A.5, FIPS 180-4 examples (SHA-256 and SHA-512/256 of "abc").
    assertEquals("900150983cd24fb0d6963f7d28e17f72", DigestAlgorithm.MD5.hash("abc"));
    assertEquals("ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad", DigestAlgorithm.SHA_256.hash("abc"));
    assertEquals("53048e2681941ef99b2e29b76b4c7dabe4c2d0c634fc6d46e0e2f13107e7af23",
        DigestAlgorithm.SHA_512_256.hash("abc"));
    assertEquals("d41d8cd98f00b204e9800998ecf8427e", DigestAlgorithm.MD5.hash(""));
  }

  @Test
  void hexLengthsMatchTheDigests() {
    assertEquals(32, DigestAlgorithm.MD5.hexLength());
    assertEquals(64, DigestAlgorithm.SHA_256.hexLength());
    assertEquals(64, DigestAlgorithm.SHA_512_256.hexLength());
    for (DigestAlgorithm a : DigestAlgorithm.values()) {
      assertEquals(a.hexLength(), a.hash("x").length());
    }
  }

  @Test
  void hashJoinedIsTheHashOfTheColonJoinedString() {
    for (DigestAlgorithm a : DigestAlgorithm.values()) {
      assertEquals(a.hash("Mufasa:realm:pw"), a.hashJoined("Mufasa", "realm", "pw"));
      assertEquals(a.hash("::"), a.hashJoined("", "", ""));
    }
  }

  @Test
  void nonAsciiIsHashedAsUtf8() throws Exception {
    String user = "J\u00e4s\u00f8n Doe";
    byte[] expected = MessageDigest.getInstance("MD5").digest((user + ":r:p").getBytes(StandardCharsets.UTF_8));
    assertEquals(HexFormat.of().formatHex(expected), DigestAlgorithm.MD5.hashJoined(user, "r", "p"));
    assertEquals("7e0f5917220feb03bbe9d314d65316e4", DigestAlgorithm.MD5.hashJoined(user, "r", "p"));
    // ASCII before and after a non-ASCII character in one part, and a part after it.
    String mixed = "ab\u20acc";
    byte[] e2 = MessageDigest.getInstance("SHA-256").digest(("x:" + mixed + ":y").getBytes(StandardCharsets.UTF_8));
    assertEquals(HexFormat.of().formatHex(e2), DigestAlgorithm.SHA_256.hashJoined("x", mixed, "y"));
  }

  @Test
  void inputsLongerThanTheScratchBufferHashCorrectly() throws Exception {
    String longUri = "sip:" + "a".repeat(10_000) + "@example.com";
    byte[] expected = MessageDigest.getInstance("SHA-512/256").digest(("REGISTER:" + longUri).getBytes(StandardCharsets.UTF_8));
    assertEquals(HexFormat.of().formatHex(expected), DigestAlgorithm.SHA_512_256.hashJoined("REGISTER", longUri));
    // and the thread's scratch is sane afterwards
    assertEquals("900150983cd24fb0d6963f7d28e17f72", DigestAlgorithm.MD5.hash("abc"));
    assertEquals("ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad", DigestAlgorithm.SHA_256.hash("abc"));
  }

  @Test
  void threadsHashIndependently() throws Exception {
    ExecutorService pool = Executors.newFixedThreadPool(4);
    try {
      List<Future<Boolean>> results = new ArrayList<>();
      for (int t = 0; t < 4; t++) {
        int id = t;
        results.add(pool.submit(() -> {
          MessageDigest reference = MessageDigest.getInstance("SHA-256");
          for (int i = 0; i < 2_000; i++) {
            String s = "thread" + id + ":" + i;
            String expected = HexFormat.of().formatHex(reference.digest(s.getBytes(StandardCharsets.UTF_8)));
            if (!expected.equals(DigestAlgorithm.SHA_256.hash(s))) {
              return false;
            }
          }
          return true;
        }));
      }
      for (Future<Boolean> r : results) {
        assertTrue(r.get());
      }
    } finally {
      pool.shutdownNow();
    }
  }

  @Test
  void parsesTheWireTokensAndTheirSessVariants() {
    assertEquals(Optional.of(new AlgorithmParameter(DigestAlgorithm.MD5, false)), AlgorithmParameter.parse("MD5"));
    assertEquals(Optional.of(new AlgorithmParameter(DigestAlgorithm.MD5, true)), AlgorithmParameter.parse("MD5-sess"));
    assertEquals(Optional.of(new AlgorithmParameter(DigestAlgorithm.SHA_256, false)), AlgorithmParameter.parse("SHA-256"));
    assertEquals(Optional.of(new AlgorithmParameter(DigestAlgorithm.SHA_256, true)), AlgorithmParameter.parse("SHA-256-sess"));
    assertEquals(Optional.of(new AlgorithmParameter(DigestAlgorithm.SHA_512_256, false)),
        AlgorithmParameter.parse("SHA-512-256"));
    assertEquals(Optional.of(new AlgorithmParameter(DigestAlgorithm.SHA_512_256, true)),
        AlgorithmParameter.parse("SHA-512-256-sess"));
    assertEquals(Optional.of(new AlgorithmParameter(DigestAlgorithm.SHA_256, false)), AlgorithmParameter.parse("sha-256"));
  }

  @Test
  void anAbsentAlgorithmMeansMd5AndUnknownOnesAreRefused() {
    assertEquals(Optional.of(AlgorithmParameter.DEFAULT), AlgorithmParameter.parse(null));
    assertEquals(Optional.of(AlgorithmParameter.DEFAULT), AlgorithmParameter.parse(""));
    assertEquals(DigestAlgorithm.MD5, AlgorithmParameter.DEFAULT.algorithm());
    assertFalse(AlgorithmParameter.DEFAULT.session());
    assertTrue(AlgorithmParameter.parse("SHA-512").isEmpty());
    assertTrue(AlgorithmParameter.parse("AKAv1-MD5").isEmpty());
    assertTrue(AlgorithmParameter.parse("SHA-512/256").isEmpty());
    assertTrue(AlgorithmParameter.parse("MD5-sess-sess").isEmpty());
  }

  @Test
  void tokensRoundTrip() {
    for (DigestAlgorithm a : DigestAlgorithm.values()) {
      for (boolean session : new boolean[] {false, true}) {
        AlgorithmParameter p = new AlgorithmParameter(a, session);
        assertEquals(Optional.of(p), AlgorithmParameter.parse(p.token()));
      }
    }
    assertEquals("SHA-512-256-sess", DigestAlgorithm.SHA_512_256.sessionToken());
  }
}
