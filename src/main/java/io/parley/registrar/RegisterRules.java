package io.parley.registrar;

import io.parley.location.AorEntity;
import io.parley.location.ContactUpdate;
import io.parley.message.HeaderName;
import io.parley.message.SipParseException;
import io.parley.message.SipRequest;
import io.parley.message.header.Contact;
import io.parley.message.header.Expires;
import io.parley.message.header.NameAddr;
import io.parley.message.header.OptionTags;
import io.parley.message.uri.SipUri;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;

/**
 * The checks of a REGISTER addressed to one of our domains, before anything is stored (RFC 3261
 * §10.3 steps 5–7; authentication, step 3, is not done here). Pure: no actor, no I/O.
 *
 * <ul>
 *   <li>a Require naming any extension → 420 with Unsupported (step 2, §8.2.2.3): the registrar
 *       supports none yet (Path, outbound and GRUU need their own work);
 *   <li>the To URI is the address-of-record: not a SIP or SIPS URI → 400 (RFC 4475 §3.3.6
 *       unksm2), not in one of our domains or without a user → 404 (step 5);
 *   <li>{@code Contact: *} only alone and with {@code Expires: 0}, else 400 (step 6);
 *   <li>each contact's expiry is its expires parameter, else the Expires header, else
 *       default-expires; one above 0 and below min-expires refuses the whole request with 423
 *       and Min-Expires; one above max-expires is shortened to it (step 7);
 *   <li>a malformed Contact or Expires → 400.
 * </ul>
 */
public final class RegisterRules {
  private final RegistrarSettings settings;
  private final Predicate<String> servedDomain;

  /**
   * @param servedDomain whether a host (any case) is one of the domains this registrar serves
   */
  public RegisterRules(RegistrarSettings settings, Predicate<String> servedDomain) {
    this.settings = settings;
    this.servedDomain = servedDomain;
  }

  public RegistrarSettings settings() {
    return settings;
  }

  /** What to do with {@code request}, a REGISTER whose Request-URI names one of our domains. */
  public RegisterDecision decide(SipRequest request) {
    try {
      return decideOrThrow(request);
    } catch (SipParseException e) {
      return new RegisterDecision.Reject(400, e.reason(), 0);
    }
  }

  private RegisterDecision decideOrThrow(SipRequest request) {
    OptionTags required = OptionTags.of(request, HeaderName.REQUIRE);
    if (!required.tags().isEmpty()) {
      return new RegisterDecision.Reject(420, "Bad Extension", 0, String.join(", ", required.tags()));
    }
    NameAddr to = request.routing().to();
    SipUri toUri = to == null ? null : to.sipUri();
    if (toUri == null) {
      return new RegisterDecision.Reject(400, "Bad Request (To is not a SIP URI)", 0);
    }
    if (!toUri.hasUser() || !servedDomain.test(toUri.host())) {
      return new RegisterDecision.Reject(404, "Not Found", 0);
    }
    String aor = AorEntity.entityId(toUri.user(), toUri.host());
    String callId = request.routing().callId();
    long cseq = request.routing().cseq().number();
    List<Contact> contacts = request.contacts();
    Expires expires = Expires.of(request);
    if (contacts.isEmpty()) {
      return new RegisterDecision.Query(aor);
    }
    boolean wildcard = false;
    for (Contact c : contacts) {
      wildcard |= c.isWildcard();
    }
    if (wildcard) {
      if (contacts.size() != 1 || expires == null || expires.seconds() != 0) {
        return new RegisterDecision.Reject(400, "Bad Request (Contact: * only alone, with Expires: 0)", 0);
      }
      return new RegisterDecision.RemoveAll(aor, callId, cseq);
    }
    List<ContactUpdate> updates = new ArrayList<>(contacts.size());
    for (Contact c : contacts) {
      long asked = c.expires() >= 0 ? c.expires() : expires != null ? expires.seconds() : settings.defaultExpires();
      if (asked > 0 && asked < settings.minExpires()) {
        return new RegisterDecision.Reject(423, "Interval Too Brief", settings.minExpires());
      }
      updates.add(update(c, Math.min(asked, settings.maxExpires())));
    }
    return new RegisterDecision.Update(aor, updates, callId, cseq);
  }

  /** The contact as the location service stores it: q and expires apart, other parameters kept. */
  static ContactUpdate update(Contact c, long expires) {
    String uri = new String(c.uri().toBytes(), StandardCharsets.UTF_8);
    String params = c.params().without("q").without("expires").toString();
    int regId = c.regId();
    return new ContactUpdate(uri, expires, c.qThousandths(), params, c.instance(), Math.max(regId, 0));
  }
}
