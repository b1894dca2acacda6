package io.parley.location;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * The Contact URI of an RFC 4475 REGISTER vector, read byte-exact from the test resources after
 * its checksum in SHA256SUMS was verified.
 */
final class Rfc4475Contacts {
  private static final String DIR = "/conformance/rfc4475/";

  private Rfc4475Contacts() {}

  static String contact(String name) {
    byte[] bytes = read(name);
    String sums = new String(read("SHA256SUMS"), StandardCharsets.US_ASCII);
    String expected = sums.lines().map(String::trim).filter(l -> l.endsWith(" " + name) || l.endsWith("*" + name))
        .map(l -> l.split("\\s+")[0]).findFirst()
        .orElseThrow(() -> new IllegalStateException(name + " is not in SHA256SUMS"));
    if (!expected.equals(sha256(bytes))) {
      throw new IllegalStateException("conformance vector " + name + " was altered");
    }
    for (String line : new String(bytes, StandardCharsets.ISO_8859_1).split("\r\n")) {
      if (line.startsWith("Contact:") || line.startsWith("M:")) {
        return line.substring(line.indexOf('<') + 1, line.lastIndexOf('>'));
      }
    }
    throw new IllegalStateException(name + " has no Contact");
  }

  private static byte[] read(String name) {
    try (InputStream in = Rfc4475Contacts.class.getResourceAsStream(DIR + name)) {
      if (in == null) {
        throw new IllegalStateException("missing resource " + DIR + name);
      }
      return in.readAllBytes();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static String sha256(byte[] bytes) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
