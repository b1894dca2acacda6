package io.parley.message;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Loads the third-party conformance vectors copied under {@code src/test/resources/conformance}. */
public final class Vectors {
  private Vectors() {}

  /** The bytes of {@code conformance/<set>/<name>}. */
  public static byte[] bytes(String set, String name) {
    String path = "/conformance/" + set + "/" + name;
    try (InputStream in = Vectors.class.getResourceAsStream(path)) {
      if (in == null) {
        throw new IllegalStateException("missing test resource " + path);
      }
      return in.readAllBytes();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The file → hex SHA-256 entries of {@code conformance/<set>/SHA256SUMS}. */
  public static Map<String, String> checksums(String set) {
    Map<String, String> sums = new LinkedHashMap<>();
    for (String line : lines(set, "SHA256SUMS")) {
      if (line.isBlank()) {
        continue;
      }
      int sp = line.indexOf(' ');
      String file = line.substring(sp).trim();
      if (file.startsWith("*")) {
        file = file.substring(1);
      }
      sums.put(file, line.substring(0, sp));
    }
    return sums;
  }

  public static String sha256(byte[] data) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(data));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  /** Rows of a tab-separated manifest, header row dropped. */
  public static List<String[]> manifest(String set) {
    List<String[]> rows = new ArrayList<>();
    List<String> lines = lines(set, "manifest.tsv");
    for (String line : lines.subList(1, lines.size())) {
      if (!line.isBlank()) {
        rows.add(line.split("\t"));
      }
    }
    return rows;
  }

  private static List<String> lines(String set, String name) {
    return new String(bytes(set, name), StandardCharsets.UTF_8).lines().toList();
  }

  /** {@code b} with every bare LF turned into CRLF (CRLFs stay as they are). */
  public static byte[] lfToCrlf(byte[] b) {
    java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream(b.length + 64);
    for (int i = 0; i < b.length; i++) {
      if (b[i] == '\n' && (i == 0 || b[i - 1] != '\r')) {
        out.write('\r');
      }
      out.write(b[i]);
    }
    return out.toByteArray();
  }
}
