package io.parley.message.header;

import io.parley.message.SipParseException;
import io.parley.message.uri.HostSyntax;
import io.parley.message.uri.SipChars;
import io.parley.message.uri.WireBuilder;
import io.parley.message.uri.WireForm;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * One Via header field value (RFC 3261 §20.42, §25.1): {@code sent-protocol LWS sent-by
 * *( SEMI via-params )}, with {@code sent-protocol = protocol-name SLASH protocol-version SLASH
 * transport} and {@code sent-by = host [ COLON port ]}.
 *
 * <p>LWS is allowed around the slashes and the colon (RFC 4475 §3.1.1.1). Any transport token
 * is accepted (UDP, TCP, TLS, SCTP, WS, or one never heard of: §3.1.1.10), and any protocol
 * version, which the message layer answers with 505 when it is not 2.0.
 *
 * <p>Checked at parse because transactions and response routing read them: {@code branch} is
 * a token, {@code received} an IPv4 or IPv6 address with or without brackets (RFC 5118 §4.5),
 * {@code rport} empty or a port (RFC 3581 §3), {@code ttl} 0..255, {@code maddr} a host.
 */
public final class Via extends WireForm {
  /** The branch prefix of RFC 3261 transactions (§8.1.1.7). */
  public static final String MAGIC_COOKIE = "z9hG4bK";

  private final int protoOff;
  private final int protoLen;
  private final int versionOff;
  private final int versionLen;
  private final int transportOff;
  private final int transportLen;
  private final int hostOff;
  private final int hostLen;
  private final int port;
  private final Parameters params;

  Via(byte[] b, int off, int len, int protoOff, int protoEnd, int versionOff,
      int versionEnd, int transportOff, int transportEnd, int hostOff, int hostEnd, int port,
      Parameters params) {
    super(b, off, len);
    this.protoOff = protoOff;
    this.protoLen = protoEnd - protoOff;
    this.versionOff = versionOff;
    this.versionLen = versionEnd - versionOff;
    this.transportOff = transportOff;
    this.transportLen = transportEnd - transportOff;
    this.hostOff = hostOff;
    this.hostLen = hostEnd - hostOff;
    this.port = port;
    this.params = params;
  }

  /**
   * Parses exactly one Via value; LWS around it is ignored.
   *
   * @throws SipParseException (400) when the range is not one Via value
   */
  public static Via parse(byte[] b, int off, int len) {
    int end = off + len;
    int p = HeaderLex.lws(b, off, end);
    Via v = ViaParser.read(b, p, end);
    HeaderLex.expectEnd(b, p + v.len, end, "Via");
    return v;
  }

  /** Parses exactly one Via value from text. */
  public static Via parse(String s) {
    byte[] b = s.getBytes(StandardCharsets.UTF_8);
    return parse(b, 0, b.length);
  }

  /**
   * Parses a comma-separated list of Via values (RFC 3261 §7.3.1); an empty element is an
   * error (RFC 4475 §3.1.2.1).
   */
  public static List<Via> parseList(byte[] b, int off, int len) {
    List<Via> list = new ArrayList<>(2);
    parseList(b, off, len, list);
    return list;
  }

  /**
   * Parses a comma-separated list of Via values like {@link #parseList(byte[], int, int)} and
   * appends them to {@code into}, so that the values of several Via fields gather in one list.
   * On an error some values may have been appended.
   */
  public static void parseList(byte[] b, int off, int len, List<? super Via> into) {
    int end = off + len;
    int p = off;
    while (true) {
      p = HeaderLex.lws(b, p, end);
      Via v = ViaParser.read(b, p, end);
      into.add(v);
      p = HeaderLex.lws(b, p + v.len, end);
      if (p >= end) {
        return;
      }
      if (b[p] != ',') {
        throw HeaderLex.error("Via", "unexpected character");
      }
      p++;
    }
  }

  /** Parses a comma-separated list of Via values from text. */
  public static List<Via> parseList(String s) {
    byte[] b = s.getBytes(StandardCharsets.UTF_8);
    return parseList(b, 0, b.length);
  }

  /**
   * {@code SIP/2.0/<transport> <host>[:<port>];branch=<branch>}, the Via an element puts on a
   * request it sends (RFC 3261 §8.1.1.7, §16.6 step 8). An IPv6 host gets brackets; port -1
   * writes none.
   *
   * @throws IllegalArgumentException when a part is not valid
   */
  public static Via of(String transport, String host, int port, String branch) {
    WireBuilder w = new WireBuilder(64).append("SIP/2.0/").append(transport).append(' ');
    w.append(host.indexOf(':') >= 0 && !host.startsWith("[") ? "[" + host + "]" : host);
    if (port >= 0) {
      w.append(':').append(port);
    }
    w.append(";branch=").append(branch);
    return reparse(w);
  }

  private static Via reparse(WireBuilder w) {
    try {
      return parse(w.buffer(), 0, w.length());
    } catch (SipParseException e) {
      throw new IllegalArgumentException(e.reason(), e);
    }
  }

  /** The protocol name, "SIP" in practice. */
  public String protocolName() {
    return latin1(protoOff, protoLen);
  }

  /** The protocol version, "2.0" in practice. */
  public String protocolVersion() {
    return latin1(versionOff, versionLen);
  }

  /** The transport as written: "UDP", "TCP", "TLS", "SCTP", "WS", "WSS" or another token. */
  public String transport() {
    return latin1(transportOff, transportLen);
  }

  /** Whether the transport is {@code t}, ignoring case. */
  public boolean isTransport(String t) {
    return SipChars.equalsIgnoreCase(buf, transportOff, transportLen, t);
  }

  /** The sent-by host as written; an IPv6 reference keeps its brackets. */
  public String host() {
    return latin1(hostOff, hostLen);
  }

  /** The sent-by port, or -1 when none is written. */
  public int port() {
    return port;
  }

  /** The Via parameters. */
  public Parameters params() {
    return params;
  }

  /** The {@code branch} parameter, or null. */
  public String branch() {
    return params.get("branch");
  }

  /**
   * Whether the {@code branch} parameter is exactly {@code value} (case-sensitively, RFC 3261
   * §17.2.3), without decoding it: {@code branchIs(b)} is {@code b.equals(branch())}.
   */
  public boolean branchIs(String value) {
    int i = params.indexOf("branch");
    if (i < 0) {
      return false;
    }
    int v = params.valueOffset(i);
    if (v < 0) {
      return value.isEmpty();
    }
    int n = params.valueLength(i);
    if (n != value.length()) {
      return false;
    }
    byte[] b = params.buffer();
    for (int k = 0; k < n; k++) {
      if ((b[v + k] & 0xFF) != value.charAt(k)) {
        return false;
      }
    }
    // parse checked that a branch is a token, so it is never quoted and its octets are its text
    return true;
  }

  /** Whether the branch starts with {@value #MAGIC_COOKIE} (RFC 3261 §8.1.1.7, §17.2.3). */
  public boolean hasMagicCookie() {
    int i = params.indexOf("branch");
    if (i < 0) {
      return false;
    }
    int v = params.valueOffset(i);
    return v >= 0 && SipChars.startsWith(params.buffer(), v, params.valueLength(i), MAGIC_COOKIE);
  }

  /** The {@code received} parameter as written (brackets, if any, kept), or null. */
  public String received() {
    return params.get("received");
  }

  /** Whether the {@code rport} parameter is present, with or without a value (RFC 3581). */
  public boolean hasRport() {
    return params.has("rport");
  }

  /** The {@code rport} value: -1 when absent, 0 when present without a value (RFC 3581 §3). */
  public int rport() {
    String v = params.get("rport");
    return v == null ? -1 : v.isEmpty() ? 0 : Integer.parseInt(v);
  }

  /** The {@code maddr} parameter, or null. */
  public String maddr() {
    return params.get("maddr");
  }

  /** The {@code ttl} parameter, or -1. */
  public int ttl() {
    String v = params.get("ttl");
    return v == null ? -1 : Integer.parseInt(v);
  }

  /**
   * This Via with {@code received} set to the source address of the request (RFC 3261 §18.2.1);
   * an IPv6 address is written without brackets, the RFC 3261 ABNF form.
   */
  public Via withReceived(String address) {
    return edit("received", stripBrackets(address), true);
  }

  /** This Via with {@code rport} set to the source port of the request (RFC 3581 §4). */
  public Via withRport(int sourcePort) {
    return edit("rport", Integer.toString(sourcePort), true);
  }

  /** This Via with a parameter set; see {@link Parameters#with}. */
  public Via withParam(String name, String value) {
    return edit(name, Parameters.wireValue(value), true);
  }

  /** This Via without a parameter. */
  public Via withoutParam(String name) {
    return params.has(name) ? edit(name, null, false) : this;
  }

  /**
   * The top Via as a server stamps it with the source of the request, in one rewrite: {@code
   * received} is set when the sent-by host is not the source address (RFC 3261 §18.2.1) or when
   * {@code rport} is present, and {@code rport} is then given the source port (RFC 3581 §4).
   * Returns this Via when neither applies.
   */
  public Via withSource(String address, int port) {
    String addr = stripBrackets(address);
    boolean rport = hasRport();
    if (!rport && sameAddress(addr)) {
      return this;
    }
    WireBuilder w = sentProtocolAndSentBy();
    boolean received = false;
    for (int i = 0; i < params.size(); i++) {
      if (params.nameIs(i, "received")) {
        if (!received) {
          Parameters.append(w, "received", addr);
          received = true;
        }
      } else if (rport && params.nameIs(i, "rport")) {
        Parameters.append(w, "rport", Integer.toString(port));
      } else {
        params.writeParam(w, i);
      }
    }
    if (!received) {
      Parameters.append(w, "received", addr);
    }
    return reparse(w);
  }

  private boolean sameAddress(String addr) {
    byte[] a = addr.getBytes(StandardCharsets.ISO_8859_1);
    int off = hostOff;
    int n = hostLen;
    if (n > 2 && buf[off] == '[') {
      off++;
      n -= 2;
      byte[] x = HostSyntax.ipv6Octets(buf, off, off + n);
      return x != null && java.util.Arrays.equals(x, HostSyntax.ipv6Octets(a, 0, a.length));
    }
    return SipChars.equalsIgnoreCase(buf, off, n, a, 0, a.length);
  }

  private static String stripBrackets(String address) {
    return address.startsWith("[") && address.endsWith("]")
        ? address.substring(1, address.length() - 1) : address;
  }

  private Via edit(String name, String wireValue, boolean keep) {
    WireBuilder w = sentProtocolAndSentBy();
    params.writeWith(w, name, wireValue, keep);
    return reparse(w);
  }

  /** {@code protocol/version/transport host[:port]} without LWS. */
  private WireBuilder sentProtocolAndSentBy() {
    WireBuilder w = new WireBuilder(len + 40);
    w.append(buf, protoOff, protoLen).append('/').append(buf, versionOff, versionLen).append('/')
        .append(buf, transportOff, transportLen).append(' ').append(buf, hostOff, hostLen);
    if (port >= 0) {
      w.append(':').append(port);
    }
    return w;
  }
}
