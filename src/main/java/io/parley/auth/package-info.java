/**
 * Access control. Digest authentication (RFC 3261 §22, RFC 7616, RFC 8760): MD5, SHA-256 and SHA-512-256, with
 * {@code qop=auth} or without qop (RFC 2069 compatibility, RFC 2617 §3.2.2.1).
 *
 * <ul>
 *   <li>{@link io.parley.auth.DigestAlgorithm}, {@link io.parley.auth.AlgorithmParameter},
 *       {@link io.parley.auth.Ha1}, {@link io.parley.auth.DigestResponse}: the hashes;</li>
 *   <li>{@link io.parley.auth.NonceService}: stateless nonces any node with the shared secret
 *       verifies; {@link io.parley.auth.NonceCountTracker}: nc replay protection per node;</li>
 *   <li>{@link io.parley.auth.ChallengeParams}: the WWW-Authenticate / Proxy-Authenticate value;</li>
 *   <li>{@link io.parley.auth.DigestVerifier}: the decision on {@link io.parley.auth.Credentials},
 *       an {@link io.parley.auth.AuthResult};</li>
 *   <li>{@link io.parley.auth.SubscriberRepository}, {@link io.parley.auth.DomainRepository}
 *       (blocking JDBC) and {@link io.parley.auth.SubscriberCache} (what the request path reads);</li>
 *   <li>{@link io.parley.auth.FailureGuard}: password guessing held back (bans per source,
 *       delays per user, a rate-limited INFO line per refusal, {@link io.parley.auth.AuthStats});
 *       {@code parley.auth.failures} ({@link io.parley.auth.FailureSettings});</li>
 *   <li>{@link io.parley.auth.AuthSettings}: {@code parley.auth};</li>
 *   <li>{@link io.parley.auth.FloodGuard} ({@code parley.flood}, {@link io.parley.auth.FloodSettings}):
 *       per-source request limits and bans, Kamailio's pike;</li>
 *   <li>{@link io.parley.auth.TrustedPeers} ({@code parley.trusted-peers} and the trusted_peer
 *       table, {@link io.parley.auth.TrustedPeerRepository}): the networks that are no strangers,
 *       Kamailio's permissions; {@link io.parley.auth.IpNetwork}: CIDR text without DNS.</li>
 * </ul>
 *
 * <p>No actors and no parsing here: the caller maps its parsed Authorization header onto
 * {@code Credentials} and renders {@code ChallengeParams} into its response.
 */
package io.parley.auth;
