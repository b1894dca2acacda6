package io.parley.app;

import io.parley.message.Method;
import io.parley.message.ResponseFactory;
import io.parley.message.SipMessage;
import io.parley.message.SipParser;
import io.parley.message.SipRequest;
import java.io.IOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * A UDP callee for tests: records every request the proxy forwards to it and answers each with
 * 480 (an ACK or CANCEL gets nothing), so every proxied request ends quickly and predictably.
 */
final class RespondingSink implements AutoCloseable {
  private final DatagramSocket socket;
  private final BlockingQueue<byte[]> received = new LinkedBlockingQueue<>();
  private final java.util.Set<String> acked = java.util.concurrent.ConcurrentHashMap.newKeySet();
  private final Thread thread;

  RespondingSink() throws IOException {
    socket = new DatagramSocket(0, InetAddress.getLoopbackAddress());
    thread = new Thread(this::run, "sink");
    thread.setDaemon(true);
    thread.start();
  }

  int port() {
    return socket.getLocalPort();
  }

  /** The next request forwarded here, or null after a few seconds. */
  byte[] next() throws InterruptedException {
    return received.poll(5, TimeUnit.SECONDS);
  }

  void clear() {
    received.clear();
  }

  /** Whether an ACK with {@code callId} has reached this sink. */
  boolean receivedAck(String callId) {
    return acked.contains(callId);
  }

  private void run() {
    byte[] buf = new byte[65536];
    while (!socket.isClosed()) {
      DatagramPacket p = new DatagramPacket(buf, buf.length);
      try {
        socket.receive(p);
        byte[] copy = java.util.Arrays.copyOf(p.getData(), p.getLength());
        SipMessage m = SipParser.parse(copy, 0, copy.length);
        if (m instanceof SipRequest r && r.method() == Method.ACK) {
          acked.add(r.routing().callId());
        }
        if (m instanceof SipRequest r && r.method() != Method.ACK && r.method() != Method.CANCEL) {
          received.add(copy);
          byte[] answer = ResponseFactory.create(r, 480, "Temporarily Unavailable");
          socket.send(new DatagramPacket(answer, answer.length, p.getSocketAddress()));
        }
      } catch (IOException | RuntimeException e) {
        // closed, or not SIP: a sink shrugs
      }
    }
  }

  @Override
  public void close() {
    socket.close();
  }
}
