package io.parley.transport;

/** Why this node refused or closed a TCP connection that had done nothing malformed. */
enum CloseReason {
  /** Over {@code parley.sip.tcp-max-connections}. */
  MAX_CONNECTIONS,
  /** Over {@code parley.sip.tcp-max-connections-per-source}. */
  MAX_CONNECTIONS_PER_SOURCE,
  /** A message not whole within {@code parley.sip.tcp-message-timeout} of its first byte. */
  MESSAGE_TIMEOUT,
  /** Nothing read or written for {@code parley.sip.tcp-idle-timeout}. */
  IDLE
}
