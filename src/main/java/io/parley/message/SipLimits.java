package io.parley.message;

/**
 * The bounds {@link SipParser} enforces on one message, so a hostile datagram costs bounded
 * work and memory.
 *
 * @param maxMessageSize octets in one message, start line to end of body; larger → 513
 *     Message Too Large (RFC 3261 §21.4.24). The default, 65,535, is the largest UDP payload
 *     (RFC 3261 §18.1.1 lets a UDP message grow to the path MTU and beyond with fragmentation).
 * @param maxHeaders header fields in one message; more → 400
 * @param maxLineLength octets in the start line, and in one header field counting its name and
 *     its continuation lines; longer → 400
 */
public record SipLimits(int maxMessageSize, int maxHeaders, int maxLineLength) {

  public static final int MAX_MESSAGE_SIZE = 65_535;
  public static final int MAX_HEADERS = 256;
  public static final int MAX_LINE_LENGTH = 16 * 1024;

  /** The limits {@link SipParser#parse(byte[], int, int)} applies. */
  public static final SipLimits DEFAULT =
      new SipLimits(MAX_MESSAGE_SIZE, MAX_HEADERS, MAX_LINE_LENGTH);

  public SipLimits {
    if (maxMessageSize < 1 || maxHeaders < 1 || maxLineLength < 1) {
      throw new IllegalArgumentException("SIP limits must be positive");
    }
  }
}
