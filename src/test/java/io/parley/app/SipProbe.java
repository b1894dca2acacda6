package io.parley.app;

import java.io.IOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;

/** A UDP peer of a test node: sends datagrams, reads what comes back. */
final class SipProbe implements AutoCloseable {
  private final DatagramSocket socket;
  private final InetSocketAddress target;
  private int sequence;

  SipProbe(InetSocketAddress target) throws IOException {
    this(target, InetAddress.getLoopbackAddress());
  }

  /** A probe whose socket is bound to {@code local}, another source address than the default. */
  SipProbe(InetSocketAddress target, InetAddress local) throws IOException {
    this.socket = new DatagramSocket(new InetSocketAddress(local, 0));
    this.socket.setSoTimeout(5000);
    this.target = target;
  }

  /** How long {@link #receive()} waits for a datagram. */
  SipProbe timeout(int millis) throws IOException {
    socket.setSoTimeout(millis);
    return this;
  }

  /** The address the socket is bound to, as a Via's sent-by. */
  String localHost() {
    return socket.getLocalAddress().getHostAddress();
  }

  int localPort() {
    return socket.getLocalPort();
  }

  void send(byte[] datagram) throws IOException {
    socket.send(new DatagramPacket(datagram, datagram.length, target));
  }

  /** Sends from this probe's socket to {@code to} rather than its target: a callee answering the node. */
  void sendTo(byte[] datagram, InetSocketAddress to) throws IOException {
    socket.send(new DatagramPacket(datagram, datagram.length, to));
  }

  /**
   * The next datagram, or null if none came within the socket timeout. The node's NAT keepalives
   * (an OPTIONS whose branch starts {@code z9hG4bKpka}) are answered 200 and passed over, as a
   * phone's stack does, unless {@link #seeKeepalives()} was called: a probe whose Via names another
   * port than its own looks like a phone behind a NAT, and is pinged.
   */
  String receive() throws IOException {
    byte[] buf = new byte[65536];
    while (true) {
      DatagramPacket p = new DatagramPacket(buf, buf.length);
      try {
        socket.receive(p);
      } catch (SocketTimeoutException e) {
        return null;
      }
      String m = new String(buf, 0, p.getLength(), StandardCharsets.UTF_8);
      if (!seeKeepalives && m.startsWith("OPTIONS ") && m.contains(";branch=z9hG4bKpka")) {
        byte[] ok = RegistrarFlowTest.answer(m, 200, "OK").getBytes(StandardCharsets.UTF_8);
        socket.send(new DatagramPacket(ok, ok.length, p.getSocketAddress()));
        continue;
      }
      return m;
    }
  }

  private boolean seeKeepalives;

  /** The node's NAT keepalives are returned by {@link #receive()} like anything else, and not answered. */
  SipProbe seeKeepalives() {
    seeKeepalives = true;
    return this;
  }

  private final java.util.List<String> skipped = new java.util.ArrayList<>();

  /**
   * The next final response (status 200 or more) whose Call-ID is {@code callId} — or, for
   * null, one that has no Call-ID — skipping anything else (100 Trying, retransmissions of
   * earlier answers), which {@link #skipped()} then lists. Null when none comes within the
   * socket timeout.
   */
  String finalAnswer(String callId) throws IOException {
    skipped.clear();
    for (String m; (m = receive()) != null; ) {
      String id = callIdIn(m);
      boolean same = callId == null ? id == null : callId.equals(id);
      if (same && m.startsWith("SIP/2.0 ") && m.charAt(8) != '1') {
        return m;
      }
      skipped.add(m);
    }
    return null;
  }

  /** What {@link #finalAnswer} passed over on its last call. */
  java.util.List<String> skipped() {
    return java.util.List.copyOf(skipped);
  }

  private static String callIdIn(String message) {
    java.util.regex.Matcher m = java.util.regex.Pattern
        .compile("(?im)^(?:Call-ID|i)[ \\t]*:[ \\t]*(\\S+)").matcher(message);
    return m.find() ? m.group(1) : null;
  }

  /** An OPTIONS to the node itself, with a Call-ID that {@link #isAnswerTo} recognises. */
  String options(int maxForwards) {
    sequence++;
    return "OPTIONS sip:" + target.getAddress().getHostAddress() + ":" + target.getPort() + " SIP/2.0\r\n"
        + "Via: SIP/2.0/UDP 127.0.0.1:" + localPort() + ";branch=z9hG4bK-probe-" + sequence + ";rport\r\n"
        + "Max-Forwards: " + maxForwards + "\r\n"
        + "To: <sip:" + target.getAddress().getHostAddress() + ">\r\n"
        + "From: <sip:probe@127.0.0.1>;tag=probe" + sequence + "\r\n"
        + "Call-ID: probe-" + sequence + "@127.0.0.1\r\n"
        + "CSeq: " + sequence + " OPTIONS\r\n"
        + "Content-Length: 0\r\n\r\n";
  }

  static int status(String response) {
    if (response == null || !response.startsWith("SIP/2.0 ")) {
      throw new AssertionError("not a response: " + response);
    }
    return Integer.parseInt(response.substring(8, 11));
  }

  @Override
  public void close() {
    socket.close();
  }
}
