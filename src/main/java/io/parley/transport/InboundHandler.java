package io.parley.transport;

/**
 * Receives every SIP message the transport layer frames, unparsed.
 *
 * <p>Called on the thread that read the bytes: the SIP event loop that reads the UDP socket
 * ({@link SipEventLoops}, which also runs the actors) or a TCP event loop thread. Handing each
 * message to another thread would cost a thread wake-up (60-90 µs of CPU on a 2-core VM, more
 * than parsing the message), so the handler does its work in place. It <b>must not block</b>:
 * while it runs, that socket and the actors of that loop (UDP) or every connection of that event
 * loop (TCP) wait. It may send, including from inside {@code onFrame}: sending never
 * blocks on a peer. An exception it throws is logged and counted, and the next message is read.
 */
@FunctionalInterface
public interface InboundHandler {

  /**
   * One message: for UDP a whole datagram (leading CR/LF removed), for a stream the start line,
   * header section and exactly Content-Length body bytes (RFC 3261 §18.3). The bytes are not
   * parsed or checked beyond framing: the start line merely looks like one.
   *
   * @param data a fresh array the handler owns and may keep
   * @param offset where the message starts in {@code data}
   * @param length the message's length
   * @param flow the flow it arrived on, to answer through
   */
  void onFrame(byte[] data, int offset, int length, Flow flow);
}
