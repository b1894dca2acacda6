package io.parley.transport;

/** Why this node refused or closed a TCP connection that had done nothing malformed. */
enum CloseReason {
  /** Over {@code parley.sip.tcp-max-connections}. */
  MAX_CONNECTIONS("refused over parley.sip.tcp-max-connections"),
  /** Over {@code parley.sip.tcp-max-connections-per-source}. */
  MAX_CONNECTIONS_PER_SOURCE("refused over parley.sip.tcp-max-connections-per-source"),
  /** A message not whole within {@code parley.sip.tcp-message-timeout} of its first byte. */
  MESSAGE_TIMEOUT("closed after parley.sip.tcp-message-timeout"),
  /** Nothing read or written for {@code parley.sip.tcp-idle-timeout}. */
  IDLE("closed after parley.sip.tcp-idle-timeout");

  /** What happened to a connection for this reason, for a log line that sums several. */
  final String summary;

  CloseReason(String summary) {
    this.summary = summary;
  }
}
