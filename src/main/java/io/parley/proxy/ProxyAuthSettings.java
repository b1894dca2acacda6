package io.parley.proxy;

import com.typesafe.config.Config;

/**
 * {@code parley.proxy.authenticate} and {@code parley.proxy.allow-relay}: who may have the proxy
 * forward a request ({@link ProxyAuthorizer}).
 *
 * @param authenticate whether a request whose From is in one of our domains must carry digest
 *     credentials of that very user (RFC 3261 §22.3); default true. Off, the From is believed
 *     as it stands: only for a network where nobody can send what they like
 * @param allowRelay whether a request neither from nor to one of our domains is forwarded;
 *     default false, so the proxy is no open relay and such a request gets 403
 */
public record ProxyAuthSettings(boolean authenticate, boolean allowRelay) {

  public static final ProxyAuthSettings DEFAULT = new ProxyAuthSettings(true, false);

  /**
   * Reads {@code parley.proxy.authenticate} and {@code parley.proxy.allow-relay}.
   *
   * @throws com.typesafe.config.ConfigException.WrongType naming the key of a value that is no
   *     boolean
   */
  public static ProxyAuthSettings from(Config config) {
    return new ProxyAuthSettings(config.getBoolean("parley.proxy.authenticate"),
        config.getBoolean("parley.proxy.allow-relay"));
  }
}
