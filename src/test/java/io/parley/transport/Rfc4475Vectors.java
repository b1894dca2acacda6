package io.parley.transport;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The RFC 4475 torture messages as test resources, read byte-exact. The first access checks
 * every file against the set's SHA256SUMS, so a test never runs on altered bytes.
 */
final class Rfc4475Vectors {

  private static final String DIR = "/conformance/rfc4475/";
  private static Map<String, String> sums;

  private Rfc4475Vectors() {}

  /** The bytes of {@code name} (e.g. "ncl.dat"), after the checksums were verified. */
  static synchronized byte[] load(String name) {
    if (sums == null) {
      sums = verifyAll();
    }
    if (!sums.containsKey(name)) {
      throw new IllegalArgumentException("no such vector: " + name);
    }
    return read(name);
  }

  /** Every file named in SHA256SUMS, checked. */
  static synchronized Map<String, String> checksums() {
    if (sums == null) {
      sums = verifyAll();
    }
    return sums;
  }

  private static Map<String, String> verifyAll() {
    Map<String, String> expected = new LinkedHashMap<>();
    String list = new String(read("SHA256SUMS"), StandardCharsets.US_ASCII);
    for (String line : list.split("\n")) {
      if (line.isBlank()) {
        continue;
      }
      String[] parts = line.trim().split("\\s+", 2);
      expected.put(parts[1].startsWith("*") ? parts[1].substring(1) : parts[1], parts[0]);
    }
    for (Map.Entry<String, String> e : expected.entrySet()) {
      String actual = sha256(read(e.getKey()));
      if (!actual.equals(e.getValue())) {
        throw new IllegalStateException(
            "conformance vector " + e.getKey() + " was altered: sha256 " + actual);
      }
    }
    return expected;
  }

  private static byte[] read(String name) {
    try (InputStream in = Rfc4475Vectors.class.getResourceAsStream(DIR + name)) {
      if (in == null) {
        throw new IllegalStateException("missing test resource " + DIR + name);
      }
      return in.readAllBytes();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static String sha256(byte[] data) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(data));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
