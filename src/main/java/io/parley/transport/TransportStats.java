package io.parley.transport;

import java.util.concurrent.atomic.LongAdder;

/**
 * Counters of one transport layer, cheap to bump from any thread. Read them with
 * {@link #snapshot()}.
 */
public final class TransportStats {

  /**
   * The counters at one moment (each read separately, so two may be a message apart).
   *
   * @param received messages handed to the {@link InboundHandler}
   * @param sent messages written to a socket (for TCP: once the write completed)
   * @param keepalives CRLF keepalives received (RFC 5626 §3.5.1): CRLFCRLF pings on streams,
   *     CR/LF-only datagrams on UDP
   * @param droppedOversize datagrams over the max message size (handed on, so the parser
   *     answers 513), and streams closed for a
   *     header section or frame over it
   * @param droppedGarbage datagrams, and streams closed, whose first bytes cannot start a SIP
   *     message
   * @param badContentLength streams closed for a negative, non-numeric or twice different
   *     Content-Length (RFC 4475 §3.1.2.3, §3.3.9)
   * @param closedBadFraming streams closed for any framing error (the sum of the three above,
   *     for streams)
   * @param closedIdle connections closed after the idle timeout
   * @param closedMessageTimeout connections closed for a message not whole within the message
   *     timeout of its first byte (a slowloris)
   * @param sendFailures sends refused or failed: dead peer, gone connection, full queue,
   *     connect failure
   * @param handlerFailures exceptions thrown by the inbound handler
   * @param connectionsOpened connections accepted or connected
   * @param connectionsRejected connections closed at once for being over the maximum
   * @param connectionsRejectedPerSource connections accepted and closed at once for their source
   *     being at its maximum
   * @param keepalivesUnanswered keepalive pings left unanswered: over the rate a connection
   *     gets answered, or its peer not reading
   * @param stunAnswered STUN Binding requests answered with the address they came from (RFC
   *     5389); Binding indications count as keepalives
   * @param stunRefused STUN Binding requests answered 420 for an attribute not understood
   * @param stunDropped STUN messages dropped: not well-formed, or not a Binding request
   */
  public record Snapshot(
      long received,
      long sent,
      long keepalives,
      long droppedOversize,
      long droppedGarbage,
      long badContentLength,
      long closedBadFraming,
      long closedIdle,
      long closedMessageTimeout,
      long sendFailures,
      long handlerFailures,
      long connectionsOpened,
      long connectionsRejected,
      long connectionsRejectedPerSource,
      long keepalivesUnanswered,
      long stunAnswered,
      long stunRefused,
      long stunDropped) {}

  final LongAdder received = new LongAdder();
  final LongAdder sent = new LongAdder();
  final LongAdder keepalives = new LongAdder();
  final LongAdder droppedOversize = new LongAdder();
  final LongAdder droppedGarbage = new LongAdder();
  final LongAdder badContentLength = new LongAdder();
  final LongAdder closedBadFraming = new LongAdder();
  final LongAdder closedIdle = new LongAdder();
  final LongAdder closedMessageTimeout = new LongAdder();
  final LongAdder sendFailures = new LongAdder();
  final LongAdder handlerFailures = new LongAdder();
  final LongAdder connectionsOpened = new LongAdder();
  final LongAdder connectionsRejected = new LongAdder();
  final LongAdder connectionsRejectedPerSource = new LongAdder();
  final LongAdder keepalivesUnanswered = new LongAdder();
  final LongAdder stunAnswered = new LongAdder();
  final LongAdder stunRefused = new LongAdder();
  final LongAdder stunDropped = new LongAdder();

  TransportStats() {}

  /** The current values. */
  public Snapshot snapshot() {
    return new Snapshot(
        received.sum(),
        sent.sum(),
        keepalives.sum(),
        droppedOversize.sum(),
        droppedGarbage.sum(),
        badContentLength.sum(),
        closedBadFraming.sum(),
        closedIdle.sum(),
        closedMessageTimeout.sum(),
        sendFailures.sum(),
        handlerFailures.sum(),
        connectionsOpened.sum(),
        connectionsRejected.sum(),
        connectionsRejectedPerSource.sum(),
        keepalivesUnanswered.sum(),
        stunAnswered.sum(),
        stunRefused.sum(),
        stunDropped.sum());
  }

  /** Counts a connection refused or closed, under its reason. */
  void closed(CloseReason reason) {
    switch (reason) {
      case MAX_CONNECTIONS -> connectionsRejected.increment();
      case MAX_CONNECTIONS_PER_SOURCE -> connectionsRejectedPerSource.increment();
      case MESSAGE_TIMEOUT -> closedMessageTimeout.increment();
      case IDLE -> closedIdle.increment();
    }
  }

  /** Counts a stream closed for a framing error, under its cause. */
  void framingFailure(SipStreamFramer.Failure failure) {
    closedBadFraming.increment();
    switch (failure) {
      case OVERSIZE -> droppedOversize.increment();
      case GARBAGE -> droppedGarbage.increment();
      case BAD_CONTENT_LENGTH, CONFLICTING_CONTENT_LENGTH -> badContentLength.increment();
    }
  }
}
