package io.parley.transaction;

import io.parley.message.SipMessage;

/**
 * What a transaction machine carries: bytes it sends (built by the proxy), or a message it
 * received (passed up to the transaction user). One type, because the machines are generic over a
 * single message type (RFC 3261 §17: both directions flow through one transaction).
 */
public record Packet(byte[] bytes, SipMessage received) {

  public static Packet outgoing(byte[] bytes) {
    return new Packet(bytes, null);
  }

  public static Packet incoming(SipMessage message) {
    return new Packet(null, message);
  }
}
