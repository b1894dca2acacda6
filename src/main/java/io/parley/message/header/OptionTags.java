package io.parley.message.header;

import io.parley.message.HeaderName;
import io.parley.message.Lex;
import io.parley.message.SipMessage;
import io.parley.message.SipParseException;
import java.util.ArrayList;
import java.util.List;

/**
 * The option-tag lists of Require, Proxy-Require, Supported and Unsupported
 * (RFC 3261 §20.32, §20.29, §20.37, §20.40): {@code option-tag *(COMMA option-tag)},
 * {@code option-tag = token}. Option tags compare case-sensitively (RFC 3261 §19.2).
 *
 * @param tags the tags in the order they arrived
 */
public record OptionTags(List<String> tags) {
  public static final OptionTags NONE = new OptionTags(List.of());

  public OptionTags {
    tags = List.copyOf(tags);
    for (String t : tags) {
      byte[] b = t.getBytes(java.nio.charset.StandardCharsets.ISO_8859_1);
      if (b.length == 0 || Lex.scanToken(b, 0, b.length) != b.length) {
        throw new IllegalArgumentException("not an option-tag: " + t);
      }
    }
  }

  /**
   * Parses one field value: a comma list of tokens, possibly empty (Supported may be empty,
   * RFC 3261 §20.37; the others need a tag, which {@link #of} checks).
   *
   * @throws SipParseException (400) on anything but tokens separated by commas
   */
  public static OptionTags parse(byte[] b, int off, int len) {
    List<String> out = new ArrayList<>(4);
    addTo(out, b, off, off + len);
    return new OptionTags(out);
  }

  private static void addTo(List<String> out, byte[] b, int off, int end) {
    int p = Lex.skipLws(b, off, end);
    if (p == end) {
      return;
    }
    while (true) {
      int t = Lex.scanToken(b, p, end);
      if (t == p) {
        throw SipParseException.badRequest("Bad option-tag");
      }
      out.add(Lex.latin1(b, p, t));
      p = Lex.skipLws(b, t, end);
      if (p == end) {
        return;
      }
      if (b[p] != ',') {
        throw SipParseException.badRequest("Bad option-tag list");
      }
      p = Lex.skipLws(b, p + 1, end);
    }
  }

  /**
   * The tags of all {@code name} fields of {@code m}, in order. {@code name} is one of
   * {@link HeaderName#REQUIRE}, {@link HeaderName#PROXY_REQUIRE}, {@link HeaderName#SUPPORTED},
   * {@link HeaderName#UNSUPPORTED}.
   *
   * @throws SipParseException (400) if a field is malformed, or is empty where its grammar
   *     ({@code 1#option-tag}) needs a tag: every one but Supported
   */
  public static OptionTags of(SipMessage m, HeaderName name) {
    List<String> out = null;
    for (int i = m.first(name); i >= 0; i = m.next(name, i)) {
      if (out == null) {
        out = new ArrayList<>(4);
      }
      int before = out.size();
      int off = m.valueOffset(i);
      addTo(out, m.valueArray(i), off, off + m.valueLength(i));
      if (out.size() == before && name != HeaderName.SUPPORTED) {
        throw SipParseException.badRequest("Empty " + name.wireName());
      }
    }
    return out == null ? NONE : new OptionTags(out);
  }

  public boolean contains(String tag) {
    return tags.contains(tag);
  }

  public boolean isEmpty() {
    return tags.isEmpty();
  }

  /** The wire form, e.g. {@code 100rel, timer}; empty for no tags. */
  @Override
  public String toString() {
    return String.join(", ", tags);
  }
}
