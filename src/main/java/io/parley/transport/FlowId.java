package io.parley.transport;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;

/**
 * Names one flow (RFC 5626 §3): a TCP/TLS/WS connection, or for UDP the pair of one local
 * listening socket and one remote address, and the node that holds it.
 *
 * <p>A message that must reach a user agent through its connection or NAT pinhole leaves
 * through the node and socket named here, so the id travels: in a Path or Contact parameter,
 * or from node to node. {@link #toString()} gives a compact text form, {@code
 * transport~hexid~node} (e.g. {@code tcp~2a~node-1}), built only of characters that are both a
 * SIP {@code token} and a URI {@code paramchar} (RFC 3261 §25.1): the node is percent-encoded
 * beyond {@code A-Z a-z 0-9 - . _}. {@link #parse} reads it back.
 *
 * <p>For a connection, {@code connectionId} is a number the node gives each connection, never
 * reused while the node runs. For UDP it is built from the flow itself: bits 63–48 are the
 * index of the local listening socket, bits 47–0 the remote IPv4 address and port (exact), or
 * a 48-bit hash of the remote IPv6 address and port (two IPv6 peers may, rarely, share an id;
 * the {@link Flow} carries the exact address).
 *
 * @param node the node holding the flow (its cluster address or name)
 * @param transport how the flow carries messages
 * @param connectionId see above
 */
public record FlowId(String node, Transport transport, long connectionId) {

  private static final char SEPARATOR = '~';
  private static final char[] HEX = "0123456789ABCDEF".toCharArray();

  public FlowId {
    if (node == null || node.isEmpty()) {
      throw new IllegalArgumentException("flow id without a node");
    }
    if (transport == null) {
      throw new IllegalArgumentException("flow id without a transport");
    }
  }

  /** The compact text form {@code transport~hexid~node}, read back by {@link #parse}. */
  @Override
  public String toString() {
    StringBuilder sb = new StringBuilder(node.length() + 24);
    sb.append(transport.lowerName()).append(SEPARATOR);
    sb.append(Long.toHexString(connectionId)).append(SEPARATOR);
    appendEncoded(sb, node);
    return sb.toString();
  }

  /**
   * Reads the form {@link #toString()} writes.
   *
   * @throws IllegalArgumentException quoting the text when it is not such a form
   */
  public static FlowId parse(String text) {
    if (text == null) {
      throw new IllegalArgumentException("flow id is missing");
    }
    int first = text.indexOf(SEPARATOR);
    int second = first < 0 ? -1 : text.indexOf(SEPARATOR, first + 1);
    if (first <= 0 || second < 0 || second == first + 1 || second == text.length() - 1) {
      throw malformed(text);
    }
    Transport transport;
    long id;
    try {
      transport = Transport.parse(text.substring(0, first));
      String hex = text.substring(first + 1, second);
      if (hex.length() > 16 || hex.charAt(0) == '+' || hex.charAt(0) == '-') {
        throw malformed(text);
      }
      id = Long.parseUnsignedLong(hex, 16);
    } catch (IllegalArgumentException e) {
      throw malformed(text);
    }
    return new FlowId(decode(text, second + 1), transport, id);
  }

  private static void appendEncoded(StringBuilder sb, String node) {
    for (byte b : node.getBytes(StandardCharsets.UTF_8)) {
      if (isPlain((char) (b & 0xFF))) {
        sb.append((char) b);
      } else {
        appendEscape(sb, b);
      }
    }
  }

  private static void appendEscape(StringBuilder sb, byte b) {
    sb.append('%').append(HEX[(b >> 4) & 0xF]).append(HEX[b & 0xF]);
  }

  private static String decode(String text, int from) {
    ByteArrayOutputStream out = new ByteArrayOutputStream(text.length() - from);
    for (int i = from; i < text.length(); i++) {
      char c = text.charAt(i);
      if (c == '%') {
        if (i + 2 >= text.length()) {
          throw malformed(text);
        }
        int hi = Character.digit(text.charAt(i + 1), 16);
        int lo = Character.digit(text.charAt(i + 2), 16);
        if (hi < 0 || lo < 0) {
          throw malformed(text);
        }
        out.write((hi << 4) | lo);
        i += 2;
      } else if (isPlain(c)) {
        out.write(c);
      } else {
        throw malformed(text);
      }
    }
    return out.toString(StandardCharsets.UTF_8);
  }

  private static boolean isPlain(char c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')
        || c == '-' || c == '.' || c == '_';
  }

  private static IllegalArgumentException malformed(String text) {
    return new IllegalArgumentException("malformed flow id \"" + text + "\"");
  }
}
