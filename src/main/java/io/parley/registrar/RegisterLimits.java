package io.parley.registrar;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigException;

/**
 * The longest values a REGISTER may have the location service store (in {@code
 * parley.registrar}), so that one request cannot make a binding, its journal events and every
 * node's memory grow by the size of a whole datagram. A REGISTER with a longer one is answered
 * 400 with a reason naming it, and nothing of it is stored (RFC 3261 §10.3 leaves what a
 * registrar stores to it; the defaults are those of Kamailio 5.6's registrar and location table:
 * {@code contact_max_size} 512, {@code path} 512, {@code instance} and {@code callid} 255).
 *
 * <p>Lengths are octets of the wire form (escapes counted as written). The address-of-record
 * has a fixed limit besides these, its journal key ({@link RegisterRules#MAX_AOR_LENGTH}).
 *
 * @param contact a Contact URI, without its header parameters; default 512
 * @param contactParams a contact's header parameters other than {@code q} and {@code expires}
 *     ({@code +sip.instance}, {@code reg-id}, feature tags, ...), together; default 512
 * @param instance the {@code +sip.instance} value (RFC 5626 §4.1); default 255
 * @param path all Path values together (RFC 3327); default 512
 * @param callId the Call-ID stored with every binding (RFC 3261 §10.3 step 7); default 255
 * @param userAgent the User-Agent kept with a binding for the operator (RFC 3261 §20.41);
 *     default 255 (Kamailio's {@code user_agent} column). Unlike the others, a longer one does
 *     not refuse the REGISTER, whose User-Agent is only informative: it is cut to this length
 */
public record RegisterLimits(int contact, int contactParams, int instance, int path, int callId, int userAgent) {
  /** The least and the most any of them may be set to: beyond 16 KB no header field arrives. */
  public static final int MIN = 16;
  public static final int MAX = 16 * 1024;

  public static final RegisterLimits DEFAULT = new RegisterLimits(512, 512, 255, 512, 255, 255);

  public RegisterLimits {
    check(contact, "max-contact-length");
    check(contactParams, "max-contact-params-length");
    check(instance, "max-instance-length");
    check(path, "max-path-length");
    check(callId, "max-call-id-length");
    check(userAgent, "max-user-agent-length");
  }

  private static void check(int value, String key) {
    if (value < MIN || value > MAX) {
      throw new ConfigException.BadValue("parley.registrar." + key,
          "must be " + MIN + ".." + MAX + " octets, was " + value);
    }
  }

  /**
   * Reads {@code max-contact-length}, {@code max-contact-params-length}, {@code
   * max-instance-length}, {@code max-path-length}, {@code max-call-id-length} and {@code
   * max-user-agent-length} of {@code parley.registrar}.
   *
   * @throws ConfigException.BadValue naming the key of a value out of range
   */
  public static RegisterLimits from(Config registrar) {
    return new RegisterLimits(registrar.getInt("max-contact-length"), registrar.getInt("max-contact-params-length"),
        registrar.getInt("max-instance-length"), registrar.getInt("max-path-length"),
        registrar.getInt("max-call-id-length"), registrar.getInt("max-user-agent-length"));
  }
}
