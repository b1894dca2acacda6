/**
 * Parley's own routes on the Pekko Management HTTP server, and the command line that calls them.
 *
 * <ul>
 *   <li>{@link io.parley.admin.SubscriberRoutes}: {@code /subscribers}, mounted through
 *       {@code pekko.management.http.routes} (reference.conf); it finds the node's
 *       {@link io.parley.admin.SubscriberProvisioning} in {@link io.parley.admin.AdminServices};</li>
 *   <li>{@link io.parley.admin.DomainRoutes}: {@code /domains}, likewise, over
 *       {@link io.parley.admin.DomainProvisioning};</li>
 *   <li>{@link io.parley.admin.TrustedPeerRoutes}: {@code /trusted-peers}, over
 *       {@link io.parley.admin.TrustedPeerProvisioning} (the trusted_peer table and this node's
 *       trusted set, together, blocking); {@link io.parley.admin.BanRoutes}: {@code /bans}, this
 *       node's {@link io.parley.auth.FloodGuard};</li>
 *   <li>{@link io.parley.admin.SubscriberProvisioning}: the table and this node's cache, together
 *       (blocking); {@link io.parley.admin.DomainProvisioning}: the domain table and this node's
 *       served domains, together (blocking);</li>
 *   <li>{@link io.parley.admin.AddressOfRecord}, {@link io.parley.admin.DomainName},
 *       {@link io.parley.admin.NewSubscriber},
 *       {@link io.parley.admin.Json}: what goes in and out, never an HA1;</li>
 *   <li>{@link io.parley.admin.RegistrationRoutes}: {@code /registrations}, the location service's
 *       bindings through {@link io.parley.admin.RegistrationAdmin} (AOR entities asked through
 *       sharding, a listing paged over the journal's AOR ids); nothing blocks;</li>
 *   <li>{@link io.parley.admin.MetricsRoutes}: {@code GET /metrics}, the node's Prometheus
 *       registry from {@link io.parley.admin.AdminServices};</li>
 *   <li>{@link io.parley.admin.CdrRoutes}: {@code GET /cdrs}, the call detail records as JSON
 *       or CSV, over {@link io.parley.accounting.CdrRepository} (blocking);</li>
 *   <li>{@link io.parley.admin.ManagementServer}: binds every route of
 *       {@code pekko.management.http.routes}, Pekko's and these, behind one wrapper: the bearer
 *       token ({@link io.parley.admin.ManagementGuard}, {@link io.parley.admin.ManagementToken}) and
 *       JSON for every error ({@link io.parley.admin.JsonErrors},
 *       {@link io.parley.admin.JsonParsingErrorHandler}); {@link io.parley.admin.ManagementSettings}
 *       is {@code parley.management} and the bind rule;</li>
 *   <li>{@code io.parley.admin.cli}: {@code parley subscriber …}, {@code parley domain …},
 *       {@code parley peer …}, {@code parley ban …}, {@code parley cdrs},
 *       {@code parley registrations} and {@code parley registration remove}
 *       (picocli) over HTTP, with the token.</li>
 * </ul>
 *
 * <p>The management port is as powerful as the database: loopback only, or a token.
 */
package io.parley.admin;
