package io.parley.nat;

import io.parley.message.HeaderName;
import io.parley.message.MessageBuilder;
import io.parley.message.SipMessage;
import io.parley.message.header.Contact;
import io.parley.message.uri.SipUri;
import java.net.InetSocketAddress;
import java.util.List;

/**
 * {@code parley.nat.fix-contact}: the Contact of a UA behind a NAT rewritten to the address and
 * port its messages come from (nathelper's {@code fix_nated_contact}), so the other party's
 * requests in the dialog go to the NAT's pinhole rather than to a private address. The user
 * part, the URI's parameters and the header's parameters stay as the UA wrote them. Off by
 * default: the Contact is kept as the UA sent it, and the proxy reaches the UA through the flow
 * it records (RFC 5626 §5.3).
 */
public final class ContactFix {
  public static final String KEY = "parley.nat.fix-contact";

  private ContactFix() {}

  /**
   * Rewrites the Contact of {@code message} in {@code out} to {@code source}; nothing when it has
   * no Contact, more than one, or one that is not a SIP URI (RFC 3261 §8.1.1.8: a dialog's
   * Contact is one SIP or SIPS URI).
   *
   * @return whether it was rewritten
   */
  public static boolean apply(MessageBuilder out, SipMessage message, InetSocketAddress source) {
    int field = message.first(HeaderName.CONTACT);
    if (field < 0 || source == null || message.next(HeaderName.CONTACT, field) >= 0) {
      return false;
    }
    List<Contact> contacts;
    try {
      contacts = message.contacts();
    } catch (RuntimeException e) {
      return false; // a malformed Contact is passed on as it came; it is not ours to mend
    }
    if (contacts.size() != 1 || contacts.get(0).isWildcard() || !(contacts.get(0).uri() instanceof SipUri uri)) {
      return false;
    }
    SipUri fixed = uri.toBuilder().host(source.getAddress().getHostAddress()).port(source.getPort()).build();
    out.replaceValue(field, Contact.of(contacts.get(0).nameAddr().withUri(fixed)).toString());
    return true;
  }
}
