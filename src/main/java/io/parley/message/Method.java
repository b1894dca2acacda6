package io.parley.message;

import java.nio.charset.StandardCharsets;

/**
 * A SIP request method (RFC 3261 §7.1, §25.1 {@code Method = INVITEm / ... / extension-method},
 * {@code extension-method = token}).
 *
 * <p>The methods Parley knows are constants: {@link #of} returns the same instance for them, so
 * they compare by identity ({@code m == Method.INVITE}). Any other token becomes a new instance
 * that keeps its text; {@link #equals} compares text, so two unknown methods compare too.
 * Methods are case-sensitive (RFC 3261 §7.1): {@code invite} is not {@link #INVITE}.
 */
public final class Method {
  public static final Method INVITE = new Method("INVITE");
  public static final Method ACK = new Method("ACK");
  public static final Method BYE = new Method("BYE");
  public static final Method CANCEL = new Method("CANCEL");
  public static final Method OPTIONS = new Method("OPTIONS");
  public static final Method REGISTER = new Method("REGISTER");
  /** RFC 3262. */
  public static final Method PRACK = new Method("PRACK");
  /** RFC 6665. */
  public static final Method SUBSCRIBE = new Method("SUBSCRIBE");
  public static final Method NOTIFY = new Method("NOTIFY");
  /** RFC 3903. */
  public static final Method PUBLISH = new Method("PUBLISH");
  /** RFC 6086. */
  public static final Method INFO = new Method("INFO");
  /** RFC 3515. */
  public static final Method REFER = new Method("REFER");
  /** RFC 3428. */
  public static final Method MESSAGE = new Method("MESSAGE");
  /** RFC 3311. */
  public static final Method UPDATE = new Method("UPDATE");

  private static final Method[] KNOWN = {
    INVITE, ACK, BYE, CANCEL, OPTIONS, REGISTER, PRACK, SUBSCRIBE, NOTIFY, PUBLISH, INFO, REFER,
    MESSAGE, UPDATE
  };

  private final String name;
  private final byte[] bytes;

  private Method(String name) {
    this.name = name;
    this.bytes = name.getBytes(StandardCharsets.ISO_8859_1);
  }

  /** The method token as it appears on the wire. */
  public String name() {
    return name;
  }

  /** Whether this is one of the constants of this class. */
  public boolean isKnown() {
    for (Method m : KNOWN) {
      if (m == this) {
        return true;
      }
    }
    return false;
  }

  /**
   * The method spelled by {@code [start, end)}.
   *
   * @throws SipParseException (400) if the range is empty or not a {@code token}
   */
  public static Method of(byte[] b, int start, int end) {
    int len = end - start;
    if (len <= 0 || Lex.scanToken(b, start, end) != end) {
      throw SipParseException.badRequest("Bad method");
    }
    byte first = b[start];
    for (Method m : KNOWN) {
      byte[] k = m.bytes;
      if (k.length == len && k[0] == first && same(k, b, start)) {
        return m;
      }
    }
    return new Method(Lex.latin1(b, start, end));
  }

  /**
   * The method named {@code name}.
   *
   * @throws SipParseException (400) if {@code name} is not a {@code token}
   */
  public static Method of(String name) {
    byte[] b = name.getBytes(StandardCharsets.ISO_8859_1);
    return of(b, 0, b.length);
  }

  private static boolean same(byte[] k, byte[] b, int start) {
    for (int i = 1; i < k.length; i++) {
      if (k[i] != b[start + i]) {
        return false;
      }
    }
    return true;
  }

  @Override
  public boolean equals(Object o) {
    return o == this || (o instanceof Method m && m.name.equals(name));
  }

  @Override
  public int hashCode() {
    return name.hashCode();
  }

  @Override
  public String toString() {
    return name;
  }
}
