package io.parley.message.header;

import io.parley.message.HeaderName;
import io.parley.message.SipMessage;
import io.parley.message.SipParseException;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code Path = "Path" HCOLON path-value *(COMMA path-value)}, {@code path-value = name-addr
 * *(SEMI rr-param)} (RFC 3327 §4): the proxies a REGISTER passed that want to be on the way of
 * requests to the registered contact, topmost (nearest the registrar) first. The values keep
 * their wire form; a registrar stores them and sends them back unchanged (RFC 3327 §5.3).
 *
 * @param values the values of every Path field, in order; at least one
 */
public record Path(List<NameAddr> values) {

  public Path {
    values = List.copyOf(values);
    if (values.isEmpty()) {
      throw new IllegalArgumentException("a Path has at least one value");
    }
  }

  /**
   * Parses one field value.
   *
   * @throws SipParseException (400) if it is not a comma list of name-addr values
   */
  public static Path parse(byte[] b, int off, int len) {
    return new Path(NameAddr.parseList(b, off, len, "Path"));
  }

  /**
   * The values of all Path fields of {@code m}, in order (RFC 3261 §7.3.1: several fields are one
   * list), or null when it has none.
   *
   * @throws SipParseException (400) if one is malformed
   */
  public static Path of(SipMessage m) {
    int i = m.first(HeaderName.PATH);
    if (i < 0) {
      return null;
    }
    List<NameAddr> out = new ArrayList<>(2);
    for (; i >= 0; i = m.next(HeaderName.PATH, i)) {
      out.addAll(NameAddr.parseList(m.valueArray(i), m.valueOffset(i), m.valueLength(i), "Path"));
    }
    return new Path(out);
  }

  /** Each value's wire form, in order: what a location service stores. */
  public List<String> wireValues() {
    List<String> out = new ArrayList<>(values.size());
    for (NameAddr v : values) {
      out.add(v.toString());
    }
    return out;
  }

  /** The field value: the values joined by {@code ", "}. */
  @Override
  public String toString() {
    return String.join(", ", wireValues());
  }
}
