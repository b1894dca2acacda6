package io.parley.message.conformance;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * A minimal splitter for test vectors: the start line and the header fields of a message, with
 * lines ending in CRLF or a bare LF and folded lines joined to their field. The values keep
 * their exact octets (leading LWS after the colon included), as a header parser would hand
 * them to the value parsers.
 */
final class MessageLines {
  final byte[] startLine;
  private final List<String> names = new ArrayList<>();
  private final List<byte[]> values = new ArrayList<>();

  private MessageLines(byte[] msg) {
    List<byte[]> lines = new ArrayList<>();
    int i = 0;
    while (i < msg.length) {
      int lf = i;
      while (lf < msg.length && msg[lf] != '\n') {
        lf++;
      }
      int end = lf > i && msg[lf - 1] == '\r' ? lf - 1 : lf;
      if (end == i) {
        break; // the empty line that ends the header section
      }
      byte[] line = Arrays.copyOfRange(msg, i, end);
      if ((line[0] == ' ' || line[0] == '\t') && !lines.isEmpty()) {
        byte[] prev = lines.remove(lines.size() - 1);
        byte[] joined = Arrays.copyOf(prev, prev.length + 2 + line.length);
        joined[prev.length] = '\r';
        joined[prev.length + 1] = '\n';
        System.arraycopy(line, 0, joined, prev.length + 2, line.length);
        line = joined;
      }
      lines.add(line);
      i = lf + 1;
    }
    startLine = lines.get(0);
    for (byte[] line : lines.subList(1, lines.size())) {
      int colon = 0;
      while (colon < line.length && line[colon] != ':') {
        colon++;
      }
      names.add(new String(line, 0, colon, java.nio.charset.StandardCharsets.ISO_8859_1).strip());
      values.add(Arrays.copyOfRange(line, Math.min(colon + 1, line.length), line.length));
    }
  }

  static MessageLines of(byte[] msg) {
    return new MessageLines(msg);
  }

  /** The Request-URI: between the first and the last SP of the request line. */
  byte[] requestUri() {
    int first = 0;
    while (startLine[first] != ' ') {
      first++;
    }
    int last = startLine.length - 1;
    while (startLine[last] != ' ') {
      last--;
    }
    return Arrays.copyOfRange(startLine, first + 1, last);
  }

  /** The values of every field named {@code name} or its compact form (case-insensitive). */
  List<byte[]> values(String name, String compact) {
    List<byte[]> out = new ArrayList<>();
    for (int k = 0; k < names.size(); k++) {
      if (names.get(k).equalsIgnoreCase(name) || names.get(k).equalsIgnoreCase(compact)) {
        out.add(values.get(k));
      }
    }
    return out;
  }
}
