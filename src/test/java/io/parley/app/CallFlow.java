package io.parley.app;

import io.parley.message.Vectors;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * One flow of the rtckit RFC call-flow set ({@code conformance/<set>/<file>.yaml}): the messages
 * F1, F2, … in order, each a {@code - |+} block scalar indented by two spaces after the ladder
 * diagram's {@code #} comments. The text is the RFC's, with LF line ends and folded lines kept;
 * {@link #wire} gives the CRLF form to send.
 */
final class CallFlow {
  private CallFlow() {}

  /** The messages of {@code file}, LF line ends, each ending in its empty line; checksum verified. */
  static List<String> messages(String set, String file) {
    Map<String, String> sums = Vectors.checksums(set);
    byte[] bytes = Vectors.bytes(set, file);
    String expected = sums.get(file);
    if (expected == null || !expected.equals(Vectors.sha256(bytes))) {
      throw new AssertionError(file + " does not match its SHA256SUMS entry");
    }
    List<String> out = new ArrayList<>();
    StringBuilder current = null;
    for (String line : new String(bytes, StandardCharsets.UTF_8).split("\n", -1)) {
      if (line.startsWith("- |")) {
        if (current != null) {
          out.add(current.toString());
        }
        current = new StringBuilder();
      } else if (current != null && !line.startsWith("#")) {
        current.append(line.length() >= 2 ? line.substring(2) : "").append('\n');
      }
    }
    if (current != null) {
      out.add(current.toString());
    }
    List<String> trimmed = new ArrayList<>(out.size());
    for (String m : out) {
      String t = m.stripTrailing();
      trimmed.add(t + "\n\n");
    }
    return trimmed;
  }

  /** {@code message} with CRLF line ends, as it goes on the wire. */
  static byte[] wire(String message) {
    return message.replace("\n", "\r\n").getBytes(StandardCharsets.UTF_8);
  }

  /** {@code message} without the field {@code name} (and its folded continuation lines). */
  static String without(String message, String name) {
    StringBuilder out = new StringBuilder(message.length());
    boolean dropping = false;
    for (String line : message.split("\n", -1)) {
      if (dropping && (line.startsWith(" ") || line.startsWith("\t"))) {
        continue;
      }
      dropping = line.regionMatches(true, 0, name + ":", 0, name.length() + 1);
      if (!dropping) {
        out.append(line).append('\n');
      }
    }
    return out.substring(0, out.length() - 1);
  }

  /** {@code message} with {@code field} ("Name: value") added right before its Content-Length. */
  static String with(String message, String field) {
    int i = message.indexOf("\nContent-Length:");
    return message.substring(0, i + 1) + field + "\n" + message.substring(i + 1);
  }

  /** The values of every {@code name} field of {@code message} (CRLF or LF), folded lines joined. */
  static List<String> values(String message, String name) {
    List<String> out = new ArrayList<>();
    String[] lines = message.replace("\r\n", "\n").split("\n");
    for (int i = 0; i < lines.length; i++) {
      if (lines[i].regionMatches(true, 0, name + ":", 0, name.length() + 1)) {
        StringBuilder v = new StringBuilder(lines[i].substring(name.length() + 1).strip());
        while (i + 1 < lines.length && (lines[i + 1].startsWith(" ") || lines[i + 1].startsWith("\t"))) {
          v.append(' ').append(lines[++i].strip());
        }
        out.add(v.toString());
      }
    }
    return out;
  }
}
