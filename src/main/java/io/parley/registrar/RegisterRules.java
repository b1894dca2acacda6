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
import io.parley.message.header.Path;
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
 *   <li>a Require naming an extension other than {@code path} and {@code outbound} → 420 with
 *       Unsupported (step 2, §8.2.2.3);
 *   <li>a Path (RFC 3327) in a REGISTER whose Supported lacks {@code path} → 420 with {@code
 *       Unsupported: path} (RFC 3327 §5.3: the UA must understand the Path it is sent back;
 *       Kamailio's default {@code path_mode} "strict"); otherwise the Path values are stored with
 *       the bindings and echoed in the 200 OK;
 *   <li>contacts with {@code +sip.instance} and {@code reg-id} (RFC 5626 §6): with {@code
 *       Supported: outbound} they are outbound bindings, and the 200 OK says {@code Require:
 *       outbound} — unless the first hop does not support outbound (more than one Via and no
 *       Path whose first URI has {@code ob}): 439; without {@code Supported: outbound} the
 *       reg-id is ignored and they are ordinary bindings;
 *   <li>the To URI is the address-of-record: not a SIP or SIPS URI → 400 (RFC 4475 §3.3.6
 *       unksm2), not in one of our domains or without a user → 404 (step 5);
 *   <li>{@code Contact: *} only alone and with {@code Expires: 0}, else 400 (step 6);
 *   <li>each contact's expiry is its expires parameter, else the Expires header, else
 *       default-expires; one above 0 and below min-expires refuses the whole request with 423
 *       and Min-Expires; one above max-expires is shortened to it (step 7). Both forms read
 *       delta-seconds alike: a value above 2^32-1, however many digits, is 2^32-1 (RFC 3261
 *       §20.19), so it too is shortened to max-expires;
 *   <li>the address-of-record is the To URI's in its one form ({@link AorEntity#entityId(SipUri)},
 *       RFC 3261 §19.1.4), at most {@link #MAX_AOR_LENGTH} octets; a Contact URI, a contact's
 *       other parameters, its {@code +sip.instance}, the Path and the Call-ID longer than their
 *       {@link RegisterLimits} → 400 naming which, and nothing is stored;
 *   <li>a malformed Contact or Expires → 400.
 * </ul>
 */
public final class RegisterRules {
  /** The extensions a REGISTER may require (RFC 3261 §8.2.2.3). */
  private static final List<String> SUPPORTED = List.of("path", "outbound");

  /**
   * The longest address-of-record, {@code user@domain} in its one form: its entity's persistence
   * id, {@code Aor|} and the AOR, must fit the journal's {@code persistence_id VARCHAR(255)}
   * (db/migration V1).
   */
  public static final int MAX_AOR_LENGTH = 255 - (AorEntity.TYPE_KEY.name() + "|").length();

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
    List<String> unknown = new ArrayList<>(0);
    for (String tag : required.tags()) {
      if (!SUPPORTED.contains(tag)) {
        unknown.add(tag);
      }
    }
    if (!unknown.isEmpty()) {
      return new RegisterDecision.Reject(420, "Bad Extension", 0, String.join(", ", unknown));
    }
    OptionTags supported = OptionTags.of(request, HeaderName.SUPPORTED);
    Path path = Path.of(request);
    if (path != null && !supported.contains("path")) {
      return new RegisterDecision.Reject(420, "Bad Extension", 0, "path");
    }
    NameAddr to = request.routing().to();
    SipUri toUri = to == null ? null : to.sipUri();
    if (toUri == null) {
      return new RegisterDecision.Reject(400, "Bad Request (To is not a SIP URI)", 0);
    }
    if (!toUri.hasUser() || !servedDomain.test(toUri.host())) {
      return new RegisterDecision.Reject(404, "Not Found", 0);
    }
    String aor = AorEntity.entityId(toUri);
    if (aor.length() > MAX_AOR_LENGTH) {
      return tooLong("address-of-record", MAX_AOR_LENGTH);
    }
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
    RegisterLimits limits = settings.limits();
    if (callId.length() > limits.callId()) {
      return tooLong("Call-ID", limits.callId());
    }
    if (path != null && pathLength(path) > limits.path()) {
      return tooLong("Path", limits.path());
    }
    List<ContactUpdate> updates = new ArrayList<>(contacts.size());
    for (Contact c : contacts) {
      RegisterDecision.Reject overLimit = overLimit(c, limits);
      if (overLimit != null) {
        return overLimit;
      }
      long asked = c.expires() >= 0 ? c.expires() : expires != null ? expires.seconds() : settings.defaultExpires();
      if (asked > 0 && asked < settings.minExpires()) {
        return new RegisterDecision.Reject(423, "Interval Too Brief", settings.minExpires());
      }
      updates.add(update(c, Math.min(asked, settings.maxExpires())));
    }
    boolean outbound = false;
    if (updates.stream().anyMatch(ContactUpdate::isOutbound)) {
      if (!supported.contains("outbound")) {
        updates.replaceAll(RegisterRules::withoutRegId);
      } else if (firstHopLacksOutbound(request, path)) {
        return new RegisterDecision.Reject(439, "First Hop Lacks Outbound Support", 0);
      } else {
        outbound = true;
      }
    }
    return new RegisterDecision.Update(aor, updates, callId, cseq, path == null ? List.of() : path.wireValues(),
        outbound, userAgent(request, limits.userAgent()));
  }

  /**
   * The User-Agent (RFC 3261 §20.41) to keep with the bindings: the first field, cut to at most
   * {@code maxOctets} octets of UTF-8 without splitting a character; null when there is none.
   */
  static String userAgent(SipRequest request, int maxOctets) {
    String ua = request.value(HeaderName.USER_AGENT);
    if (ua == null || ua.isBlank()) {
      return null;
    }
    ua = ua.strip();
    if (ua.length() * 3 <= maxOctets) {
      return ua;
    }
    int octets = 0;
    for (int i = 0; i < ua.length(); ) {
      int cp = ua.codePointAt(i);
      int n = cp < 0x80 ? 1 : cp < 0x800 ? 2 : cp < 0x10000 ? 3 : 4;
      if (octets + n > maxOctets) {
        return ua.substring(0, i);
      }
      octets += n;
      i += Character.charCount(cp);
    }
    return ua;
  }

  /** 400 for a value longer than the registrar stores ({@link RegisterLimits}). */
  private static RegisterDecision.Reject tooLong(String what, int limit) {
    return new RegisterDecision.Reject(400, "Bad Request (" + what + " longer than " + limit + " octets)", 0);
  }

  /** The first of the contact's stored values over its limit, as a 400; null when none is. */
  private static RegisterDecision.Reject overLimit(Contact c, RegisterLimits limits) {
    if (c.uri().wireLength() > limits.contact()) {
      return tooLong("Contact URI", limits.contact());
    }
    if (c.params().wireLength() > limits.contactParams()
        && c.params().without("q").without("expires").wireLength() > limits.contactParams()) {
      return tooLong("Contact parameters", limits.contactParams());
    }
    String instance = c.instance();
    if (instance != null && instance.getBytes(StandardCharsets.UTF_8).length > limits.instance()) {
      return tooLong("+sip.instance", limits.instance());
    }
    return null;
  }

  /** The octets of the Path values as stored. */
  private static int pathLength(Path path) {
    int n = 0;
    for (NameAddr v : path.values()) {
      n += v.wireLength();
    }
    return n;
  }

  /**
   * RFC 5626 §6: the registrar is the first hop when the REGISTER has one Via; otherwise the
   * first hop said it keeps the flow by an {@code ob} parameter on the first Path URI.
   */
  private static boolean firstHopLacksOutbound(SipRequest request, Path path) {
    if (path == null) {
      return request.routing().vias().size() > 1;
    }
    SipUri first = path.values().get(0).sipUri();
    return first == null || !first.hasParam("ob");
  }

  /** An RFC 5626 contact from a UA that did not say {@code Supported: outbound}: reg-id ignored. */
  private static ContactUpdate withoutRegId(ContactUpdate c) {
    return c.isOutbound() ? new ContactUpdate(c.contact(), c.expiresSeconds(), c.q(), c.params(), c.instanceId(), 0) : c;
  }

  /** The contact as the location service stores it: q and expires apart, other parameters kept. */
  static ContactUpdate update(Contact c, long expires) {
    String uri = new String(c.uri().toBytes(), StandardCharsets.UTF_8);
    String params = c.params().without("q").without("expires").toString();
    int regId = c.regId();
    return new ContactUpdate(uri, expires, c.qThousandths(), params, c.instance(), Math.max(regId, 0));
  }
}
