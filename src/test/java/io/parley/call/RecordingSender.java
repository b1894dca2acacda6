package io.parley.call;

import io.parley.transport.Flow;
import io.parley.transport.FlowId;
import io.parley.transport.SipSender;
import io.parley.transport.Transport;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import org.apache.pekko.actor.typed.ActorRef;

/**
 * A transport that sends nothing: every message handed to it goes to a test probe instead, so a
 * test sees the bytes the call layer put on the wire, in order. It holds no flow.
 */
final class RecordingSender implements SipSender {

  /**
   * One message sent.
   *
   * @param flow the flow it was sent through, or null when it was sent to {@code to}
   * @param to where it went: the flow's remote address, or the address it was sent to
   */
  record Sent(Flow flow, Transport transport, InetSocketAddress to, byte[] bytes) {
    String text() {
      return new String(bytes, StandardCharsets.UTF_8);
    }

    /** The start line: "INVITE sip:… SIP/2.0" or "SIP/2.0 200 OK". */
    String startLine() {
      String t = text();
      return t.substring(0, t.indexOf("\r\n"));
    }

    @Override
    public String toString() {
      return transport + " " + to + (flow == null ? "" : " (flow)") + ": " + startLine();
    }
  }

  private final ActorRef<Sent> probe;

  RecordingSender(ActorRef<Sent> probe) {
    this.probe = probe;
  }

  @Override
  public boolean send(Flow flow, byte[] bytes) {
    probe.tell(new Sent(flow, flow.transport(), flow.remote(), bytes));
    return true;
  }

  @Override
  public boolean send(Transport transport, InetSocketAddress destination, byte[] bytes) {
    probe.tell(new Sent(null, transport, destination, bytes));
    return true;
  }

  @Override
  public Flow flow(FlowId id, InetSocketAddress remote) {
    return null;
  }
}
