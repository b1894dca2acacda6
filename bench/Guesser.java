import java.net.InetSocketAddress;
import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
import java.nio.channels.DatagramChannel;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.ArrayDeque;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * An online password guesser in the manner of sipvicious svcrack, to measure how fast a node lets
 * one source guess: REGISTERs with wrong passwords (MD5 digest, qop=auth) from one UDP socket, as
 * fast as answers come, at most WINDOW unanswered at once (an unanswered one is given up after 1 s).
 *
 * <pre>
 *   java bench/Guesser.java HOST PORT USER DOMAIN SECONDS MODE [WINDOW [noqop]]
 * </pre>
 * MODE reuse: every guess answers the first challenge's nonce (svcrack). MODE fresh: every guess
 * uses a nonce no guess used before, taken from the last answers or fetched with a REGISTER
 * without credentials. Prints guesses sent, guesses answered, and guesses answered that were
 * sent with a nonce not used before (a server that spends a nonce on a failure checks only
 * those; one that does not checks every answered guess).
 */
public class Guesser {
  private static final Pattern NONCE = Pattern.compile("nonce=\"([^\"]+)\"[^\\r\\n]*algorithm=MD5");
  /** A challenge that names no algorithm (MD5, RFC 2617 §3.2.1), as Kamailio's. */
  private static final Pattern ANY_NONCE = Pattern.compile("nonce=\"([^\"]+)\"");
  private static final Pattern CALL_ID = Pattern.compile("(?im)^Call-ID:\\s*(\\S+)");

  public static void main(String[] args) throws Exception {
    String host = args[0];
    int port = Integer.parseInt(args[1]);
    String user = args[2];
    String domain = args[3];
    long seconds = Long.parseLong(args[4]);
    boolean fresh = args[5].equals("fresh");
    int window = args.length > 6 ? Integer.parseInt(args[6]) : 32;
    boolean qop = args.length <= 7 || !args[7].equals("noqop");

    DatagramChannel ch = DatagramChannel.open();
    ch.setOption(StandardSocketOptions.SO_RCVBUF, 4 << 20);
    ch.bind(new InetSocketAddress("127.0.0.1", 0));
    ch.connect(new InetSocketAddress(host, port));
    ch.configureBlocking(false);
    java.nio.channels.Selector selector = java.nio.channels.Selector.open();
    ch.register(selector, java.nio.channels.SelectionKey.OP_READ);
    int localPort = ((InetSocketAddress) ch.getLocalAddress()).getPort();
    MessageDigest md5 = MessageDigest.getInstance("MD5");
    ByteBuffer in = ByteBuffer.allocate(65536);

    ArrayDeque<String> nonces = new ArrayDeque<>();
    Map<String, long[]> outstanding = new HashMap<>(); // call-id -> {sent at ns, 1 if a guess with a first-use nonce, 1 if a guess}
    java.util.Set<String> usedNonces = new java.util.HashSet<>();
    String firstNonce = null;
    long sent = 0, answered = 0, verifiable = 0, fetches = 0, timeouts = 0, seq = 0;
    long start = System.nanoTime();
    long end = start + seconds * 1_000_000_000L;
    while (System.nanoTime() < end) {
      // read all that came
      for (;;) {
        in.clear();
        if (ch.receive(in) == null) {
          break;
        }
        String m = new String(in.array(), 0, in.position(), StandardCharsets.ISO_8859_1);
        Matcher c = CALL_ID.matcher(m);
        long[] o = c.find() ? outstanding.remove(c.group(1)) : null;
        Matcher n = NONCE.matcher(m);
        if (!n.find()) {
          n = ANY_NONCE.matcher(m);
        }
        if (n.find(0)) {
          if (firstNonce == null) {
            firstNonce = n.group(1);
          }
          if (fresh && !usedNonces.contains(n.group(1))) {
            nonces.add(n.group(1));
          }
        }
        if (o != null && o[2] == 1) {
          answered++;
          verifiable += o[1];
        }
      }
      long now = System.nanoTime();
      int before = outstanding.size();
      outstanding.values().removeIf(o -> now - o[0] > 1_000_000_000L);
      timeouts += before - outstanding.size();
      while (outstanding.size() < window) {
        seq++;
        String callId = "guess-" + seq + "-" + localPort;
        String nonce = fresh ? nonces.poll() : firstNonce;
        String auth = "";
        boolean guess = nonce != null;
        boolean firstUse = false;
        if (guess) {
          firstUse = usedNonces.add(nonce);
          String password = "guess" + seq;
          String ha1 = hex(md5, user + ":" + domain + ":" + password);
          String uri = "sip:" + domain;
          String nc = "00000001";
          String cnonce = Long.toHexString(seq);
          String ha2 = hex(md5, "REGISTER:" + uri);
          String response = qop ? hex(md5, ha1 + ":" + nonce + ":" + nc + ":" + cnonce + ":auth:" + ha2)
              : hex(md5, ha1 + ":" + nonce + ":" + ha2);
          auth = "Authorization: Digest username=\"" + user + "\", realm=\"" + domain + "\", nonce=\"" + nonce
              + "\", uri=\"" + uri + "\", response=\"" + response + "\", algorithm=MD5"
              + (qop ? ", cnonce=\"" + cnonce + "\", qop=auth, nc=" + nc : "") + "\r\n";
          sent++;
        } else {
          fetches++;
        }
        String request = "REGISTER sip:" + domain + " SIP/2.0\r\n"
            + "Via: SIP/2.0/UDP 127.0.0.1:" + localPort + ";branch=z9hG4bK-" + callId + ";rport\r\n"
            + "Max-Forwards: 70\r\n"
            + "To: <sip:" + user + "@" + domain + ">\r\n"
            + "From: <sip:" + user + "@" + domain + ">;tag=" + seq + "\r\n"
            + "Call-ID: " + callId + "\r\n"
            + "CSeq: " + seq + " REGISTER\r\n"
            + "Contact: <sip:" + user + "@127.0.0.1:" + localPort + ">\r\n"
            + auth
            + "Content-Length: 0\r\n\r\n";
        ch.write(ByteBuffer.wrap(request.getBytes(StandardCharsets.ISO_8859_1)));
        outstanding.put(callId, new long[] {System.nanoTime(), firstUse ? 1 : 0, guess ? 1 : 0});
        if (!guess) {
          break; // wait for the challenge before asking again
        }
      }
      selector.select(2);
      selector.selectedKeys().clear();
    }
    double s = (System.nanoTime() - start) / 1e9;
    System.out.printf("mode=%s seconds=%.1f guesses-sent=%d answered=%d (%.0f/s) verifiable=%d (%.0f/s) "
        + "nonce-fetches=%d unanswered=%d%n", fresh ? "fresh" : "reuse", s, sent, answered, answered / s, verifiable,
        verifiable / s, fetches, timeouts);
  }

  private static String hex(MessageDigest md, String s) {
    return HexFormat.of().formatHex(md.digest(s.getBytes(StandardCharsets.UTF_8)));
  }
}
