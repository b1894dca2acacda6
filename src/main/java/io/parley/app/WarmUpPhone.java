package io.parley.app;

import io.parley.auth.DigestAlgorithm;
import io.parley.auth.DigestResponse;
import io.parley.auth.Ha1;
import io.parley.message.HeaderName;
import io.parley.message.Method;
import io.parley.message.SipMessage;
import io.parley.message.SipParseException;
import io.parley.message.SipParser;
import io.parley.message.SipRequest;
import io.parley.message.SipResponse;
import java.io.IOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.ThreadLocalRandom;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One of the warm-up's phones: a caller socket and a callee socket on the node's own address,
 * which register and call through the node's UDP listen point one step at a time, as a phone
 * does: REGISTER challenged and signed (RFC 3261 §10.2, RFC 7616), INVITE challenged with 407,
 * its ACK, and signed again (RFC 3261 §22.3), 180 and 200 from the callee with the Record-Route
 * echoed (§12.1.1), ACK and BYE along the route set (§12.2). Blocking, on the warm-up's own
 * thread, never an actor's. A step the node does not answer in time fails the round, not the
 * warm-up.
 */
final class WarmUpPhone implements AutoCloseable {
  /** Longer than a cold node takes for its first answers, shorter than a phone's patience. */
  private static final long PATIENCE_NANOS = 5_000_000_000L;
  private static final Pattern PARAM = Pattern.compile("([A-Za-z-]+)\\s*=\\s*(\"([^\"]*)\"|[^,\\s]+)");
  private static final Pattern TAG = Pattern.compile(";\\s*tag=([^;>\\s]+)");
  private static final String SDP = "v=0\r\no=- 1 1 IN IP4 %1$s\r\ns=-\r\nc=IN IP4 %1$s\r\nt=0 0\r\n"
      + "m=audio %2$d RTP/AVP 0\r\na=rtpmap:0 PCMU/8000\r\n";

  /** A callee of this phone: its user name and its registration's Call-ID and CSeq. */
  private static final class Line {
    final String user;
    final String callId;
    int cseq;

    Line(String user, String callId) {
      this.user = user;
      this.callId = callId;
    }
  }

  private final DatagramSocket caller;
  private final DatagramSocket callee;
  private final InetSocketAddress node;
  private final String host;
  private final String domain;
  private final String password;
  private final String callerUser;
  private final List<Line> lines;
  private final String token;
  private final byte[] buffer = new byte[65_535];
  private int calls;

  /**
   * @param users the caller's user name first, then its callees'; each a subscriber of {@code
   *     domain} with {@code password}
   * @param token in every Call-ID, so that the node knows its warm-up's calls
   */
  WarmUpPhone(InetSocketAddress node, InetAddress local, String domain, String password, List<String> users,
      String token) throws IOException {
    this.node = node;
    this.caller = new DatagramSocket(new InetSocketAddress(local, 0));
    this.callee = new DatagramSocket(new InetSocketAddress(local, 0));
    this.host = local.getHostAddress();
    this.domain = domain;
    this.password = password;
    this.callerUser = users.get(0);
    this.token = token;
    this.lines = new ArrayList<>();
    for (String user : users.subList(1, users.size())) {
      lines.add(new Line(user, token + "-" + user + "@" + domain));
    }
  }

  /** Where this phone sends from: what the node takes while it warms up. */
  List<InetSocketAddress> addresses() {
    return List.of((InetSocketAddress) caller.getLocalSocketAddress(), (InetSocketAddress) callee.getLocalSocketAddress());
  }

  /** The callee of round {@code round} registers (the first time) or refreshes. */
  void register(int round) throws IOException {
    Line line = lines.get(round % lines.size());
    sendRegister(line, 300);
  }

  /** The callees registered so far unregister (RFC 3261 §10.2.2). */
  void unregister(int rounds) throws IOException {
    for (int i = 0; i < Math.min(rounds, lines.size()); i++) {
      sendRegister(lines.get(i), 0);
    }
  }

  private void sendRegister(Line line, int expires) throws IOException {
    String uri = "sip:" + domain;
    String authorization = null;
    for (int attempt = 0; attempt < 2; attempt++) {
      line.cseq++;
      String request = "REGISTER " + uri + " SIP/2.0\r\n"
          + via(callee)
          + "Max-Forwards: 70\r\n"
          + "From: <sip:" + line.user + "@" + domain + ">;tag=" + tag() + "\r\n"
          + "To: <sip:" + line.user + "@" + domain + ">\r\n"
          + "Call-ID: " + line.callId + "\r\n"
          + "CSeq: " + line.cseq + " REGISTER\r\n"
          + "Contact: <sip:" + line.user + "@" + address(callee) + ">\r\n"
          + "Expires: " + expires + "\r\n"
          + (authorization == null ? "" : "Authorization: " + authorization + "\r\n")
          + "Content-Length: 0\r\n\r\n";
      send(callee, request);
      SipResponse answer = finalResponse(callee, line.callId, line.cseq);
      if (answer.statusCode() == 401 && authorization == null) {
        authorization = sign(answer.value(HeaderName.WWW_AUTHENTICATE), line.user, "REGISTER", uri);
        continue;
      }
      if (answer.statusCode() / 100 != 2) {
        throw new WarmUpFailed("REGISTER answered " + answer.statusCode());
      }
      return;
    }
    throw new WarmUpFailed("REGISTER challenged twice");
  }

  /** One call to the callee of round {@code round}: set up, answered, acknowledged, hung up. */
  void call(int round) throws IOException {
    Line line = lines.get(round % lines.size());
    String callId = token + "-c" + (++calls) + "-" + callerUser + "@" + domain;
    String fromTag = tag();
    String uri = "sip:" + line.user + "@" + domain;
    String from = "<sip:" + callerUser + "@" + domain + ">;tag=" + fromTag;
    String sdp = SDP.formatted(host, 4000 + 2 * (round % 1000));
    String authorization = null;
    int cseq = 0;
    SipResponse answer;
    while (true) {
      cseq++;
      String branch = branch();
      String invite = "INVITE " + uri + " SIP/2.0\r\n"
          + "Via: SIP/2.0/UDP " + address(caller) + ";branch=" + branch + ";rport\r\n"
          + "Max-Forwards: 70\r\n"
          + "From: " + from + "\r\n"
          + "To: <" + uri + ">\r\n"
          + "Call-ID: " + callId + "\r\n"
          + "CSeq: " + cseq + " INVITE\r\n"
          + "Contact: <sip:" + callerUser + "@" + address(caller) + ">\r\n"
          + (authorization == null ? "" : "Proxy-Authorization: " + authorization + "\r\n")
          + "Content-Type: application/sdp\r\n"
          + "Content-Length: " + sdp.length() + "\r\n\r\n" + sdp;
      send(caller, invite);
      answer = answerAsCallee(callId, cseq);
      if (answer.statusCode() / 100 == 2) {
        break;
      }
      // RFC 3261 §17.1.1.3: the ACK of a non-2xx has the INVITE's branch and the answer's To
      send(caller, "ACK " + uri + " SIP/2.0\r\n"
          + "Via: SIP/2.0/UDP " + address(caller) + ";branch=" + branch + ";rport\r\n"
          + "Max-Forwards: 70\r\n"
          + "From: " + from + "\r\n"
          + "To: " + answer.value(HeaderName.TO) + "\r\n"
          + "Call-ID: " + callId + "\r\n"
          + "CSeq: " + cseq + " ACK\r\n"
          + "Content-Length: 0\r\n\r\n");
      if (answer.statusCode() == 407 && authorization == null) {
        authorization = sign(answer.value(HeaderName.PROXY_AUTHENTICATE), callerUser, "INVITE", uri);
        continue;
      }
      throw new WarmUpFailed("INVITE answered " + answer.statusCode());
    }
    // RFC 3261 §12.1.2: the route set is the Record-Route of the 2xx, reversed
    List<String> routes = new ArrayList<>(answer.values(HeaderName.RECORD_ROUTE));
    Collections.reverse(routes);
    String target = between(answer.value(HeaderName.CONTACT), '<', '>');
    String to = answer.value(HeaderName.TO);
    String routeHeaders = routes.isEmpty() ? "" : "Route: " + String.join(", ", routes) + "\r\n";
    send(caller, "ACK " + target + " SIP/2.0\r\n"
        + via(caller) + "Max-Forwards: 70\r\n" + routeHeaders
        + "From: " + from + "\r\nTo: " + to + "\r\nCall-ID: " + callId + "\r\n"
        + "CSeq: " + cseq + " ACK\r\nContent-Length: 0\r\n\r\n");
    request(callee, callId, Method.ACK);
    int bye = cseq + 1;
    send(caller, "BYE " + target + " SIP/2.0\r\n"
        + via(caller) + "Max-Forwards: 70\r\n" + routeHeaders
        + "From: " + from + "\r\nTo: " + to + "\r\nCall-ID: " + callId + "\r\n"
        + "CSeq: " + bye + " BYE\r\nContent-Length: 0\r\n\r\n");
    SipRequest byeIn = request(callee, callId, Method.BYE);
    send(callee, answerTo(byeIn, 200, "OK", null, null));
    SipResponse ok = finalResponse(caller, callId, bye);
    if (ok.statusCode() != 200) {
      throw new WarmUpFailed("BYE answered " + ok.statusCode());
    }
  }

  /**
   * Waits for the INVITE at the callee or a final answer at the caller, whichever comes first;
   * answers the INVITE with 180 and 200. Returns the caller's final answer: the callee's 2xx,
   * or the node's own (a challenge, a refusal).
   */
  private SipResponse answerAsCallee(String callId, int cseq) throws IOException {
    long deadline = System.nanoTime() + PATIENCE_NANOS;
    boolean answered = false;
    caller.setSoTimeout(1);
    callee.setSoTimeout(1);
    try {
      while (System.nanoTime() < deadline) {
        if (!answered) {
          SipMessage in = poll(callee);
          if (in instanceof SipRequest invite && invite.method() == Method.INVITE && callId.equals(invite.callId())) {
            String toTag = tag();
            send(callee, answerTo(invite, 180, "Ringing", toTag, null));
            send(callee, answerTo(invite, 200, "OK", toTag, SDP.formatted(host, 5000)));
            answered = true;
          }
        }
        SipMessage out = poll(caller);
        if (out instanceof SipResponse r && callId.equals(r.callId()) && r.statusCode() >= 200
            && cseqNumber(r) == cseq) {
          return r;
        }
      }
    } finally {
      caller.setSoTimeout(0);
      callee.setSoTimeout(0);
    }
    throw new WarmUpFailed("no answer to the INVITE in " + PATIENCE_NANOS / 1_000_000_000 + " s");
  }

  private String answerTo(SipRequest request, int status, String reason, String toTag, String body) {
    StringBuilder b = new StringBuilder(512).append("SIP/2.0 ").append(status).append(' ').append(reason).append("\r\n");
    for (String via : request.values(HeaderName.VIA)) {
      b.append("Via: ").append(via).append("\r\n");
    }
    for (String rr : request.values(HeaderName.RECORD_ROUTE)) {
      b.append("Record-Route: ").append(rr).append("\r\n");
    }
    String to = request.value(HeaderName.TO);
    b.append("From: ").append(request.value(HeaderName.FROM)).append("\r\n")
        .append("To: ").append(to).append(toTag == null || TAG.matcher(to).find() ? "" : ";tag=" + toTag).append("\r\n")
        .append("Call-ID: ").append(request.callId()).append("\r\n")
        .append("CSeq: ").append(request.value(HeaderName.CSEQ)).append("\r\n");
    if (request.method() == Method.INVITE) {
      // with a user part, as a phone's: where a served domain is the node's own address, a
      // Request-URI of a bare host:port would name the node itself
      b.append("Contact: <sip:warm-up@").append(address(callee)).append(">\r\n");
    }
    if (body == null) {
      b.append("Content-Length: 0\r\n\r\n");
    } else {
      b.append("Content-Type: application/sdp\r\nContent-Length: ").append(body.length()).append("\r\n\r\n").append(body);
    }
    return b.toString();
  }

  /** Credentials for {@code challenge} (RFC 7616 §3.4): MD5 or SHA-256, with qop=auth when offered. */
  private String sign(String challenge, String user, String method, String uri) {
    if (challenge == null) {
      throw new WarmUpFailed("a challenge without its header");
    }
    String realm = null;
    String nonce = null;
    String opaque = null;
    String qop = null;
    DigestAlgorithm algorithm = DigestAlgorithm.MD5;
    String algorithmToken = "MD5";
    Matcher m = PARAM.matcher(challenge);
    while (m.find()) {
      String value = m.group(3) != null ? m.group(3) : m.group(2);
      switch (m.group(1).toLowerCase(Locale.ROOT)) {
        case "realm" -> realm = value;
        case "nonce" -> nonce = value;
        case "opaque" -> opaque = value;
        case "qop" -> qop = value.contains("auth") ? "auth" : null;
        case "algorithm" -> {
          algorithmToken = value;
          algorithm = value.equalsIgnoreCase("SHA-256") ? DigestAlgorithm.SHA_256 : DigestAlgorithm.MD5;
        }
        default -> { }
      }
    }
    if (realm == null || nonce == null) {
      throw new WarmUpFailed("a challenge without realm or nonce");
    }
    String ha1 = Ha1.compute(algorithm, user, realm, password);
    String cnonce = Long.toHexString(ThreadLocalRandom.current().nextLong());
    String response = qop == null
        ? DigestResponse.withoutQop(algorithm, ha1, nonce, method, uri)
        : DigestResponse.withQop(algorithm, ha1, nonce, "00000001", cnonce, qop, method, uri);
    return "Digest username=\"" + user + "\", realm=\"" + realm + "\", nonce=\"" + nonce + "\", uri=\"" + uri
        + "\", response=\"" + response + "\", algorithm=" + algorithmToken
        + (qop == null ? "" : ", qop=" + qop + ", nc=00000001, cnonce=\"" + cnonce + "\"")
        + (opaque == null ? "" : ", opaque=\"" + opaque + "\"");
  }

  private SipResponse finalResponse(DatagramSocket socket, String callId, int cseq) throws IOException {
    long deadline = System.nanoTime() + PATIENCE_NANOS;
    while (true) {
      SipMessage m = receive(socket, deadline);
      if (m instanceof SipResponse r && callId.equals(r.callId()) && r.statusCode() >= 200 && cseqNumber(r) == cseq) {
        return r;
      }
    }
  }

  private SipRequest request(DatagramSocket socket, String callId, Method method) throws IOException {
    long deadline = System.nanoTime() + PATIENCE_NANOS;
    while (true) {
      SipMessage m = receive(socket, deadline);
      if (m instanceof SipRequest r && r.method() == method && callId.equals(r.callId())) {
        return r;
      }
    }
  }

  private SipMessage receive(DatagramSocket socket, long deadline) throws IOException {
    while (true) {
      long left = (deadline - System.nanoTime()) / 1_000_000;
      if (left <= 0) {
        throw new WarmUpFailed("no answer in " + PATIENCE_NANOS / 1_000_000_000 + " s");
      }
      socket.setSoTimeout((int) left);
      SipMessage m = poll(socket);
      if (m != null) {
        return m;
      }
    }
  }

  /** The next message on {@code socket} within its timeout, or null. */
  private SipMessage poll(DatagramSocket socket) throws IOException {
    DatagramPacket packet = new DatagramPacket(buffer, buffer.length);
    try {
      socket.receive(packet);
    } catch (SocketTimeoutException e) {
      return null;
    }
    try {
      return SipParser.parse(java.util.Arrays.copyOf(buffer, packet.getLength()));
    } catch (SipParseException e) {
      return null; // not from the node: nobody else knows these sockets
    }
  }

  private void send(DatagramSocket socket, String message) throws IOException {
    byte[] bytes = message.getBytes(StandardCharsets.UTF_8);
    socket.send(new DatagramPacket(bytes, bytes.length, node));
  }

  private static int cseqNumber(SipMessage m) {
    String cseq = m.value(HeaderName.CSEQ);
    int space = cseq == null ? -1 : cseq.indexOf(' ');
    return space < 0 ? -1 : Integer.parseInt(cseq.substring(0, space).trim());
  }

  private String via(DatagramSocket socket) {
    return "Via: SIP/2.0/UDP " + address(socket) + ";branch=" + branch() + ";rport\r\n";
  }

  private String address(DatagramSocket socket) {
    return host + ":" + socket.getLocalPort();
  }

  private static String branch() {
    return "z9hG4bKwu" + Long.toHexString(ThreadLocalRandom.current().nextLong());
  }

  private static String tag() {
    return Long.toHexString(ThreadLocalRandom.current().nextLong());
  }

  private static String between(String s, char open, char close) {
    int a = s == null ? -1 : s.indexOf(open);
    int b = a < 0 ? -1 : s.indexOf(close, a + 1);
    if (b < 0) {
      throw new WarmUpFailed("no URI in " + s);
    }
    return s.substring(a + 1, b);
  }

  @Override
  public void close() {
    caller.close();
    callee.close();
  }

  /** A step of a round the node did not answer as a proxy and registrar should. */
  static final class WarmUpFailed extends RuntimeException {
    WarmUpFailed(String message) {
      super(message, null, false, false);
    }
  }
}
