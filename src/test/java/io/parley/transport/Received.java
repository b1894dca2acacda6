package io.parley.transport;

import java.nio.charset.StandardCharsets;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.BiConsumer;

/** An inbound handler for tests: records each message with its flow, optionally answers. */
final class Received implements InboundHandler {

  /** One message as the handler saw it. */
  record Message(String text, Flow flow, String thread) {}

  final BlockingQueue<Message> messages = new LinkedBlockingQueue<>();
  volatile BiConsumer<Message, Flow> answer = (m, f) -> {};

  @Override
  public void onFrame(byte[] data, int offset, int length, Flow flow) {
    Message m = new Message(new String(data, offset, length, StandardCharsets.ISO_8859_1), flow,
        Thread.currentThread().getName());
    messages.add(m);
    answer.accept(m, flow);
  }

  /** The next message, failing the test if none comes within 10 s. */
  Message next() throws InterruptedException {
    Message m = messages.poll(10, TimeUnit.SECONDS);
    if (m == null) {
      throw new AssertionError("no message received within 10 s");
    }
    return m;
  }

  static byte[] bytes(String s) {
    return s.getBytes(StandardCharsets.ISO_8859_1);
  }

  static String options(String callId) {
    return "OPTIONS sip:bob@example.com SIP/2.0\r\n"
        + "Via: SIP/2.0/UDP 127.0.0.1;branch=z9hG4bK-" + callId + "\r\n"
        + "Call-ID: " + callId + "\r\n"
        + "Content-Length: 0\r\n\r\n";
  }

  static String ok(String callId) {
    return "SIP/2.0 200 OK\r\nCall-ID: " + callId + "\r\nContent-Length: 0\r\n\r\n";
  }
}
